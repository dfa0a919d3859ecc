import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { ringSignedAreaM2 } from '../geom/area';
import { EdgeList, intersectionAreaM2 } from './overlapArea';

function edges(...rings: number[][]): EdgeList {
  const e = new EdgeList();
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const j = (i + 2) % r.length;
      e.push(r[i], r[i + 1], r[j], r[j + 1]);
    }
  }
  return e;
}

// Sutherland–Hodgman against a convex, counter-clockwise clip ring: exact for convex clips only.
function clipConvex(subject: number[], clip: number[]): number[] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length; i += 2) {
    const ax = clip[i],
      ay = clip[i + 1],
      bx = clip[(i + 2) % clip.length],
      by = clip[(i + 3) % clip.length];
    const side = (x: number, y: number) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k += 2) {
      const px = input[k],
        py = input[k + 1];
      const qx = input[(k + 2) % input.length],
        qy = input[(k + 3) % input.length];
      const sp = side(px, py),
        sq = side(qx, qy);
      if (sp >= 0) out.push(px, py);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
  }
  return out;
}

const area = (ring: number[]) => (ring.length >= 6 ? Math.abs(ringSignedAreaM2(ring)) : 0);

function star(rng: Rng, cx: number, cy: number, rMin: number, rMax: number): number[] {
  const n = rng.int(4, 12);
  const ring: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n,
      r = rng.range(rMin, rMax);
    ring.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return ring;
}

describe('intersectionAreaM2', () => {
  it('splits a 10 x 10 square 30 / 70 across an edge', () => {
    const square = edges([0, 0, 10, 0, 10, 10, 0, 10]);
    expect(intersectionAreaM2(square, edges([-50, -50, 3, -50, 3, 50, -50, 50]))).toBeCloseTo(30, 9);
    expect(intersectionAreaM2(square, edges([3, -50, 50, -50, 50, 50, 3, 50]))).toBeCloseTo(70, 9);
  });

  it('matches Sutherland–Hodgman for concave footprints with holes against convex cells', () => {
    const rng = new Rng(21);
    for (let k = 0; k < 300; k++) {
      const cx = rng.range(-10, 10),
        cy = rng.range(-10, 10);
      const outer = star(rng, cx, cy, 4, 20);
      const hole = [cx - 1, cy - 1, cx - 1, cy + 1, cx + 1, cy + 1, cx + 1, cy - 1];
      const withHole = rng.chance(0.5);
      const clip = star(rng, rng.range(-5, 5), rng.range(-5, 5), 10, 10); // regular polygon: convex
      const expected = area(clipConvex(outer, clip)) - (withHole ? area(clipConvex(hole, clip)) : 0);
      const got = intersectionAreaM2(withHole ? edges(outer, hole) : edges(outer), edges(clip));
      expect(got).toBeCloseTo(expected, 7);
    }
  });

  it('adds up over a concave cell cut into convex pieces, and is symmetric', () => {
    const rng = new Rng(22);
    const u = [0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30];
    const pieces = [
      [0, 0, 30, 0, 30, 10, 0, 10],
      [0, 10, 10, 10, 10, 30, 0, 30],
      [20, 10, 30, 10, 30, 30, 20, 30],
    ];
    for (let k = 0; k < 200; k++) {
      const b = star(rng, rng.range(0, 30), rng.range(0, 30), 2, 12);
      const whole = intersectionAreaM2(edges(b), edges(u));
      const sum = pieces.reduce((s, p) => s + intersectionAreaM2(edges(b), edges(p)), 0);
      expect(whole).toBeCloseTo(sum, 8);
      expect(intersectionAreaM2(edges(u), edges(b))).toBeCloseTo(whole, 8);
    }
  });

  it('handles shared and collinear edges without double counting', () => {
    const a = edges([0, 0, 10, 0, 10, 10, 0, 10]);
    expect(intersectionAreaM2(a, a)).toBeCloseTo(100, 12);
    expect(intersectionAreaM2(a, edges([10, 0, 20, 0, 20, 10, 10, 10]))).toBe(0);
    expect(intersectionAreaM2(a, edges([0, 0, 10, 0, 10, 5, 0, 5]))).toBeCloseTo(50, 12);
  });
});
