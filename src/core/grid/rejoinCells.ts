// Re-join after a grid edit without indexing the whole grid. A point outside every changed box keeps
// its cell (renumbered): its old cell, had it changed, would have put it inside its old box, and a new
// cell holding it would have put it inside a new box. A point inside a changed box can only lie in a
// cell whose bbox meets that box, so those few cells are indexed and the point is located among them,
// in ascending cell order, so the full join's tie rules (lowest index wins) give the same answer.
import Flatbush from 'flatbush';
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { cellBBoxes, packCells, type Grid } from './gridModel';
import { pointBucketsOf, pointsNearBox } from './pointBuckets';

export interface CellRejoin {
  /** Cell of each point in the new grid, or -1: equal to a full join of the new grid. */
  assignment: Int32Array;
  /** Points whose cell changed (a renumbered but unchanged cell is no change). */
  changed: Uint32Array;
  /** Their cells before, in the old grid's numbering. */
  changedFrom: Int32Array;
  /** Points located again, and the cells they were located among. */
  retested: number;
  candidates: number;
}

export interface RejoinOptions {
  /** Updates `previous` itself (and returns it) when the edit renumbered no cell: no copy of a million-point column per edit. */
  inPlace?: boolean;
}

/** Boxes are grown by this much (metres) so that a point on a box's edge is always re-tested. */
const EPS_M = 1e-6;
/** Above this many boxes (a replayed journal's), boxes are searched through an index and points marked once each. */
const MANY_BOXES = 16;

function boxFlatbush(boxesM: Float64Array): Flatbush {
  const nb = boxesM.length >> 2;
  const index = new Flatbush(nb);
  for (let b = 0; b < nb; b++) index.add(boxesM[b * 4], boxesM[b * 4 + 1], boxesM[b * 4 + 2], boxesM[b * 4 + 3]);
  index.finish();
  return index;
}

/** The points inside any box (grown by EPS_M), ascending. */
function pointsInBoxes(xyM: Float64Array, boxesM: Float64Array): number[] {
  const nb = boxesM.length >> 2;
  const inBoxes = (x: number, y: number) => {
    for (let b = 0; b < nb; b++) {
      if (x >= boxesM[b * 4] - EPS_M && x <= boxesM[b * 4 + 2] + EPS_M && y >= boxesM[b * 4 + 1] - EPS_M && y <= boxesM[b * 4 + 3] + EPS_M)
        return true;
    }
    return false;
  };

  const buckets = pointBucketsOf(xyM);
  const near: number[] = [];
  const retest: number[] = [];
  if (nb <= MANY_BOXES) {
    for (let b = 0; b < nb; b++)
      pointsNearBox(buckets, boxesM[b * 4] - EPS_M, boxesM[b * 4 + 1] - EPS_M, boxesM[b * 4 + 2] + EPS_M, boxesM[b * 4 + 3] + EPS_M, near);
    near.sort((a, b) => a - b);
    for (let k = 0; k < near.length; k++) {
      const i = near[k];
      if ((k === 0 || near[k - 1] !== i) && inBoxes(xyM[i * 2], xyM[i * 2 + 1])) retest.push(i);
    }
    return retest;
  }
  const seen = new Uint8Array(xyM.length >> 1);
  for (let b = 0; b < nb; b++) {
    const x0 = boxesM[b * 4] - EPS_M,
      y0 = boxesM[b * 4 + 1] - EPS_M,
      x1 = boxesM[b * 4 + 2] + EPS_M,
      y1 = boxesM[b * 4 + 3] + EPS_M;
    near.length = 0;
    pointsNearBox(buckets, x0, y0, x1, y1, near);
    for (const i of near) {
      const x = xyM[i * 2],
        y = xyM[i * 2 + 1];
      if (!seen[i] && x >= x0 && x <= x1 && y >= y0 && y <= y1) {
        seen[i] = 1;
        retest.push(i);
      }
    }
  }
  return retest.sort((a, b) => a - b);
}

/**
 * `previous`: each point's cell in the old grid; `boxesM`: minX, minY, maxX, maxY of every changed
 * cell's old and new extent; `oldToNew`: old cell index → new (-1 removed), as cellIndexMap gives.
 */
