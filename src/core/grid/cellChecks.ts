// Geometric checks of L3 cells over their shared-node rings, for the whole grid (validation) or a few
// cells and their neighbours (an edit): ring sanity, the wedges of cells around each node, segment
// crossings, and overlaps confirmed by their area.
import Flatbush from 'flatbush';
import { pointSegmentDistance, segmentIntersection, segmentSegmentDistance, SEGMENTS_CROSS, SEGMENTS_DISJOINT } from '../geom/segment';
import { EdgeList, intersectionAreaM2 } from '../spatial/overlapArea';
import { pointInCell, pointInNodeRing, ringSignedAreaM2, type Grid } from './gridModel';
import { problemAt, type Problem } from './problems';
import { nextPos, type RingsView, type SegmentTable } from './topology';

export interface CheckScope {
  grid: Grid;
  /** Rings of the cells looked at: the checked cells and every cell near them. */
  view: RingsView;
  segments: SegmentTable;
  /** Cells whose problems are reported. */
  inScope: (cell: number) => boolean;
  /** How a segment is named in messages ("edge 45"). */
  describe: (u: number, v: number) => string;
  /** > 0 for edits: a node closer than this to a segment it is not on is a too-close problem. */
  clearanceM: number;
  /** A point strictly inside each checked cell (x, y by cell index). */
  repXY: Float64Array;
  /** Cells whose box holds the point (global indices), for containment tests. */
  cellsAt: (x: number, y: number) => number[];
}

export interface OverlapCandidate {
  a: number;
  b: number;
  x: number;
  y: number;
  why: string;
  /** From a crossing: reported whatever its area. */
  hard: boolean;
}

export interface CellCheckResult {
  problems: Problem[];
  candidates: Map<number, OverlapCandidate>;
  /** Segments whose geometry is broken (crossing, touching, claimed twice): gap tracing leaves them out. */
  broken: Uint8Array;
}

const ANGLE_EPS = 1e-12;
const TWO_PI = 2 * Math.PI;
const PAIR = 67_108_864; // cell indices stay below 2^26

const normAngle = (a: number) => {
  while (a < 0) a += TWO_PI;
  while (a >= TWO_PI) a -= TWO_PI;
  return a;
};

export function addCandidate(
  out: Map<number, OverlapCandidate>,
  a: number,
  b: number,
  x: number,
  y: number,
  why: string,
  hard: boolean,
): void {
  if (a === b || a < 0 || b < 0) return;
  const lo = Math.min(a, b),
    hi = Math.max(a, b);
  const key = lo * PAIR + hi;
  const prev = out.get(key);
  if (!prev) out.set(key, { a: lo, b: hi, x, y, why, hard });
  else if (hard && !prev.hard) out.set(key, { a: lo, b: hi, x, y, why, hard });
}

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
        problemAt(
          frame,
          'too-few-points',
          [id],
          r.length ? [xy[r[0] * 2], xy[r[0] * 2 + 1]] : null,
          () => `${id}: ring ${i} has ${r.length} point(s)`,
        ),
      );
      return;
    }
    const seen = new Set<number>();
    for (const v of r) {
      if (seen.has(v)) {
        out.push(
          problemAt(
            frame,
            'self-intersection',
            [id],
            [xy[v * 2], xy[v * 2 + 1]],
            (p) => `${id}: ring ${i} passes node ${v} twice at ${p} (the boundary touches itself)`,
          ),
        );
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
        ? problemAt(frame, 'empty-cell', [id], firstNode(grid, c), () => `${id}: the cell has no area`)
        : problemAt(
            frame,
            'self-intersection',
            [id],
            firstNode(grid, c),
            (p) => `${id}: the cell is turned inside out near ${p} (its outer ring runs clockwise)`,
          ),
    );
    return;
  }
  if (total < options.minAreaM2) {
    out.push(
      problemAt(
        frame,
        'tiny-cell',
        [id],
        rep,
        (p) => `${id}: area ${total.toFixed(2)} m² at ${p} is below the minimum of ${options.minAreaM2} m²`,
        total,
      ),
    );
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
      out.push(problemAt(frame, 'self-intersection', [id], [x, y], (p) => `${id}: hole ${h} at ${p} lies outside the cell's outer ring`));
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
  const nNodes = xy.length >> 1;
  const posRing = new Int32Array(nodes.length);
  for (let r = 0; r + 1 < ringStart.length; r++) posRing.fill(r, ringStart[r], ringStart[r + 1]);
  // Occurrences of each node (CSR), for nodes a checked cell uses.
  const count = new Uint32Array(nNodes + 1);
  const wanted = new Uint8Array(nNodes);
  for (let p = 0; p < nodes.length; p++) {
    count[nodes[p] + 1]++;
    if (s.inScope(ringCell[posRing[p]])) wanted[nodes[p]] = 1;
  }
  for (let v = 0; v < nNodes; v++) count[v + 1] += count[v];
  const at = new Uint32Array(nodes.length);
  const fill = count.slice(0, nNodes);
  for (let p = 0; p < nodes.length; p++) at[fill[nodes[p]]++] = p;

  const selfReported = new Set<number>();
  for (let v = 0; v < nNodes; v++) {
    if (!wanted[v]) continue;
    const vx = xy[v * 2],
      vy = xy[v * 2 + 1];
    const wedges: { start: number; width: number; cell: number; ring: number }[] = [];
    for (let k = count[v]; k < count[v + 1]; k++) {
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
        res.problems.push(
          problemAt(grid.frame, 'self-intersection', [id], [vx, vy], (pt) => `${id}: the boundary folds back on itself at node ${v} ${pt}`),
        );
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
            res.problems.push(
              problemAt(grid.frame, 'self-intersection', [id], [vx, vy], (pt) => `${id}: the boundary overlaps itself at node ${v} ${pt}`),
            );
          }
        } else {
          addCandidate(res.candidates, w.cell, o.cell, vx, vy, `their boundaries overlap around node ${v}`, true);
        }
      }
    }
  }
}

