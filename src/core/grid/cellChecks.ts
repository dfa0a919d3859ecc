// Geometric checks of L3 cells over their shared-node rings, for the whole grid (validation) or a few
// cells and their neighbours (an edit): ring sanity, the wedges of cells around each node, segment
// crossings, and overlaps confirmed by their area.
import { EdgeList, intersectionAreaM2 } from '../spatial/overlapArea';
import { pointInCell, pointInNodeRing, ringSignedAreaM2, type Grid } from './gridModel';
import { problemAt, type Problem } from './problems';
import { nextPos } from './topology';
import { addCandidate, type CellCheckResult, type CheckScope, type OverlapCandidate } from './checkScope';
import { crossingProblems } from './crossingChecks';

const ANGLE_EPS = 1e-12;
const TWO_PI = 2 * Math.PI;

const normAngle = (a: number) => {
  while (a < 0) a += TWO_PI;
  while (a >= TWO_PI) a -= TWO_PI;
  return a;
};

/** Ring sanity of one cell: points, revisited nodes, orientation, area, holes inside. */
export function ringProblems(grid: Grid, c: number, repXY: Float64Array, out: Problem[]): void {
  const cell = grid.cells[c];
  const xy = grid.nodeXY;
  const { frame, options } = grid;
  const id = cell.id;
  let total = 0;
  const outers: number[] = [],
    holes: number[] = [];
  cell.rings.forEach((r, i) => {
    if (r.length < 3) {
      out.push(
        problemAt(frame, 'too-few-points', [id], r.length ? [xy[r[0] * 2], xy[r[0] * 2 + 1]] : null, 'ring-few-points', {
          id,
          ring: i,
          count: r.length,
        }),
      );
      return;
    }
    const seen = new Set<number>();
    for (const v of r) {
      if (seen.has(v)) {
        out.push(problemAt(frame, 'self-intersection', [id], [xy[v * 2], xy[v * 2 + 1]], 'ring-repeats-node', { id, ring: i, node: v }));
        break;
      }
      seen.add(v);
    }
    const a = ringSignedAreaM2(xy, r);
    total += a;
    if (a > 0) outers.push(i);
    else holes.push(i);
  });
  const rep: [number, number] = [repXY[c * 2], repXY[c * 2 + 1]];
  if (outers.length === 0 || total <= 0) {
    const degenerate = cell.rings.every((r) => ringSignedAreaM2(xy, r) === 0);
    out.push(
      degenerate
        ? problemAt(frame, 'empty-cell', [id], firstNode(grid, c), 'no-area', { id })
        : problemAt(frame, 'self-intersection', [id], firstNode(grid, c), 'inside-out', { id }),
    );
    return;
  }
  if (total < options.minAreaM2) {
    out.push(problemAt(frame, 'tiny-cell', [id], rep, 'below-min-area', { id, areaM2: total, minM2: options.minAreaM2 }, total));
  }
  const outerNodes = new Set<number>();
  for (const o of outers) for (const v of cell.rings[o]) outerNodes.add(v);
  for (const h of holes) {
    const ring = cell.rings[h];
    const probe = Array.from(ring).find((v) => !outerNodes.has(v));
    if (probe === undefined) continue;
    const x = xy[probe * 2],
      y = xy[probe * 2 + 1];
    if (!outers.some((o) => pointInNodeRing(xy, cell.rings[o], x, y))) {
      out.push(problemAt(frame, 'self-intersection', [id], [x, y], 'hole-outside', { id, hole: h }));
    }
  }
}

function firstNode(grid: Grid, c: number): [number, number] | null {
  const r = grid.cells[c].rings[0];
  return r && r.length ? [grid.nodeXY[r[0] * 2], grid.nodeXY[r[0] * 2 + 1]] : null;
}

