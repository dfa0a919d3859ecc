import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, createGzip } from 'node:zlib';
import { join, normalize, resolve } from 'node:path';

const cesiumBuild = 'node_modules/cesium/Build/Cesium';
// The city server (`cim serve`) that `npm start` started, or one given by hand: the dev and preview servers pass
// /api and /ogc to it, so the page finds it on its own origin (without one the page runs as the static deployment).
// Host is kept as the page's: the server's same-origin check compares it with the Origin of writes.
const cityServer = process.env.CIM_SERVER_URL;
const proxy = cityServer ? { '/api': { target: cityServer }, '/ogc': { target: cityServer } } : undefined;
const dataDir = resolve('data');

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.fgb': 'application/octet-stream',
  '.tif': 'image/tiff',
  '.glb': 'model/gltf-binary',
};

/** Sent gzip'd to clients that accept it: tiles (meshopt output still halves) and the city's data files. */
const gzipTypes = new Set(['.json', '.geojson', '.fgb', '.glb']);

// Serves the generated demo city (data/, git-ignored and possibly GBs) at /data/ in dev and preview
// instead of copying it into dist/.
function serveDataDir(): Plugin {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url?.split('?')[0] ?? '';
    if (!url.startsWith('/data/')) return next();
    const path = normalize(join(dataDir, decodeURIComponent(url.slice('/data/'.length))));
    if (!path.startsWith(dataDir) || !existsSync(path) || !statSync(path).isFile()) {
      res.statusCode = 404;
      res.end(`not found: ${url}`);
      return;
    }
    const ext = path.slice(path.lastIndexOf('.'));
    res.setHeader('Content-Type', contentTypes[ext] ?? 'application/octet-stream');
    const size = statSync(path).size;
    if (gzipTypes.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Vary', 'Accept-Encoding');
      // Fastest level for big files: most of the gain at a fraction of the server's time.
      createReadStream(path)
        .pipe(createGzip({ level: size > 8 * 2 ** 20 ? constants.Z_BEST_SPEED : constants.Z_DEFAULT_COMPRESSION }))
        .pipe(res);
      return;
    }
    res.setHeader('Content-Length', String(size));
    createReadStream(path).pipe(res);
  };
  return {
    name: 'cim-serve-data',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  plugins: [
    react(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'ThirdParty', 'Widgets'].map((dir) => ({
        src: `${cesiumBuild}/${dir}`,
        dest: 'cesium',
        rename: { stripBase: 4 },
      })),
    }),
    serveDataDir(),
  ],
  base: './',
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: {
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
    // Only the app: the bench pages are built by vite.bench.config.ts.
    rollupOptions: { input: { main: resolve('index.html') } },
  },
});
