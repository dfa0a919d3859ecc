import { describe, expect, it } from 'vitest';
import { layerCrs } from './layerCrs';
import type { LayerDescription } from './readSource';

const gkExtent: [number, number, number, number] = [465457, 3844604, 472286, 3851439];
const lonLatExtent: [number, number, number, number] = [113.62, 34.72, 113.7, 34.79];
const layer = (extent: LayerDescription['extent'], epsg: string | null): LayerDescription => ({
  name: '建筑',
  featureCount: 1,
  geometryType: 'Polygon',
  crs: epsg ? { wkt: '', name: '', epsg } : null,
  extent,
  fields: [],
});

describe('layerCrs', () => {
  it('takes the file’s recognised CRS when the coordinates fit it', () => {
    const r = layerCrs(layer(gkExtent, 'EPSG:4547'), '建筑.shp');
    expect(r).toMatchObject({ ok: true, crs: { code: 'EPSG:4547' }, step: { kind: 'gk3', zone: 38, zoneInEasting: false } });
  });
  it('refuses a declared CRS the coordinates do not fit, naming file, declared and likely CRS', () => {
    const r = layerCrs(layer(lonLatExtent, null), '建筑.shp', 'EPSG:4547');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/建筑\.shp.*look like lon\/lat degrees.*EPSG:4547/);
  });
  it('takes lon/lat without a CRS as CGCS2000 with a warning, and refuses GK metres without one', () => {
    expect(layerCrs(layer(lonLatExtent, null), 'a.csv')).toMatchObject({
      ok: true,
      crs: { code: 'EPSG:4490' },
      step: { kind: 'none' },
    });
    const r = layerCrs(layer(gkExtent, null), 'a.dxf');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^a\.dxf \(建筑\): no CRS declared/);
  });
  it('a chosen CRS wins; known CRSs go through core/crs, GCJ-02 and Xi’an 1980 included, unknown ones through GDAL', () => {
    expect(layerCrs(layer(gkExtent, null), 'a.dxf', 'EPSG:4547')).toMatchObject({ ok: true, step: { kind: 'gk3', zone: 38 } });
    expect(layerCrs(layer(lonLatExtent, null), 'poi.csv', 'GCJ02')).toMatchObject({ ok: true, step: { kind: 'core', from: 'GCJ02' } });
    const xian = layerCrs(layer([38465457, 3844604, 38472286, 3851439], 'EPSG:2362'), 'xian.shp');
    expect(xian).toMatchObject({ ok: true, step: { kind: 'core', from: 'EPSG:2362' } });
    if (xian.ok) expect(xian.warnings.join(' ')).toMatch(/tens of metres/);
    const utm = layerCrs(
      {
        ...layer([500000, 3800000, 510000, 3810000], null),
        crs: {
          wkt: 'PROJCS["WGS 84 / UTM zone 49N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",111],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]',
          name: 'WGS 84 / UTM zone 49N',
          epsg: null,
        },
      },
      'utm.shp',
    );
    expect(utm).toMatchObject({ ok: true, crs: null, step: { kind: 'gdal' } });
  });
});
