// A building file the user opened (button or drop): parsed and tiled in the tiles worker, served
// from memory and drawn beside the city; errors name the file and what is wrong with it.
import { transfer } from 'comlink';
import type { Viewer } from 'cesium';
import { dataFileErrorData } from '../io/dataFileText';
import { flyToSphere } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import { actions, type AppStore } from '../state/store';
import { tilesetInMemory } from './tilesInMemory';
import type { TilesetCounts } from '../core/tiles/tileset';
import { track, type Workers } from './workers';

/** Files above this are refused before reading (the tab would run out of memory parsing them). */
export const MAX_IMPORT_BYTES = 512 * 2 ** 20;

export async function importBuildingFile(viewer: Viewer, scene: CityScene, store: AppStore, workers: Workers, file: File): Promise<void> {
  const name = file.name;
  if (store.getState().imported?.phase === 'tiling') return; // one at a time
  actions.setImported(store, { name, phase: 'tiling' });
  try {
    if (file.size > MAX_IMPORT_BYTES)
      throw new Error(
        `${Math.round(file.size / 2 ** 20)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB a browser tab can tile; use \`cim tiles\``,
      );
    const bytes = new Uint8Array(await file.arrayBuffer());
    const tiles = workers.tiles();
    const { job, buildings, problems } = await track(tiles.startBuildingFile(transfer(bytes, [bytes.buffer]), name));
    const memory = await tilesetInMemory<TilesetCounts>(tiles, job);
    const layer = await createBuildingTilesLayer(viewer, memory.url, { count: buildings, imported: true });
    scene.add('imported', { ...layer, destroy: () => (layer.destroy(), memory.revoke()) });
    flyToSphere(viewer, layer.tileset.boundingSphere);
    actions.setImported(store, {
      name,
      phase: 'done',
      buildings: memory.counts.buildings,
      problems: problems.length + memory.counts.skipped.length,
    });
  } catch (err) {
    // DataFileError messages already start with the file name.
    const message = (err as Error).message.replace(`${name}: `, '');
    const problem = dataFileErrorData(err);
    actions.setImported(store, { name, phase: 'error', error: message, ...(problem && { problem }) });
  }
}
