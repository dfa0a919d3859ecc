// Runs a browser worker file (workers/<task>.worker.ts) in a Node worker_thread: registers tsx for
// TypeScript, points comlink at the thread's parentPort, then imports the worker file itself.
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (!parentPort) throw new Error('bootstrap.mjs must run in a worker thread');
register();
globalThis.__cimWorkerEndpoint = nodeEndpoint(parentPort);
await import(workerData.module);
