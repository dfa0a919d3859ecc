// `cim import` → `cim city check` as processes, on the GDAL-written fixtures: a GBK Shapefile of buildings in
// EPSG:4547 and a grid Shapefile become a city folder the checks accept, with the demo's ids, heights and Chinese names;
// faults are reported by file, index and id; refusals (no CRS, wrong CRS, missing folder) exit 2 and write nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityFixtures, type CityFixtures } from '../fixtures/cityFixtures';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { readFeatures } from '../../src/io/featureFile';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });
const tmp = mkdtempSync(join(tmpdir(), 'cim-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fx: CityFixtures;

beforeAll(async () => {
  fx = await cityFixtures();
}, 120_000);

const gridParts = () => readdirSync(join(fx.dir, 'shp-grids')).map((n) => join(fx.dir, 'shp-grids', n));

describe('cim import', () => {
  it('a zipped GBK Shapefile of buildings and a grid Shapefile → a city folder that cim city check accepts', async () => {
    const out = join(tmp, 'city');
    const r = cim('import', join(fx.dir, '建筑-gbk.zip'), ...gridParts(), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      counts: Record<string, number>;
      layers: { role: string; crs: string }[];
      timingsMs: Record<string, number>;
    };
    expect(summary.layers.map((l) => [l.role, l.crs])).toEqual([
      ['buildings', 'EPSG:4547'],
      ['grids', 'EPSG:4547'],
    ]);
    // bench:import prints these phases: they follow one another within the whole.
    const { gdalInit, open, describe: described, write, total } = summary.timingsMs;
    expect(Object.keys(summary.timingsMs)).toEqual(['gdalInit', 'open', 'describe', 'write', 'total']);
    expect(gdalInit + open + described + write).toBeLessThanOrEqual(total + 4);
    const check = cim('city', 'check', out);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const demo = (JSON.parse(readFileSync(fx.demoBuildings, 'utf8')) as { features: GeoJsonFeature[] }).features;
    const manifest = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as {
      files: Record<string, string>;
      counts: Record<string, number>;
    };
    expect(manifest.counts).toMatchObject({ buildings: demo.length, gridsL1: 4, gridsL2: 64, gridsL3: 328 });
    const buildings = await readFeatures(new Uint8Array(readFileSync(join(out, manifest.files.buildings))), manifest.files.buildings);
    const byId = new Map(buildings.map((f) => [f.properties?.id, f]));
    for (const d of demo.slice(0, 500)) {
      const b = byId.get(d.properties?.id)!;
      expect(b.properties).toMatchObject({ heightM: d.properties?.heightM, floors: d.properties?.floors, use: d.properties?.use });
      expect(String(b.properties?.name)).toMatch(/号楼$/);
      const [lon, lat] = (b.geometry!.coordinates as number[][][])[0][0];
      const [dLon, dLat] = (d.geometry!.coordinates as number[][][])[0][0];
      expect(Math.abs(lon - dLon) + Math.abs(lat - dLat)).toBeLessThan(1e-8);
    }
  });

  it('names every skipped or emptied feature (file, index, id) and exits 1; --strict refuses', () => {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } },
      features: [
        {
          type: 'Feature',
          properties: { 编号: 'A', 建筑高度: 12 },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.66, 34.76],
                [113.661, 34.76],
                [113.661, 34.761],
                [113.66, 34.76],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { 编号: 'B', 建筑高度: 'abc' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.67, 34.76],
                [113.671, 34.76],
                [113.671, 34.761],
                [113.67, 34.76],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { 编号: 'C', 建筑高度: 9 },
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.66, 34.76],
              [113.67, 34.77],
            ],
          },
        },
        { type: 'Feature', properties: { 编号: 'D', 建筑高度: 9 }, geometry: null },
        {
          type: 'Feature',
          properties: { 编号: 'A', 建筑高度: 5 },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.68, 34.76],
                [113.681, 34.76],
                [113.681, 34.761],
                [113.68, 34.76],
              ],
            ],
          },
        },
      ],
    };
    const file = join(tmp, 'faults.geojson');
    writeFileSync(file, JSON.stringify(fc));
    const out = join(tmp, 'faults-city');
    const r = cim('import', file, '--role', 'buildings=faults.geojson', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/faults\.geojson \(faults\) feature 1 id B: kept: heightM from 建筑高度: not-a-number \("abc"\)/);
    expect(r.stderr).toMatch(/feature 2 id C: skipped: LineString is not a geometry for buildings/);
    expect(r.stderr).toMatch(/feature 3 id D: skipped: no-geometry/);
    expect(r.stderr).toMatch(/feature 4 id A: skipped: duplicate id \(feature 0 has it\)/);
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')) as {
      problems: { index: number; id: string; action: string }[];
    };
    expect(report.problems.map((p) => [p.index, p.id, p.action])).toEqual([
      [1, 'B', 'kept'],
      [2, 'C', 'skipped'],
      [3, 'D', 'skipped'],
      [4, 'A', 'skipped'],
    ]);
    expect(JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')).counts.buildings).toBe(2);
    const strictOut = join(tmp, 'strict-city');
    const strict = cim('import', file, '--role', 'buildings=faults.geojson', '--out', strictOut, '--strict');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/--strict: 3 features would be skipped, first faults\.geojson feature 2/);
    expect(existsSync(strictOut)).toBe(false);
  });

  it('refuses, before writing anything: DXF without a CRS, a CRS the coordinates contradict, a missing --out folder', () => {
    const out = join(tmp, 'refused');
    const dxf = cim('import', join(fx.dir, 'buildings.dxf'), '--role', 'overlay=buildings.dxf', '--out', out);
    expect(dxf.status).toBe(2);
    expect(dxf.stderr).toMatch(/buildings\.dxf \(entities\): no CRS declared; coordinates look like GK metres/);
    const wrong = cim('import', join(fx.dir, 'buildings.kml'), '--crs', 'EPSG:4547', '--out', out);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/buildings\.kml.*coordinates look like lon\/lat degrees.*not GK zone 38 metres as EPSG:4547 declares/);
    const noDir = cim('import', join(fx.dir, 'buildings.fgb'), '--out', join(tmp, 'no/such/dir'));
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toMatch(/--out .*does not exist/);
    const badDem = cim('import', join(fx.dir, 'buildings.fgb'), '--dem', join(fx.dir, 'buildings.csv'), '--out', out);
    expect(badDem.status).toBe(2);
    expect(badDem.stderr).toMatch(/--dem buildings\.csv: not a readable GeoTIFF/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --crs, the DXF is read in that CRS and written as an overlay', () => {
    const out = join(tmp, 'dxf-city');
    const r = cim('import', join(fx.dir, 'buildings.dxf'), '--crs', 'EPSG:4547', '--role', 'overlay=buildings.dxf', '--out', out);
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as { overlays: { file: string }[]; bboxLonLatDeg: number[] };
    expect(manifest.overlays).toHaveLength(1);
    expect(manifest.bboxLonLatDeg[0]).toBeCloseTo(113.62, 1);
  });
});

describe('cim city check', () => {
  it('names a missing file, a wrong count and coordinates in metres', () => {
    const out = join(tmp, 'broken');
    expect(cim('import', join(fx.dir, 'city.gpkg'), '--out', out).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as {
      files: Record<string, string>;
      counts: Record<string, number>;
    };
    manifest.counts.buildings += 1;
    manifest.files.roads = 'no-roads.geojson';
    writeFileSync(join(out, 'demo.json'), JSON.stringify(manifest));
    const metres = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'Z', maxHeightM: 50 },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [465457, 3844604],
                [465557, 3844604],
                [465557, 3844704],
                [465457, 3844604],
              ],
            ],
          },
        },
      ],
    };
    writeFileSync(join(out, manifest.files.heightLimits), JSON.stringify(metres));
    const r = cim('city', 'check', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no-roads\.geojson: named as files\.roads in demo\.json but missing/);
    expect(r.stderr).toMatch(/buildings\.geojson: 20000 features, the manifest says 20001/);
    expect(r.stderr).toMatch(/height-limits\.geojson: coordinates look like GK metres/);
    expect(cim('city', 'check', join(tmp, 'nothing-here')).status).toBe(2);
  });
});
