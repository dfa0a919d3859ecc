// Whether an edit breaks the grid: the cells it touched and their neighbours are checked before and
// after (nodes must also stay clear of edges they are not on, or a re-import would snap them
// together); only problems the edit introduces refuse it, so a grid imported with problems stays editable.
import Flatbush from 'flatbush';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { checkCells, confirmOverlaps } from './cellChecks';
import { addCandidate } from './checkScope';
import { cellBBoxes, cellIndexById, packCells, type Grid } from './gridModel';
import type { Problem } from './problems';
import { buildSegmentTable, edgeOfSegment, gridTopology, type RingsView } from './topology';
import { cellBoxIndex, hierarchyProblems, OVERLAP_EPS_M2 } from './validateGrid';

/** The rings of some cells only (ringCell keeps the grid's cell indices). */
function subsetView(grid: Grid, cells: number[]): RingsView {
  const chosen = cells.map((c) => grid.cells[c]);
  let nRings = 0,
    nNodes = 0;
  for (const c of chosen) {
    nRings += c.rings.length;
    for (const r of c.rings) nNodes += r.length;
  }
  const nodes = new Int32Array(nNodes);
  const ringStart = new Uint32Array(nRings + 1);
  const ringCell = new Int32Array(nRings);
  let r = 0,
    o = 0;
  cells.forEach((ci, k) => {
    for (const ring of chosen[k].rings) {
      ringStart[r] = o;
      ringCell[r++] = ci;
      nodes.set(ring, o);
      o += ring.length;
    }
  });
  ringStart[nRings] = o;
  return { nodes, ringStart, ringCell, cellRingStart: new Uint32Array(0) };
}

/** Above this many touched cells (a replayed journal's), their neighbours are found through a box index. */
const SCAN_MAX_TOUCHED = 16;

/** The cells whose box meets a touched cell's box grown by `m`, ascending. */
function nearCells(grid: Grid, touched: number[], m: number): number[] {
  const boxes = cellBBoxes(grid);
  const near: number[] = [];
  if (touched.length > SCAN_MAX_TOUCHED) {
    const index = cellBoxIndex(grid);
    const found = new Uint8Array(grid.cells.length);
    for (const t of touched)
      for (const c of index.search(boxes[t * 4] - m, boxes[t * 4 + 1] - m, boxes[t * 4 + 2] + m, boxes[t * 4 + 3] + m)) found[c] = 1;
    for (let c = 0; c < found.length; c++) if (found[c]) near.push(c);
    return near;
  }
  // One test against the touched cells' union box rules out almost every cell.
  let ux0 = Infinity,
    uy0 = Infinity,
    ux1 = -Infinity,
    uy1 = -Infinity;
  for (const t of touched) {
    ux0 = Math.min(ux0, boxes[t * 4] - m);
    uy0 = Math.min(uy0, boxes[t * 4 + 1] - m);
    ux1 = Math.max(ux1, boxes[t * 4 + 2] + m);
    uy1 = Math.max(uy1, boxes[t * 4 + 3] + m);
  }
  for (let c = 0; c < grid.cells.length; c++) {
    if (boxes[c * 4] > ux1 || boxes[c * 4 + 2] < ux0 || boxes[c * 4 + 1] > uy1 || boxes[c * 4 + 3] < uy0) continue;
    for (const t of touched) {
      if (
        boxes[c * 4] <= boxes[t * 4 + 2] + m &&
        boxes[t * 4] <= boxes[c * 4 + 2] + m &&
        boxes[c * 4 + 1] <= boxes[t * 4 + 3] + m &&
        boxes[t * 4 + 1] <= boxes[c * 4 + 3] + m
      ) {
        near.push(c);
        break;
      }
    }
  }
  return near;
}

