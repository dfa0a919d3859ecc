// The viewer's workers on faulty data, run in Node worker threads as the CLI runs them and fed over local HTTP like the
// page: a broken DEM is named by its URL (issue 18: "Invalid typed array length: 10000000000"), a building drawn at an
// estimated height says so in its info panel properties, a zero-area footprint is among the skipped problems.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rectPolygon } from '../src/core/geom/rect.fixture';
import { writeGeoTiffFloat32 } from '../src/io/geotiff';
import { startNodeWorker } from '../scripts/workers/nodeWorker';
import type { DemApi } from './dem.worker';
import type { LayersApi } from './layers.worker';

const files = new Map<string, Uint8Array>();
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body ? Buffer.from(body) : undefined);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** A 4 × 3 DEM whose ImageWidth and ImageLength tags say 65535 × 65535 (4.3e9 pixels). */
function hugeDem(): Uint8Array {
  const b = new Uint8Array(writeGeoTiffFloat32({ width: 4, height: 3, bboxLonLatDeg: [113, 34, 114, 35], values: new Float32Array(12) }));
  const v = new DataView(b.buffer);
  const le = b[0] === 0x49;
  const ifd = v.getUint32(4, le);
  for (let e = 0, n = v.getUint16(ifd, le); e < n; e++) {
    const at = ifd + 2 + e * 12;
    if (v.getUint16(at, le) !== 256 && v.getUint16(at, le) !== 257) continue;
    if (v.getUint16(at + 2, le) === 3) v.setUint16(at + 8, 65535, le);
    else v.setUint32(at + 8, 65535, le);
  }
  return b;
}

describe('the viewer workers on faulty data', () => {
  it('dem worker: a huge DEM is refused before allocation, naming its URL', async () => {
    files.set('/huge.tif', hugeDem());
    const dem = startNodeWorker<DemApi>('dem');
    try {
      await expect(dem.api.load(`${base}/huge.tif`)).rejects.toThrow(
        new RegExp(`^${base}/huge\\.tif: not a readable GeoTIFF \\(65535 × 65535 pixels, more than the 100,000,000`),
      );
    } finally {
      await dem.terminate();
    }
  }, 30_000);

  it('layers worker: names the zero-area footprint, and marks the building drawn at an estimated height', async () => {
    const feature = (id: string, coordinates: unknown, properties: Record<string, unknown>) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates },
      properties: { id, ...properties },
    });
    const flat = [
      [
        [113.66, 34.76],
        [113.661, 34.761],
        [113.662, 34.762],
        [113.66, 34.76],
      ],
    ];
    const fc = {
      type: 'FeatureCollection',
      features: [
        feature('ok', rectPolygon(113.65, 34.75, 113.6501, 34.7501), { heightM: 20, floors: 6 }),
        feature('flat', flat, { heightM: 10, floors: 3 }),
        feature('tall', rectPolygon(113.652, 34.75, 113.6521, 34.7501), { heightM: 1e9, floors: 5 }),
      ],
    };
    files.set('/buildings.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    const layers = startNodeWorker<LayersApi>('layers');
    try {
      const summary = await layers.api.loadBuildings(`${base}/buildings.geojson`);
      expect(summary.count).toBe(2);
      expect(summary.problems.map((p) => [p.index, p.id, p.kind])).toEqual([[1, 'flat', 'ring-zero-area']]);
      expect(await layers.api.properties('buildings', 0)).toEqual({ id: 'ok', heightM: 20, floors: 6 });
      expect((await layers.api.properties('buildings', 1))?.estimated).toBe(
        'heightM 1000000000 is implausible (expected 0 < heightM ≤ 1000 m): read as missing; no heightM: drawn 15 m tall from 5 floors (an estimate)',
      );
    } finally {
      await layers.terminate();
    }
  }, 30_000);
});
