// web-ifc's API, initialised once per thread: single-threaded (no SharedArrayBuffer or cross-origin isolation
// needed), its wasm fetched from where the caller says (the app's own origin in a browser, node_modules in Node).
import { IfcAPI, LogLevel } from 'web-ifc';

/**
 * An initialised IfcAPI. `wasmDir` ends with "/" and holds web-ifc.wasm (browser build) or web-ifc-node.wasm
 * (Node build): "/wasm/" in a worker, `${repo}/node_modules/web-ifc/` in Node.
 */
export async function initIfcApi(wasmDir: string): Promise<IfcAPI> {
  const api = new IfcAPI();
  api.SetWasmPath(wasmDir, true);
  await api.Init(undefined, true);
  // The reader names failed elements itself; web-ifc's own console lines would only repeat them.
  api.SetLogLevel(LogLevel.LOG_LEVEL_OFF);
  return api;
}
