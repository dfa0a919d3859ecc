// The geometric edits on a grid value: move, insert and delete a vertex, split a cell along a line,
// merge two neighbours. Each returns the new grid and the cells to check; nothing is mutated.
import {
  carryDerived,
  cellIndexById,
  cellPolygons,
  findArea,
  pointInCell,
  pointInNodeRing,
  ringSignedAreaM2,
  type Grid,
  type GridCell,
} from './gridModel';
import { problemAt, sourcePoint, type Problem, type ProblemType } from './problems';
import { formatPoint, type ProblemKind, type ProblemParams } from './problemText';
import { cellsOfNodeIn, gridTopology, seedTopology } from './topology';
import { patchDeleteVertex, patchInsertVertex } from './topologyPatch';
import { unionRings } from './unionRings';
import type { GridOp } from './gridOp';

export class EditError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'EditError';
  }
}

/** What an edit produced, before the checks decide whether it stands. */
export interface Edit {
  grid: Grid;
  /** L3 ids whose neighbourhood must be checked. */
  touched: string[];
  /** The exact inverse when it is a simple record; otherwise a restore record is derived. */
  inverse?: GridOp;
  /** Parent links or records changed: the hierarchy is checked too. */
  records?: boolean;
}

export function refuse<K extends ProblemKind>(
  grid: Grid,
  type: ProblemType,
  ids: string[],
  xyM: ArrayLike<number> | null,
  kind: K,
  params: ProblemParams<K>,
): never {
  throw new EditError(problemAt(grid.frame, type, ids, xyM, kind, params));
}

export const where = (grid: Grid, x: number, y: number) => formatPoint(sourcePoint(grid.frame, x, y));

/** `field`: the op's field ('to', 'at', or 'line' with the point's index). */
function point(grid: Grid, p: unknown, field: string, index = -1): [number, number] {
  if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
    refuse(grid, 'non-finite-coordinate', [], null, 'not-finite-point', { field, index, value: JSON.stringify(p) });
  return [p[0], p[1]];
}

function usedNode(grid: Grid, node: unknown): number {
  const topo = gridTopology(grid);
  if (!Number.isInteger(node) || (node as number) < 0 || (node as number) >= topo.nodeCount || topo.nodeDegree[node as number] === 0) {
    refuse(grid, 'bad-op', [], null, 'not-a-vertex', { node: String(node) });
  }
  return node as number;
}

function cellsWithNode(grid: Grid, node: number): number[] {
  return Array.from(cellsOfNodeIn(gridTopology(grid), node));
}

function cellIndex(grid: Grid, id: unknown): number {
  const i = cellIndexById(grid).get(String(id));
  if (i === undefined) refuse(grid, 'bad-op', [String(id)], null, 'not-a-cell', { id: String(id) });
  return i;
}

/** Node table with nodes appended (the base array is never written). */
class Nodes {
  xy: Float64Array;
  constructor(base: Float64Array) {
    this.xy = base;
  }
  add(x: number, y: number): number {
    const id = this.xy.length >> 1;
    const next = new Float64Array(this.xy.length + 2);
    next.set(this.xy);
    next[id * 2] = x;
    next[id * 2 + 1] = y;
    this.xy = next;
    return id;
  }
}

/** Puts node v between a and b in every ring (of the cells `among`, default all) where they are consecutive; returns the cells changed. */
function insertBetween(cells: GridCell[], a: number, b: number, v: number, among?: number[]): string[] {
  const touched: string[] = [];
  for (const i of among ?? cells.keys()) {
    const c = cells[i];
    let changed = false;
    const rings = c.rings.map((r) => {
      const out: number[] = [];
      for (let k = 0; k < r.length; k++) {
        out.push(r[k]);
        const n = r[(k + 1) % r.length];
        if ((r[k] === a && n === b) || (r[k] === b && n === a)) {
          out.push(v);
          changed = true;
        }
      }
      return changed ? Int32Array.from(out) : r;
    });
    if (changed) {
      cells[i] = { ...c, rings };
      touched.push(c.id);
    }
  }
  return touched;
}

export function moveVertex(grid: Grid, op: { node: number; to: [number, number] }): Edit {
  const node = usedNode(grid, op.node);
  const [x, y] = point(grid, op.to, 'to');
  const nodeXY = grid.nodeXY.slice();
  const from: [number, number] = [nodeXY[node * 2], nodeXY[node * 2 + 1]];
  nodeXY[node * 2] = x;
  nodeXY[node * 2 + 1] = y;
  const changed = cellsWithNode(grid, node);
  const next = { ...grid, nodeXY };
  carryDerived(grid, next, changed);
  return { grid: next, touched: changed.map((c) => grid.cells[c].id), inverse: { type: 'moveVertex', node, to: from } };
}

