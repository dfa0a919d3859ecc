import { describe, expect, it } from 'vitest';
import {
  orient2d,
  pointSegmentDistance,
  segmentIntersection,
  segmentSegmentDistance,
  SEGMENTS_CROSS,
  SEGMENTS_DISJOINT,
  SEGMENTS_TOUCH,
} from './segment';

describe('segments', () => {
  it('orients points', () => {
    expect(orient2d(0, 0, 1, 0, 0, 1)).toBeGreaterThan(0);
    expect(orient2d(0, 0, 1, 0, 0, -1)).toBeLessThan(0);
    expect(orient2d(0, 0, 1, 0, 2, 0)).toBe(0);
  });

  it('classifies crossings, touches and misses', () => {
    expect(segmentIntersection(0, 0, 10, 10, 0, 10, 10, 0)).toBe(SEGMENTS_CROSS);
    expect(segmentIntersection(0, 0, 10, 0, 5, 0, 5, 5)).toBe(SEGMENTS_TOUCH);
    expect(segmentIntersection(0, 0, 10, 0, 10, 0, 20, 0)).toBe(SEGMENTS_TOUCH);
    expect(segmentIntersection(0, 0, 10, 0, 2, 0, 8, 0)).toBe(SEGMENTS_TOUCH);
    expect(segmentIntersection(0, 0, 10, 0, 11, 0, 20, 0)).toBe(SEGMENTS_DISJOINT);
    expect(segmentIntersection(0, 0, 10, 0, 5, 1, 5, 5)).toBe(SEGMENTS_DISJOINT);
    expect(segmentIntersection(0, 0, 10, 10, 0, 1, 10, 11)).toBe(SEGMENTS_DISJOINT);
  });

  it('measures point-segment and segment-segment distances', () => {
    expect(pointSegmentDistance(5, 3, 0, 0, 10, 0)).toBe(3);
    expect(pointSegmentDistance(13, 4, 0, 0, 10, 0)).toBe(5);
    expect(pointSegmentDistance(1, 1, 2, 2, 2, 2)).toBeCloseTo(Math.SQRT2, 12);
    expect(segmentSegmentDistance(0, 0, 10, 0, 0, 2, 10, 2)).toBe(2);
    expect(segmentSegmentDistance(0, 0, 10, 10, 0, 10, 10, 0)).toBe(0);
    expect(segmentSegmentDistance(0, 0, 1, 0, 4, 4, 4, 10)).toBe(5);
  });
});