/** Around every node of a checked cell, the cells' interior wedges must not overlap (nor be folded flat). */
function wedgeProblems(s: CheckScope, res: CellCheckResult): void {
  const { grid, view } = s;
  const xy = grid.nodeXY;
  const { nodes, ringStart, ringCell } = view;
  const posRing = new Int32Array(nodes.length);
  for (let r = 0; r + 1 < ringStart.length; r++) posRing.fill(r, ringStart[r], ringStart[r + 1]);
  // Ring positions grouped by node (ascending node, then position): sized by the view, not the grid's node table,
  // so an edit's check of a few cells costs the same in a city of any size.
  const at = Uint32Array.from(nodes.keys()).sort((p, q) => nodes[p] - nodes[q] || p - q);
  const wanted = new Set<number>();
  for (let p = 0; p < nodes.length; p++) if (s.inScope(ringCell[posRing[p]])) wanted.add(nodes[p]);

  const selfReported = new Set<number>();
  for (let k0 = 0; k0 < at.length;) {
    const v = nodes[at[k0]];
    let k1 = k0 + 1;
    while (k1 < at.length && nodes[at[k1]] === v) k1++;
    const from = k0;
    k0 = k1;
    if (!wanted.has(v)) continue;
    const vx = xy[v * 2],
      vy = xy[v * 2 + 1];
    const wedges: { start: number; width: number; cell: number; ring: number }[] = [];
    for (let k = from; k < k1; k++) {
      const p = at[k],
        r = posRing[p];
      const next = nodes[nextPos(view, r, p)];
      const prev = nodes[p > ringStart[r] ? p - 1 : ringStart[r + 1] - 1];
      const start = Math.atan2(xy[next * 2 + 1] - vy, xy[next * 2] - vx);
      const end = Math.atan2(xy[prev * 2 + 1] - vy, xy[prev * 2] - vx);
      const width = normAngle(end - start);
      const cell = ringCell[r];
      if ((width < ANGLE_EPS || width > TWO_PI - ANGLE_EPS) && s.inScope(cell) && !selfReported.has(cell)) {
        selfReported.add(cell);
        const id = grid.cells[cell].id;
        res.problems.push(problemAt(grid.frame, 'self-intersection', [id], [vx, vy], 'folds-back', { id, node: v }));
      }
      wedges.push({ start, width, cell, ring: r });
    }
    if (wedges.length < 2) continue;
    wedges.sort((a, b) => a.start - b.start || a.ring - b.ring);
    const n = wedges.length;
    for (let i = 0; i < n; i++) {
      const w = wedges[i];
      for (let k = 1; k < n; k++) {
        const o = wedges[(i + k) % n];
        if (!(normAngle(o.start - w.start) < w.width - ANGLE_EPS)) break;
        if (!s.inScope(w.cell) && !s.inScope(o.cell)) continue;
        if (o.cell === w.cell) {
          if (!selfReported.has(w.cell)) {
            selfReported.add(w.cell);
            const id = grid.cells[w.cell].id;
            res.problems.push(problemAt(grid.frame, 'self-intersection', [id], [vx, vy], 'overlaps-itself', { id, node: v }));
          }
        } else {
          addCandidate(res.candidates, w.cell, o.cell, vx, vy, { why: 'around-node', node: v }, true);
        }
      }
    }
  }
}

/** A checked cell's interior point inside another cell: one contains (part of) the other. */
function containmentCandidates(s: CheckScope, res: CellCheckResult): void {
  const { grid } = s;
  for (let c = 0; c < grid.cells.length; c++) {
    if (!s.inScope(c)) continue;
    const x = s.repXY[c * 2],
      y = s.repXY[c * 2 + 1];
    if (!Number.isFinite(x)) continue;
    for (const o of s.cellsAt(x, y)) {
      if (o !== c && pointInCell(grid.nodeXY, grid.cells[o], x, y)) {
        addCandidate(res.candidates, c, o, x, y, { why: 'contains', outer: grid.cells[o].id, inner: grid.cells[c].id }, true);
      }
    }
  }
}

/** Edges of a cell into an EdgeList relative to (ox, oy). */
export function cellEdges(grid: Grid, c: number, ox: number, oy: number, out: EdgeList): EdgeList {
  out.clear();
  const xy = grid.nodeXY;
  for (const r of grid.cells[c].rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      out.push(xy[r[j] * 2] - ox, xy[r[j] * 2 + 1] - oy, xy[r[i] * 2] - ox, xy[r[i] * 2 + 1] - oy);
    }
  }
  return out;
}

const ea = new EdgeList(),
  eb = new EdgeList();

/** Area common to two cells, m². */
export function cellOverlapAreaM2(grid: Grid, a: number, b: number): number {
  const r = grid.cells[a].rings[0];
  if (!r || r.length === 0) return 0;
  const ox = grid.nodeXY[r[0] * 2],
    oy = grid.nodeXY[r[0] * 2 + 1];
  return intersectionAreaM2(cellEdges(grid, a, ox, oy, ea), cellEdges(grid, b, ox, oy, eb));
}

/** Overlap problems for the candidates: crossings always, other evidence when the shared area is above areaEpsM2. */
export function confirmOverlaps(grid: Grid, candidates: Map<number, OverlapCandidate>, areaEpsM2: number, out: Problem[]): void {
  for (const c of candidates.values()) {
    const area = cellOverlapAreaM2(grid, c.a, c.b);
    if (!c.hard && !(area > areaEpsM2)) continue;
    const ids = [grid.cells[c.a].id, grid.cells[c.b].id];
    out.push(problemAt(grid.frame, 'overlap', ids, [c.x, c.y], 'overlap', { cellA: ids[0], cellB: ids[1], areaM2: area, ...c.why }, area));
  }
}

/** Every cell check for the cells in scope; overlaps come back as candidates for confirmOverlaps. */
export function checkCells(s: CheckScope): CellCheckResult {
  const res: CellCheckResult = { problems: [], candidates: new Map(), broken: new Uint8Array(s.segments.count) };
  for (let c = 0; c < s.grid.cells.length; c++) if (s.inScope(c)) ringProblems(s.grid, c, s.repXY, res.problems);
  wedgeProblems(s, res);
  crossingProblems(s, res);
  containmentCandidates(s, res);
  return res;
}
