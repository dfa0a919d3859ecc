// Worker clients: one comlink-wrapped Worker per worker file; every call is counted for diagnostics.
import { wrap, type Remote } from 'comlink';
import type { DemApi } from '../../workers/dem.worker';
import type { GridsApi } from '../../workers/grids.worker';
import type { ImportWorkerApi } from '../../workers/import.worker';
import type { LayersApi } from '../../workers/layers.worker';
import type { TilesApi } from '../../workers/tiles.worker';

export interface WorkerJobs {
  started: number;
  finished: number;
  failed: number;
}

export const workerJobs: WorkerJobs = { started: 0, finished: 0, failed: 0 };

/** Counts a worker call in the diagnostics. */
export async function track<T>(job: Promise<T>): Promise<T> {
  workerJobs.started++;
  try {
    const result = await job;
    workerJobs.finished++;
    return result;
  } catch (err) {
    workerJobs.failed++;
    throw err;
  }
}

export interface Workers {
  layers: Remote<LayersApi>;
  dem: Remote<DemApi>;
  /** The 3D Tiles builder, started on first use (prebuilt tiles need none). */
  tiles(): Remote<TilesApi>;
  /** The grid outlines' imagery tiles and point lookups, started on first use. */
  grids(): Remote<GridsApi>;
  /** The import worker (GDAL in WebAssembly), started when the user first drops or picks files. */
  importer(): Remote<ImportWorkerApi>;
  terminate(): void;
}

export function startWorkers(): Workers {
  const layersWorker = new Worker(new URL('../../workers/layers.worker.ts', import.meta.url), { type: 'module', name: 'layers' });
  const demWorker = new Worker(new URL('../../workers/dem.worker.ts', import.meta.url), { type: 'module', name: 'dem' });
  let tilesWorker: Worker | null = null;
  let tiles: Remote<TilesApi> | null = null;
  let gridsWorker: Worker | null = null;
  let grids: Remote<GridsApi> | null = null;
  let importWorker: Worker | null = null;
  let importer: Remote<ImportWorkerApi> | null = null;
  return {
    layers: wrap<LayersApi>(layersWorker),
    dem: wrap<DemApi>(demWorker),
    tiles() {
      tilesWorker ??= new Worker(new URL('../../workers/tiles.worker.ts', import.meta.url), { type: 'module', name: 'tiles' });
      tiles ??= wrap<TilesApi>(tilesWorker);
      return tiles;
    },
    grids() {
      gridsWorker ??= new Worker(new URL('../../workers/grids.worker.ts', import.meta.url), { type: 'module', name: 'grids' });
      grids ??= wrap<GridsApi>(gridsWorker);
      return grids;
    },
    importer() {
      importWorker ??= new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
      importer ??= wrap<ImportWorkerApi>(importWorker);
      return importer;
    },
    terminate() {
      layersWorker.terminate();
      demWorker.terminate();
      tilesWorker?.terminate();
      gridsWorker?.terminate();
      importWorker?.terminate();
    },
  };
}