/** A run of node moves as one edit (a journal's replay): one copy of the node table, the same checks per move. */
export function moveVertices(grid: Grid, ops: readonly { node: number; to: [number, number] }[]): Edit {
  const nodeXY = grid.nodeXY.slice();
  const changed = new Set<number>();
  for (const op of ops) {
    const node = usedNode(grid, op.node);
    const [x, y] = point(grid, op.to, 'to');
    nodeXY[node * 2] = x;
    nodeXY[node * 2 + 1] = y;
    for (const c of cellsOfNodeIn(gridTopology(grid), node)) changed.add(c);
  }
  const cells = [...changed].sort((a, b) => a - b);
  const next = { ...grid, nodeXY };
  carryDerived(grid, next, cells);
  return { grid: next, touched: cells.map((c) => grid.cells[c].id) };
}

export function insertVertex(grid: Grid, op: { edge: number; index: number; at: [number, number] }): Edit {
  const topo = gridTopology(grid);
  const e = op.edge;
  if (!Number.isInteger(e) || e < 0 || e >= topo.edgeCount)
    refuse(grid, 'bad-op', [], null, 'no-such-edge', { edge: String(e), edges: topo.edgeCount });
  const s = topo.edgeNodeStart[e],
    len = topo.edgeNodeStart[e + 1] - s;
  if (!Number.isInteger(op.index) || op.index < 1 || op.index >= len) {
    refuse(grid, 'bad-op', [], null, 'bad-vertex-index', { index: String(op.index), max: len - 1, edge: e });
  }
  const [x, y] = point(grid, op.at, 'at');
  const a = topo.edgeNodes[s + op.index - 1],
    b = topo.edgeNodes[s + op.index];
  const nodes = new Nodes(grid.nodeXY);
  const v = nodes.add(x, y);
  const cells = grid.cells.slice();
  // The cells on both sides of a-b, unless a side is claimed twice (then every cell is looked at).
  const S = topo.segments,
    sab = S.lookup(a, b);
  const among = sab >= 0 && S.conflicts.length === 0 ? [S.left[sab], S.right[sab]].filter((c) => c >= 0) : undefined;
  const touched = insertBetween(cells, a, b, v, among);
  const next = { ...grid, nodeXY: nodes.xy, cells };
  const patched = patchInsertVertex(topo, e, op.index, v);
  if (patched) seedTopology(next, patched);
  carryDerived(
    grid,
    next,
    touched.map((id) => cellIndexById(grid).get(id)!),
  );
  return { grid: next, touched };
}

export function deleteVertex(grid: Grid, op: { node: number }): Edit {
  const node = usedNode(grid, op.node);
  const topo = gridTopology(grid);
  const at = [grid.nodeXY[node * 2], grid.nodeXY[node * 2 + 1]];
  if (topo.nodeDegree[node] !== 2) {
    refuse(
      grid,
      'bad-op',
      cellsWithNode(grid, node).map((c) => grid.cells[c].id),
      at,
      'junction-node',
      { node, degree: topo.nodeDegree[node] },
    );
  }
  const cells = grid.cells.slice();
  const touched: string[] = [];
  for (const ci of cellsWithNode(grid, node)) {
    const c = cells[ci];
    const rings = c.rings.map((r) => (r.includes(node) ? r.filter((v) => v !== node) : r));
    if (rings.some((r) => r.length < 3)) refuse(grid, 'too-few-points', [c.id], at, 'would-collapse', { id: c.id, node });
    cells[ci] = { ...c, rings };
    touched.push(c.id);
  }
  const next = { ...grid, cells };
  const patched = patchDeleteVertex(topo, node);
  if (patched) seedTopology(next, patched);
  carryDerived(grid, next, cellsWithNode(grid, node));
  return { grid: next, touched };
}

