// Files the user dropped or picked, through the import dialog: inspected and converted by GDAL in the import worker,
// then taken into the city in their role. Buildings added beside the city are tiled in the tiles worker, served from
// memory, drawn and flown to. A layer that replaces one of the city's (its buildings, grid, pipelines, parcels,
// control lines, height limits, green spaces) becomes that file of the city, and the city reopens with it: every
// part built on it (the join and grid statistics, the editor, the review, the tubes) is built again from the new
// file, as when the city was first opened. Errors name the file and what is wrong with it.
import { proxy } from 'comlink';
import type { Viewer } from 'cesium';
import { replacesCityFile, type ReplacedFile, type ReplacingRole } from '../core/demo/replaceFiles';
import type { ConvertRequest, InspectResult } from '../io/gdal/importApi';
import type { ConvertedBlob } from '../../workers/import.worker';
import { background } from '../core/util/background';
import { dataFileErrorData } from '../io/dataFileText';
import { flyToSphere, startViewOver } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import { actions, type AppStore, type ImportedFile } from '../state/store';
import type { ImportActions, ImportInto } from '../ui/import/ImportDialog';
import type { OverlayStyleChoice } from '../ui/import/OverlayStyleFields';
import { addOverlay, overlayColumn } from './importOverlay';
import { tilesetInMemory } from './tilesInMemory';
import type { TilesetCounts } from '../core/tiles/tileset';
import { track, type Workers } from './workers';

/** Files above this (all dropped files together) are refused before reading (the tab would run out of memory). */
export const MAX_IMPORT_BYTES = 512 * 2 ** 20;

/** Tiles a buildings file (FlatGeobuf or GeoJSON at `url`, lon/lat) and draws it beside the city as the 'imported' layer. */
async function tileBuildings(viewer: Viewer, scene: CityScene, workers: Workers, url: string, name: string, signal?: AbortSignal) {
  const tiles = workers.tiles();
  const { job, buildings, problems } = await track(tiles.startBuildingUrl(url, {}, true, name));
  const memory = await tilesetInMemory<TilesetCounts>(tiles, job, signal);
  const layer = await createBuildingTilesLayer(viewer, memory.url, { count: buildings, imported: true });
  scene.add('imported', { ...layer, destroy: () => (layer.destroy(), memory.revoke()) });
  return { layer, buildings: memory.counts.buildings, skipped: problems.length + memory.counts.skipped.length };
}

function importFailed(store: AppStore, name: string, err: unknown): void {
  // DataFileError messages already start with the file name.
  const message = (err as Error).message.replace(`${name}: `, '');
  const problem = dataFileErrorData(err);
  actions.setImported(store, { name, phase: 'error', error: message, ...(problem && { problem }) });
}

/** The converted layer as the city's file for its role, served from memory for the page's life. */
function replacedFile(converted: ConvertedBlob, name: string): ReplacedFile {
  return {
    url: URL.createObjectURL(converted.fgb),
    name,
    features: converted.count,
    key: `import:${converted.contentKey}`,
    bboxLonLatDeg: converted.bboxLonLatDeg,
  };
}

/**
 * What the import dialog asks of the viewer: inspect files, convert a layer and take it into the city, cancel.
 * `reopenCity` rebuilds the viewer on the city as the store now names it (its replaced files included).
 */