export function rejoinCells(
  grid: Grid,
  xyM: Float64Array,
  previous: Int32Array,
  boxesM: Float64Array,
  oldToNew: Int32Array,
  options: RejoinOptions = {},
): CellRejoin {
  const n = xyM.length >> 1;
  const nb = boxesM.length >> 2;

  // The cells that can hold a re-tested point, in ascending order.
  const bbox = cellBBoxes(grid);
  const candidates: number[] = [];
  const boxIndex = nb > MANY_BOXES ? boxFlatbush(boxesM) : null;
  // The boxes' union rules out almost every cell with four comparisons (and no allocation: this runs per cell per edit).
  let ux0 = Infinity,
    uy0 = Infinity,
    ux1 = -Infinity,
    uy1 = -Infinity;
  for (let b = 0; b < nb; b++) {
    ux0 = Math.min(ux0, boxesM[b * 4] - EPS_M);
    uy0 = Math.min(uy0, boxesM[b * 4 + 1] - EPS_M);
    ux1 = Math.max(ux1, boxesM[b * 4 + 2] + EPS_M);
    uy1 = Math.max(uy1, boxesM[b * 4 + 3] + EPS_M);
  }
  for (let c = 0; c < grid.cells.length; c++) {
    const x0 = bbox[c * 4],
      y0 = bbox[c * 4 + 1],
      x1 = bbox[c * 4 + 2],
      y1 = bbox[c * 4 + 3];
    if (x1 < ux0 || x0 > ux1 || y1 < uy0 || y0 > uy1) continue;
    if (boxIndex) {
      if (boxIndex.search(x0 - EPS_M, y0 - EPS_M, x1 + EPS_M, y1 + EPS_M).length) candidates.push(c);
      continue;
    }
    for (let b = 0; b < nb; b++) {
      if (
        x1 >= boxesM[b * 4] - EPS_M &&
        x0 <= boxesM[b * 4 + 2] + EPS_M &&
        y1 >= boxesM[b * 4 + 1] - EPS_M &&
        y0 <= boxesM[b * 4 + 3] + EPS_M
      ) {
        candidates.push(c);
        break;
      }
    }
  }

  // Renumbered cells first (an edit that keeps the cells' order renumbers nothing), then the points near the boxes.
  let identity = oldToNew.length === grid.cells.length;
  for (let c = 0; c < oldToNew.length && identity; c++) identity = oldToNew[c] === c;
  const assignment = identity ? (options.inPlace ? previous : previous.slice()) : new Int32Array(n);
  if (!identity) {
    for (let i = 0; i < n; i++) {
      const prev = previous[i];
      assignment[i] = prev >= 0 && prev < oldToNew.length ? oldToNew[prev] : -1;
    }
  }
  const retest = pointsInBoxes(xyM, boxesM);
  // Each re-tested point's old cell (in the old numbering), read before an in-place update overwrites it.
  const was = new Int32Array(retest.length);
  if (retest.length > 0) {
    const local = new Int32Array(retest.length).fill(-1);
    if (candidates.length > 0) {
      const xy = new Float64Array(retest.length * 2);
      retest.forEach((p, k) => xy.set(xyM.subarray(p * 2, p * 2 + 2), k * 2));
      assignPoints(
        buildGridIndex(
          packCells(
            grid,
            candidates.map((c) => grid.cells[c]),
          ),
        ),
        xy,
        local,
      );
    }
    retest.forEach((p, k) => {
      was[k] = previous[p];
      assignment[p] = local[k] >= 0 ? candidates[local[k]] : -1;
    });
  }

  const changed: number[] = [],
    changedFrom: number[] = [];
  retest.forEach((p, k) => {
    const prev = was[k];
    const mapped = prev >= 0 && prev < oldToNew.length ? oldToNew[prev] : -1;
    if (assignment[p] === mapped) return;
    changed.push(p);
    changedFrom.push(prev);
  });
  return {
    assignment,
    changed: Uint32Array.from(changed),
    changedFrom: Int32Array.from(changedFrom),
    retested: retest.length,
    candidates: candidates.length,
  };
}
