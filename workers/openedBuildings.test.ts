import { describe, expect, it } from 'vitest';
import type { GeoJsonFeature } from '../src/io/featureFile';
import { packPolygons } from '../src/io/packGeoJson';
import { jobEnded, openedBuilding, openedRecords, stageOpened } from './openedBuildings';

const square = (id: string, x: number): GeoJsonFeature => ({
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, 0],
        [x + 0.001, 0],
        [x + 0.001, 0.001],
        [x, 0.001],
        [x, 0],
      ],
    ],
  },
  properties: { id, 名称: `楼${id}` },
});

function records(features: GeoJsonFeature[]) {
  const { packed, sourceIndex } = packPolygons(features, 'test.geojson');
  return openedRecords(features, packed, sourceIndex);
}

describe('the buildings of the file opened last', () => {
  it('become the opened file when their tiling finishes, and a cancelled tiling keeps the file drawn before', () => {
    stageOpened(1, records([square('A', 0)]));
    expect(openedBuilding('A')).toBeNull();
    jobEnded(1, true);
    expect(openedBuilding('A')?.properties['名称']).toBe('楼A');
    const p = openedBuilding('A')!.pointLonLatDeg;
    expect(p[0]).toBeGreaterThan(0);
    expect(p[0]).toBeLessThan(0.001);

    stageOpened(2, records([square('B', 1)]));
    jobEnded(2, false);
    expect(openedBuilding('B')).toBeNull();
    expect(openedBuilding('A')).not.toBeNull();
    // The end of another job does not commit the staged file.
    stageOpened(3, records([square('C', 2)]));
    jobEnded(99, true);
    expect(openedBuilding('C')).toBeNull();
    jobEnded(3, true);
    expect(openedBuilding('C')).not.toBeNull();
    expect(openedBuilding('A')).toBeNull();
  });
});
