// Every mode's click, last: selects the feature under it (none for empty space or a grid outline) and then
// completes its properties with the source file's full record (tiles carry only the tiled columns). A building of a
// file the user opened gets its record from the tiles worker and its grid ids by the join's rule (the grid of each
// level holding its representative point).
import type { GridLevel } from '../../core/grid/levels';
import { actions } from '../../state/store';
import type { Click, ClickContext } from './context';

const LEVELS: GridLevel[] = [1, 2, 3];

/** The opened building `id`'s record, with l1Id/l2Id/l3Id of the grids holding its representative point. */
async function openedRecord({ workers, gridsView }: ClickContext, id: string): Promise<Record<string, unknown> | null> {
  const opened = await workers.tiles().openedBuilding(id);
  if (!opened) return null;
  const view = gridsView();
  const hits = view ? await Promise.all(LEVELS.map((lv) => view.gridAt(opened.pointLonLatDeg, [lv]))) : [];
  const grids = Object.fromEntries(hits.map((hit, i) => [`l${LEVELS[i]}Id`, hit?.id ?? null]));
  return { ...opened.properties, ...grids };
}

export async function selectClick(ctx: ClickContext, { id, ground }: Click): Promise<void> {
  const { store, workers } = ctx;
  // The overlay is imagery on the ground: a click on nothing else (or on a grid outline) may be on one of its features.
  if ((!id || id.layer === 'grids') && ground && (await ctx.overlayAt(ground))) return;
  if (!id || id.layer === 'grids') return actions.select(store, null);
  if (id.layer === 'imported') {
    actions.select(store, { layer: id.layer, index: -1, properties: id.properties ?? null });
    const key = id.properties?.id;
    if (key === undefined || key === null) return;
    const record = await openedRecord(ctx, String(key));
    const now = store.getState().selection;
    if (record && now?.layer === 'imported' && now.properties?.id === key)
      actions.select(store, { layer: id.layer, index: -1, properties: { ...id.properties, ...record } });
    return;
  }
  // A model element's row is its whole record.
  if (id.layer === 'model') return actions.select(store, { layer: 'model', index: id.index, properties: id.properties ?? null });
  if (id.index < 0) return actions.select(store, { layer: id.layer, index: -1, properties: id.properties ?? null });
  const layer = id.layer;
  actions.select(store, { layer, index: id.index, properties: id.properties ?? null });
  const properties = await workers.layers.properties(layer, id.index);
  if (store.getState().selection?.index === id.index)
    actions.select(store, { layer, index: id.index, properties: { ...id.properties, ...properties } });
}
