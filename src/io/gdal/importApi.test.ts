// The import worker's API called in-process from Node (same functions the worker exposes): inspect, convert with
// progress, cancel between pages.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeGdal } from '../../../scripts/gdal/gdalNode';
import { cityFixtures } from '../../../scripts/fixtures/cityFixtures';
import { readFeatures } from '../featureFile';
import { createImportApi } from './importApi';

let dir: string;
const api = createImportApi(nodeGdal);

beforeAll(async () => {
  dir = (await cityFixtures()).dir;
}, 120_000);

const shp = () => readdirSync(join(dir, 'shp-gbk-nocpg')).map((n) => ({ name: n, bytes: readFileSync(join(dir, 'shp-gbk-nocpg', n)) }));

describe('import API', () => {
  it('inspects a GBK Shapefile without .cpg: format, encoding, CRS, fields, suggested role and mapping', async () => {
    const r = await api.inspect(shp());
    expect(r.sources[0]).toMatchObject({ format: 'Shapefile', encoding: { encoding: 'CP936', source: 'detected' } });
    expect(r.layers[0]).toMatchObject({
      role: 'buildings',
      mapping: { id: '编号', heightM: '建筑高度', floors: '层数', baseM: '基底高程', use: '用地代码', name: '名称' },
      crs: { ok: true, crs: { code: 'EPSG:4547' } },
    });
    api.close(r.jobId);
  });

  it('converts a layer to a lon/lat FlatGeobuf under the contract, reporting progress', async () => {
    const r = await api.inspect(shp());
    const l = r.layers[0];
    const progress: number[] = [];
    const out = await api.convert(r.jobId, { file: l.file, layer: l.layer, role: l.role, mapping: l.mapping }, (done) =>
      progress.push(done),
    );
    expect(out.count).toBe(r.sources[0].layers[0].featureCount);
    expect(progress.at(-1)).toBe(out.count);
    expect(progress.length).toBeGreaterThan(1);
    const features = await readFeatures(out.fgb, 'converted.fgb');
    expect(features[0].properties).toMatchObject({ id: 'B-0000001', heightM: 4.5, floors: 1, use: '11' });
    expect(out.bboxLonLatDeg[0]).toBeGreaterThan(113);
    api.close(r.jobId);
  });

  it('cancel stops a conversion between pages', async () => {
    const r = await api.inspect(shp());
    const l = r.layers[0];
    const run = api.convert(r.jobId, { file: l.file, layer: l.layer, role: l.role, mapping: l.mapping }, () => api.cancel(r.jobId));
    await expect(run).rejects.toThrow(/abort/i);
    api.close(r.jobId);
    await expect(api.convert(r.jobId, { file: l.file, layer: l.layer, role: l.role, mapping: l.mapping })).rejects.toThrow(/closed/);
  });

  it('a Cancel arriving as a task of its own (a message to the worker) stops the conversion at the next page', async () => {
    const r = await api.inspect(shp());
    const l = r.layers[0];
    let cancelled = false;
    const run = api.convert(r.jobId, { file: l.file, layer: l.layer, role: l.role, mapping: l.mapping }, (done) => {
      if (done > 0 && !cancelled) {
        cancelled = true;
        setTimeout(() => api.cancel(r.jobId), 0);
      }
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(cancelled).toBe(true);
    api.close(r.jobId);
  });
});
