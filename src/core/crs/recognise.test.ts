import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type initGdalJsType from 'gdal3.js';
import { knownCrs, listKnownCrs } from './known';
import { recogniseCrs, recogniseGpkgSrs } from './recognise';

type Gdal = Awaited<ReturnType<typeof initGdalJsType>>;

// Per family: its first and last zone and, where it has one, Zhengzhou's (3° zone 38 / CM 114E, 6° zone 19 / CM 111E).
const SAMPLE = [
  4490, 4326, 3857, 4610, 4214, 4513, 4526, 4533, 4534, 4547, 4554, 4491, 4497, 4501, 4502, 4508, 4509, 4512, 2349, 2362, 2369, 2370, 2383,
  2390, 2327, 2333, 2337, 2338, 2344, 2348, 2401, 2414, 2421, 2422, 2435, 2442, 21413, 21419, 21423, 21453, 21459, 21463,
];

interface Declared {
  prj: string;
  wkt1: string;
  wkt2: string;
}
const declared = new Map<number, Declared>();
let gpkgRows: { srs_id: number; organization: string; organization_coordsys_id: number; definition: string }[] = [];

/** WKT with every AUTHORITY[...] / ID[...] removed: recognised from datum and parameters alone. */
function stripIds(wkt: string): string {
  let s = wkt;
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/,\s*(AUTHORITY|ID)\[[^[\]]*\]/g, '');
  }
  return s;
}

beforeAll(async () => {
  // The declarations are GDAL's own, written for each EPSG code with proj.db (gdal3.js 2.8.1, GDAL 3.x).
  const dir = mkdtempSync(join(tmpdir(), 'crs-recognise-'));
  const src = join(dir, 'point.geojson');
  writeFileSync(
    src,
    JSON.stringify({ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [113.7, 34.75] } }),
  );
  const initGdalJs = (await import('gdal3.js/node.js' as string)).default as typeof initGdalJsType;
  const gdal: Gdal = await initGdalJs({ useWorker: false });
  const ds = (await gdal.open(src)).datasets[0];
  for (const code of SAMPLE) {
    const out = await gdal.ogr2ogr(ds, ['-f', 'ESRI Shapefile', '-a_srs', `EPSG:${code}`], `p${code}`);
    const prj = new TextDecoder().decode(await gdal.getFileBytes(out.local.replace(/\.shp$/, '.prj')));
    const shp = (await gdal.open(out.real)).datasets[0];
    const wkt = async (options: string[]): Promise<string> => {
      const info = (await gdal.ogrinfo(shp, ['-so', ...options])) as {
        layers: { geometryFields: { coordinateSystem: { wkt: string } }[] }[];
      };
      return info.layers[0].geometryFields[0].coordinateSystem.wkt;
    };
    declared.set(code, { prj, wkt1: await wkt(['-wkt_format', 'WKT1']), wkt2: await wkt([]) });
    await gdal.close(shp);
  }
  const gpkg = await gdal.ogr2ogr(ds, ['-f', 'GPKG', '-a_srs', 'EPSG:2383'], 'srs');
  const g = (await gdal.open(gpkg.real)).datasets[0];
  const sql = 'SELECT srs_id, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys';
  const info = (await gdal.ogrinfo(g, ['-features', '-sql', sql])) as { layers: { features: { properties: (typeof gpkgRows)[0] }[] }[] };
  gpkgRows = info.layers[0].features.map((f) => f.properties);
}, 120_000); // GDAL's start and the declarations take seconds on a loaded machine

describe('recogniseCrs from what GDAL writes', () => {
  it.each(SAMPLE)('EPSG:%i from its code, WKT1, WKT2 and ESRI .prj', (code) => {
    const d = declared.get(code)!;
    const want = knownCrs(code)!;
    expect(want).not.toBeNull();
    for (const text of [`EPSG:${code}`, `urn:ogc:def:crs:EPSG::${code}`, d.wkt1, d.wkt2, d.prj]) {
      const r = recogniseCrs(text);
      expect(r.ok ? r.crs.code : r.reason, text.slice(0, 60)).toBe(want.code);
    }
    // Without authority codes (ESRI .prj never has them): read from datum, projection and parameters.
    for (const text of [stripIds(d.wkt1), stripIds(d.wkt2)]) {
      const r = recogniseCrs(text);
      expect(r.ok ? r.crs.code : r.reason, text.slice(0, 60)).toBe(want.code);
      if (r.ok && want.kind !== 'geographic') expect(r.how).toBe('parameters');
    }
  });

  it('names each CRS as EPSG does', () => {
    for (const code of SAMPLE) {
      const m = /^(PROJCS|GEOGCS)\["([^"]+)"/.exec(declared.get(code)!.wkt1);
      expect(knownCrs(code)!.name, String(code)).toBe(m![2]);
    }
  });

  it('reads a GeoPackage srs by its organisation code, else its definition', () => {
    const row = gpkgRows.find((r) => r.srs_id === 2383)!;
    const srs = {
      srsId: row.srs_id,
      organization: row.organization,
      organizationCoordsysId: row.organization_coordsys_id,
      definition: row.definition,
    };
    const byCode = recogniseGpkgSrs(srs);
    expect(byCode.ok && byCode.crs.code).toBe('EPSG:2383');
    const byDefinition = recogniseGpkgSrs({ ...srs, organization: 'NONE', definition: stripIds(row.definition) });
    expect(byDefinition.ok && byDefinition.crs.code).toBe('EPSG:2383');
    const undef = gpkgRows.find((r) => r.srs_id === -1)!;
    expect(recogniseGpkgSrs({ srsId: undef.srs_id, definition: undef.definition })).toEqual({
      ok: false,
      reason: 'the GeoPackage declares an undefined Cartesian CRS',
    });
  });
});

