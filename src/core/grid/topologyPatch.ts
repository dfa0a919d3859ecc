// The topology after inserting or deleting a vertex inside an edge, patched from the topology before it
// instead of derived again: edges keep their numbers (the vertex is never a junction), so only the edge,
// the two rings and two segments around it change. Returns null where a patch could differ from
// deriving (a junction, a segment claimed twice, an edge that would fold onto itself): derive then.
import { carryNodeCells, cellsOfNodeIn, segmentKey, type GridTopology, type RingsView, type SegmentTable } from './topology';

/** After this many patched lookups in a chain, the segment lookup is rebuilt as one map (a rebuild costs milliseconds at city scale, a level of the chain one more map probe). */
const MAX_LOOKUP_DEPTH = 64;
const lookupDepth = new WeakMap<SegmentTable, number>();

/** `base`'s lookup with `changes` (node-pair key -> segment, -1 removed) over it. */
function patchedLookup(
  base: SegmentTable,
  a: Int32Array,
  b: Int32Array,
  count: number,
  changes: Map<number, number>,
): SegmentTable['lookup'] {
  const depth = (lookupDepth.get(base) ?? 0) + 1;
  if (depth > MAX_LOOKUP_DEPTH) {
    const byKey = new Map<number, number>();
    for (let s = 0; s < count; s++) byKey.set(segmentKey(a[s], b[s]), s);
    return (u, v) => byKey.get(segmentKey(u, v)) ?? -1;
  }
  // Only the base's lookup is kept (not its table: a chain would hold every earlier topology's segment columns).
  const baseLookup = base.lookup;
  const lookup = (u: number, v: number) => {
    const s = changes.get(segmentKey(u, v));
    return s === undefined ? baseLookup(u, v) : s;
  };
  lookupDepth.set(lookup as unknown as SegmentTable, depth);
  return lookup;
}

function withLookup(seg: Omit<SegmentTable, 'lookup'>, base: SegmentTable, changes: Map<number, number>): SegmentTable {
  const lookup = patchedLookup(base, seg.a, seg.b, seg.count, changes);
  const table: SegmentTable = { ...seg, lookup };
  lookupDepth.set(table, lookupDepth.get(lookup as unknown as SegmentTable) ?? 0);
  return table;
}

/** Ring positions (ascending) of the rings of `cells` where `pair(u, next)` holds. */
function positionsIn(view: RingsView, cells: number[], pair: (u: number, next: number) => boolean): { ring: number; p: number }[] {
  const out: { ring: number; p: number }[] = [];
  for (const c of [...new Set(cells)].sort((x, y) => x - y)) {
    if (c < 0) continue;
    for (let r = view.cellRingStart[c]; r < view.cellRingStart[c + 1]; r++) {
      const s = view.ringStart[r],
        e = view.ringStart[r + 1];
      for (let p = s; p < e; p++) if (pair(view.nodes[p], view.nodes[p + 1 < e ? p + 1 : s])) out.push({ ring: r, p });
    }
  }
  return out;
}

/**
 * Vertex `v` (the new last node id) inserted between vertices index-1 and index of edge `e`, in every
 * ring where they are consecutive (as editGeometry's insertVertex does).
 */
