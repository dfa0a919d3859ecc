// The built viewer and the city's files from the same origin as the API (`cim serve --app dist --data data`), so the
// session cookie is first-party and SameSite=Strict holds. Paths are confined to their folder.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.tif': 'image/tiff',
  '.glb': 'model/gltf-binary',
  '.fgb': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

export interface StaticRoots {
  /** The built viewer (dist/). */
  app?: string;
  /** The city folder served under /data/. */
  data?: string;
}

/** Serves a static file when the path names one; false when it does not (the caller answers 404). */
export function serveStatic(roots: StaticRoots, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  let root: string | undefined, rel: string;
  if (path.startsWith('/data/')) [root, rel] = [roots.data, path.slice(6)];
  else [root, rel] = [roots.app, path === '/' ? 'index.html' : path.slice(1)];
  if (!root) return false;
  const base = resolve(root);
  const file = normalize(join(base, rel));
  if (!file.startsWith(base + sep)) return false;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
