// Hillshade of a height grid as RGBA shadows (black, alpha by shade), so gentle relief reads on imagery.
import type { HeightGrid } from './heightGrid';

export interface HillshadeOptions {
  azimuthDeg?: number;
  altitudeDeg?: number;
  /** Vertical exaggeration: gentle urban relief is invisible at 1. */
  zFactor?: number;
  /** Alpha of a fully shaded pixel, 0–255. */
  maxAlpha?: number;
}

const M_PER_DEG = 111_320;

export function hillshadeRgba(grid: HeightGrid, options: HillshadeOptions = {}): Uint8ClampedArray {
  const { azimuthDeg = 315, altitudeDeg = 45, zFactor = 4, maxAlpha = 170 } = options;
  const { width, height, bboxDeg, heightsM } = grid;
  const midLat = ((bboxDeg[1] + bboxDeg[3]) / 2) * (Math.PI / 180);
  const dxM = ((bboxDeg[2] - bboxDeg[0]) / width) * M_PER_DEG * Math.cos(midLat);
  const dyM = ((bboxDeg[3] - bboxDeg[1]) / height) * M_PER_DEG;
  const zenith = ((90 - altitudeDeg) * Math.PI) / 180;
  // Azimuth from north clockwise -> maths angle from east counter-clockwise.
  const azimuth = ((360 - azimuthDeg + 90) % 360) * (Math.PI / 180);
  const cosZ = Math.cos(zenith);
  const sinZ = Math.sin(zenith);
  const at = (x: number, y: number) => heightsM[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dzdx = ((at(x + 1, y) - at(x - 1, y)) / (2 * dxM)) * zFactor;
      // Rows run north to south: going down a row goes south.
      const dzdy = ((at(x, y - 1) - at(x, y + 1)) / (2 * dyM)) * zFactor;
      const slope = Math.atan(Math.hypot(dzdx, dzdy));
      const aspect = Math.atan2(dzdy, -dzdx);
      const shade = Math.max(0, cosZ * Math.cos(slope) + sinZ * Math.sin(slope) * Math.cos(azimuth - aspect));
      out[(y * width + x) * 4 + 3] = (1 - shade) * maxAlpha;
    }
  }
  return out;
}
