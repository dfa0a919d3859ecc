// The hand-computed review parcel of src/core/planning/planning.fixture.ts as lon/lat (EPSG:4490) GeoJSON, the way
// `cim review` and the viewer read it; shared by the CLI's tests.
import { transformFlat } from '../../src/core/crs/transform';
import type { MetricPolygon } from '../../src/core/planning/types';
import type { GeoJsonFeature } from '../../src/io/featureFile';

export type Feature = GeoJsonFeature;

/** GK zone 38 (EPSG:4547) x,y pairs to lon/lat positions. */
export const toLonLat = (xy: Float64Array) =>
  Array.from({ length: xy.length / 2 }, (_, i) => {
    const p = transformFlat('EPSG:4547', 'EPSG:4490', xy.subarray(i * 2, i * 2 + 2), [0, 0]);
    return [p[0], p[1]];
  });

/** The outer ring of a metric polygon as a lon/lat GeoJSON Polygon. */
export const polygonGeometry = (p: MetricPolygon) => ({
  type: 'Polygon',
  coordinates: [toLonLat(p.coords.subarray(0, p.ringEnds[0] * 2))],
});
export const feature = (geometry: { type: string; coordinates: unknown }, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  geometry,
  properties,
});
export const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
