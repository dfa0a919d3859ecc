import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { packRings, type RingPolygons } from './packRings';
import { pointsOnSurface } from './pointOnSurface';
import { boundaryOwners, halfOpenOwners } from './referenceJoin';

// Strictly inside feature 0 of a one-feature layer, decided exactly by the reference.
function strictlyInside(feature: RingPolygons, x: number, y: number): boolean {
  const layer = packRings([feature]);
  return halfOpenOwners(layer, x, y).includes(0) && boundaryOwners(layer, x, y).length === 0;
}

const offset = (ring: number[], dx: number, dy: number) => ring.map((v, i) => v + (i % 2 ? dy : dx));
const reversed = (ring: number[]) => ring.flatMap((_, i) => (i % 2 ? [] : [ring[ring.length - 2 - i], ring[ring.length - 1 - i]]));

describe('pointsOnSurface', () => {
  it('uses the centroid of a convex footprint', () => {
    const pts = pointsOnSurface(packRings([[[[0, 0, 4, 0, 4, 2, 0, 2]]]]));
    expect(Array.from(pts)).toEqual([2, 1]);
  });

  it('stays inside L- and U-shapes whose centroid falls outside', () => {
    const thinL = [0, 0, 10, 0, 10, 1, 1, 1, 1, 10, 0, 10];
    const u = [0, 0, 10, 0, 10, 10, 9, 10, 9, 1, 1, 1, 1, 10, 0, 10];
    for (const ring of [thinL, u]) {
      const shifted = offset(ring, 512_345.5, 3_812_345.25);
      const [x, y] = pointsOnSurface(packRings([[[shifted]]]));
      expect(strictlyInside([[shifted]], x, y)).toBe(true);
    }
  });

  it('avoids a courtyard hole that holds the centroid', () => {
    const feature = [
      [
        [0, 0, 20, 0, 20, 20, 0, 20],
        [5, 5, 5, 15, 15, 15, 15, 5],
      ],
    ];
    const [x, y] = pointsOnSurface(packRings([feature]));
    expect(strictlyInside(feature, x, y)).toBe(true);
  });

  it('picks the largest part of a MultiPolygon', () => {
    const small = [0, 0, 1, 0, 1, 1, 0, 1];
    const big = [10, 10, 20, 10, 20, 20, 10, 20];
    const [x, y] = pointsOnSurface(packRings([[[small], [big]]]));
    expect(strictlyInside([[big]], x, y)).toBe(true);
  });

  it('is always strictly inside random jagged footprints with holes, either ring orientation', () => {
    const rng = new Rng(12);
    const features: RingPolygons[] = [];
    for (let k = 0; k < 300; k++) {
      // A star-shaped ring around a random centre, sometimes with a hole near the centre.
      const cx = 500_000 + rng.range(0, 1000),
        cy = 3_800_000 + rng.range(0, 1000);
      const n = rng.int(5, 14);
      const ring: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n,
          r = rng.range(4, 20);
        ring.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
      const rings = [rng.chance(0.5) ? ring : reversed(ring)];
      if (rng.chance(0.4)) rings.push([cx - 2, cy - 2, cx - 2, cy + 2, cx + 2, cy + 2, cx + 2, cy - 2]);
      features.push([rings]);
    }
    const pts = pointsOnSurface(packRings(features));
    features.forEach((f, i) => expect(strictlyInside(f, pts[i * 2], pts[i * 2 + 1])).toBe(true));
  });

  it('falls back to the bbox centre for zero-area footprints and NaN for empty features', () => {
    const pts = pointsOnSurface(packRings([[[[0, 0, 4, 4, 8, 8]]], []]));
    expect(Array.from(pts.slice(0, 2))).toEqual([4, 4]);
    expect(Number.isNaN(pts[2])).toBe(true);
  });
});
