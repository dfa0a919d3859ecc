// Which grid a click selects at a chosen level, and which buildings belong to a grid at any level.
import type { GridHierarchy } from '../spatial/hierarchy';

/** The grid feature at `level` (1–3) above L3 cell k (hierarchy.l3[k]), or -1 when the chain is broken. */
export function gridAtLevel(h: GridHierarchy, l3Cell: number, level: number): number {
  if (l3Cell < 0) return -1;
  if (level === 3) return h.l3[l3Cell];
  return level === 2 ? h.l3ToL2[l3Cell] : h.l3ToL1[l3Cell];
}

/** Indices of the buildings inside grid feature `grid` of level `level`. */
export function buildingsOfGrid(h: GridHierarchy, cellOfBuilding: Int32Array, grid: number, level: number): Uint32Array {
  const out: number[] = [];
  for (let b = 0; b < cellOfBuilding.length; b++) {
    if (gridAtLevel(h, cellOfBuilding[b], level) === grid) out.push(b);
  }
  return Uint32Array.from(out);
}
