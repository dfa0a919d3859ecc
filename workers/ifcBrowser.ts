// web-ifc in the tiles worker: loaded on the first IFC only (dynamic import), its wasm served by Vite from the app's own
// origin (no CDN), single-threaded (no SharedArrayBuffer, so no cross-origin isolation needed). One init per worker.
import wasmUrl from 'web-ifc/web-ifc.wasm?url';
import type { IfcAPI } from 'web-ifc';

let api: Promise<IfcAPI> | null = null;

export function browserIfc(): Promise<IfcAPI> {
  api ??= (async () => {
    const { IfcAPI: Api, LogLevel } = await import('web-ifc');
    const ifc = new Api();
    const wasm = new URL(wasmUrl, self.location.href).href;
    await ifc.Init((path) => (path.endsWith('.wasm') ? wasm : path), true);
    // The reader names failed elements itself; web-ifc's own console lines would only repeat them.
    ifc.SetLogLevel(LogLevel.LOG_LEVEL_OFF);
    return ifc;
  })();
  api.catch(() => (api = null));
  return api;
}