/** Segment pairs that cross or touch away from shared nodes (and, for edits, come within the clearance). */
function crossingProblems(s: CheckScope, res: CellCheckResult): void {
  const { grid, segments: S } = s;
  const xy = grid.nodeXY;
  const m = s.clearanceM;
  if (S.count === 0) return;
  const index = new Flatbush(S.count);
  for (let i = 0; i < S.count; i++) {
    const ax = xy[S.a[i] * 2],
      ay = xy[S.a[i] * 2 + 1],
      bx = xy[S.b[i] * 2],
      by = xy[S.b[i] * 2 + 1];
    index.add(Math.min(ax, bx) - m, Math.min(ay, by) - m, Math.max(ax, bx) + m, Math.max(ay, by) + m);
  }
  index.finish();
  const touches = (i: number) => (S.left[i] >= 0 && s.inScope(S.left[i])) || (S.right[i] >= 0 && s.inScope(S.right[i]));
  const cellsOf = (i: number) => [S.left[i], S.right[i]].filter((c) => c >= 0);
  const selfReported = new Set<number>();
  for (let k = 0; k + 2 < S.conflicts.length; k += 3) {
    const sg = S.conflicts[k];
    res.broken[sg] = 1;
    const x = (xy[S.a[sg] * 2] + xy[S.b[sg] * 2]) / 2,
      y = (xy[S.a[sg] * 2 + 1] + xy[S.b[sg] * 2 + 1]) / 2;
    addCandidate(
      res.candidates,
      S.conflicts[k + 1],
      S.conflicts[k + 2],
      x,
      y,
      `both lie on the same side of ${s.describe(S.a[sg], S.b[sg])}`,
      true,
    );
  }
  for (let i = 0; i < S.count; i++) {
    if (!touches(i)) continue;
    const a = S.a[i],
      b = S.b[i];
    const ax = xy[a * 2],
      ay = xy[a * 2 + 1],
      bx = xy[b * 2],
      by = xy[b * 2 + 1];
    for (const j of index.search(Math.min(ax, bx) - m, Math.min(ay, by) - m, Math.max(ax, bx) + m, Math.max(ay, by) + m)) {
      if (j === i || (j < i && touches(j))) continue;
      const c = S.a[j],
        d = S.b[j];
      const cx = xy[c * 2],
        cy = xy[c * 2 + 1],
        dx = xy[d * 2],
        dy = xy[d * 2 + 1];
      const shared = a === c || a === d || b === c || b === d;
      if (shared) {
        if (m > 0) {
          // Adjacent segments: the far end of one must stay clear of the other.
          const [fx, fy] = a === c || b === c ? [dx, dy] : [cx, cy];
          const [gx, gy] = c === a || d === a ? [bx, by] : [ax, ay];
          if (pointSegmentDistance(fx, fy, ax, ay, bx, by) < m || pointSegmentDistance(gx, gy, cx, cy, dx, dy) < m) {
            tooClose(s, res, i, j, (fx + gx) / 2, (fy + gy) / 2);
          }
        }
        continue;
      }
      const kind = segmentIntersection(ax, ay, bx, by, cx, cy, dx, dy);
      if (kind === SEGMENTS_DISJOINT) {
        if (m > 0 && segmentSegmentDistance(ax, ay, bx, by, cx, cy, dx, dy) < m)
          tooClose(s, res, i, j, (ax + bx + cx + dx) / 4, (ay + by + cy + dy) / 4);
        continue;
      }
      res.broken[i] = 1;
      res.broken[j] = 1;
      const [px, py] = kind === SEGMENTS_CROSS ? crossingPoint(ax, ay, bx, by, cx, cy, dx, dy) : touchPoint(ax, ay, bx, by, cx, cy, dx, dy);
      if (kind !== SEGMENTS_CROSS && m > 0) {
        tooClose(s, res, i, j, px, py);
        continue;
      }
      const [da, dc] = [s.describe(a, b), s.describe(c, d)];
      const what = `${da} ${kind === SEGMENTS_CROSS ? 'crosses' : 'touches'} ${da === dc ? 'itself' : dc}`;
      const ci = cellsOf(i),
        cj = cellsOf(j);
      for (const cell of ci) {
        if (!cj.includes(cell) || !s.inScope(cell) || selfReported.has(cell)) continue;
        selfReported.add(cell);
        const id = grid.cells[cell].id;
        res.problems.push(
          problemAt(grid.frame, 'self-intersection', [id], [px, py], (p) => `${id}: its boundary crosses itself: ${what} at ${p}`),
        );
      }
      for (const p of ci) for (const q of cj) if (p !== q) addCandidate(res.candidates, p, q, px, py, what, kind === SEGMENTS_CROSS);
    }
  }
}

