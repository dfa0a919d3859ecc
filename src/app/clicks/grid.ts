// Grid mode's click: selects the grid at the chosen level (a building's, or the one under the ground point) and
// gives its L3 cell the editor's vertex handles. The editor's tools other than Select take the click themselves.
import { gridAtLevel } from '../../core/grid/gridSelection';
import { background } from '../../core/util/background';
import { cellAt, selectGrid } from '../gridJoin';
import type { Click, ClickContext } from './context';

export async function gridClick({ store, grid }: ClickContext, { id, ground }: Click): Promise<void> {
  const edit = store.getState().gridEdit;
  const editing = edit.phase === 'ready' && edit.readOnly === null && edit.paused === null;
  if (!grid.join || !grid.pool || (editing && edit.tool !== 'select')) return;
  const pool = grid.pool.pool;
  const r = await grid.join;
  const level = store.getState().gridLevel;
  let cell = -1;
  if (id?.layer === 'buildings' && id.index >= 0) cell = r.cellOfBuilding[id.index];
  else if (ground) cell = await cellAt(pool, r, ground);
  selectGrid(store, r, gridAtLevel(r.hierarchy, cell, level));
  const editor = grid.editor;
  if (editor) background(editor.showCell(cell >= 0 ? r.grids.polygons.ids[r.hierarchy.l3[cell]] : null), 'showing the cell to edit');
}
