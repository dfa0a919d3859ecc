// The layer loader on both databases: batches past one INSERT, GeoJSON and FlatGeobuf alike, unusable geometries
// skipped and named, ids, extent and field types recorded, a reload replacing the layers, and a failed load undone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { loadLayers, storableProblem } from './layers';

const N = 4321;
const point = (i: number) => [113.6 + (i % 97) * 0.001, 34.7 + Math.floor(i / 97) * 0.001];
/** N points, every 1000th without a geometry, one with an unclosed ring, one repeating an id; a few without an id. */
function pointsFile(): unknown {
  const features: unknown[] = [];
  for (let i = 0; i < N; i++) {
    const props: Record<string, unknown> = {
      id: `S-${i}`,
      n: i,
      label: `s${i}`,
      ratio: i / 3,
      on: i % 2 === 0,
      code: i % 10 ? `c${i}` : i,
    };
    if (i % 500 === 7) delete props.id;
    const geometry = i % 1000 === 999 ? null : { type: 'Point', coordinates: point(i) };
    features.push({ type: 'Feature', properties: props, geometry });
  }
  features.push({
    type: 'Feature',
    properties: { id: 'ring' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [113, 34],
          [113.1, 34],
          [113.1, 34.1],
          [113, 34.1],
        ],
      ],
    },
  });
  features.push({ type: 'Feature', properties: { id: 'S-1' }, geometry: { type: 'Point', coordinates: [113, 34] } });
  return { type: 'FeatureCollection', features };
}

const parcels = {
  type: 'FeatureCollection',
  features: [0, 1, 2].map((i) => ({
    type: 'Feature',
    properties: { id: `P-${i}`, use: 'R2', floors: i + 0.5 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [113 + i, 34],
          [113.5 + i, 34],
          [113.5 + i, 34.5],
          [113 + i, 34],
        ],
      ],
    },
  })),
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-layers-'));
  writeFileSync(join(dir, 'points.geojson'), JSON.stringify(pointsFile()));
  writeFileSync(join(dir, 'parcels.fgb'), fgb.serialize(parcels as never));
  writeFileSync(join(dir, 'broken.geojson'), '{"type":"FeatureCollection","features":[');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('names why a geometry cannot be stored', () => {
  expect(storableProblem(null)).toBe('no geometry');
  expect(storableProblem({ type: 'Circle', coordinates: [] })).toMatch(/unknown geometry type/);
  expect(storableProblem({ type: 'LineString', coordinates: [[1, 2]] })).toMatch(/fewer than 2/);
  expect(storableProblem({ type: 'Point', coordinates: [1, NaN] })).toMatch(/not finite/);
  expect(
    storableProblem({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      ],
    }),
  ).toBeNull();
  expect(storableProblem({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] })).toBeNull();
});

for (const kind of DATABASES) {
  describe(kind, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await openTestDb(kind);
    }, 120_000);
    afterAll(async () => t?.close());
    beforeEach(async () => {
      await t.db.query('DELETE FROM features');
      await t.db.query('DELETE FROM layers');
    });

    it('loads GeoJSON in batches and FlatGeobuf, skipping and naming unusable features', async () => {
      const lines: string[] = [];
      // The sensors key is a SensorThings file: anything else is refused with its path.
      await expect(t.db.transaction((tx) => loadLayers(tx, dir, { sensors: 'points.geojson' }, () => {}))).rejects.toThrow(
        /points\.geojson: not a SensorThings file/,
      );
      const files = { greenSpaces: 'points.geojson', parcels: 'parcels.fgb', dem: 'dem.tif' };
      const summary = await t.db.transaction((tx) => loadLayers(tx, dir, files, (l) => lines.push(l)));
      const pts = summary.find((s) => s.name === 'greenSpaces')!;
      const nulls = Math.floor(N / 1000);
      expect(pts.features).toBe(N - nulls);
      expect(pts.skipped).toBe(nulls + 2);
      expect(pts.skippedExamples[0]).toBe('feature 999 (id S-999): no geometry');
      expect(pts.skippedExamples).toContain(`feature ${N} (id ring): a ring is not closed`);
      expect(pts.skippedExamples).toContain(`feature ${N + 1} (id S-1): duplicate id`);
      expect(lines.join('\n')).toContain(`greenSpaces: ${N - nulls} features`);
      expect(lines.join('\n')).toContain(`${nulls + 2} skipped (feature 999 (id S-999): no geometry;`);

      const [row] = await t.db.query<{ n: number; extent: number[]; fields: Record<string, unknown>; geometry_type: string }>(
        `SELECT (SELECT count(*)::int FROM features WHERE layer = 'greenSpaces') AS n, extent, fields, geometry_type FROM layers WHERE name = 'greenSpaces'`,
      );
      expect(row.n).toBe(N - nulls);
      expect(row.geometry_type).toBe('Point');
      expect(row.fields).toEqual({
        id: 'string',
        n: 'integer',
        label: 'string',
        ratio: 'number',
        on: 'boolean',
        code: ['integer', 'string'],
      });
      const lons = [...Array(N).keys()].map((i) => point(i)[0]);
      const lats = [...Array(N).keys()].filter((i) => i % 1000 !== 999).map((i) => point(i)[1]);
      expect(row.extent.map(Number)).toEqual([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
      // Without properties.id the index is the id; the fid is the index in the file.
      const ids = await t.db.query<{ fid: number; id: string; x: number }>(
        `SELECT fid, id, ST_X(geom) AS x FROM features WHERE layer = 'greenSpaces' AND fid IN (6, 7, 1234) ORDER BY fid`,
      );
      expect(ids.map((r) => [Number(r.fid), r.id, r.x])).toEqual([
        [6, 'S-6', point(6)[0]],
        [7, '7', point(7)[0]],
        [1234, 'S-1234', point(1234)[0]],
      ]);

      const [p] = await t.db.query<{ n: number; fields: Record<string, unknown>; area: number }>(
        `SELECT count(*)::int AS n, (SELECT fields FROM layers WHERE name = 'parcels') AS fields, sum(ST_Area(geom)) AS area
         FROM features WHERE layer = 'parcels'`,
      );
      expect(p.n).toBe(3);
      expect(p.fields).toEqual({ id: 'string', use: 'string', floors: 'number' });
      expect(p.area).toBeCloseTo(3 * 0.125, 9);
    });

    it('replaces the layers on a reload, and an unreadable file undoes the whole load', async () => {
      await t.db.transaction((tx) => loadLayers(tx, dir, { parcels: 'parcels.fgb' }, () => {}));
      await t.db.transaction((tx) => loadLayers(tx, dir, { parcels: 'parcels.fgb' }, () => {}));
      const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM features'))[0].n;
      expect(await count()).toBe(3);
      await expect(
        t.db.transaction((tx) => loadLayers(tx, dir, { greenSpaces: 'points.geojson', roads: 'broken.geojson' }, () => {})),
      ).rejects.toThrow(/broken\.geojson/);
      expect(await count()).toBe(3);
      expect((await t.db.query<{ name: string }>('SELECT name FROM layers')).map((r) => r.name)).toEqual(['parcels']);
    });
  });
}
