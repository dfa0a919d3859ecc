// Every format the fixtures write, read back through GDAL and compared with the demo's own buildings: ids, areas in
// the GK zone (m², 1e-6 relative), attributes with Chinese text, the encoding and CRS found.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeGdal } from '../../../scripts/gdal/gdalNode';
import { cityFixtures, chineseBuilding, PINYIN_FIELDS, type CityFixtures } from '../../../scripts/fixtures/cityFixtures';
import { gkForwardFlat } from '../../core/crs/gkForward';
import { polygonAreaM2 } from '../../core/geom/area';
import type { GeoJsonFeature } from '../featureFile';
import type { GdalRuntime } from './gdalRuntime';
import { ImportJob } from './importJob';
import type { ReadOptions } from './readSource';

let rt: GdalRuntime;
let fx: CityFixtures;
let demo: Map<string, { areaM2: number; properties: Record<string, unknown> }>;

/** Area of a Polygon/MultiPolygon whose coordinates are metres, or lon/lat projected to GK zone 38 first. */
function areaM2(geometry: GeoJsonFeature['geometry'], lonLat: boolean): number {
  if (!geometry) return NaN;
  const polygons = (geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates]) as number[][][][];
  let sum = 0;
  for (const rings of polygons) {
    const flat = rings.flat(2);
    const ends: number[] = [];
    let n = 0;
    for (const r of rings) ends.push((n += r.length));
    const xy = lonLat ? gkForwardFlat(flat, 38, new Float64Array(flat.length)) : flat;
    sum += polygonAreaM2(xy, ends);
  }
  return sum;
}

function inputsOf(path: string): { name: string; bytes: Uint8Array }[] {
  const files = statSync(path).isDirectory() ? readdirSync(path).map((n) => join(path, n)) : [path];
  return files.map((f) => ({ name: f, bytes: readFileSync(f) }));
}

async function readAll(job: ImportJob, file: string, layer: string, options: ReadOptions = {}): Promise<GeoJsonFeature[]> {
  const out: GeoJsonFeature[] = [];
  for await (const page of job.pages(file, layer, { pageSize: 4096, ...options })) out.push(...page.features);
  return out;
}

beforeAll(async () => {
  const t0 = performance.now();
  rt = await nodeGdal();
  fx = await cityFixtures();
  console.log(`GDAL init + fixtures: ${Math.round(performance.now() - t0)} ms`);
  const features = (JSON.parse(readFileSync(fx.demoBuildings, 'utf8')) as { features: GeoJsonFeature[] }).features;
  demo = new Map(
    features.map((f, i) => [
      String(f.properties?.id),
      { areaM2: areaM2(f.geometry, true), properties: chineseBuilding(f.properties ?? {}, i) },
    ]),
  );
}, 120_000);

/** Compares read buildings with the demo's: every id once, areas within `relTol`, the Chinese attributes as written. */
function expectDemoBuildings(
  features: GeoJsonFeature[],
  opts: { idField: string; lonLat: boolean; relTol: number; fields?: Record<string, string> },
): void {
  expect(features.length).toBe(demo.size);
  const seen = new Set<string>();
  let worst = 0;
  for (const f of features) {
    const id = String(f.properties?.[opts.idField]);
    const d = demo.get(id);
    expect(d, `id ${id}`).toBeDefined();
    seen.add(id);
    const a = areaM2(f.geometry, opts.lonLat);
    worst = Math.max(worst, Math.abs(a - d!.areaM2) / d!.areaM2);
    for (const [name, source] of Object.entries(opts.fields ?? {}))
      expect(f.properties?.[name], `${id}.${name}`).toEqual(d!.properties[source]);
  }
  expect(seen.size).toBe(demo.size);
  expect(worst).toBeLessThan(opts.relTol);
}

const CHINESE = { 编号: '编号', 建筑高度: '建筑高度', 层数: '层数', 用地代码: '用地代码', 名称: '名称' };

