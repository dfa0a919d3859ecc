// `cim import` of a 3D model: the "3D model" role, carried out by `cim model` into DIR/models/ and DIR/demo.json's
// models when the city folder has a manifest; a model mixed with GIS files is refused before any work.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { ifcFixture } from '../../src/io/models/ifcFixture';
import { cim, GK_114 } from './modelTiles.fixture';

const dir = mkdtempSync(join(tmpdir(), 'cim-import-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ifc = join(dir, 'design.ifc');
writeFileSync(ifc, ifcFixture());
const [X, Y] = proj4('WGS84', GK_114, [113.661, 34.761]);

describe('cim import of a 3D model', () => {
  it("tiles it into the city folder's models and lists it in the city's manifest", () => {
    const city = join(dir, 'city');
    mkdirSync(city);
    const manifest = {
      generator: 'importModel.test',
      crs: 'EPSG:4490',
      metricCrs: 'EPSG:4547',
      centerLonLatDeg: [113.66, 34.76],
      bboxLonLatDeg: [113.622, 34.729, 113.698, 34.791],
    };
    writeFileSync(join(city, 'demo.json'), JSON.stringify(manifest));
    const r = cim('import', ifc, '--out', city, '--at', `${X},${Y}`, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(city, 'demo.json'), 'utf8')) as DemoManifest;
    expect(written.models?.map((m) => m.id)).toEqual(['design']);
    expect(existsSync(join(city, written.models![0].tileset))).toBe(true);
    expect(written.models![0].tileset.startsWith('models/')).toBe(true);
  });

  it('refuses a model mixed with GIS files, naming both, and writes nothing', () => {
    const geojson = join(dir, 'parcels.geojson');
    writeFileSync(geojson, JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const out = join(dir, 'mixed');
    const r = cim('import', ifc, geojson, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/design\.ifc is a 3D model.*parcels\.geojson/);
    expect(existsSync(out)).toBe(false);
  });
});