export function patchInsertVertex(t: GridTopology, e: number, index: number, v: number): GridTopology | null {
  if (v !== t.nodeCount) return null;
  const e0 = t.edgeNodeStart[e];
  const a = t.edgeNodes[e0 + index - 1],
    b = t.edgeNodes[e0 + index];
  const S = t.segments;
  const sab = S.lookup(a, b);
  if (sab < 0 || a === b || S.conflicts.length > 0) return null;
  const view = t.rings;
  // Insert after position p where the ring walks a->b or b->a (at the ring's end when the pair wraps).
  const at = positionsIn(view, [S.left[sab], S.right[sab]], (u, n) => (u === a && n === b) || (u === b && n === a));
  if (at.length === 0) return null;
  const lo = Math.min(a, b),
    hi = Math.max(a, b);
  const sNew = S.count;
  const total = view.nodes.length + at.length;
  const nodes = new Int32Array(total);
  const posSeg = new Int32Array(total);
  const ringStart = new Uint32Array(view.ringStart.length);
  let from = 0,
    to = 0,
    shift = 0;
  let k = 0;
  for (let r = 0; r + 1 < view.ringStart.length; r++) {
    ringStart[r] = view.ringStart[r] + shift;
    while (k < at.length && at[k].ring === r) {
      const p = at[k].p;
      const n = p + 1 - from;
      nodes.set(view.nodes.subarray(from, p + 1), to);
      posSeg.set(S.posSeg.subarray(from, p + 1), to);
      to += n;
      from = p + 1;
      // lo->v keeps segment sab, v->hi is the new one.
      const walksLoHi = view.nodes[p] === lo;
      posSeg[to - 1] = walksLoHi ? sab : sNew;
      nodes[to] = v;
      posSeg[to] = walksLoHi ? sNew : sab;
      to++;
      shift++;
      k++;
    }
  }
  nodes.set(view.nodes.subarray(from), to);
  posSeg.set(S.posSeg.subarray(from), to);
  ringStart[ringStart.length - 1] = total;

  const grow = <T extends Int32Array>(arr: T, value: number): T => {
    const out = new (arr.constructor as new (n: number) => T)(arr.length + 1);
    out.set(arr);
    out[arr.length] = value;
    return out;
  };
  // v is the highest id: lo->v is walked as a->b (sides as lo->hi), hi->v as b->a (sides swapped).
  const segA = grow(S.a, hi),
    segB = grow(S.b, v),
    left = grow(S.left, S.right[sab]),
    right = grow(S.right, S.left[sab]);
  segB[sab] = v;
  const changes = new Map([
    [segmentKey(lo, hi), -1],
    [segmentKey(lo, v), sab],
    [segmentKey(hi, v), sNew],
  ]);
  const segments = withLookup({ count: S.count + 1, a: segA, b: segB, left, right, posSeg, conflicts: S.conflicts }, S, changes);

  const edgeNodes = new Int32Array(t.edgeNodes.length + 1);
  edgeNodes.set(t.edgeNodes.subarray(0, e0 + index));
  edgeNodes[e0 + index] = v;
  edgeNodes.set(t.edgeNodes.subarray(e0 + index), e0 + index + 1);
  const edgeNodeStart = t.edgeNodeStart.slice();
  for (let x = e + 1; x < edgeNodeStart.length; x++) edgeNodeStart[x]++;
  const nodeDegree = new Uint32Array(t.nodeCount + 1);
  nodeDegree.set(t.nodeDegree);
  nodeDegree[v] = 2;
  const patched: GridTopology = {
    ...t,
    rings: { nodes, ringStart, ringCell: view.ringCell, cellRingStart: view.cellRingStart },
    segments,
    nodeCount: t.nodeCount + 1,
    edgeNodeStart,
    edgeNodes,
    segmentEdge: grow(t.segmentEdge, e),
    nodeDegree,
  };
  carryNodeCells(
    t,
    patched,
    v,
    at.map((x) => view.ringCell[x.ring]),
  );
  return patched;
}

/**
 * The ring columns without the positions `at` (ascending, one per ring at most): copied in runs between them; the
 * position before each dropped one walks the merged segment `merged`, and segment `from` (held by the cells
 * `fromCells`) is renumbered `to` (from -1: none). Null where that does not hold.
 */
function dropPositions(
  view: RingsView,
  posSegOld: Int32Array,
  at: { ring: number; p: number }[],
  merged: number,
  from: number,
  to: number,
  fromCells: readonly number[],
): { nodes: Int32Array; posSeg: Int32Array; ringStart: Uint32Array } | null {
  const total = view.nodes.length - at.length;
  const nodes = new Int32Array(total);
  const posSeg = new Int32Array(total);
  let o = 0,
    start = 0;
  for (const { p } of at) {
    if (p < start) return null;
    nodes.set(view.nodes.subarray(start, p), o);
    posSeg.set(posSegOld.subarray(start, p), o);
    o += p - start;
    start = p + 1;
  }
  nodes.set(view.nodes.subarray(start), o);
  posSeg.set(posSegOld.subarray(start), o);
  const nRings = view.ringStart.length - 1;
  const ringStart = new Uint32Array(nRings + 1);
  let k = 0;
  for (let r = 0; r <= nRings; r++) {
    while (k < at.length && at[k].p < view.ringStart[r]) k++;
    ringStart[r] = view.ringStart[r] - k;
  }
  // Segment `from` lies only in the rings of the cells on its sides: renumbered there, not searched for in every ring.
  for (const c of fromCells) {
    if (c < 0) continue;
    for (let q = ringStart[view.cellRingStart[c]]; q < ringStart[view.cellRingStart[c + 1]]; q++) if (posSeg[q] === from) posSeg[q] = to;
  }
  for (let d = 0; d < at.length; d++) {
    const { ring, p } = at[d];
    const s = view.ringStart[ring],
      e = view.ringStart[ring + 1];
    if (e - s < 2 || (d > 0 && at[d - 1].ring === ring)) return null;
    const prev = p > s ? p - 1 : e - 1;
    // Its place after the drop: the dropped positions before it are the earlier ones, plus this one when it wraps.
    posSeg[prev - d - (prev > p ? 1 : 0)] = merged;
  }
  return { nodes, posSeg, ringStart };
}

