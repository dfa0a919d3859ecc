// Worker clients: one comlink-wrapped Worker per worker file; every call is counted for diagnostics.
import { wrap, type Remote } from 'comlink';
import type { DemApi } from '../../workers/dem.worker';
import type { LayersApi } from '../../workers/layers.worker';

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
  terminate(): void;
}

export function startWorkers(): Workers {
  const layersWorker = new Worker(new URL('../../workers/layers.worker.ts', import.meta.url), { type: 'module', name: 'layers' });
  const demWorker = new Worker(new URL('../../workers/dem.worker.ts', import.meta.url), { type: 'module', name: 'dem' });
  return {
    layers: wrap<LayersApi>(layersWorker),
    dem: wrap<DemApi>(demWorker),
    terminate() {
      layersWorker.terminate();
      demWorker.terminate();
    },
  };
}