export function splitCell(grid: Grid, op: { cell: string; line: [number, number][]; newId: string; newName: string }): Edit {
  const ci = cellIndex(grid, op.cell);
  const id = grid.cells[ci].id;
  if (typeof op.newId !== 'string' || op.newId === '') refuse(grid, 'bad-op', [id], null, 'empty-new-id', {});
  if (cellIndexById(grid).has(op.newId) || findArea(grid, op.newId))
    refuse(grid, 'duplicate-id', [op.newId], null, 'id-taken', { id: op.newId });
  if (!Array.isArray(op.line) || op.line.length < 2) refuse(grid, 'too-few-points', [id], null, 'short-line', {});
  const line = op.line.map((p, i) => point(grid, p, 'line', i));
  const tol = grid.options.snapM;
  const nodes = new Nodes(grid.nodeXY);
  const cells = grid.cells.slice();
  const touched = new Set([id, op.newId]);

  // An end of the line: the node within the tolerance, else a new node on the nearest segment.
  const place = ([x, y]: [number, number], which: 'first' | 'last'): number => {
    const xy = nodes.xy;
    let best = -1,
      bestD = Infinity,
      segA = -1,
      segB = -1,
      segD = Infinity,
      px = 0,
      py = 0;
    for (const r of cells[ci].rings) {
      if (ringSignedAreaM2(xy, r) <= 0) continue;
      for (let k = 0; k < r.length; k++) {
        const a = r[k],
          b = r[(k + 1) % r.length];
        const ax = xy[a * 2],
          ay = xy[a * 2 + 1],
          bx = xy[b * 2],
          by = xy[b * 2 + 1];
        const d = Math.hypot(ax - x, ay - y);
        if (d < bestD) {
          bestD = d;
          best = a;
        }
        const dx = bx - ax,
          dy = by - ay,
          len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
        const qx = ax + t * dx,
          qy = ay + t * dy,
          ds = Math.hypot(qx - x, qy - y);
        if (ds < segD) {
          segD = ds;
          segA = a;
          segB = b;
          px = qx;
          py = qy;
        }
      }
    }
    if (bestD <= tol) return best;
    if (segD > tol) refuse(grid, 'bad-op', [id], [x, y], 'line-end-off', { id, end: which, distM: segD });
    const v = nodes.add(px, py);
    for (const t of insertBetween(cells, segA, segB, v)) touched.add(t);
    return v;
  };
  const S = place(line[0], 'first');
  const E = place(line[line.length - 1], 'last');
  if (S === E) refuse(grid, 'bad-op', [id], line[0], 'line-closed', {});
  const cell = cells[ci];
  const ri = cell.rings.findIndex((r) => r.includes(S) && r.includes(E) && ringSignedAreaM2(nodes.xy, r) > 0);
  if (ri < 0) refuse(grid, 'bad-op', [id], line[0], 'line-rings', { id });
  const interior = line.slice(1, -1).map(([x, y]) => nodes.add(x, y));
  const xy = nodes.xy;
  const path = [S, ...interior, E];
  const original = grid.cells[ci];
  for (let k = 0; k + 1 < path.length; k++) {
    const mx = (xy[path[k] * 2] + xy[path[k + 1] * 2]) / 2,
      my = (xy[path[k] * 2 + 1] + xy[path[k + 1] * 2 + 1]) / 2;
    if (!pointInCell(xy, original, mx, my)) refuse(grid, 'bad-op', [id], [mx, my], 'line-leaves', { id });
  }
  const R = cell.rings[ri];
  const n = R.length,
    iS = R.indexOf(S),
    iE = R.indexOf(E);
  const walk = (from: number, to: number) => {
    const out: number[] = [];
    for (let k = from; ; k = (k + 1) % n) {
      out.push(R[k]);
      if (k === to) return out;
    }
  };
  // Right of the line as drawn goes to the new cell, left stays with the old one.
  const right = Int32Array.from([...walk(iS, iE), ...interior.slice().reverse()]);
  const left = Int32Array.from([...walk(iE, iS), ...interior]);
  const poly = cellPolygons(xy, cell).find((p) => p[0] === ri) ?? [ri];
  const holes = poly.slice(1);
  const others = cell.rings.filter((_, k) => k !== ri && !holes.includes(k));
  const inRight = (h: number) => {
    const ring = cell.rings[h];
    const probe = Array.from(ring).find((v) => !right.includes(v) && !left.includes(v)) ?? ring[0];
    return pointInNodeRing(xy, right, xy[probe * 2], xy[probe * 2 + 1]);
  };
  cells[ci] = { ...cell, rings: [left, ...holes.filter((h) => !inRight(h)).map((h) => cell.rings[h]), ...others] };
  cells.push({
    id: op.newId,
    name: String(op.newName ?? ''),
    parentId: cell.parentId,
    rings: [right, ...holes.filter(inRight).map((h) => cell.rings[h])],
  });
  return { grid: { ...grid, nodeXY: xy, cells }, touched: [...touched] };
}

export function mergeCells(grid: Grid, op: { keep: string; remove: string }): Edit {
  const ki = cellIndex(grid, op.keep),
    ri = cellIndex(grid, op.remove);
  const keep = grid.cells[ki],
    remove = grid.cells[ri];
  if (ki === ri) refuse(grid, 'bad-op', [keep.id], null, 'merge-self', {});
  const topo = gridTopology(grid);
  const S = topo.segments;
  let shared = false;
  for (const r of keep.rings) {
    for (let k = 0; k < r.length && !shared; k++) {
      const s = S.lookup(r[k], r[(k + 1) % r.length]);
      shared = s >= 0 && (S.left[s] === ri || S.right[s] === ri);
    }
  }
  if (!shared) refuse(grid, 'bad-op', [keep.id, remove.id], null, 'merge-apart', { keep: keep.id, remove: remove.id });
  const union = unionRings(grid.nodeXY, [...keep.rings, ...remove.rings]);
  if (union.open > 0 || union.rings.length === 0)
    refuse(grid, 'self-intersection', [keep.id, remove.id], null, 'merge-open', { keep: keep.id, remove: remove.id });
  const cells = grid.cells.filter((_, i) => i !== ri);
  cells[ki < ri ? ki : ki - 1] = { ...keep, rings: union.rings };
  return { grid: { ...grid, cells }, touched: [keep.id], records: true };
}
