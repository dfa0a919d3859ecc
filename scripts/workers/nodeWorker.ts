// Starts a worker file from workers/ in a Node worker_thread and wraps its comlink API, so the CLI
// and benchmarks use exactly the module the browser runs.
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface NodeWorker<T> {
  api: Remote<T>;
  terminate(): Promise<number>;
}

/** `name` is the file in workers/ without `.worker.ts`, e.g. 'join'. */
export function startNodeWorker<T>(name: string): NodeWorker<T> {
  const module = new URL(`../../workers/${name}.worker.ts`, import.meta.url).href;
  const worker = new Worker(fileURLToPath(new URL('./bootstrap.mjs', import.meta.url)), {
    workerData: { module },
  });
  return { api: wrap<T>(nodeEndpoint(worker)), terminate: () => worker.terminate() };
}
