// The planar topology derived from the cells' node rings: unique segments with the cell on each side,
// edges (maximal polylines between junction nodes with the same two cells), and each cell's rings as
// loops of edges. Derived once per cells array and cached (it depends on node ids, not positions, so a
// moved node keeps it), so the grid itself stays small and plain.
import { ancestorsOf, type Grid, type GridCell } from './gridModel';

/** Every ring of every cell, flattened: ring r holds nodes[ringStart[r] .. ringStart[r + 1]). */
export interface RingsView {
  nodes: Int32Array;
  ringStart: Uint32Array;
  ringCell: Int32Array;
  /** Rings of cell c: cellRingStart[c] .. cellRingStart[c + 1]. */
  cellRingStart: Uint32Array;
}

export interface SegmentTable {
  count: number;
  /** End nodes, a < b. */
  a: Int32Array;
  b: Int32Array;
  /** Cell on the left of a→b and on the left of b→a (its right), -1 for none. */
  left: Int32Array;
  right: Int32Array;
  /** Segment of each ring position p (from nodes[p] to the ring's next node). */
  posSeg: Int32Array;
  /** Triples [segment, cellA, cellB]: both cells claim the same side of the segment (they overlap there). */
  conflicts: number[];
  /** Segment id of the node pair (either order), or -1. */
  lookup(u: number, v: number): number;
}

export interface GridTopology {
  rings: RingsView;
  segments: SegmentTable;
  nodeCount: number;
  edgeCount: number;
  /** Edge e is the polyline edgeNodes[edgeNodeStart[e] .. edgeNodeStart[e + 1]); first = last for a closed loop. */
  edgeNodeStart: Uint32Array;
  edgeNodes: Int32Array;
  /** Cell index on the left and right of the edge walked forward, -1 for outside. */
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Edge of each unique segment. */
  segmentEdge: Int32Array;
  /** Ring r of the grid (RingsView numbering) as edges ringEdges[ringEdgeStart[r] .. ringEdgeStart[r + 1]): e forward, ~e reversed. */
  ringEdgeStart: Uint32Array;
  ringEdges: Int32Array;
  /** Number of unique segments at each node (0 for an unused slot). */
  nodeDegree: Uint32Array;
}

export function flattenRings(grid: Grid): RingsView {
  let nRings = 0,
    nNodes = 0;
  for (const c of grid.cells) {
    nRings += c.rings.length;
    for (const r of c.rings) nNodes += r.length;
  }
  const nodes = new Int32Array(nNodes);
  const ringStart = new Uint32Array(nRings + 1);
  const ringCell = new Int32Array(nRings);
  const cellRingStart = new Uint32Array(grid.cells.length + 1);
  let r = 0,
    o = 0;
  grid.cells.forEach((c, ci) => {
    cellRingStart[ci] = r;
    for (const ring of c.rings) {
      ringStart[r] = o;
      ringCell[r++] = ci;
      nodes.set(ring, o);
      o += ring.length;
    }
  });
  ringStart[nRings] = o;
  cellRingStart[grid.cells.length] = r;
  return { nodes, ringStart, ringCell, cellRingStart };
}

/** Next position along the ring holding position p. */
export function nextPos(view: RingsView, ring: number, p: number): number {
  return p + 1 < view.ringStart[ring + 1] ? p + 1 : view.ringStart[ring];
}

/** Node ids stay below 2^26, so a node pair is one exact double whatever the node count. */
const KEY_BASE = 67_108_864;
export const segmentKey = (u: number, v: number): number => (u < v ? u * KEY_BASE + v : v * KEY_BASE + u);

export function buildSegmentTable(view: RingsView, nodeCount: number): SegmentTable {
  const { nodes, ringStart, ringCell } = view;
  const total = nodes.length;
  const a = new Int32Array(total),
    b = new Int32Array(total);
  const left = new Int32Array(total).fill(-1),
    right = new Int32Array(total).fill(-1);
  const posSeg = new Int32Array(total);
  const conflicts: number[] = [];
  const byKey = new Map<number, number>();
  if (nodeCount > KEY_BASE) throw new Error(`too many grid nodes: ${nodeCount}`);
  let count = 0;
  for (let r = 0; r + 1 < ringStart.length; r++) {
    const cell = ringCell[r];
    for (let p = ringStart[r]; p < ringStart[r + 1]; p++) {
      const u = nodes[p],
        v = nodes[nextPos(view, r, p)];
      const lo = u < v ? u : v,
        hi = u < v ? v : u;
      const key = lo * KEY_BASE + hi;
      let s = byKey.get(key);
      if (s === undefined) {
        s = count++;
        byKey.set(key, s);
        a[s] = lo;
        b[s] = hi;
      }
      posSeg[p] = s;
      // Walking u→v with the cell on the left: that is the left of a→b when u is a.
      const side = u === lo ? left : right;
      if (side[s] < 0) side[s] = cell;
      else conflicts.push(s, side[s], cell);
    }
  }
  return {
    count,
    a: a.slice(0, count),
    b: b.slice(0, count),
    left: left.slice(0, count),
    right: right.slice(0, count),
    posSeg,
    conflicts,
    lookup: (u, v) => byKey.get(segmentKey(u, v)) ?? -1,
  };
}

