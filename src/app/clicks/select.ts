// Every mode's click, last: selects the feature under it (none for empty space or a grid outline) and then
// completes its properties with the source file's full record (tiles carry only the tiled columns).
import { actions } from '../../state/store';
import type { Click, ClickContext } from './context';

export async function selectClick({ store, workers }: ClickContext, { id }: Click): Promise<void> {
  if (!id || id.layer === 'grids') return actions.select(store, null);
  if (id.layer === 'imported' || id.index < 0)
    return actions.select(store, { layer: id.layer, index: -1, properties: id.properties ?? null });
  const layer = id.layer;
  actions.select(store, { layer, index: id.index, properties: id.properties ?? null });
  const properties = await workers.layers.properties(layer, id.index);
  if (store.getState().selection?.index === id.index)
    actions.select(store, { layer, index: id.index, properties: { ...id.properties, ...properties } });
}
