// Distinct colours for neighbouring grids: hues stepped by the golden angle over the grid index.

const GOLDEN_ANGLE_DEG = 137.508;

/** RGB (0–255) of grid `index`: saturated, mid-light, neighbours far apart in hue. */
export function gridRgb(index: number): [number, number, number] {
  const h = ((index * GOLDEN_ANGLE_DEG) % 360) / 60;
  const s = 0.65;
  const l = index % 2 === 0 ? 0.55 : 0.45;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** RGBA per building from its L3 cell (grey for buildings in no grid). */
export function paletteByCell(cellOfBuilding: Int32Array): Uint8Array {
  const out = new Uint8Array(cellOfBuilding.length * 4);
  for (let b = 0; b < cellOfBuilding.length; b++) {
    const c = cellOfBuilding[b];
    const rgb = c >= 0 ? gridRgb(c) : [128, 128, 128];
    out[4 * b] = rgb[0];
    out[4 * b + 1] = rgb[1];
    out[4 * b + 2] = rgb[2];
    out[4 * b + 3] = 255;
  }
  return out;
}
