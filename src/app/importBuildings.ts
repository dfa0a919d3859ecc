// Files the user dropped or picked, through the import dialog: inspected and converted by GDAL in the import worker;
// a layer in the buildings role is then tiled in the tiles worker, served from memory, drawn beside the city and
// flown to. Errors name the file and what is wrong with it.
import { proxy, transfer } from 'comlink';
import type { Viewer } from 'cesium';
import type { ConvertRequest, InspectResult } from '../io/gdal/importApi';
import { background } from '../core/util/background';
import { dataFileErrorData } from '../io/dataFileText';
import { flyToSphere } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import { actions, type AppStore } from '../state/store';
import type { ImportActions } from '../ui/import/ImportDialog';
import { tilesetInMemory } from './tilesInMemory';
import type { TilesetCounts } from '../core/tiles/tileset';
import { track, type Workers } from './workers';

/** Files above this (all dropped files together) are refused before reading (the tab would run out of memory). */
export const MAX_IMPORT_BYTES = 512 * 2 ** 20;

/** Tiles a buildings file (GeoJSON or FlatGeobuf bytes, lon/lat) and draws it as the 'imported' layer. */
async function tileBuildings(viewer: Viewer, scene: CityScene, workers: Workers, bytes: Uint8Array, name: string, signal: AbortSignal) {
  const tiles = workers.tiles();
  const { job, buildings, problems } = await track(tiles.startBuildingFile(transfer(bytes, [bytes.buffer]), name, {}, true));
  const memory = await tilesetInMemory<TilesetCounts>(tiles, job, signal);
  const layer = await createBuildingTilesLayer(viewer, memory.url, { count: buildings, imported: true });
  scene.add('imported', { ...layer, destroy: () => (layer.destroy(), memory.revoke()) });
  flyToSphere(viewer, layer.tileset.boundingSphere);
  return { buildings: memory.counts.buildings, skipped: problems.length + memory.counts.skipped.length };
}

function importFailed(store: AppStore, name: string, err: unknown): void {
  // DataFileError messages already start with the file name.
  const message = (err as Error).message.replace(`${name}: `, '');
  const problem = dataFileErrorData(err);
  actions.setImported(store, { name, phase: 'error', error: message, ...(problem && { problem }) });
}

/** What the import dialog asks of the viewer: inspect files, convert a layer and take it into the city, cancel. */
export function createImportActions(viewer: Viewer, scene: CityScene, store: AppStore, workers: Workers): ImportActions {
  // The import under way: Cancel stops its conversion in the import worker and its tiling (between batches) here.
  let running: AbortController | null = null;
  return {
    async inspect(files): Promise<InspectResult> {
      const bytes = files.reduce((n, f) => n + f.size, 0);
      if (bytes > MAX_IMPORT_BYTES)
        throw new Error(
          `${files.map((f) => f.name).join(', ')}: ${Math.round(bytes / 2 ** 20)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB a browser tab can import; use \`cim import\``,
        );
      return track(workers.importer().inspect(files.map((f) => ({ name: f.name, blob: f }))));
    },

    async importLayer(jobId: number, request: ConvertRequest, onProgress) {
      const name = request.file;
      if (store.getState().imported?.phase === 'tiling') throw new Error(`${name}: another import is still running`);
      const previous = store.getState().imported;
      actions.setImported(store, { name, phase: 'tiling' });
      const abort = (running = new AbortController());
      try {
        const converted = await track(workers.importer().convert(jobId, request, proxy(onProgress)));
        if (converted.count === 0) throw new Error(`${name}: no feature could be read (${converted.problems.length} skipped)`);
        // A Cancel that reached the import worker just after the conversion ended stops the tiling before it starts.
        const tiled = await tileBuildings(viewer, scene, workers, converted.fgb, `${name}.fgb`, abort.signal);
        actions.setImported(store, {
          name,
          phase: 'done',
          buildings: tiled.buildings,
          problems: converted.problems.length + tiled.skipped,
        });
      } catch (err) {
        if ((err as Error).name === 'AbortError') actions.setImported(store, previous);
        else importFailed(store, name, err);
        throw err;
      } finally {
        if (running === abort) running = null;
      }
    },

    cancel: (jobId) => {
      background(workers.importer().cancel(jobId), 'cancelling an import');
      running?.abort();
    },
    close: (jobId) => background(workers.importer().close(jobId), 'closing an import'),
  };
}