describe('reading the fixtures through GDAL', () => {
  it.each([
    ['shp-gbk', 'cpg', 'CP936'],
    ['shp-gbk-nocpg', 'detected', 'CP936'],
    ['建筑-gbk.zip', 'cpg', 'CP936'],
  ])('GBK Shapefile %s in EPSG:4547: encoding from %s, ids, areas and Chinese attributes', async (path, source, encoding) => {
    const t0 = performance.now();
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, path)));
    const [d] = await job.describe();
    expect(d.format).toBe('Shapefile');
    expect(d.encoding).toMatchObject({ source, encoding });
    const layer = d.layers[0];
    expect(layer.crs?.epsg).toBe('EPSG:4547');
    expect(layer.featureCount).toBe(demo.size);
    expect(layer.fields.find((f) => f.name === '名称')?.samples[0]).toBe(demo.get('B-0000001')!.properties.名称);
    expectDemoBuildings(await readAll(job, d.file, layer.name), { idField: '编号', lonLat: false, relTol: 1e-6, fields: CHINESE });
    job.dispose();
    console.log(`${path}: ${Math.round(performance.now() - t0)} ms`);
  });

  it('a UTF-8 Shapefile without .cpg or language byte is detected as UTF-8', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'shp-utf8-nocpg')));
    const [d] = await job.describe(1);
    expect(d.encoding).toMatchObject({ source: 'detected', encoding: 'UTF-8' });
    const features = await readAll(job, d.file, d.layers[0].name);
    expect(features[0].properties?.名称).toBe(demo.get(String(features[0].properties?.编号))!.properties.名称);
    job.dispose();
  });

  it('reprojected by GDAL to CGCS2000 lon/lat (x = lon), the areas still match', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'shp-gbk')));
    const features = await readAll(job, job.datasets[0].file, '建筑', { targetCrs: 'EPSG:4490' });
    const [lon, lat] = (features[0].geometry!.coordinates as number[][][])[0][0];
    expect(lon).toBeGreaterThan(113);
    expect(lat).toBeLessThan(35);
    expectDemoBuildings(features, { idField: '编号', lonLat: true, relTol: 1e-6 });
    job.dispose();
  });

  it('a GeoPackage with two layers (buildings and grids)', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'city.gpkg')));
    const [d] = await job.describe();
    expect(d.layers.map((l) => [l.name, l.crs?.epsg])).toEqual([
      ['建筑', 'EPSG:4547'],
      ['网格', 'EPSG:4547'],
    ]);
    expect(d.layers[1].fields.map((f) => f.name)).toEqual(['网格编码', '网格层级', '上级网格', '网格名称']);
    expectDemoBuildings(await readAll(job, d.file, '建筑'), { idField: '编号', lonLat: false, relTol: 1e-6, fields: CHINESE });
    job.dispose();
  });

  it('a zipped File Geodatabase, opened through /vsizip/', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'city-gdb.zip')));
    const [d] = await job.describe();
    expect(d).toMatchObject({ format: 'File Geodatabase', driver: 'OpenFileGDB', file: 'city-gdb.zip/city.gdb' });
    expectDemoBuildings(await readAll(job, d.file, d.layers[0].name), { idField: '编号', lonLat: false, relTol: 1e-6, fields: CHINESE });
    job.dispose();
  });

  it.each(['tab', 'mif'])('MapInfo %s with pinyin field names and GBK text', async (path) => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, path)));
    const [d] = await job.describe();
    const pinyin = Object.fromEntries(Object.entries(PINYIN_FIELDS).map(([zh, py]) => [py, zh]));
    // TAB keeps integer coordinates in its own CoordSys (not identified as EPSG:4547): 1.7e-6 measured, not 1e-6.
    const relTol = path === 'tab' ? 5e-6 : 1e-6;
    expectDemoBuildings(await readAll(job, d.file, d.layers[0].name), { idField: 'BH', lonLat: false, relTol, fields: pinyin });
    job.dispose();
  });

  it('GeoJSON and FlatGeobuf in EPSG:4547', async () => {
    for (const file of ['buildings.geojson', 'buildings.fgb']) {
      const job = await ImportJob.open(rt, inputsOf(join(fx.dir, file)));
      const [d] = await job.describe(0);
      expect(d.layers[0].crs?.epsg).toBe('EPSG:4547');
      expectDemoBuildings(await readAll(job, d.file, d.layers[0].name), { idField: '编号', lonLat: false, relTol: 1e-6, fields: CHINESE });
      job.dispose();
    }
  });

  it('KML in WGS84 lon/lat, ids from the placemark names', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'buildings.kml')));
    const [d] = await job.describe(0);
    expect(d.layers[0].crs?.epsg).toBe('EPSG:4326');
    expectDemoBuildings(await readAll(job, d.file, d.layers[0].name), { idField: 'Name', lonLat: true, relTol: 1e-6 });
    job.dispose();
  });

  it('DXF has no CRS: reading it needs one given, and then its outlines match', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'buildings.dxf')));
    const [d] = await job.describe(0);
    expect(d.layers[0].crs).toBeNull();
    await expect(readAll(job, d.file, d.layers[0].name, { targetCrs: 'EPSG:4490' })).rejects.toThrow(
      /buildings\.dxf: has no coordinate reference system/,
    );
    const features = await readAll(job, d.file, d.layers[0].name, { sourceCrs: 'EPSG:4547', targetCrs: 'EPSG:4490' });
    expect(features.length).toBe(demo.size);
    const total = features.reduce((s, f) => s + (f.geometry?.type.endsWith('Polygon') ? areaM2(f.geometry, true) : 0), 0);
    const demoTotal = [...demo.values()].reduce((s, d) => s + d.areaM2, 0);
    expect(Math.abs(total - demoTotal) / demoTotal).toBeLessThan(1e-6);
    job.dispose();
  });

  it('CSV: coordinate columns found by name, values typed', async () => {
    const job = await ImportJob.open(rt, inputsOf(join(fx.dir, 'buildings.csv')));
    const [d] = await job.describe();
    expect(d.layers[0]).toMatchObject({ geometryType: 'Point', featureCount: demo.size });
    expect(d.layers[0].fields.find((f) => f.name === '建筑高度')?.type).toBe('Real');
    const features = await readAll(job, d.file, d.layers[0].name, { sourceCrs: 'EPSG:4490' });
    const first = features.find((f) => f.properties?.编号 === 'B-0000001')!;
    expect(first.properties?.名称).toBe(demo.get('B-0000001')!.properties.名称);
    expect((first.geometry!.coordinates as number[])[0]).toBeCloseTo(113.6229989, 7);
    job.dispose();
  });
});