const cache = new WeakMap<readonly GridCell[], GridTopology>();

/** The topology of a grid value (computed on first use, then cached per cells array and node count). */
export function gridTopology(grid: Grid): GridTopology {
  let t = cache.get(grid.cells);
  if (!t || t.nodeCount !== grid.nodeXY.length >> 1) {
    t = deriveTopology(grid);
    cache.set(grid.cells, t);
  }
  return t;
}

/** Gives a grid value a topology an edit patched from its input's (it must equal what deriving would give). */
export function seedTopology(grid: Grid, topo: GridTopology): void {
  if (topo.nodeCount === grid.nodeXY.length >> 1) cache.set(grid.cells, topo);
}

const nodeCellsCache = new WeakMap<GridTopology, { start: Uint32Array; cells: Int32Array }>();

/** The cells using each node, ascending (CSR: cells[start[v] .. start[v + 1])), derived once per topology. */
export function nodeCells(topo: GridTopology): { start: Uint32Array; cells: Int32Array } {
  let out = nodeCellsCache.get(topo);
  if (!out) {
    const { nodes, ringStart, ringCell } = topo.rings;
    const n = topo.nodeCount;
    const start = new Uint32Array(n + 1);
    const last = new Int32Array(n).fill(-1);
    // Rings come in cell order, so "the last cell seen at this node" removes repeats.
    for (let r = 0; r + 1 < ringStart.length; r++)
      for (let p = ringStart[r]; p < ringStart[r + 1]; p++)
        if (last[nodes[p]] !== ringCell[r]) {
          last[nodes[p]] = ringCell[r];
          start[nodes[p] + 1]++;
        }
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const cells = new Int32Array(start[n]);
    const fill = start.slice(0, n);
    last.fill(-1);
    for (let r = 0; r + 1 < ringStart.length; r++)
      for (let p = ringStart[r]; p < ringStart[r + 1]; p++)
        if (last[nodes[p]] !== ringCell[r]) {
          last[nodes[p]] = ringCell[r];
          cells[fill[nodes[p]]++] = ringCell[r];
        }
    out = { start, cells };
    nodeCellsCache.set(topo, out);
  }
  return out;
}

/**
 * Gives `to`, patched from `from` by one vertex insert (`node` new, used by `cells`) or delete (`node` no longer
 * used), the node → cells table of `from` patched the same way, when `from` has one (a copy, not a rebuild).
 */
export function carryNodeCells(from: GridTopology, to: GridTopology, node: number, cells: readonly number[]): void {
  const table = nodeCellsCache.get(from);
  if (!table || nodeCellsCache.has(to)) return;
  const { start, cells: list } = table;
  const n = from.nodeCount;
  if (node === n && to.nodeCount === n + 1) {
    const added = [...new Set(cells)].filter((c) => c >= 0).sort((x, y) => x - y);
    const nextStart = new Uint32Array(n + 2);
    nextStart.set(start);
    nextStart[n + 1] = start[n] + added.length;
    const nextCells = new Int32Array(list.length + added.length);
    nextCells.set(list);
    nextCells.set(added, list.length);
    nodeCellsCache.set(to, { start: nextStart, cells: nextCells });
  } else if (node >= 0 && node < n && to.nodeCount === n) {
    const k = start[node + 1] - start[node];
    const nextCells = new Int32Array(list.length - k);
    nextCells.set(list.subarray(0, start[node]));
    nextCells.set(list.subarray(start[node + 1]), start[node]);
    const nextStart = start.slice();
    for (let v = node + 1; v <= n; v++) nextStart[v] -= k;
    nodeCellsCache.set(to, { start: nextStart, cells: nextCells });
  }
}

/** Indices of the cells using `node`, ascending. */
export function cellsOfNodeIn(topo: GridTopology, node: number): Int32Array {
  const { start, cells } = nodeCells(topo);
  return node >= 0 && node < topo.nodeCount ? cells.subarray(start[node], start[node + 1]) : new Int32Array(0);
}

