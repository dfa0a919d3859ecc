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

/** RGBA per building from its L3 cell (grey for buildings in no grid); each cell's colour is computed once. */
export function paletteByCell(cellOfBuilding: Int32Array): Uint8Array {
  let maxCell = -1;
  for (let b = 0; b < cellOfBuilding.length; b++) if (cellOfBuilding[b] > maxCell) maxCell = cellOfBuilding[b];
  const table = new Uint8Array(4 * (maxCell + 2)); // slot 0: no grid; slot c + 1: cell c
  table.set([128, 128, 128, 255]);
  for (let c = 0; c <= maxCell; c++) table.set([...gridRgb(c), 255], 4 * (c + 1));
  const out = new Uint32Array(cellOfBuilding.length);
  const words = new Uint32Array(table.buffer);
  for (let b = 0; b < cellOfBuilding.length; b++) out[b] = words[cellOfBuilding[b] + 1];
  return new Uint8Array(out.buffer);
}
