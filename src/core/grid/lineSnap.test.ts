import { describe, expect, it } from 'vitest';
import { createLineSnapper } from './lineSnap';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Random polylines in a 1 km square, as PackedLines-style columns. */
function randomLines(next: () => number, count: number): { xy: Float64Array; partStart: Uint32Array } {
  const xy: number[] = [];
  const starts = [0];
  for (let l = 0; l < count; l++) {
    const n = 1 + Math.floor(next() * 5); // single-vertex lines are ignored, and must not break anything
    let [x, y] = [next() * 1000, next() * 1000];
    for (let i = 0; i < n; i++) {
      xy.push(x, y);
      x += (next() - 0.5) * 200;
      y += (next() - 0.5) * 200;
    }
    starts.push(xy.length / 2);
  }
  return { xy: Float64Array.from(xy), partStart: Uint32Array.from(starts) };
}

/** The reference: every segment of every line scanned. */
function brute(xy: Float64Array, partStart: Uint32Array, x: number, y: number, tol: number) {
  let vertex = Infinity;
  let along = Infinity;
  for (let p = 0; p + 1 < partStart.length; p++) {
    for (let v = partStart[p]; v + 1 < partStart[p + 1]; v++) {
      const ax = xy[v * 2],
        ay = xy[v * 2 + 1],
        bx = xy[v * 2 + 2],
        by = xy[v * 2 + 3];
      vertex = Math.min(vertex, Math.hypot(ax - x, ay - y), Math.hypot(bx - x, by - y));
      const dx = bx - ax,
        dy = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
      along = Math.min(along, Math.hypot(ax + t * dx - x, ay + t * dy - y));
    }
  }
  if (vertex <= tol) return { distM: vertex, vertex: true };
  if (along <= tol) return { distM: along, vertex: false };
  return null;
}

describe('snapping to road lines', () => {
  it('finds a line vertex first, else the nearest point along a line, as a scan of every segment does', () => {
    const next = random(11);
    const { xy, partStart } = randomLines(next, 120);
    const snapper = createLineSnapper(xy, partStart);
    let vertices = 0,
      along = 0;
    for (let q = 0; q < 600; q++) {
      const [x, y, tol] = [next() * 1000, next() * 1000, 2 + next() * 40];
      const hit = snapper.nearest(x, y, tol);
      const ref = brute(xy, partStart, x, y, tol);
      if (!ref) {
        expect(hit).toBeNull();
        continue;
      }
      expect(hit).not.toBeNull();
      expect(hit!.vertex).toBe(ref.vertex);
      expect(hit!.distM).toBeCloseTo(ref.distM, 9);
      expect(Math.hypot(hit!.x - x, hit!.y - y)).toBeCloseTo(hit!.distM, 9);
      if (hit!.vertex) vertices++;
      else along++;
    }
    expect(vertices).toBeGreaterThan(5);
    expect(along).toBeGreaterThan(5);
  });

  it('answers null with no lines or none near', () => {
    expect(createLineSnapper(new Float64Array(), Uint32Array.of(0)).nearest(0, 0, 100)).toBeNull();
    const one = createLineSnapper(Float64Array.of(0, 0, 100, 0), Uint32Array.of(0, 2));
    expect(one.nearest(50, 30, 10)).toBeNull();
    expect(one.nearest(50, 3, 10)).toEqual({ x: 50, y: 0, distM: 3, vertex: false });
    expect(one.nearest(98, 3, 10)).toMatchObject({ x: 100, y: 0, vertex: true });
  });
});
