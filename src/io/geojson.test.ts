import { describe, expect, it } from 'vitest';
import { featureJson, GeoJsonWriter, geometryJson, round7 } from './geojson';

describe('GeoJSON writing', () => {
  it('rounds coordinates to 1e-7 degrees without float noise', () => {
    expect(round7(113.123456789)).toBe(113.1234568);
    expect(String(round7(34.1 + 0.2))).toBe('34.3');
    expect(geometryJson({ type: 'Point', coords: [113.66000004, 34.76] })).toBe('{"type":"Point","coordinates":[113.66,34.76]}');
  });

  it('writes polygons with holes and keeps property key order, dropping undefined', () => {
    const g = { type: 'Polygon' as const, coords: [0, 0, 1, 0, 1, 1, 0, 0, 0.2, 0.2, 0.2, 0.3, 0.3, 0.2, 0.2, 0.2], ringEnds: [4, 8] };
    const text = featureJson(g, { z: 1, a: 'x', skip: undefined, n: null });
    const f = JSON.parse(text);
    expect(Object.keys(f)).toEqual(['type', 'properties', 'geometry']);
    expect(Object.keys(f.properties)).toEqual(['z', 'a', 'n']);
    expect(f.geometry.coordinates).toHaveLength(2);
    expect(f.geometry.coordinates[1][1]).toEqual([0.2, 0.3]);
  });

  it('collects a FeatureCollection, one feature per line', () => {
    const w = new GeoJsonWriter();
    w.add({ type: 'LineString', coords: [0, 0, 1, 1] }, { id: 'a' });
    w.add({ type: 'LineString', coords: [1, 1, 2, 2] }, { id: 'b' });
    const text = w.finish();
    expect(text.split('\n')).toHaveLength(5);
    const fc = JSON.parse(text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['a', 'b']);
  });
});
