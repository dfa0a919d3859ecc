import { describe, expect, it } from 'vitest';
import { distanceToPolygonBoundary, pointInPolygon, pointInRing } from './pointInPolygon';

const square = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0];
const withHole = [...square, 3, 3, 3, 7, 7, 7, 7, 3, 3, 3];

describe('pointInPolygon', () => {
  it('finds points inside and outside a ring', () => {
    expect(pointInRing(5, 5, square)).toBe(true);
    expect(pointInRing(11, 5, square)).toBe(false);
    expect(pointInRing(-0.001, 5, square)).toBe(false);
  });

  it('excludes holes', () => {
    expect(pointInPolygon(5, 5, withHole, [5, 10])).toBe(false);
    expect(pointInPolygon(1, 1, withHole, [5, 10])).toBe(true);
  });

  it('handles a concave L-shape', () => {
    const l = [0, 0, 10, 0, 10, 4, 4, 4, 4, 10, 0, 10];
    expect(pointInRing(8, 8, l)).toBe(false);
    expect(pointInRing(2, 8, l)).toBe(true);
    expect(pointInRing(8, 2, l)).toBe(true);
  });

  it('measures the distance to the nearest boundary, holes included', () => {
    expect(distanceToPolygonBoundary(5, 1, square)).toBe(1);
    expect(distanceToPolygonBoundary(5, 2, withHole, [5, 10])).toBe(1);
  });
});
