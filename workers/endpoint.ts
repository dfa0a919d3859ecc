// The endpoint a worker file exposes its API on: the browser worker's `self`, or in Node the
// worker_threads port that scripts/workers/nodeWorker.ts installs before loading the same file.
import type { Endpoint } from 'comlink';

declare global {
  // Set by the Node bootstrap only.
  var __cimWorkerEndpoint: Endpoint | undefined;
}

export function workerEndpoint(): Endpoint {
  return globalThis.__cimWorkerEndpoint ?? (self as unknown as Endpoint);
}
