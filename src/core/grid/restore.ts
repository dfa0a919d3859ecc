// The `restore` record: what an edit changed, as plain JSON that puts the earlier grid back exactly.
// Structural edits (insert/delete vertex, split, merge) are undone with it.
import { cellIndexById, type Grid, type GridCell } from './gridModel';

/** A cell as plain JSON (rings as arrays of node ids). */
export interface GridCellJson {
  id: string;
  name: string;
  parentId: string | null;
  rings: number[][];
  props?: Record<string, unknown>;
}

export interface RestoreOp {
  type: 'restore';
  /** Node slots afterwards: the node table is cut or grown to this length. */
  nodeCount: number;
  /** [node, x, y] to set (metres), after resizing. */
  nodes: [number, number, number][];
  /** L3 ids taken out. */
  removeCells: string[];
  /** Cells put at their index, replacing the cell of that id (ascending index). */
  putCells: { index: number; cell: GridCellJson }[];
}

export function cellToJson(c: GridCell): GridCellJson {
  const out: GridCellJson = { id: c.id, name: c.name, parentId: c.parentId, rings: c.rings.map((r) => Array.from(r)) };
  if (c.props) out.props = { ...c.props };
  return out;
}

export function cellFromJson(c: GridCellJson): GridCell {
  const out: { -readonly [K in keyof GridCell]: GridCell[K] } = {
    id: c.id,
    name: c.name,
    parentId: c.parentId,
    rings: c.rings.map((r) => Int32Array.from(r)),
  };
  if (c.props) out.props = { ...c.props };
  return out;
}

/** The record that turns `current` back into `earlier` (cells keep their relative order in every edit). */
export function restoreOp(earlier: Grid, current: Grid): RestoreOp {
  const a = earlier.nodeXY,
    b = current.nodeXY;
  const nodes: [number, number, number][] = [];
  if (a !== b) {
    for (let v = 0; v < a.length >> 1; v++) {
      if (v * 2 >= b.length || !Object.is(a[v * 2], b[v * 2]) || !Object.is(a[v * 2 + 1], b[v * 2 + 1]))
        nodes.push([v, a[v * 2], a[v * 2 + 1]]);
    }
  }
  // The id indexes are cached per cells array (and carried over an edit), so a small edit costs no new map.
  const currentIndex = cellIndexById(current),
    earlierIndex = cellIndexById(earlier);
  const now = current.cells;
  const putCells: RestoreOp['putCells'] = [];
  earlier.cells.forEach((c, index) => {
    const same = index < now.length && now[index].id === c.id ? now[index] : now[currentIndex.get(c.id) ?? -1];
    if (same !== c) putCells.push({ index, cell: cellToJson(c) });
  });
  return {
    type: 'restore',
    nodeCount: a.length >> 1,
    nodes,
    removeCells: now
      .filter((c, i) => !(i < earlier.cells.length && earlier.cells[i].id === c.id) && !earlierIndex.has(c.id))
      .map((c) => c.id),
    putCells,
  };
}

/** Applies a restore record (checked for shape; the edit checks run in applyOp). */
export function applyRestore(grid: Grid, op: RestoreOp): { grid: Grid; touched: string[] } {
  const n = op.nodeCount;
  if (!Number.isInteger(n) || n < 0) throw new Error(`restore: nodeCount must be a non-negative integer, got ${n}`);
  let nodeXY = grid.nodeXY;
  const moved = new Set<number>();
  if (op.nodes.length || n !== grid.nodeXY.length >> 1) {
    nodeXY = new Float64Array(n * 2);
    nodeXY.set(grid.nodeXY.subarray(0, Math.min(grid.nodeXY.length, n * 2)));
    for (const [v, x, y] of op.nodes) {
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`restore: node ${v} is outside the ${n} node slots`);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`restore: node ${v} gets a non-finite position`);
      nodeXY[v * 2] = x;
      nodeXY[v * 2 + 1] = y;
      moved.add(v);
    }
  }
  const replaced = new Set([...op.removeCells, ...op.putCells.map((p) => p.cell.id)]);
  const cells: GridCell[] = grid.cells.filter((c) => !replaced.has(c.id));
  const puts = [...op.putCells].sort((p, q) => p.index - q.index);
  for (const { index, cell } of puts) {
    if (!Number.isInteger(index) || index < 0 || index > cells.length)
      throw new Error(`restore: index ${index} of ${cell.id} is outside the cell list`);
    for (const r of cell.rings)
      for (const v of r) if (!(v >= 0 && v < n)) throw new Error(`restore: ${cell.id} uses node ${v}, beyond the ${n} node slots`);
    cells.splice(index, 0, cellFromJson(cell));
  }
  const touched = new Set(puts.map((p) => p.cell.id));
  if (moved.size) for (const c of cells) if (c.rings.some((r) => r.some((v) => moved.has(v)))) touched.add(c.id);
  return { grid: { ...grid, nodeXY, cells }, touched: [...touched] };
}

/**
 * The record that gives the L3 cell `id` of `current` the shape, name and parent it had in `past` (an earlier value of
 * the same grid: node ids are shared): its nodes moved back (neighbours sharing them follow) and its record put back.
 * Null when the cell is not in both (it was split off, merged away or added since: restore by undoing those edits).
 */
export function restoreCellOp(current: Grid, past: Grid, id: string): RestoreOp | null {
  const now = cellIndexById(current).get(id);
  const then = cellIndexById(past).get(id);
  if (now === undefined || then === undefined) return null;
  const cell = past.cells[then];
  const count = current.nodeXY.length >> 1;
  const nodes: [number, number, number][] = [];
  const seen = new Set<number>();
  for (const r of cell.rings) {
    for (const v of r) {
      if (seen.has(v)) continue;
      seen.add(v);
      if (v >= count) return null;
      const x = past.nodeXY[v * 2],
        y = past.nodeXY[v * 2 + 1];
      if (!Object.is(x, current.nodeXY[v * 2]) || !Object.is(y, current.nodeXY[v * 2 + 1])) nodes.push([v, x, y]);
    }
  }
  return { type: 'restore', nodeCount: count, nodes, removeCells: [], putCells: [{ index: now, cell: cellToJson(cell) }] };
}