export function deriveTopology(grid: Grid): GridTopology {
  const nodeCount = grid.nodeXY.length >> 1;
  const view = flattenRings(grid);
  const seg = buildSegmentTable(view, nodeCount);
  const { nodes, ringStart, ringCell } = view;

  // Degree, and the first two segments of each node (enough to test a degree-2 node).
  const degree = new Uint32Array(nodeCount);
  const inc = new Int32Array(nodeCount * 2).fill(-1);
  for (let s = 0; s < seg.count; s++) {
    for (const v of [seg.a[s], seg.b[s]]) {
      if (degree[v] < 2) inc[v * 2 + degree[v]] = s;
      degree[v]++;
    }
  }
  // Sides of segment s walked from node `from`: [left, right].
  const sidesFrom = (s: number, from: number): [number, number] =>
    seg.a[s] === from ? [seg.left[s], seg.right[s]] : [seg.right[s], seg.left[s]];
  const junction = new Uint8Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    if (degree[v] === 0) continue;
    if (degree[v] !== 2) {
      junction[v] = 1;
      continue;
    }
    const s1 = inc[v * 2],
      s2 = inc[v * 2 + 1];
    const u = seg.a[s1] === v ? seg.b[s1] : seg.a[s1];
    const [l1, r1] = sidesFrom(s1, u);
    const [l2, r2] = sidesFrom(s2, v);
    if (l1 !== l2 || r1 !== r2) junction[v] = 1;
  }

  const segmentEdge = new Int32Array(seg.count).fill(-1);
  const edgeNodes: number[] = [];
  const edgeNodeStart: number[] = [];
  const edgeLeft: number[] = [];
  const edgeRight: number[] = [];
  const nRings = ringStart.length - 1;
  const walk = (r: number, p: number) => {
    const e = edgeNodeStart.length;
    edgeNodeStart.push(edgeNodes.length);
    const s0 = seg.posSeg[p];
    edgeLeft.push(ringCell[r]);
    edgeRight.push(sidesFrom(s0, nodes[p])[1]);
    edgeNodes.push(nodes[p]);
    let q = p;
    for (let steps = 0; steps < ringStart[r + 1] - ringStart[r]; steps++) {
      segmentEdge[seg.posSeg[q]] = e;
      q = nextPos(view, r, q);
      edgeNodes.push(nodes[q]);
      if (junction[nodes[q]] || segmentEdge[seg.posSeg[q]] >= 0) break;
    }
  };
  for (let r = 0; r < nRings; r++) {
    for (let p = ringStart[r]; p < ringStart[r + 1]; p++) {
      if (segmentEdge[seg.posSeg[p]] < 0 && junction[nodes[p]]) walk(r, p);
    }
  }
  // Closed loops without a junction (an island cell and the hole around it): start at the first free position.
  for (let r = 0; r < nRings; r++) {
    for (let p = ringStart[r]; p < ringStart[r + 1]; p++) {
      if (segmentEdge[seg.posSeg[p]] >= 0) continue;
      junction[nodes[p]] = 1;
      walk(r, p);
    }
  }
  edgeNodeStart.push(edgeNodes.length);
  const edgeStart = Uint32Array.from(edgeNodeStart);
  const eNodes = Int32Array.from(edgeNodes);

  // Each ring as a loop of signed edges, starting at its first junction.
  const ringEdgeStart = new Uint32Array(nRings + 1);
  const ringEdges: number[] = [];
  for (let r = 0; r < nRings; r++) {
    ringEdgeStart[r] = ringEdges.length;
    const s = ringStart[r],
      n = ringStart[r + 1] - s;
    let p0 = s;
    while (p0 < s + n && !junction[nodes[p0]]) p0++;
    if (p0 === s + n) p0 = s;
    let done = 0,
      q = p0;
    while (done < n) {
      const e = segmentEdge[seg.posSeg[q]];
      const e0 = edgeStart[e],
        len = edgeStart[e + 1] - e0 - 1;
      const forward = eNodes[e0] === nodes[q] && eNodes[e0 + 1] === nodes[nextPos(view, r, q)];
      ringEdges.push(forward ? e : ~e);
      const step = Math.max(1, Math.min(len, n - done));
      for (let k = 0; k < step; k++) q = nextPos(view, r, q);
      done += step;
    }
  }
  ringEdgeStart[nRings] = ringEdges.length;
  return {
    rings: view,
    segments: seg,
    nodeCount,
    edgeCount: edgeLeft.length,
    edgeNodeStart: edgeStart,
    edgeNodes: eNodes,
    edgeLeft: Int32Array.from(edgeLeft),
    edgeRight: Int32Array.from(edgeRight),
    segmentEdge,
    ringEdgeStart,
    ringEdges: Int32Array.from(ringEdges),
    nodeDegree: degree,
  };
}

/** Node ids of edge e, in its direction. */
export function edgeNodeIds(topo: GridTopology, e: number): Int32Array {
  return topo.edgeNodes.subarray(topo.edgeNodeStart[e], topo.edgeNodeStart[e + 1]);
}

/** The edge holding segment u–v, or -1. */
export function edgeOfSegment(topo: GridTopology, u: number, v: number): number {
  const s = topo.segments.lookup(u, v);
  return s < 0 ? -1 : topo.segmentEdge[s];
}

/**
 * Edges on the boundary of a level's grids: where the two sides belong to different level-`level`
 * ancestors (outside counts as different). Level 3 gives every edge.
 */
export function levelBoundaryEdges(grid: Grid, level: 1 | 2 | 3): Int32Array {
  const topo = gridTopology(grid);
  const owner = grid.cells.map((c) => (level === 3 ? c.id : level === 2 ? ancestorsOf(grid, c).l2 : ancestorsOf(grid, c).l1) ?? `?${c.id}`);
  const out: number[] = [];
  for (let e = 0; e < topo.edgeCount; e++) {
    const l = topo.edgeLeft[e],
      r = topo.edgeRight[e];
    if (l < 0 || r < 0 || owner[l] !== owner[r]) out.push(e);
  }
  return Int32Array.from(out);
}
