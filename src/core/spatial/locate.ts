// Point location in a grid index under the join's boundary rule (see README.md):
// half-open membership first (lowest feature index wins), then the closed boundary, then -1.
import { LEFTWARD, WHOLE_CELL, type GridIndex } from './gridIndexLayout';
import { ORIENT_ERR_BOUND, onSegment, orientSignExact } from './predicates';

/** Feature containing (x, y) in projected metres, or -1; the single-point form of assignPoints. */
export function locatePoint(index: GridIndex, x: number, y: number): number {
  if (!(x >= index.minX && x <= index.maxX && y >= index.minY && y <= index.maxY)) return -1;
  const inv = 1 / index.cellSizeM;
  let col = Math.floor((x - index.minX) * inv);
  let row = Math.floor((y - index.minY) * inv);
  if (col >= index.nCols) col = index.nCols - 1;
  if (row >= index.nRows) row = index.nRows - 1;
  const v = index.cellValue[row * index.nCols + col];
  return v > -2 ? v : locateInRecord(index, -2 - v, x, y);
}

/** Exact test of (x, y) against one raster cell's candidate record (the slow path of locatePoint). */
export function locateInRecord(index: GridIndex, record: number, x: number, y: number): number {
  const { cand, edgeStream: st, polyFeature } = index;
  const end = record + 1 + 3 * cand[record];
  for (let k = record + 1; k < end; k += 3) {
    const p = cand[k];
    if (p & WHOLE_CELL) return polyFeature[p >> 2];
    // A straddling edge not crossed rightward is crossed leftward: either ray gives the same parity.
    const leftward = (p & LEFTWARD) !== 0;
    let inside = false;
    for (let j = cand[k + 1], je = cand[k + 2]; j < je;) {
      const runEnd = j + 3 + 2 * (st[j] | 0);
      let ax = st[j + 1];
      let ay = st[j + 2];
      for (let q = j + 3; q < runEnd; q += 2) {
        const bx = st[q];
        const by = st[q + 1];
        if (ay > y !== by > y) {
          // crossesRightRay inlined: the float filter decides, exact arithmetic only when it cannot.
          const l = (bx - ax) * (y - ay);
          const r = (by - ay) * (x - ax);
          const det = l - r;
          const bound = ORIENT_ERR_BOUND * (Math.abs(l) + Math.abs(r));
          const s = det > bound ? 1 : det < -bound ? -1 : bound === 0 ? 0 : orientSignExact(ax, ay, bx, by, x, y);
          if ((by > ay ? s > 0 : s < 0) !== leftward) inside = !inside;
        }
        ax = bx;
        ay = by;
      }
      j = runEnd;
    }
    if (inside) return polyFeature[p >> 2];
  }
  // No half-open owner: the point may sit on the grid's outer boundary (or a hole's edge), which is closed.
  for (let k = record + 1; k < end; k += 3) {
    for (let j = cand[k + 1], je = cand[k + 2]; j < je;) {
      const runEnd = j + 3 + 2 * (st[j] | 0);
      for (let q = j + 3; q < runEnd; q += 2) {
        if (onSegment(st[q - 2], st[q - 1], st[q], st[q + 1], x, y)) return polyFeature[cand[k] >> 2];
      }
      j = runEnd;
    }
  }
  return -1;
}
