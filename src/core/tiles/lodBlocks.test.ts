import { describe, expect, it } from 'vitest';
import type { BuildingColumns } from './buildingTable';
import { concatBoxes, mergedBlocks } from './lodBlocks';
import { packFeatures } from './tiles.fixture';
import { rectPolygon } from '../geom/rect.fixture';

// Three rectangles (lon/lat degrees): two close together in the south-west, one far north-east.
const polygons = packFeatures([[rectPolygon(0, 0, 1, 1)], [rectPolygon(2, 0, 3, 2)], [rectPolygon(9, 9, 10, 10)]], ['a', 'b', 'c']);
const input: BuildingColumns = {
  polygons,
  heightM: Float32Array.of(10, 40, 25),
  baseM: Float32Array.of(100, 98, 105),
  floors: Float32Array.of(3, 13, 8),
  useIndex: Uint16Array.of(0, 1, 1),
  useCodes: ['07', '09'],
};

describe('mergedBlocks', () => {
  // Areas chosen by hand (the function takes them as given): b is three times a.
  const blocks = mergedBlocks(input, [0, 1, 2], [100, 300, 50], 2, 'block:t:');

  it('merges buildings by raster cell into the union of their bboxes', () => {
    expect(blocks.polygons.ids).toEqual(['block:t:0', 'block:t:1']);
    expect(Array.from(blocks.polygons.bbox)).toEqual([0, 0, 3, 2, 9, 9, 10, 10]);
    expect(Array.from(blocks.buildings)).toEqual([2, 1]);
  });

  it('is as high as the area-weighted mean, on the lowest base, in the use with the most area', () => {
    expect(blocks.heightM[0]).toBeCloseTo((10 * 100 + 40 * 300) / 400, 5);
    expect(blocks.baseM[0]).toBe(98);
    expect(blocks.useIndex[0]).toBe(1);
    expect(blocks.heightM[1]).toBe(25);
  });

  it('writes counter-clockwise rings that concatBoxes can append', () => {
    const both = concatBoxes(blocks.polygons, blocks.polygons);
    expect(both.ids.length).toBe(4);
    expect(Array.from(both.ringStart)).toEqual([0, 4, 8, 12, 16]);
    const r = both.coords.subarray(8, 16); // the second ring
    let twiceArea = 0;
    for (let i = 0; i < 4; i++) twiceArea += r[2 * i] * r[(2 * i + 3) % 8] - r[(2 * i + 2) % 8] * r[2 * i + 1];
    expect(twiceArea).toBeGreaterThan(0);
  });
});
