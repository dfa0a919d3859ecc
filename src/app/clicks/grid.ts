// Grid mode's click: selects the grid of the finest level drawn where the click landed (no finer than the panel's level)
// under the ground point, or a building's grid at that level, and gives its L3 cell the editor's vertex handles. The
// editor's tools other than Select take the click themselves.
import type { GridLevel } from '../../core/grid/levels';
import { gridAtLevel } from '../../core/grid/gridSelection';
import { background } from '../../core/util/background';
import { gridEditingOn } from '../../state/slices/session';
import { cellAt, selectGrid, type GridJoinResult } from '../gridJoin';
import type { Click, ClickContext } from './context';

/** The levels a click picks at: those drawn at the point up to the panel's level; the panel's own where none is drawn. */
function levelsToPick({ store, gridsView }: ClickContext, at: [number, number] | null): GridLevel[] {
  const panel = store.getState().gridLevel;
  const drawn = at ? (gridsView()?.levelsDrawnAt(at) ?? []).filter((lv) => lv <= panel) : [];
  return drawn.length > 0 ? drawn : [panel];
}

/** The join's index of a grid the grids layer found (the layer may draw the file's grid while the join has the editor's). */
function joinIndex(r: GridJoinResult, hit: { index: number; id: string }): number {
  const ids = r.grids.polygons.ids;
  return ids[hit.index] === hit.id ? hit.index : ids.indexOf(hit.id);
}

export async function gridClick(ctx: ClickContext, { id, ground }: Click): Promise<void> {
  const { store, grid } = ctx;
  const state = store.getState();
  if (!grid.join || !grid.pool || (gridEditingOn(state) && state.gridEdit.tool !== 'select')) return;
  const pool = grid.pool.pool;
  const r = await grid.join;
  const levels = levelsToPick(ctx, ground);
  const finest = levels[levels.length - 1];
  let cell = -1;
  let g = -1;
  if (id?.layer === 'buildings' && id.index >= 0) {
    cell = r.cellOfBuilding[id.index];
    g = gridAtLevel(r.hierarchy, cell, finest);
  } else if (ground) {
    const [l3Cell, hit] = await Promise.all([cellAt(pool, r, ground), ctx.gridsView()?.gridAt(ground, levels) ?? null]);
    cell = l3Cell;
    g = hit ? joinIndex(r, hit) : gridAtLevel(r.hierarchy, cell, finest);
  }
  selectGrid(store, r, g);
  const editor = grid.editor;
  if (editor) background(editor.showCell(cell >= 0 ? r.grids.polygons.ids[r.hierarchy.l3[cell]] : null), 'showing the cell to edit');
}
