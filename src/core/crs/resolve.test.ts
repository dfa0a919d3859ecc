import { afterEach, describe, expect, it } from 'vitest';
import { bboxOfFlat } from './areaOfUse';
import { setDatumShift } from './defs';
import { knownCrs } from './known';
import { crsLabel, resolveFileCrs } from './resolve';
import { transformFlat } from './transform';

const zhengzhou = [113.65, 34.75, 113.67, 34.77];
const boxIn = (code: string) => bboxOfFlat(transformFlat('EPSG:4490', code, zhengzhou, [0, 0, 0, 0]));
const esri4547 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

afterEach(() => setDatumShift('Xian1980', null));

describe('resolveFileCrs', () => {
  it('takes the declaration when the coordinates fit it', () => {
    const r = resolveFileCrs({ file: 'b.shp', declared: esri4547, bbox: boxIn('EPSG:4547') });
    expect(r).toMatchObject({ ok: true, how: 'declared', warnings: [] });
    expect(r.ok && r.crs.code).toBe('EPSG:4547');
  });
  it('refuses a declaration the coordinates do not fit, with what they look like', () => {
    const r = resolveFileCrs({ file: 'b.shp', declared: 'EPSG:4490', bbox: boxIn('EPSG:4547'), centreLonDeg: 113.66 });
    expect(r).toEqual({
      ok: false,
      message: 'b.shp: coordinates look like GK zone 38 metres (EPSG:4547), not lon/lat degrees as EPSG:4490 declares',
      reading: expect.objectContaining({ crs: knownCrs(4547) }),
    });
  });
  it('lets the user’s choice win over the declaration, saying so, and still checks the coordinates', () => {
    const r = resolveFileCrs({ file: 'b.shp', declared: 'EPSG:4490', chosen: 'EPSG:4547', bbox: boxIn('EPSG:4547') });
    expect(r).toMatchObject({ ok: true, how: 'chosen', warnings: ['b.shp: declares EPSG:4490; EPSG:4547 is used as chosen'] });
    expect(resolveFileCrs({ file: 'b.shp', chosen: 'EPSG:4547', bbox: boxIn('EPSG:4490') }).ok).toBe(false);
  });
  it('assumes CGCS2000 for lon/lat degrees without a CRS, with a warning, and refuses metres without one', () => {
    const r = resolveFileCrs({ file: 'p.csv', declared: '', bbox: boxIn('EPSG:4490') });
    expect(r).toMatchObject({ ok: true, how: 'assumed' });
    expect(r.ok && r.warnings[0]).toMatch(/no CRS declared; lon\/lat degrees in China taken as CGCS2000/);
    const m = resolveFileCrs({ file: 'p.dxf', bbox: boxIn('EPSG:4526') });
    expect(m.ok).toBe(false);
    expect(!m.ok && m.message).toMatch(/^p\.dxf: no CRS declared; coordinates look like GK zone 38 .*\(EPSG:4526\)/);
  });
  it('refuses a CRS the project does not handle, naming the file', () => {
    const r = resolveFileCrs({ file: 'u.shp', declared: 'EPSG:32650', bbox: null });
    expect(!r.ok && r.message).toMatch(/^u\.shp: EPSG:32650 is not a CRS the project handles/);
  });
  it('marks Xi’an 1980 approximate until the city sets its 7 parameters', () => {
    const input = { file: 'x.shp', declared: 'EPSG:2383', bbox: boxIn('EPSG:2383') };
    const r = resolveFileCrs(input);
    expect(r.ok && r.warnings).toEqual([
      expect.stringMatching(/^x\.shp: Xian 1980 .*latitude and longitude are kept .*7 parameters are set$/),
    ]);
    setDatumShift('Xian1980', [24, -131, -83, 0.9, -1.8, 2.2, -3.5]);
    expect(resolveFileCrs(input)).toMatchObject({ ok: true, warnings: [] });
  });
  it('reports, and does not apply, a TOWGS84 the file declares for an older datum', () => {
    const wkt = esri4547
      .replace('CGCS2000_3_Degree_GK_CM_114E', 'Beijing_1954_3_Degree_GK_CM_114E')
      .replace(
        'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]',
        'DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3],TOWGS84[15.8,-154.4,-82.3,0,0,0,0]]',
      );
    const r = resolveFileCrs({ file: 'b.shp', declared: wkt, bbox: boxIn('EPSG:2435') });
    expect(r.ok && r.crs.code).toBe('EPSG:2435');
    expect(r.ok && r.warnings[0]).toBe(
      'b.shp: declares a datum shift (TOWGS84 15.8,-154.4,-82.3,0,0,0,0) that is not applied: set it as the city’s datum shift if it is its surveying institute’s',
    );
    const plain = resolveFileCrs({ file: 'b.shp', declared: esri4547, bbox: boxIn('EPSG:4547') });
    expect(plain.ok && plain.warnings).toEqual([]);
  });
  it('labels a CRS for a dialog', () => {
    expect(crsLabel(knownCrs(2383)!)).toBe(
      "EPSG:2383 Xian 1980 / 3-degree Gauss-Kruger CM 114E (Xi'an 1980 GK zone 38 metres, approximate)",
    );
  });
});
