// GDAL (gdal3.js) in the import worker: loaded on the first import only (dynamic import), its wasm and data files
// served by Vite from the app's own origin (no CDN), run in this worker (no worker of its own). One init per worker.
import wasmUrl from 'gdal3.js/dist/package/gdal3WebAssembly.wasm?url';
import dataUrl from 'gdal3.js/dist/package/gdal3WebAssembly.data?url';
import { GdalRuntime, type GdalJs } from '../src/io/gdal/gdalRuntime';

let runtime: Promise<GdalRuntime> | null = null;

export function browserGdal(): Promise<GdalRuntime> {
  runtime ??= (async () => {
    const { default: initGdalJs } = (await import('gdal3.js')) as unknown as { default: (config: object) => Promise<GdalJs> };
    // gdal3.js installs its own onmessage in any worker it is loaded into; comlink listens with addEventListener.
    (self as unknown as { onmessage: unknown }).onmessage = null;
    const errorLog: string[] = [];
    const gdal = await initGdalJs({
      useWorker: false,
      paths: { wasm: new URL(wasmUrl, self.location.href).href, data: new URL(dataUrl, self.location.href).href },
      logHandler: () => {},
      errorHandler: (message: string) => void (errorLog.length < 100 && errorLog.push(message)),
    });
    return new GdalRuntime(gdal, errorLog);
  })();
  return runtime;
}
