// MultiPolygon parcels, buildings and greens in the review: every part counts (issue 18 measured the largest only:
// site area −48 %, 4 of 10 buildings). Layers packed by hand as a reader packs a MultiPolygon feature.
import { describe, expect, it } from 'vitest';
import type { PackedPolygons } from '../geom/packed';
import { fireSpacingBreaches } from './fireSpacing';
import { areaM2, packMetricPolygons, polygonOfFeature } from './metricPolygon';
import { FIXTURE_CONDITIONS, OX, OY } from './planning.fixture';
import { reviewParcel } from './reviewParcel';
import type { ReviewBuilding } from './types';

/** One feature of open rectangular parts [x0, y0, x1, y1] relative to (OX, OY), packed like packPolygons does. */
function packedFeature(id: string, parts: number[][]): PackedPolygons {
  const coords: number[] = [];
  const ringStart: number[] = [];
  parts.forEach(([x0, y0, x1, y1]) => {
    ringStart.push(coords.length / 2);
    coords.push(OX + x0, OY + y0, OX + x1, OY + y0, OX + x1, OY + y1, OX + x0, OY + y1);
  });
  ringStart.push(coords.length / 2);
  const xs = coords.filter((_, i) => i % 2 === 0),
    ys = coords.filter((_, i) => i % 2 === 1);
  return {
    coords: Float64Array.from(coords),
    ringStart: Uint32Array.from(ringStart),
    polyRingStart: Uint32Array.from(parts.map((_, p) => p).concat(parts.length)),
    featurePolyStart: Uint32Array.of(0, parts.length),
    bbox: Float64Array.of(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)),
    ids: [id],
  };
}

const multi = (parts: number[][]) => polygonOfFeature(packedFeature('x', parts), 0);
const building = (id: string, parts: number[][], floors: number, heightM: number): ReviewBuilding => ({
  id,
  footprint: multi(parts),
  floors,
  heightM,
  use: '07',
});

describe('MultiPolygon features in the review', () => {
  // Parcel: (0,0)–(100,80) = 8000 m² and, 200 m east, (200,0)–(260,80) = 4800 m², the smaller part.
  const parcel = multi([
    [0, 0, 100, 80],
    [200, 0, 260, 80],
  ]);
  const buildings = [
    building('west', [[10, 10, 40, 30]], 4, 12),
    building('east', [[210, 10, 240, 30]], 5, 15),
    // One building in two blocks of 20×10 = 200 m² each, both in the east part.
    building(
      'twin',
      [
        [210, 50, 230, 60],
        [235, 50, 255, 60],
      ],
      3,
      9,
    ),
  ];
  const greens = [
    multi([
      [0, 40, 100, 50],
      [200, 40, 260, 45],
    ]),
  ];
  const r = reviewParcel({
    parcel: { id: 'P', landUse: '07', footprint: parcel },
    conditions: FIXTURE_CONDITIONS,
    buildings,
    greens,
    lines: [],
  });

  it('counts the site area, buildings and greens of every part', () => {
    expect(areaM2(parcel)).toBeCloseTo(12_800, 6);
    expect(r.metrics.siteAreaM2).toBeCloseTo(12_800, 6);
    expect(r.metrics.buildingIds).toEqual(['west', 'east', 'twin']);
    expect(r.metrics.footprintM2).toBeCloseTo(600 + 600 + 400, 6);
    expect(r.metrics.floorAreaM2).toBeCloseTo(600 * 4 + 600 * 5 + 400 * 3, 6);
    expect(r.metrics.greenAreaM2).toBeCloseTo(1000 + 300, 6);
  });

  it('measures fire spacing from every block of a building', () => {
    // The twin's second block is 5 m from a neighbour's 10 m block: closer than 6 m.
    const neighbour = building('n', [[260, 50, 270, 60]], 2, 6);
    const breaches = fireSpacingBreaches([buildings[2], neighbour]);
    expect(breaches.map((b) => [b.a, b.b, b.distanceM])).toEqual([['twin', 'n', 5]]);
  });

  it('packs every part back as a polygon of its feature', () => {
    const packed = packMetricPolygons([parcel, buildings[0].footprint]);
    expect(Array.from(packed.featurePolyStart)).toEqual([0, 2, 3]);
    expect(Array.from(packed.bbox.subarray(0, 4))).toEqual([OX, OY, OX + 260, OY + 80]);
  });
});
