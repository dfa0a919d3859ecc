// Pipe attributes by the rule for implausible values: a cover depth below 0 or over 50 m is named and read as missing.
import { describe, expect, it } from 'vitest';
import type { GeoJsonFeature } from './featureFile';
import { pipesFromFeatures } from './pipesData';

const pipe = (id: string, startDepthM: unknown, endDepthM: unknown): GeoJsonFeature => ({
  type: 'Feature',
  geometry: {
    type: 'LineString',
    coordinates: [
      [113.65, 34.75],
      [113.66, 34.75],
    ],
  },
  properties: { id, kind: 'water', diameterMm: 300, startDepthM, endDepthM },
});

describe('pipesFromFeatures', () => {
  it('names depths below 0, over 50 m or not a number, and reads them as missing; keeps plausible ones', () => {
    const { columns, problems } = pipesFromFeatures(
      [pipe('ok', 0, 50), pipe('deep', 1.5, 120), pipe('above', -3, 1), pipe('text', 'abc', 2), pipe('absent', null, 2)],
      'pipes.geojson',
    );
    expect(Array.from(columns.startDepthM)).toEqual([0, 1.5, NaN, NaN, NaN]);
    expect(Array.from(columns.endDepthM)).toEqual([50, NaN, 1, 2, 2]);
    expect(problems.map((p) => [p.index, p.id, p.message])).toEqual([
      [2, 'above', 'startDepthM -3 is implausible (expected 0 ≤ startDepthM ≤ 50 m): read as missing'],
      [3, 'text', 'startDepthM "abc" is implausible (expected 0 ≤ startDepthM ≤ 50 m): read as missing'],
      [1, 'deep', 'endDepthM 120 is implausible (expected 0 ≤ endDepthM ≤ 50 m): read as missing'],
    ]);
  });
});
