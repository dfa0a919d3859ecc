import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { crossesRightRay, onSegment, orientSign } from './predicates';

// Independent exact orientation: every double scaled by 2^1100 into a BigInt.
function bigOrient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const big = (v: number) => {
    let k = 0;
    while (!Number.isInteger(v * 2 ** k)) k++;
    return BigInt(v * 2 ** k) * 2n ** BigInt(1100 - k);
  };
  const [AX, AY, BX, BY, CX, CY] = [ax, ay, bx, by, cx, cy].map(big);
  const d = (BX - AX) * (CY - AY) - (BY - AY) * (CX - AX);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

describe('orientSign', () => {
  it('matches exact arithmetic for points within rounding of a line at GK magnitudes', () => {
    const rng = new Rng(42);
    let zeros = 0;
    for (let k = 0; k < 3000; k++) {
      const ax = 500_000 + rng.range(-5000, 5000),
        ay = 3_800_000 + rng.range(-5000, 5000);
      const bx = ax + rng.range(-300, 300),
        by = ay + rng.range(-300, 300);
      const t = k % 3 === 0 ? rng.int(0, 16) / 16 : rng.next();
      const cx = ax + t * (bx - ax),
        cy = ay + t * (by - ay);
      const s = orientSign(ax, ay, bx, by, cx, cy);
      expect(s).toBe(bigOrient(ax, ay, bx, by, cx, cy));
      if (s === 0) zeros++;
    }
    expect(zeros).toBeGreaterThan(0);
  });

  it('is antisymmetric: swapping the edge flips the sign exactly', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 1000; k++) {
      const ax = rng.range(0, 1e6),
        ay = rng.range(0, 1e6),
        bx = rng.range(0, 1e6),
        by = rng.range(0, 1e6);
      const t = rng.next();
      const cx = ax + t * (bx - ax),
        cy = ay + t * (by - ay);
      expect(orientSign(ax, ay, bx, by, cx, cy)).toBe(-orientSign(bx, by, ax, ay, cx, cy));
    }
  });
});

describe('crossesRightRay', () => {
  it('counts a vertex at the ray height as above it', () => {
    // Edge from (1,0) up to (1,2): the ray from (0,0) passes through its lower vertex.
    expect(crossesRightRay(1, 0, 1, 2, 0, 0)).toBe(true);
    // Edge from (1,-2) up to (1,0): the vertex at the ray height counts as above, so no straddle.
    expect(crossesRightRay(1, -2, 1, 0, 0, 0)).toBe(false);
  });

  it('treats a point on the edge as right of it, whichever way the edge runs', () => {
    expect(crossesRightRay(0, 0, 2, 2, 1, 1)).toBe(false);
    expect(crossesRightRay(2, 2, 0, 0, 1, 1)).toBe(false);
    expect(crossesRightRay(0, 0, 2, 2, 0.999, 1)).toBe(true);
  });

  it('finds points on closed segments only', () => {
    expect(onSegment(0, 0, 4, 2, 2, 1)).toBe(true);
    expect(onSegment(0, 0, 4, 2, 4, 2)).toBe(true);
    expect(onSegment(0, 0, 4, 2, 6, 3)).toBe(false);
    expect(onSegment(0, 0, 4, 2, 2, 1.0000001)).toBe(false);
  });
});
