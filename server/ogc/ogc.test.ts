// OGC API Features against the small demo city on both databases: the documents, paging a layer completely, bbox in
// the three CRSs against an independent point-in-box count, axis order, properties and filters, injection attempts,
// and GDAL's OAPIF client reading the grid.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gkForwardFlat } from '../../src/core/crs/gkForward';
import { DEMO_CITY_BUILD_TIMEOUT_MS, demoCity, demoFileText } from '../../src/io/demoCity.fixture';
import { startServer, type RunningServer } from '../app';
import { loadCity } from '../load/loadCity';
import { MODULES } from '../modules';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';

const run = promisify(execFile);
const FILES = { grids: 'grids.geojson', parcels: 'parcels.geojson', pipelines: 'pipelines.geojson', sensors: 'sensors.json' };
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = 'http://www.opengis.net/def/crs/EPSG/0/';

interface Fc {
  type: string;
  features: { id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  numberReturned: number;
  numberMatched?: number;
  links: { rel: string; href: string }[];
}

let dir = '';
/** The sensors as the source file has them: id and lon/lat. */
let sensors: { id: string; lon: number; lat: number; type: string }[] = [];
let pipelineIds: string[] = [];
let pipelineKinds: string[] = [];

beforeAll(() => {
  const city = demoCity();
  dir = mkdtempSync(join(tmpdir(), 'cim-ogc-'));
  for (const name of Object.values(FILES)) writeFileSync(join(dir, name), demoFileText(name));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify({ ...city.manifest, files: FILES }));
  const things = JSON.parse(demoFileText('sensors.json')).Things as {
    '@iot.id': number;
    properties: { type: string };
    Locations: { location: { coordinates: number[] } }[];
  }[];
  sensors = things.map((t) => ({
    id: String(t['@iot.id']),
    lon: t.Locations[0].location.coordinates[0],
    lat: t.Locations[0].location.coordinates[1],
    type: t.properties.type,
  }));
  const pipes = JSON.parse(demoFileText('pipelines.geojson')).features as { properties: { id: string; kind: string } }[];
  pipelineIds = pipes.map((f) => f.properties.id);
  pipelineKinds = pipes.map((f) => f.properties.kind);
}, DEMO_CITY_BUILD_TIMEOUT_MS);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function get<T = Fc>(base: string, path: string): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(base + path);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Follows next links to the end, as a client does. */
async function walk(base: string, path: string): Promise<{ ids: string[]; pages: number; hrefs: string[] }> {
  const ids: string[] = [];
  const hrefs: string[] = [];
  let url: string | undefined = base + path;
  let pages = 0;
  while (url) {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Fc;
    ids.push(...body.features.map((f) => f.id));
    pages++;
    url = body.links.find((l) => l.rel === 'next')?.href;
    if (url) hrefs.push(url);
  }
  return { ids, pages, hrefs };
}