/** The boxes of the cells `of` as a Flatbush (item k is cell of[k]). */
function boxIndexOf(boxes: Float64Array, of: number[]): Flatbush {
  const index = new Flatbush(Math.max(1, of.length));
  for (const c of of) index.add(boxes[c * 4], boxes[c * 4 + 1], boxes[c * 4 + 2], boxes[c * 4 + 3]);
  if (of.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/** The cells of `of` (indexed by boxIndexOf) whose box meets the query box, ascending as a scan of `of` would give them. */
function nearCellsIn(index: Flatbush, of: number[], x0: number, y0: number, x1: number, y1: number): number[] {
  if (of.length === 0) return [];
  return index
    .search(x0, y0, x1, y1)
    .map((k) => of[k])
    .sort((a, b) => a - b);
}

function localProblems(grid: Grid, ids: string[], describe: (u: number, v: number) => string): Problem[] {
  const byId = cellIndexById(grid);
  const touched = [...new Set(ids.map((id) => byId.get(id)).filter((c): c is number => c !== undefined))];
  if (touched.length === 0) return [];
  const n = grid.cells.length;
  const { inScope, repXY } = scratchFor(n);
  for (const t of touched) inScope[t] = 1;
  try {
    return touchedProblems(grid, touched, inScope, repXY, describe);
  } finally {
    for (const t of touched) {
      inScope[t] = 0;
      repXY[t * 2] = repXY[t * 2 + 1] = NaN;
    }
  }
}

/** Per-cell flags and points the checks of an edit share: grown to the largest grid, cleared after each use (no per-edit arrays of the grid's size). */
let scratch = { inScope: new Uint8Array(0), repXY: new Float64Array(0) };
function scratchFor(n: number): typeof scratch {
  if (scratch.inScope.length < n) scratch = { inScope: new Uint8Array(n), repXY: new Float64Array(n * 2).fill(NaN) };
  return scratch;
}

function touchedProblems(
  grid: Grid,
  touched: number[],
  inScope: Uint8Array,
  repXY: Float64Array,
  describe: (u: number, v: number) => string,
): Problem[] {
  const boxes = cellBBoxes(grid);
  const m = grid.options.snapM;
  const near = nearCells(grid, touched, m);
  // A replayed journal's thousands of touched cells: their neighbours are searched, not scanned, per cell and point.
  const nearIndex = touched.length > SCAN_MAX_TOUCHED ? boxIndexOf(boxes, near) : null;
  const view = subsetView(grid, near);
  const reps = pointsOnSurface(
    packCells(
      grid,
      touched.map((t) => grid.cells[t]),
    ),
  );
  touched.forEach((t, k) => {
    repXY[t * 2] = reps[k * 2];
    repXY[t * 2 + 1] = reps[k * 2 + 1];
  });
  const res = checkCells({
    grid,
    view,
    segments: buildSegmentTable(view, grid.nodeXY.length >> 1),
    inScope: (c) => inScope[c] === 1,
    describe,
    clearanceM: m,
    repXY,
    cellsAt: (x, y) =>
      nearIndex
        ? nearCellsIn(nearIndex, near, x, y, x, y)
        : near.filter((c) => x >= boxes[c * 4] && x <= boxes[c * 4 + 2] && y >= boxes[c * 4 + 1] && y <= boxes[c * 4 + 3]),
  });
  // Any area two neighbours share, whatever the evidence (a fold without crossings, say).
  for (const t of touched) {
    const around = nearIndex ? nearCellsIn(nearIndex, near, boxes[t * 4], boxes[t * 4 + 1], boxes[t * 4 + 2], boxes[t * 4 + 3]) : near;
    for (const c of around) {
      if (
        c === t ||
        boxes[c * 4] >= boxes[t * 4 + 2] ||
        boxes[t * 4] >= boxes[c * 4 + 2] ||
        boxes[c * 4 + 1] >= boxes[t * 4 + 3] ||
        boxes[t * 4 + 1] >= boxes[c * 4 + 3]
      )
        continue;
      addCandidate(res.candidates, t, c, repXY[t * 2], repXY[t * 2 + 1], { why: 'areas' }, false);
    }
  }
  confirmOverlaps(grid, res.candidates, OVERLAP_EPS_M2, res.problems);
  return res.problems;
}

const keyOf = (p: Problem) => `${p.type}|${p.ids.join('|')}`;

/**
 * Problems `after` has around the touched cells (and, when records changed, in the hierarchy) that
 * `before` did not have. Empty means the edit keeps the grid as valid as it was.
 */
export function editProblems(before: Grid, after: Grid, touchedIds: string[], recordsChanged: boolean): Problem[] {
  const topo = gridTopology(before);
  const describe = (u: number, v: number) => {
    const e = edgeOfSegment(topo, u, v);
    return e >= 0 ? `e${e}` : `n${u}-${v}`;
  };
  // The grid before is looked at only when the grid after has problems there (which it had before, or which are new).
  const afterProblems = localProblems(after, touchedIds, describe);
  const old = afterProblems.length ? new Set(localProblems(before, touchedIds, describe).map(keyOf)) : new Set<string>();
  const found = afterProblems.filter((p) => !old.has(keyOf(p)));
  if (recordsChanged) {
    const afterH = hierarchyProblems(after);
    const oldH = afterH.length ? new Set(hierarchyProblems(before).map(keyOf)) : new Set<string>();
    found.push(...afterH.filter((p) => !oldH.has(keyOf(p))));
  }
  return found;
}
