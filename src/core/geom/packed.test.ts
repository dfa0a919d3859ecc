import { describe, expect, it } from 'vitest';
import { selectPolygons, withCoords, type PackedPolygons } from './packed';

// Three features: a square, a square with a hole, a two-part multipolygon.
const packed: PackedPolygons = {
  coords: Float64Array.from([0, 0, 1, 0, 1, 1, 10, 10, 14, 10, 14, 14, 11, 11, 12, 11, 12, 12, 20, 0, 21, 0, 21, 1, 30, 0, 31, 0, 31, 1]),
  ringStart: Uint32Array.from([0, 3, 6, 9, 12, 15]),
  polyRingStart: Uint32Array.from([0, 1, 3, 4, 5]),
  featurePolyStart: Uint32Array.from([0, 1, 2, 4]),
  bbox: Float64Array.from([0, 0, 1, 1, 10, 10, 14, 14, 20, 0, 31, 1]),
  ids: ['a', 'b', 'c'],
};

describe('selectPolygons', () => {
  it('copies the chosen features with their holes and parts, in the given order', () => {
    const s = selectPolygons(packed, [2, 1]);
    expect(s.ids).toEqual(['c', 'b']);
    expect(Array.from(s.featurePolyStart)).toEqual([0, 2, 3]);
    expect(Array.from(s.polyRingStart)).toEqual([0, 1, 2, 4]);
    expect(Array.from(s.ringStart)).toEqual([0, 3, 6, 9, 12]);
    expect(Array.from(s.coords.subarray(0, 2))).toEqual([20, 0]);
    expect(Array.from(s.coords.subarray(12, 14))).toEqual([10, 10]);
    expect(Array.from(s.coords.subarray(18, 20))).toEqual([11, 11]);
    expect(Array.from(s.bbox.subarray(4, 8))).toEqual([10, 10, 14, 14]);
  });
});

describe('withCoords', () => {
  it('replaces coordinates and recomputes bboxes', () => {
    const moved = withCoords(
      packed,
      packed.coords.map((v) => v * 2),
    );
    expect(Array.from(moved.bbox.subarray(8, 12))).toEqual([40, 0, 62, 2]);
    expect(moved.ringStart).toBe(packed.ringStart);
  });
});
