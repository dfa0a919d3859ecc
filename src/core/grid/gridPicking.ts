// What is under the editor's cursor, in grid metres: the nearest node, the nearest point on an edge
// (where a vertex would be inserted), the cell containing a point. Snapping for drags and split lines.
// Segment boxes are indexed once per grid value, so a query costs a few dozen segment tests at any scale.
import Flatbush from 'flatbush';
import { pointInCell, type Grid } from './gridModel';
import { cellsOfNodeIn, gridTopology } from './topology';
import { cellBoxIndex } from './validateGrid';

export interface NodeHit {
  node: number;
  x: number;
  y: number;
  distM: number;
}

export interface EdgeHit {
  edge: number;
  /** insertVertex's index: the point lies between vertices index-1 and index of the edge. */
  index: number;
  /** Unique segment id (gridTopology(grid).segments). */
  segment: number;
  x: number;
  y: number;
  distM: number;
}

export type Snap =
  | { kind: 'node'; x: number; y: number; node: number }
  | { kind: 'edge'; x: number; y: number; edge: number; index: number }
  | { kind: 'free'; x: number; y: number };

const segmentIndexCache = new WeakMap<Grid, Flatbush>();
const cellIndexCache = new WeakMap<Grid, Flatbush>();

function segmentIndex(grid: Grid): Flatbush {
  let index = segmentIndexCache.get(grid);
  if (!index) {
    const { segments: s } = gridTopology(grid);
    const xy = grid.nodeXY;
    index = new Flatbush(Math.max(1, s.count));
    for (let k = 0; k < s.count; k++) {
      const ax = xy[s.a[k] * 2],
        ay = xy[s.a[k] * 2 + 1],
        bx = xy[s.b[k] * 2],
        by = xy[s.b[k] * 2 + 1];
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    if (s.count === 0) index.add(0, 0, 0, 0);
    index.finish();
    segmentIndexCache.set(grid, index);
  }
  return index;
}

function segmentsNear(grid: Grid, x: number, y: number, tolM: number): number[] {
  if (gridTopology(grid).segments.count === 0) return [];
  return segmentIndex(grid).search(x - tolM, y - tolM, x + tolM, y + tolM);
}

/** The node nearest to (x, y) within tolM, other than `exclude`; null when none. */
export function nearestNode(grid: Grid, x: number, y: number, tolM: number, exclude = -1): NodeHit | null {
  const { segments: s } = gridTopology(grid);
  const xy = grid.nodeXY;
  let best: NodeHit | null = null;
  for (const k of segmentsNear(grid, x, y, tolM)) {
    for (const v of [s.a[k], s.b[k]]) {
      if (v === exclude) continue;
      const d = Math.hypot(xy[v * 2] - x, xy[v * 2 + 1] - y);
      if (d <= tolM && (!best || d < best.distM)) best = { node: v, x: xy[v * 2], y: xy[v * 2 + 1], distM: d };
    }
  }
  return best;
}

/** The nearest point within tolM on a segment not ending at `excludeNode`; null when none. */
export function nearestEdgePoint(grid: Grid, x: number, y: number, tolM: number, excludeNode = -1): EdgeHit | null {
  const topo = gridTopology(grid);
  const { segments: s } = topo;
  const xy = grid.nodeXY;
  let best: { k: number; x: number; y: number; d: number } | null = null;
  for (const k of segmentsNear(grid, x, y, tolM)) {
    const a = s.a[k],
      b = s.b[k];
    if (a === excludeNode || b === excludeNode) continue;
    const ax = xy[a * 2],
      ay = xy[a * 2 + 1],
      dx = xy[b * 2] - ax,
      dy = xy[b * 2 + 1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    const px = ax + t * dx,
      py = ay + t * dy;
    const d = Math.hypot(px - x, py - y);
    if (d <= tolM && (!best || d < best.d)) best = { k, x: px, y: py, d };
  }
  if (!best) return null;
  const edge = topo.segmentEdge[best.k];
  const e0 = topo.edgeNodeStart[edge],
    e1 = topo.edgeNodeStart[edge + 1];
  const a = s.a[best.k],
    b = s.b[best.k];
  let index = -1;
  for (let p = e0; p + 1 < e1; p++) {
    const u = topo.edgeNodes[p],
      v = topo.edgeNodes[p + 1];
    if ((u === a && v === b) || (u === b && v === a)) {
      index = p - e0 + 1;
      break;
    }
  }
  return { edge, index, segment: best.k, x: best.x, y: best.y, distM: best.d };
}

/** A node within tolM wins, then a point on an edge, else the point itself. */
export function snapPoint(grid: Grid, x: number, y: number, tolM: number, excludeNode = -1): Snap {
  const node = nearestNode(grid, x, y, tolM, excludeNode);
  if (node) return { kind: 'node', x: node.x, y: node.y, node: node.node };
  const edge = nearestEdgePoint(grid, x, y, tolM, excludeNode);
  if (edge) return { kind: 'edge', x: edge.x, y: edge.y, edge: edge.edge, index: edge.index };
  return { kind: 'free', x, y };
}

function cellIndex(grid: Grid): Flatbush {
  let index = cellIndexCache.get(grid);
  if (!index) {
    index = cellBoxIndex(grid);
    cellIndexCache.set(grid, index);
  }
  return index;
}

/** Index of the L3 cell containing (x, y), -1 outside every cell (the lowest index where cells overlap). */
export function cellAtPoint(grid: Grid, x: number, y: number): number {
  if (grid.cells.length === 0) return -1;
  const hits = cellIndex(grid)
    .search(x, y, x, y)
    .sort((a, b) => a - b);
  return hits.find((c) => pointInCell(grid.nodeXY, grid.cells[c], x, y)) ?? -1;
}

/** Ids of the cells using a node (every cell a move of it reshapes). */
export function cellsOfNode(grid: Grid, node: number): number[] {
  return Array.from(cellsOfNodeIn(gridTopology(grid), node));
}

/**
 * The cells whose box meets the box (x0, y0)–(x1, y1), plus their topology neighbours (every cell sharing
 * a node with one), ascending; null when more than `limit` cells meet the box (a view too far out to edit).
 */
export function cellsNearBox(grid: Grid, x0: number, y0: number, x1: number, y1: number, limit: number): number[] | null {
  if (grid.cells.length === 0) return [];
  const inView = cellIndex(grid).search(x0, y0, x1, y1);
  if (inView.length > limit) return null;
  const topo = gridTopology(grid);
  const out = new Set(inView);
  for (const c of inView) for (const ring of grid.cells[c].rings) for (const v of ring) for (const n of cellsOfNodeIn(topo, v)) out.add(n);
  return [...out].sort((a, b) => a - b);
}
