// Grid records edited as whole features (OGC API Features Part 4: create, replace, update, delete an L3 cell), as one
// `restore` edit record each, so they are checked, logged, undone and replayed like every other edit. A replaced
// geometry moves the cell's own vertices (neighbours sharing a vertex follow, as in the editor); adding or removing
// vertices, splits and merges are edits of their own (insertVertex, splitCell…), not feature replacements.
import { cellIndexById, findArea, ringSignedAreaM2, type Grid } from './gridModel';
import type { GridCellJson, RestoreOp } from './restore';

/** A cell's new record: rings in grid metres (closed or open, any start vertex). */
export interface CellFeature {
  id: string;
  name: string;
  parentId: string | null;
  props?: Record<string, unknown>;
  rings: [number, number][][];
  /** Which rings are outer rings (a MultiPolygon's first ring of each part); default: the first only. */
  outer?: boolean[];
}

/** Positions closer than this to a vertex's are that vertex unmoved (coordinates round-tripped through lon/lat). */
const UNMOVED_M = 0.001;

export type FeatureEdit = { op: RestoreOp } | { error: string };

const open = (ring: [number, number][]) =>
  ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;

function ringProblem(ring: [number, number][]): string | null {
  if (!Array.isArray(ring) || ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])))
    return 'a ring has a position that is not two finite numbers';
  if (open(ring).length < 3) return 'a ring has fewer than 3 distinct positions';
  return null;
}

function parentProblem(grid: Grid, parentId: string | null): string | null {
  const parent = parentId ? findArea(grid, parentId) : undefined;
  return parent && parent.level === 2 ? null : `the parent "${parentId}" is not an L2 grid`;
}

/** The rotation (and direction) of `target` that lies closest to the ring of nodes `ring`. */
function alignRing(xy: Float64Array, ring: Int32Array, target: [number, number][]): [number, number][] {
  const n = ring.length;
  let best: [number, number][] = target,
    bestCost = Infinity;
  for (const seq of [target, [...target].reverse()]) {
    for (let s = 0; s < n; s++) {
      let cost = 0;
      for (let i = 0; i < n && cost < bestCost; i++) {
        const [x, y] = seq[(i + s) % n];
        cost += (x - xy[ring[i] * 2]) ** 2 + (y - xy[ring[i] * 2 + 1]) ** 2;
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = Array.from({ length: n }, (_, i) => seq[(i + s) % n]);
      }
    }
  }
  return best;
}

/** Replaces an L3 cell's record and, when `rings` differ, moves its vertices (same vertex count per ring). */
export function replaceCellOp(grid: Grid, f: CellFeature): FeatureEdit {
  const index = cellIndexById(grid).get(f.id);
  if (index === undefined) return { error: `${f.id} is not an L3 cell of the grid` };
  const cell = grid.cells[index];
  const parentBad = parentProblem(grid, f.parentId);
  if (parentBad) return { error: parentBad };
  const nodes: [number, number, number][] = [];
  if (f.rings.length !== cell.rings.length)
    return { error: `${f.id} has ${cell.rings.length} ring(s); a replacement must keep them (splits and merges are edits of their own)` };
  for (let r = 0; r < cell.rings.length; r++) {
    const bad = ringProblem(f.rings[r]);
    if (bad) return { error: `${f.id}: ${bad}` };
    const target = open(f.rings[r]);
    const ring = cell.rings[r];
    if (target.length !== ring.length)
      return {
        error: `${f.id}: ring ${r} has ${ring.length} vertices and the replacement ${target.length}; vertices are added or removed by insertVertex/deleteVertex edits`,
      };
    const aligned = alignRing(grid.nodeXY, ring, target);
    for (let i = 0; i < ring.length; i++) {
      const v = ring[i];
      const [x, y] = aligned[i];
      // A vertex sent back where it is (through lon/lat and back: off by far less than a millimetre) stays.
      if (Math.hypot(x - grid.nodeXY[v * 2], y - grid.nodeXY[v * 2 + 1]) > UNMOVED_M) nodes.push([v, x, y]);
    }
  }
  const json: GridCellJson = { id: cell.id, name: f.name, parentId: f.parentId, rings: cell.rings.map((r) => Array.from(r)) };
  if (f.props && Object.keys(f.props).length) json.props = { ...f.props };
  return { op: { type: 'restore', nodeCount: grid.nodeXY.length >> 1, nodes, removeCells: [], putCells: [{ index, cell: json }] } };
}

/** Takes an L3 cell out of the grid (the checks refuse it where that empties its parent). */
export function deleteCellOp(grid: Grid, id: string): FeatureEdit {
  if (!cellIndexById(grid).has(id)) return { error: `${id} is not an L3 cell of the grid` };
  return { op: { type: 'restore', nodeCount: grid.nodeXY.length >> 1, nodes: [], removeCells: [id], putCells: [] } };
}

/**
 * Adds an L3 cell (filling a gap): each vertex within the grid's snapping tolerance of an existing node becomes that
 * node, the others new nodes; outer rings counter-clockwise, holes clockwise.
 */
export function createCellOp(grid: Grid, f: CellFeature): FeatureEdit {
  if (cellIndexById(grid).has(f.id) || findArea(grid, f.id)) return { error: `a grid with id ${f.id} exists already` };
  if (!f.id || typeof f.id !== 'string') return { error: 'a new cell needs an id' };
  const parentBad = parentProblem(grid, f.parentId);
  if (parentBad) return { error: parentBad };
  if (!f.rings.length) return { error: `${f.id} has no geometry` };
  const xy = grid.nodeXY;
  const count = xy.length >> 1;
  const tol2 = grid.options.snapM ** 2;
  const added: [number, number, number][] = [];
  const nodeAt = (x: number, y: number): number => {
    for (let v = 0; v < count; v++) if ((xy[v * 2] - x) ** 2 + (xy[v * 2 + 1] - y) ** 2 <= tol2) return v;
    for (const [v, ax, ay] of added) if ((ax - x) ** 2 + (ay - y) ** 2 <= tol2) return v;
    added.push([count + added.length, x, y]);
    return count + added.length - 1;
  };
  const rings: number[][] = [];
  for (let r = 0; r < f.rings.length; r++) {
    const bad = ringProblem(f.rings[r]);
    if (bad) return { error: `${f.id}: ${bad}` };
    const ids = open(f.rings[r]).map(([x, y]) => nodeAt(x, y));
    rings.push(ids);
  }
  const all = new Float64Array((count + added.length) * 2);
  all.set(xy);
  for (const [v, x, y] of added) all.set([x, y], v * 2);
  rings.forEach((ring, r) => {
    const ccw = ringSignedAreaM2(all, ring) > 0;
    if (ccw !== (f.outer?.[r] ?? r === 0)) ring.reverse();
  });
  const json: GridCellJson = { id: f.id, name: f.name, parentId: f.parentId, rings };
  if (f.props && Object.keys(f.props).length) json.props = { ...f.props };
  return {
    op: {
      type: 'restore',
      nodeCount: count + added.length,
      nodes: added,
      removeCells: [],
      putCells: [{ index: grid.cells.length, cell: json }],
    },
  };
}