function tooClose(s: CheckScope, res: CellCheckResult, i: number, j: number, x: number, y: number): void {
  const S = s.segments;
  const cells = [...new Set([S.left[i], S.right[i], S.left[j], S.right[j]].filter((c) => c >= 0))];
  const ids = cells.map((c) => s.grid.cells[c].id);
  res.problems.push(
    problemAt(
      s.grid.frame,
      'too-close',
      ids,
      [x, y],
      (p) =>
        `${s.describe(S.a[i], S.b[i])} and ${s.describe(S.a[j], S.b[j])} come within ${s.clearanceM} m of each other at ${p} without sharing a node (cells ${ids.join(', ')}); they would snap together on re-import`,
    ),
  );
}

function crossingPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] {
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  const t = den === 0 ? 0.5 : ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}

// An end of one segment lying on the other (or the nearest end when collinear).
function touchPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] {
  const ends: [number, number, number][] = [
    [pointSegmentDistance(ax, ay, cx, cy, dx, dy), ax, ay],
    [pointSegmentDistance(bx, by, cx, cy, dx, dy), bx, by],
    [pointSegmentDistance(cx, cy, ax, ay, bx, by), cx, cy],
    [pointSegmentDistance(dx, dy, ax, ay, bx, by), dx, dy],
  ];
  ends.sort((p, q) => p[0] - q[0]);
  return [ends[0][1], ends[0][2]];
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
        addCandidate(res.candidates, c, o, x, y, `${grid.cells[o].id} contains a point inside ${grid.cells[c].id}`, true);
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
    const by = area >= 0.005 ? `by ${area.toFixed(2)} m²` : '(by less than 0.01 m²)';
    out.push(problemAt(grid.frame, 'overlap', ids, [c.x, c.y], (p) => `${ids[0]} and ${ids[1]} overlap ${by}: ${c.why} at ${p}`, area));
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
