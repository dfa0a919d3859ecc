// GDAL (gdal3.js) in Node for the CLI, scripts and tests: one init per process, from any working directory.
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { GdalRuntime, type GdalJs } from '../../src/io/gdal/gdalRuntime';

let runtime: Promise<GdalRuntime> | null = null;
/** Milliseconds the first init took (reported by the benches and tests). */
export let gdalInitMs = 0;

/**
 * The process's GDAL. gdal3.js reads its .data file as './' + the located path, i.e. relative to the cwd
 * (an absolute `path` becomes './/abs/…'), so the package folder is given relative to the cwd at init.
 */
export function nodeGdal(): Promise<GdalRuntime> {
  runtime ??= (async () => {
    const t0 = performance.now();
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('gdal3.js/package.json'));
    const init = require('gdal3.js/node.js') as (config: object) => Promise<GdalJs>;
    const errorLog: string[] = [];
    const hadLocation = 'location' in globalThis;
    const gdal = await init({
      path: relative(process.cwd(), join(pkgDir, 'dist/package')) || '.',
      // GDAL's messages are read back through CPLGetLastErrorMsg and named with the file; its console is noise.
      logHandler: () => {},
      errorHandler: (message: string) => void (errorLog.length < 100 && errorLog.push(message)),
    });
    // gdal3.js sets a global `location` for Emscripten in Node; other code takes a global location to mean a browser.
    if (!hadLocation) delete (globalThis as { location?: unknown }).location;
    gdalInitMs = performance.now() - t0;
    return new GdalRuntime(gdal, errorLog);
  })();
  return runtime;
}