for (const kind of DATABASES) {
  describe(kind, () => {
    let t: TestDb;
    let server: RunningServer;
    let base = '';

    beforeAll(async () => {
      t = await openTestDb(kind);
      await loadCity(t.db, dir, () => {});
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
      base = `${server.url}/ogc`;
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    it('serves the landing page, conformance, the API and every collection with its CRSs', async () => {
      for (const p of ['', '/']) {
        const landing = await get<{ links: { rel: string; href: string }[] }>(base, p);
        expect(landing.status).toBe(200);
        expect(landing.body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
      }
      const conf = await get<{ conformsTo: string[] }>(base, '/conformance');
      expect(conf.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
      expect(conf.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
      const api = await get<{ openapi: string; paths: Record<string, unknown> }>(base, '/api');
      expect(api.body.openapi).toMatch(/^3\./);
      expect(Object.keys(api.body.paths)).toContain('/collections/{collectionId}/items');
      const cols = await get<{ collections: { id: string; crs: string[]; links: { rel: string }[] }[] }>(base, '/collections');
      expect(cols.body.collections.map((c) => c.id)).toEqual(['parcels', 'pipelines', 'sensors', 'grid_l1', 'grid_l2', 'grid_l3']);
      for (const c of cols.body.collections) {
        expect(c.crs).toEqual([CRS84, `${EPSG}4490`, `${EPSG}4547`]);
        expect(c.links.map((l) => l.rel)).toContain('items');
      }
      const one = await get<{ id: string; extent: { spatial: { bbox: number[][] } } }>(base, '/collections/sensors');
      const lons = sensors.map((s) => s.lon);
      expect(one.body.extent.spatial.bbox[0][0]).toBe(Math.min(...lons));
      const q = await get<{ properties: Record<string, { type: string }> }>(base, '/collections/sensors/queryables');
      expect(q.body.properties.type.type).toBe('string');
      expect(q.body.properties.depthM.type).toBe('number');
    });

    it('walks a layer page by page: every feature once, in file order, the next link repeating every parameter', async () => {
      const all = await walk(base, '/collections/pipelines/items?limit=500');
      expect(all.ids).toEqual(pipelineIds);
      expect(all.pages).toBe(Math.ceil(pipelineIds.length / 500));
      const first = await get(base, '/collections/pipelines/items?limit=500');
      expect(first.body.numberMatched).toBe(pipelineIds.length);
      expect(first.body.numberReturned).toBe(500);
      expect(first.headers.get('content-type')).toMatch(/^application\/geo\+json/);

      const water = await walk(base, '/collections/pipelines/items?kind=water&limit=300&properties=id,kind&f=json');
      expect(water.ids).toEqual(pipelineIds.filter((_, i) => pipelineKinds[i] === 'water'));
      expect(water.hrefs.length).toBeGreaterThan(0);
      for (const href of water.hrefs) {
        const q = new URL(href).searchParams;
        expect([q.get('kind'), q.get('limit'), q.get('properties'), q.get('f')]).toEqual(['water', '300', 'id,kind', 'json']);
      }
    });

    it('selects the same sensors by a bbox in CRS84, in EPSG:4490 (lat/lon) and in the GK zone as a point-in-box count', async () => {
      const [x0, y0, x1, y1] = [113.64, 34.74, 113.68, 34.77];
      const inLonLat = sensors.filter((s) => s.lon >= x0 && s.lon <= x1 && s.lat >= y0 && s.lat <= y1).map((s) => s.id);
      expect(inLonLat.length).toBeGreaterThan(50);
      expect(inLonLat.length).toBeLessThan(sensors.length);
      const crs84 = await walk(base, `/collections/sensors/items?bbox=${x0},${y0},${x1},${y1}&limit=100`);
      expect(crs84.ids.sort()).toEqual([...inLonLat].sort());
      const cgcs = await walk(base, `/collections/sensors/items?bbox=${y0},${x0},${y1},${x1}&bbox-crs=${EPSG}4490&limit=100`);
      expect(cgcs.ids.sort()).toEqual([...inLonLat].sort());
      // The same numbers in lon/lat order are no box in lat/lon: refused, not silently empty.
      expect((await get(base, `/collections/sensors/items?bbox=${x0},${y0},${x1},${y1}&bbox-crs=${EPSG}4490`)).status).toBe(400);

      const gk = gkForwardFlat(
        sensors.flatMap((s) => [s.lon, s.lat]),
        38,
        new Float64Array(sensors.length * 2),
      );
      const [e0, n0, e1, n1] = [466_000, 3_845_000, 471_500, 3_849_000];
      const inGk = sensors
        .filter((_, i) => gk[2 * i] >= e0 && gk[2 * i] <= e1 && gk[2 * i + 1] >= n0 && gk[2 * i + 1] <= n1)
        .map((s) => s.id);
      expect(inGk.length).toBeGreaterThan(20);
      const byGk = await walk(base, `/collections/sensors/items?bbox=${n0},${e0},${n1},${e1}&bbox-crs=${EPSG}4547&limit=1000`);
      expect(byGk.ids.sort()).toEqual(inGk.sort());
    });

    it('writes coordinates in the axis order of the requested CRS', async () => {
      const s = sensors[17];
      type F = { geometry: { coordinates: number[] } };
      const lonLat = await get<F>(base, `/collections/sensors/items/${s.id}`);
      expect(lonLat.headers.get('content-crs')).toBe(`<${CRS84}>`);
      expect(lonLat.body.geometry.coordinates).toEqual([s.lon, s.lat]);
      const latLon = await get<F>(base, `/collections/sensors/items/${s.id}?crs=${encodeURIComponent(`${EPSG}4490`)}`);
      expect(latLon.headers.get('content-crs')).toBe(`<${EPSG}4490>`);
      expect(latLon.body.geometry.coordinates).toEqual([s.lat, s.lon]);
      const [e, n] = gkForwardFlat([s.lon, s.lat], 38, new Float64Array(2));
      const page = await get(base, `/collections/sensors/items?crs=${EPSG}4547&limit=20`);
      expect(page.headers.get('content-crs')).toBe(`<${EPSG}4547>`);
      const [north, east] = page.body.features.find((f) => f.id === s.id)!.geometry.coordinates;
      expect(Math.abs(north - n)).toBeLessThan(0.001);
      expect(Math.abs(east - e)).toBeLessThan(0.001);
      expect((await get(base, `/collections/sensors/items?crs=${EPSG}3857`)).status).toBe(400);
    });

    it('returns only the properties asked for and filters by queryables with their types', async () => {
      const few = await get(base, '/collections/sensors/items?properties=name,type&limit=5');
      for (const f of few.body.features) expect(Object.keys(f.properties).sort()).toEqual(['name', 'type']);
      const none = await get(base, '/collections/sensors/items?properties=&limit=5');
      for (const f of none.body.features) expect(f.properties).toEqual({});
      const bad = await get<{ title: string }>(base, '/collections/sensors/items?properties=name,colour');
      expect(bad.status).toBe(400);
      expect(bad.body.title).toContain('"colour"');

      const hydrants = await walk(base, '/collections/sensors/items?type=hydrant&limit=1000');
      expect(hydrants.ids.sort()).toEqual(
        sensors
          .filter((s) => s.type === 'hydrant')
          .map((s) => s.id)
          .sort(),
      );
      const unknown = await get<{ title: string }>(base, '/collections/sensors/items?colour=red&shade=2');
      expect(unknown.status).toBe(400);
      expect(unknown.body.title).toMatch(/"colour", "shade"/);
      expect((await get(base, '/collections/sensors/items?depthM=deep')).status).toBe(400);
      const deep = await get(base, '/collections/sensors/items?datastreams=1&limit=1000');
      expect(deep.status).toBe(200);
      for (const f of deep.body.features) expect(f.properties.datastreams).toBe(1);
      for (const bad of ['limit=0', 'limit=10001', 'limit=ten', 'bbox=1,2,3', 'bbox=1,2,3,4,5', 'limit=5&limit=6', 'f=html', 'bbox-crs=x'])
        expect((await get(base, `/collections/sensors/items?${bad}`)).status, bad).toBe(400);
    });

    it('answers 404 problems for unknown collections and features, and grid items with their version as ETag', async () => {
      const nc = await get<{ status: number; title: string }>(base, '/collections/nope/items');
      expect(nc.status).toBe(404);
      expect(nc.headers.get('content-type')).toMatch(/problem\+json/);
      expect(nc.body.title).toContain('nope');
      expect((await get(base, '/collections/sensors/items/no-such')).status).toBe(404);
      expect((await get(base, '/collections/grid_l1/items/L3-000001')).status).toBe(404);

      await t.db.query(`UPDATE grid_cells SET version = 7, updated_by = 'amy' WHERE id = 'L3-000002'`);
      const cell = await get<{ id: string; properties: Record<string, unknown> }>(base, '/collections/grid_l3/items/L3-000002');
      expect(cell.headers.get('etag')).toBe('"v7"');
      expect(cell.body.properties).toMatchObject({ version: 7, updatedBy: 'amy', level: 3 });
      expect(typeof cell.body.properties.updatedAt).toBe('string');
      const l3 = await get(base, '/collections/grid_l3/items?limit=1');
      const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_cells WHERE level = 3 AND NOT deleted');
      expect(l3.body.numberMatched).toBe(n);
      const byVersion = await get(base, '/collections/grid_l3/items?version=7');
      expect(byVersion.body.features.map((f) => f.id)).toEqual(['L3-000002']);
    });

    it('refuses injection attempts in every parameter and leaves the tables intact', async () => {
      const count = async () =>
        t.db.query<{ f: number; l: number; g: number }>(
          'SELECT (SELECT count(*)::int FROM features) AS f, (SELECT count(*)::int FROM layers) AS l, (SELECT count(*)::int FROM grid_cells) AS g',
        );
      const before = await count();
      const evil = ["'; DROP TABLE features; --", '1) OR 1=1 --', "x' OR '1'='1", '1;DELETE FROM grid_cells'];
      for (const e of evil) {
        const v = encodeURIComponent(e);
        for (const path of [
          `/collections/sensors/items?bbox=${v},1,2,3`,
          `/collections/sensors/items?properties=${v}`,
          `/collections/sensors/items?crs=${v}`,
          `/collections/sensors/items?bbox=1,2,3,4&bbox-crs=${v}`,
          `/collections/sensors/items?limit=${v}`,
          `/collections/sensors/items?cursor=${v}`,
          `/collections/sensors/items?${v}=1`,
          `/collections/sensors/items?depthM=${v}`,
          `/collections/grid_l3/items?version=${v}`,
        ])
          expect((await get(base, path)).status, path).toBe(400);
        for (const path of [`/collections/${v}/items`, `/collections/sensors/items/${v}`, `/collections/grid_l3/items/${v}`])
          expect((await get(base, path)).status, path).toBe(404);
        // A string filter's value is data: it matches nothing.
        const asValue = await get(base, `/collections/sensors/items?type=${v}`);
        expect(asValue.status).toBe(200);
        expect(asValue.body.features).toEqual([]);
      }
      expect(await count()).toEqual(before);
    });

    it("is read by GDAL's OAPIF client: the collections listed, the grid's ids and vertices as in the database", async () => {
      const so = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`]);
      for (const id of ['parcels', 'pipelines', 'sensors', 'grid_l1', 'grid_l2', 'grid_l3'])
        expect(so.stdout).toMatch(new RegExp(`: ${id} `));
      const out = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${base}`, 'grid_l3', '-oo', 'PAGE_SIZE=100'], {
        maxBuffer: 64 << 20,
      });
      const read = JSON.parse(out.stdout) as { features: { properties: { id: string }; geometry: { coordinates: number[][][][] } }[] };
      const rows = await t.db.query<{ id: string; g: string }>(
        'SELECT id, ST_AsGeoJSON(geom, 9) AS g FROM grid_cells WHERE level = 3 AND NOT deleted ORDER BY fid',
      );
      expect(read.features.map((f) => f.properties.id)).toEqual(rows.map((r) => r.id));
      for (const k of [0, Math.floor(rows.length / 2), rows.length - 1])
        expect(read.features[k].geometry.coordinates).toEqual(JSON.parse(rows[k].g).coordinates);
    });
  });
}
