import { describe, expect, it } from 'vitest';
import { buildingsFromFeatures } from './buildingsData';
import type { GeoJsonFeature } from './featureFile';
import { buildingPlace, buildingsSummary } from './buildingsSummary';

const box = (id: string, x: number, y: number, use: string, heightM: number, baseM: number): GeoJsonFeature => ({
  type: 'Feature',
  properties: { id, use, heightM, baseM },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 2],
        [x, y + 2],
        [x, y],
      ],
    ],
  },
});

describe('buildingsSummary', () => {
  const { data } = buildingsFromFeatures(
    [box('a', 10, 20, '07', 30, 100), box('b', 12, 18, '09', 10, 90), box('c', 11, 21, '07', 6, 95)],
    'test.geojson',
  );

  it('counts the buildings by use and bounds every footprint', () => {
    const s = buildingsSummary(data);
    expect(s.count).toBe(3);
    expect(s.byUse).toEqual({ '07': 2, '09': 1 });
    expect(s.bboxLonLatDeg).toEqual([10, 18, 13, 23]);
  });

  it('places a row at its bbox centre, half way up, and no row outside the columns', () => {
    expect(buildingPlace(data, 1)).toEqual({ lonDeg: 12.5, latDeg: 19, midHeightM: 95 });
    expect(buildingPlace(data, 3)).toBeNull();
    expect(buildingPlace(data, -1)).toBeNull();
  });
});
