// The edit records: plain JSON, applied by applyOp, so undo/redo is exact and a log can be replayed.
// Coordinates are metres in the grid's GK zone (grid.frame.crs); nodes and edges are the ids of
// gridTopology(grid) of the grid the record is applied to.
import type { GridChange } from './changes';
import type { Grid } from './gridModel';
import type { Problem } from './problems';
import type { RestoreOp } from './restore';

/** Moves a node; every cell using it follows. */
export interface MoveVertexOp {
  type: 'moveVertex';
  node: number;
  to: [number, number];
}
/** Adds a vertex to edge `edge` between its vertices index-1 and index (1 ≤ index < vertex count), at `at`. */
export interface InsertVertexOp {
  type: 'insertVertex';
  edge: number;
  index: number;
  at: [number, number];
}
/** Removes a vertex inside an edge (a node joining exactly two segments). */
export interface DeleteVertexOp {
  type: 'deleteVertex';
  node: number;
}
/**
 * Splits an L3 cell along a line from its outer boundary to its outer boundary (ends within the snapping
 * tolerance of a node, or of a segment where a node is inserted, shared with the neighbour). The part on the
 * right of the line as drawn becomes the new cell `newId` (same parent), appended to the cell list.
 */
export interface SplitCellOp {
  type: 'splitCell';
  cell: string;
  line: [number, number][];
  newId: string;
  newName: string;
}
/** Merges `remove` into `keep` (they must share an edge); `keep` keeps its id, name and parent. */
export interface MergeCellsOp {
  type: 'mergeCells';
  keep: string;
  remove: string;
}
/** Moves an L3 cell to a neighbouring L2 (one of whose cells shares an edge with it). */
export interface MoveCellToParentOp {
  type: 'moveCellToParent';
  cell: string;
  parentId: string;
}
/** Renames any grid (L1, L2 or L3). */
export interface RenameOp {
  type: 'rename';
  id: string;
  name: string;
}
/** Changes any grid's parent: L3 to an L2, L2 to an L1 (no adjacency required); L1 takes null. */
export interface ChangeParentOp {
  type: 'changeParent';
  id: string;
  parentId: string | null;
}

export type GridOp =
  MoveVertexOp | InsertVertexOp | DeleteVertexOp | SplitCellOp | MergeCellsOp | MoveCellToParentOp | RenameOp | ChangeParentOp | RestoreOp;

export interface OpApplied {
  grid: Grid;
  /** applyOp(grid, inverse) gives back the input grid exactly. */
  inverse: GridOp;
  changed: GridChange;
}

export interface OpRefused {
  /** Why and where (type, ids, location in the input CRS, message). The input grid is untouched. */
  error: Problem;
}

export type OpResult = OpApplied | OpRefused;
