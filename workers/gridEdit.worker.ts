// Grid-editing worker: exposes the editor's API (workers/gridEditApi.ts) on its endpoint.
import { expose } from 'comlink';
import { createGridEditApi } from './gridEditApi';
import { workerEndpoint } from './endpoint';

expose(createGridEditApi(), workerEndpoint());
