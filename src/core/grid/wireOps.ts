// Edit records between a browser and the shared grid's server. Edge ids are renumbered by every structural edit, so
// a record made on one grid value cannot name an edge on another: on the wire an inserted vertex names the segment it
// goes into by its two nodes (node ids are stable), and is resolved on the grid it is applied to. Every other record
// travels as it is. The server keeps the wire form in its log; every client replays that log in order.
import { replayOp } from './applyOp';
import type { GridOp, InsertVertexOp } from './gridOp';
import { nodeCount, type Grid } from './gridModel';
import { edgeNodeIds, edgeOfSegment, gridTopology } from './topology';

/** insertVertex on the wire: the new vertex goes between nodes `between[0]` and `between[1]`, adjacent on an edge. */
export interface WireInsertVertexOp {
  type: 'insertVertex';
  between: [number, number];
  at: [number, number];
}

export type WireOp = Exclude<GridOp, InsertVertexOp> | WireInsertVertexOp;

export class WireOpError extends Error {}

/** The wire form of an edit record made on `grid`. */
export function toWire(grid: Grid, op: GridOp): WireOp {
  if (op.type !== 'insertVertex') return op;
  const topo = gridTopology(grid);
  if (!(op.edge >= 0 && op.edge < topo.edgeNodeStart.length - 1)) throw new WireOpError(`edge ${op.edge} does not exist`);
  const nodes = edgeNodeIds(topo, op.edge);
  if (!(op.index >= 1 && op.index < nodes.length)) throw new WireOpError(`index ${op.index} is outside edge ${op.edge}`);
  return { type: 'insertVertex', between: [nodes[op.index - 1], nodes[op.index]], at: op.at };
}

/**
 * The edit record a wire record means on `grid`. A `restore` never shrinks the node table (slots added since by other
 * people's edits stay; a slot nobody uses is harmless), so undoing a structural edit cannot cut their nodes away.
 */
export function fromWire(grid: Grid, op: WireOp): GridOp {
  if (op?.type === 'restore') {
    const count = nodeCount(grid);
    return op.nodeCount >= count ? op : { ...op, nodeCount: count };
  }
  if (op?.type !== 'insertVertex' || !('between' in op)) return op as GridOp;
  const pair: unknown[] = Array.isArray(op.between) ? op.between : [];
  const [a, b] = pair;
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b))
    throw new WireOpError('insertVertex needs "between": two node ids');
  const topo = gridTopology(grid);
  const e = edgeOfSegment(topo, a, b);
  if (e < 0) throw new WireOpError(`nodes ${a} and ${b} are not adjacent on any edge any more`);
  const nodes = edgeNodeIds(topo, e);
  for (let i = 1; i < nodes.length; i++) {
    if ((nodes[i - 1] === a && nodes[i] === b) || (nodes[i - 1] === b && nodes[i] === a))
      return { type: 'insertVertex', edge: e, index: i, at: op.at };
  }
  throw new WireOpError(`nodes ${a} and ${b} are not adjacent on edge ${e}`);
}

/**
 * Replays a log of wire records from `grid`, each resolved on the grid it is applied to and checked as when it was
 * made; stops at the first that does not apply (`applied` records in `grid`, `error` says why).
 */
export function replayWire(grid: Grid, wires: readonly WireOp[]): { grid: Grid; applied: number; error: string | null } {
  let g = grid;
  for (let i = 0; i < wires.length; i++) {
    let op: GridOp;
    try {
      op = fromWire(g, wires[i]);
    } catch (err) {
      return { grid: g, applied: i, error: (err as Error).message };
    }
    const r = replayOp(g, op);
    if ('error' in r) return { grid: g, applied: i, error: r.error.message };
    g = r.grid;
  }
  return { grid: g, applied: wires.length, error: null };
}