/** Vertex `v`, strictly inside an edge, removed from every ring (as editGeometry's deleteVertex does). */
export function patchDeleteVertex(t: GridTopology, v: number): GridTopology | null {
  const view = t.rings;
  const S = t.segments;
  // The edge holding v and v's place in it.
  let p0 = -1;
  // Only the rings of v's cells hold it (the node -> cells table is there when an edit looked v up).
  for (const c of v >= 0 && v < t.nodeCount ? cellsOfNodeIn(t, v) : []) {
    for (let p = view.ringStart[view.cellRingStart[c]]; p < view.ringStart[view.cellRingStart[c + 1]] && p0 < 0; p++)
      if (view.nodes[p] === v) p0 = p;
    if (p0 >= 0) break;
  }
  if (p0 < 0 || t.nodeDegree[v] !== 2) return null;
  const e = t.segmentEdge[S.posSeg[p0]];
  const e0 = t.edgeNodeStart[e],
    e1 = t.edgeNodeStart[e + 1];
  let i = -1;
  for (let q = e0 + 1; q < e1 - 1; q++) if (t.edgeNodes[q] === v) i = q;
  if (i < 0) return null;
  const u = t.edgeNodes[i - 1],
    w = t.edgeNodes[i + 1];
  const s1 = S.lookup(u, v),
    s2 = S.lookup(v, w);
  // Segments claimed twice are numbered by position in `conflicts`: derive instead.
  if (u === w || s1 < 0 || s2 < 0 || S.lookup(u, w) >= 0 || S.conflicts.length > 0) return null;
  const at = positionsIn(view, [t.edgeLeft[e], t.edgeRight[e]], (x) => x === v);

  // Segment s1 becomes u-w (sides as the edge walks u->w); the last segment moves into s2's slot.
  const last = S.count - 1;
  const segA = S.a.slice(0, last),
    segB = S.b.slice(0, last),
    left = S.left.slice(0, last),
    right = S.right.slice(0, last),
    segmentEdge = t.segmentEdge.slice(0, last);
  const changes = new Map([
    [segmentKey(u, v), -1],
    [segmentKey(v, w), -1],
    [segmentKey(u, w), s1],
  ]);
  const put = (s: number, x: number, y: number, l: number, r: number, edge: number) => {
    segA[s] = Math.min(x, y);
    segB[s] = Math.max(x, y);
    left[s] = x < y ? l : r;
    right[s] = x < y ? r : l;
    segmentEdge[s] = edge;
  };
  // When s1 or s2 is the last segment nothing moves: u-w takes the other's slot.
  const moved = s1 !== last && s2 !== last;
  const s1Now = s1 === last ? s2 : s1;
  if (moved) {
    put(s2, S.a[last], S.b[last], S.left[last], S.right[last], t.segmentEdge[last]);
    changes.set(segmentKey(S.a[last], S.b[last]), s2);
  }
  put(s1Now, u, w, t.edgeLeft[e], t.edgeRight[e], e);
  changes.set(segmentKey(u, w), s1Now);

  const rebuilt = dropPositions(view, S.posSeg, at, s1Now, moved ? last : -1, s2, moved ? [S.left[last], S.right[last]] : []);
  if (!rebuilt) return null;
  const { nodes, posSeg, ringStart } = rebuilt;

  const edgeNodes = new Int32Array(t.edgeNodes.length - 1);
  edgeNodes.set(t.edgeNodes.subarray(0, i));
  edgeNodes.set(t.edgeNodes.subarray(i + 1), i);
  const edgeNodeStart = t.edgeNodeStart.slice();
  for (let x = e + 1; x < edgeNodeStart.length; x++) edgeNodeStart[x]--;
  const nodeDegree = t.nodeDegree.slice();
  nodeDegree[v] = 0;
  const segments = withLookup({ count: last, a: segA, b: segB, left, right, posSeg, conflicts: S.conflicts }, S, changes);
  const patched: GridTopology = {
    ...t,
    rings: { nodes, ringStart, ringCell: view.ringCell, cellRingStart: view.cellRingStart },
    segments,
    edgeNodeStart,
    edgeNodes,
    segmentEdge,
    nodeDegree,
  };
  carryNodeCells(t, patched, v, []);
  return patched;
}
