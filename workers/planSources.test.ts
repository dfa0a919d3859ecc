// The planning worker's sources name what they skip: a zero-area parcel (issue 18: reviewed and passing 3 items) is
// left out of the parcels and listed with its file and id for the page's problems.
import { describe, expect, it } from 'vitest';
import { rectPolygon } from '../src/core/geom/rect.fixture';
import type { GeoJsonFeature } from '../src/io/featureFile';
import { planSourcesFromFeatures } from './planSources';

const parcel = (id: string, coordinates: unknown): GeoJsonFeature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates },
  properties: { id, landUse: '07' },
});
const files = { parcels: 'parcels.geojson', greenSpaces: 'greens.geojson', controlLines: 'lines.geojson', heightLimits: 'zones.geojson' };

describe('planSourcesFromFeatures', () => {
  it('leaves a zero-area parcel out and names it by file, index and id', () => {
    const flat = [
      [
        [113.65, 34.75],
        [113.66, 34.76],
        [113.67, 34.77],
        [113.65, 34.75],
      ],
    ];
    const s = planSourcesFromFeatures(
      {
        parcels: [parcel('P-ok', rectPolygon(113.65, 34.75, 113.66, 34.76)), parcel('P-flat', flat)],
        greenSpaces: [],
        controlLines: [],
        heightLimits: [],
        landUse: [],
      },
      files,
    );
    expect(s.parcels.ids).toEqual(['P-ok']);
    expect(s.problems.map((p) => [p.file, p.index, p.id, p.kind])).toEqual([['parcels.geojson', 1, 'P-flat', 'ring-zero-area']]);
  });
});
