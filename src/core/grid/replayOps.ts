// Replaying an edit journal (a reload): the edits are applied without their per-edit checks, then the cells they
// touched are checked once, the end against the start. Each edit was checked when it was made on the same base
// grid, so this finds nothing in the normal case; when it finds a new problem (or an edit no longer applies), the
// edits are replayed one by one with their checks, which names the first edit that fails, as before.
import { executeOp, replayOp } from './applyOp';
import { editProblems } from './editChecks';
import { moveVertices, type Edit } from './editGeometry';
import type { GridOp, MoveVertexOp } from './gridOp';
import type { Grid } from './gridModel';
import type { Problem } from './problems';

export interface ReplayResult {
  /** The grid after the edits that applied. */
  grid: Grid;
  /** How many edits applied (all of them when error is null). */
  applied: number;
  /** Why edit `applied` was refused, or null. */
  error: Problem | null;
  /** False when the batch check failed and the edits were replayed one by one. */
  batched: boolean;
}

/** Applies `ops` in order from `grid`, stopping at the first refused; equal to replayOp one by one whenever that applies them all. */
export function replayOps(grid: Grid, ops: readonly GridOp[]): ReplayResult {
  const touched = new Set<string>();
  let records = false;
  // A copy of the grid value: the cells' derived tables are shared, its boxes are not carried edit by edit.
  let g: Grid = { ...grid };
  let ok = true;
  for (let i = 0; i < ops.length && ok;) {
    // A run of node moves keeps the topology: applied as one edit, with one copy of the node table.
    let j = i;
    while (j < ops.length && ops[j].type === 'moveVertex') j++;
    const run = ops.slice(i, Math.max(j, i + 1));
    let edit: Edit;
    try {
      edit = j > i + 1 ? moveVertices(g, run as MoveVertexOp[]) : executeOp(g, run[0]);
    } catch {
      ok = false;
      break;
    }
    for (const id of edit.touched) touched.add(id);
    records ||= edit.records ?? false;
    g = edit.grid;
    i += run.length;
  }
  if (ok && editProblems(grid, g, [...touched], records).length === 0) return { grid: g, applied: ops.length, error: null, batched: true };
  return { ...replayChecked(grid, ops), batched: false };
}

/** The edits one by one with their checks: stops at the first refused. */
export function replayChecked(grid: Grid, ops: readonly GridOp[]): Omit<ReplayResult, 'batched'> {
  let g = grid;
  for (let i = 0; i < ops.length; i++) {
    const r = replayOp(g, ops[i]);
    if ('error' in r) return { grid: g, applied: i, error: r.error };
    g = r.grid;
  }
  return { grid: g, applied: ops.length, error: null };
}
