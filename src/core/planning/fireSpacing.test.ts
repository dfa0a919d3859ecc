// Fire separation classes (GB 50016-2014 table 5.2.2, simplified) and edge-to-edge spacing with closest points.
import { describe, expect, it } from 'vitest';
import { closerRingToPath, closerSegments, emptyClosest } from './closestPoints';
import { fireSpacingBreaches, isHighRise, requiredFireSpacingM } from './fireSpacing';
import { building } from './planning.fixture';

describe('fire spacing rules', () => {
  it('classes residential above 27 m and other buildings above 24 m as high-rise', () => {
    expect([isHighRise(27, '07'), isHighRise(27.1, '0701'), isHighRise(24, '09'), isHighRise(24.1, '09')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it('requires 13 m between high-rises, 9 m high-rise to other, 6 m between others', () => {
    expect([
      requiredFireSpacingM(true, true),
      requiredFireSpacingM(true, false),
      requiredFireSpacingM(false, true),
      requiredFireSpacingM(false, false),
    ]).toEqual([13, 9, 9, 6]);
  });

  it.each([
    ['two towers 12 m apart', 60, 12, 60, true],
    ['two towers 13 m apart', 60, 13, 60, false],
    ['tower and multi-storey 8.99 m apart', 60, 8.99, 18, true],
    ['tower and multi-storey 9 m apart', 60, 9, 18, false],
    ['multi-storey 5.99 m apart', 18, 5.99, 18, true],
    ['multi-storey 6 m apart', 18, 6, 18, false],
  ])('%s: breach %s', (_name, h1, gap, h2, breach) => {
    const a = building('a', 0, 0, 20, 10, 10, h1, '09');
    const b = building('b', 20 + gap, 0, 40 + gap, 10, 10, h2, '09');
    const out = fireSpacingBreaches([a, b]);
    expect(out.length > 0).toBe(breach);
    if (breach) expect(out[0].distanceM).toBeCloseTo(gap, 9);
  });

  it('measures edge to edge: a diagonal neighbour by its nearest corners', () => {
    const a = building('a', 0, 0, 10, 10, 3, 10);
    const b = building('b', 13, 14, 20, 20, 3, 10);
    const [breach] = fireSpacingBreaches([a, b]);
    expect(breach.distanceM).toBeCloseTo(5, 9);
    expect(breach.from.map((v, i) => v - [a.footprint.coords[0], a.footprint.coords[1]][i])).toEqual([10, 10]);
    expect(breach.to.map((v, i) => v - [a.footprint.coords[0], a.footprint.coords[1]][i])).toEqual([13, 14]);
  });
});

describe('closest points', () => {
  it('returns the crossing point of crossing segments at distance 0', () => {
    const c = emptyClosest();
    expect(closerSegments(0, 0, 10, 10, 0, 10, 10, 0, c)).toBe(true);
    expect(c).toEqual({ distanceM: 0, ax: 5, ay: 5, bx: 5, by: 5 });
  });

  it('finds the closest approach of a ring to a polyline and keeps a better result', () => {
    const ring = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0];
    const line = [20, -5, 20, 5, 30, 20];
    const c = emptyClosest();
    expect(closerRingToPath(ring, 0, 5, line, 0, 3, false, c)).toBe(true);
    expect(c).toEqual({ distanceM: 10, ax: 10, ay: 0, bx: 20, by: 0 });
    expect(closerRingToPath(ring, 0, 5, [50, 50, 60, 60], 0, 2, false, c)).toBe(false);
    expect(c.distanceM).toBe(10);
  });
});