export function createImportActions(
  viewer: Viewer,
  scene: CityScene,
  store: AppStore,
  workers: Workers,
  reopenCity: () => void,
): ImportActions & { restoreCityFile(role: ReplacingRole): void } {
  // The import under way: Cancel stops its conversion in the import worker and its tiling (between batches) here.
  let running: AbortController | null = null;

  /** Makes the converted layer the city's file for its role and reopens the city looking at it. */
  async function replaceInCity(
    role: ConvertRequest['role'],
    converted: ConvertedBlob,
    name: string,
    signal: AbortSignal,
    beside: ImportedFile | null,
  ) {
    if (!replacesCityFile(role)) throw new Error(`${name}: a layer in the ${role} role does not replace a city file`);
    const file = replacedFile(converted, name);
    if (signal.aborted) {
      URL.revokeObjectURL(file.url);
      throw new DOMException('import cancelled', 'AbortError');
    }
    const previous = store.getState().replaced[role];
    actions.replaceCityFile(store, role, { ...file, problems: converted.problems.length });
    actions.setCamera(store, startViewOver(file.bboxLonLatDeg));
    // The panel lists the replaced layer; buildings added beside the city before stay as they were.
    actions.setImported(store, beside);
    reopenCity();
    // The old session's workers read the previous file; they are stopped with it.
    if (previous) URL.revokeObjectURL(previous.url);
  }

  /** Colours the converted layer by the chosen field in the overlay's own worker. */
  async function overlayInCity(
    request: ConvertRequest,
    converted: ConvertedBlob,
    style: OverlayStyleChoice | null,
    beside: ImportedFile | null,
  ) {
    await addOverlay(viewer, scene, store, {
      fgb: converted.fgb,
      name: request.file,
      field: style?.field ? overlayColumn(request.mapping, style.field) : null,
      mode: style?.mode ?? null,
    });
    // The legend shows the overlay; buildings added beside the city before stay as they were.
    actions.setImported(store, beside);
  }

  return {
    async inspect(files): Promise<InspectResult> {
      const bytes = files.reduce((n, f) => n + f.size, 0);
      if (bytes > MAX_IMPORT_BYTES)
        throw new Error(
          `${files.map((f) => f.name).join(', ')}: ${Math.round(bytes / 2 ** 20)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB a browser tab can import; use \`cim import\``,
        );
      return track(workers.importer().inspect(files.map((f) => ({ name: f.name, blob: f }))));
    },

    async importLayer(jobId: number, request: ConvertRequest, into: ImportInto, onProgress) {
      const name = request.file;
      if (store.getState().imported?.phase === 'tiling') throw new Error(`${name}: another import is still running`);
      const previous = store.getState().imported;
      actions.setImported(store, { name, phase: 'tiling', role: request.role });
      const abort = (running = new AbortController());
      try {
        const converted = await track(workers.importer().convert(jobId, request, proxy(onProgress)));
        if (converted.count === 0) throw new Error(`${name}: no feature could be read (${converted.problems.length} skipped)`);
        if (into.placement === 'replace') return await replaceInCity(request.role, converted, name, abort.signal, previous);
        if (request.role === 'overlay') return await overlayInCity(request, converted, into.overlay ?? null, previous);
        // A Cancel that reached the import worker just after the conversion ended stops the tiling before it starts.
        const url = URL.createObjectURL(converted.fgb);
        let tiled;
        try {
          tiled = await tileBuildings(viewer, scene, workers, url, `${name}.fgb`, abort.signal);
        } catch (err) {
          URL.revokeObjectURL(url);
          throw err;
        }
        flyToSphere(viewer, tiled.layer.tileset.boundingSphere);
        if (previous?.url) URL.revokeObjectURL(previous.url);
        actions.setImported(store, {
          name,
          phase: 'done',
          role: 'buildings',
          url,
          features: tiled.buildings,
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

    restoreCityFile(role) {
      // The city's own file again: the city reopens on it.
      const file = store.getState().replaced[role];
      if (!file) return;
      actions.replaceCityFile(store, role, null);
      reopenCity();
      URL.revokeObjectURL(file.url);
    },

    async restoreBeside() {
      // A reopened city (a layer replaced, the WebGL context lost) draws the buildings added beside it again.
      const imported = store.getState().imported;
      if (imported?.phase !== 'done' || imported.role !== 'buildings' || !imported.url) return;
      await tileBuildings(viewer, scene, workers, imported.url, `${imported.name}.fgb`);
    },

    cancel: (jobId) => {
      background(workers.importer().cancel(jobId), 'cancelling an import');
      running?.abort();
    },
    close: (jobId) => background(workers.importer().close(jobId), 'closing an import'),
  };
}
