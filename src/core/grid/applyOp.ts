// applyOp: one edit record on a grid value -> the new grid, its exact inverse and what changed, or a
// refusal saying why and where. Pure: the input grid is never modified.
import { gridChange } from './changes';
import { editProblems } from './editChecks';
import { deleteVertex, EditError, insertVertex, mergeCells, moveVertex, splitCell, where, type Edit } from './editGeometry';
import { changeParent, moveCellToParent, rename } from './editRecords';
import type { GridOp, OpResult } from './gridOp';
import type { Grid } from './gridModel';
import { applyRestore, restoreOp } from './restore';
import { problem, type Problem } from './problems';

/** The edit itself, without its checks (throws EditError when the record does not apply). */
export function executeOp(grid: Grid, op: GridOp): Edit {
  switch (op.type) {
    case 'moveVertex':
      return moveVertex(grid, op);
    case 'insertVertex':
      return insertVertex(grid, op);
    case 'deleteVertex':
      return deleteVertex(grid, op);
    case 'splitCell':
      return splitCell(grid, op);
    case 'mergeCells':
      return mergeCells(grid, op);
    case 'moveCellToParent':
      return moveCellToParent(grid, op);
    case 'rename':
      return rename(grid, op);
    case 'changeParent':
      return changeParent(grid, op);
    case 'restore': {
      const r = applyRestore(grid, op);
      return { grid: r.grid, touched: r.touched, records: true };
    }
    default:
      throw new Error(`unknown operation type "${(op as { type?: unknown })?.type}"`);
  }
}

/** A short English description of an edit, for messages and change logs. */
export function describeOp(grid: Grid, op: GridOp): string {
  const at = (p: unknown) =>
    Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? where(grid, p[0], p[1]) : JSON.stringify(p);
  switch (op?.type) {
    case 'moveVertex':
      return `moving node ${op.node} to ${at(op.to)}`;
    case 'insertVertex':
      return `inserting a vertex into edge ${op.edge} at ${at(op.at)}`;
    case 'deleteVertex':
      return `deleting node ${op.node}`;
    case 'splitCell':
      return `splitting ${op.cell} (new cell ${op.newId})`;
    case 'mergeCells':
      return `merging ${op.remove} into ${op.keep}`;
    case 'moveCellToParent':
      return `moving ${op.cell} to ${op.parentId}`;
    case 'rename':
      return `renaming ${op.id} to "${op.name}"`;
    case 'changeParent':
      return `changing the parent of ${op.id} to ${op.parentId}`;
    case 'restore':
      return `restoring ${op.putCells.length + op.removeCells.length} cell(s) and ${op.nodes.length} node(s)`;
    default:
      return `operation ${JSON.stringify(op)}`;
  }
}

// The most telling evidence first: what overlaps where, then what folds, then what comes too close.
const EDIT_ORDER = ['overlap', 'self-intersection', 'too-close'];
const rank = (p: Problem) => (EDIT_ORDER.includes(p.type) ? EDIT_ORDER.indexOf(p.type) : EDIT_ORDER.length);

/**
 * Applies an edit. Refused (grid untouched) when the record does not apply or when it would add a
 * problem around the cells it changes: overlap, self-intersection, a node within the snapping tolerance
 * of an edge it is not on, a cell below the minimum area, a broken or emptied parent.
 */
export function applyOp(grid: Grid, op: GridOp): OpResult {
  const r = checkedEdit(grid, op);
  if ('error' in r) return r;
  return { grid: r.grid, inverse: r.inverse ?? restoreOp(grid, r.grid), changed: gridChange(grid, r.grid) };
}

/**
 * applyOp for a replay (a journal re-applied after a reload): the same edit and the same checks, without
 * the inverse and the change summary nobody reads then.
 */
export function replayOp(grid: Grid, op: GridOp): { grid: Grid } | { error: Problem } {
  const r = checkedEdit(grid, op);
  return 'error' in r ? r : { grid: r.grid };
}

/** The problem an edit that threw is refused with, its message naming the edit. */
function refusalOf(grid: Grid, op: GridOp, err: unknown): Problem {
  const what = describeOp(grid, op);
  if (err instanceof EditError) return { ...err.problem, message: `${what} is refused: ${err.problem.message}` };
  const failed = problem('bad-op', [], null, 'op-failed', { error: (err as Error).message });
  return { ...failed, message: `${what} is refused: ${failed.message}` };
}

function checkedEdit(grid: Grid, op: GridOp): Edit | { error: Problem } {
  let edit: Edit;
  try {
    edit = executeOp(grid, op);
  } catch (err) {
    return { error: refusalOf(grid, op, err) };
  }
  const problems = editProblems(grid, edit.grid, edit.touched, edit.records ?? false).sort((a, b) => rank(a) - rank(b));
  if (problems.length) return { error: { ...problems[0], message: `${describeOp(grid, op)} is refused: ${problems[0].message}` } };
  return edit;
}
