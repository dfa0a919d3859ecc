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
    expect(r).toMatchObject({ ok: true, crs: { code: 'EPSG:4547' }, gcj02: false });
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
      gdalSourceCrs: 'EPSG:4490',
    });
    const r = layerCrs(layer(gkExtent, null), 'a.dxf');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^a\.dxf \(建筑\): no CRS declared/);
  });
  it('an override is given to GDAL as the source CRS', () => {
    expect(layerCrs(layer(gkExtent, null), 'a.dxf', 'EPSG:4547')).toMatchObject({ ok: true, gdalSourceCrs: 'EPSG:4547' });
  });
});