describe('recogniseCrs details', () => {
  it('knows 4 geographic CRSs, Web Mercator, GCJ-02 and 12 GK families (198 CRSs)', () => {
    const all = listKnownCrs();
    expect(all.filter((c) => c.kind === 'gk3')).toHaveLength(6 * 21);
    expect(all.filter((c) => c.kind === 'gk6')).toHaveLength(6 * 11);
    expect(new Set(all.map((c) => c.code)).size).toBe(all.length);
    expect(all.filter((c) => c.approximate).map((c) => c.datum)).not.toContain('CGCS2000');
  });

  it('tells the ESRI 3° and 6° names of one central meridian apart', () => {
    const prj6 = declared.get(4509)!.prj;
    expect(prj6).toContain('CGCS2000_GK_CM_117E');
    const as3 = prj6.replace('CGCS2000_GK_CM_117E', 'CGCS2000_3_Degree_GK_CM_117E');
    const r = recogniseCrs(as3);
    expect(r.ok && r.crs.code).toBe('EPSG:4548');
  });

  it('reads the horizontal CRS of an ArcGIS .prj with a vertical one after it', () => {
    const vertcs = ',VERTCS["Yellow_Sea_1985",VDATUM["Yellow_Sea_1985"],PARAMETER["Vertical_Shift",0.0],UNIT["Meter",1.0]]';
    const r = recogniseCrs(declared.get(4547)!.prj + vertcs);
    expect(r.ok && r.crs.code).toBe('EPSG:4547');
  });

  it('reads aliases, URLs, proj4 strings and GCJ-02', () => {
    const code = (t: string) => {
      const r = recogniseCrs(t);
      return r.ok ? r.crs.code : r.reason;
    };
    expect(code('EPSG:900913')).toBe('EPSG:3857');
    expect(code('ESRI:102100')).toBe('EPSG:3857');
    expect(code('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('EPSG:4326');
    expect(code('http://www.opengis.net/def/crs/EPSG/0/4547')).toBe('EPSG:4547');
    expect(code(' 4526 ')).toBe('EPSG:4526');
    expect(code('+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=19500000 +y_0=0 +ellps=krass +units=m +no_defs')).toBe('EPSG:21419');
    expect(code('+proj=longlat +ellps=GRS80 +no_defs')).toBe('EPSG:4490');
    expect(code('gcj-02')).toBe('GCJ02');
  });

  it('refuses what it does not know, naming it', () => {
    const reason = (t: string) => {
      const r = recogniseCrs(t);
      return r.ok ? r.crs.code : r.reason;
    };
    expect(reason('')).toBe('no CRS declared');
    expect(reason('EPSG:32650')).toMatch(/^EPSG:32650 is not a CRS the project handles \(it knows EPSG:4326 WGS84/);
    const utm = declared.get(4547)!.prj.replace('Gauss_Kruger', 'Lambert_Conformal_Conic');
    expect(reason(utm)).toMatch(/uses the Lambert_Conformal_Conic projection/);
    const scaled = declared.get(4547)!.prj.replace('PARAMETER["Scale_Factor",1.0]', 'PARAMETER["Scale_Factor",0.9996]');
    expect(reason(scaled)).toMatch(/not a Chinese GK zone \(scale 0.9996/);
    const odd = declared.get(4547)!.prj.replace('PARAMETER["Central_Meridian",114.0]', 'PARAMETER["Central_Meridian",113.5]');
    expect(reason(odd)).toMatch(/central meridian 113.5°.*not one of a GK zone's/);
    expect(reason('PROJCS["x",GEOGCS[')).toMatch(/^unreadable CRS definition \(WKT: /);
  });
});
