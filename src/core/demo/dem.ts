// The demo terrain: one smooth height function of lon/lat (Zhengzhou-like, higher to the west and south-west)
// and its Float32 raster on an EPSG:4326 pixel grid.
import { CENTER_LON_LAT_DEG } from './config';

const KM_PER_DEG_LAT = 110.95;
const KM_PER_DEG_LON = 111.32 * Math.cos((CENTER_LON_LAT_DEG[1] * Math.PI) / 180);

/** Ground elevation in metres at lon/lat degrees; the same function feeds the GeoTIFF and building baseM. */
export function demHeightM(lonDeg: number, latDeg: number): number {
  const dx = (lonDeg - CENTER_LON_LAT_DEG[0]) * KM_PER_DEG_LON;
  const dy = (latDeg - CENTER_LON_LAT_DEG[1]) * KM_PER_DEG_LAT;
  return (
    112 -
    0.45 * dx -
    0.25 * dy +
    4 * Math.sin(dx / 3.1 + 0.7) * Math.cos(dy / 2.3 - 0.4) +
    2.5 * Math.sin((dx + dy) / 1.7 + 1.3) +
    8 * Math.exp(-((dx + 15) ** 2 + (dy + 10) ** 2) / 60)
  );
}

export interface DemRaster {
  width: number;
  height: number;
  /** [west, south, east, north] of the outer pixel edges. */
  bboxLonLatDeg: [number, number, number, number];
  /** Row-major from the north-west corner, value at each pixel centre. */
  values: Float32Array;
  minM: number;
  maxM: number;
}

/** Rasterises demHeightM over bbox plus marginDeg, ~pixelM pixels, at most maxPx on a side. */
export function buildDemRaster(
  bbox: readonly [number, number, number, number],
  pixelM: number,
  maxPx: number,
  marginDeg = 0.01,
): DemRaster {
  const west = floorTo(bbox[0] - marginDeg, 1e-4);
  const south = floorTo(bbox[1] - marginDeg, 1e-4);
  const east = ceilTo(bbox[2] + marginDeg, 1e-4);
  const north = ceilTo(bbox[3] + marginDeg, 1e-4);
  const width = Math.min(maxPx, Math.ceil(((east - west) * KM_PER_DEG_LON * 1000) / pixelM));
  const height = Math.min(maxPx, Math.ceil(((north - south) * KM_PER_DEG_LAT * 1000) / pixelM));
  const dLon = (east - west) / width;
  const dLat = (north - south) / height;
  const values = new Float32Array(width * height);
  let minM = Infinity;
  let maxM = -Infinity;
  for (let j = 0; j < height; j++) {
    const lat = north - (j + 0.5) * dLat;
    for (let i = 0; i < width; i++) {
      const v = Math.fround(demHeightM(west + (i + 0.5) * dLon, lat));
      values[j * width + i] = v;
      if (v < minM) minM = v;
      if (v > maxM) maxM = v;
    }
  }
  return { width, height, bboxLonLatDeg: [west, south, east, north], values, minM, maxM };
}

function floorTo(v: number, step: number): number {
  return Math.round(Math.floor(v / step) * step * 1e6) / 1e6;
}

function ceilTo(v: number, step: number): number {
  return Math.round(Math.ceil(v / step) * step * 1e6) / 1e6;
}
