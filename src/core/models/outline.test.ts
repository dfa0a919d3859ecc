import { describe, expect, it } from 'vitest';
import { ringArea, triangleOutline } from './outline';

/** Two triangles per axis-aligned rectangle, counter-clockwise or not as asked. */
function rect(x0: number, y0: number, x1: number, y1: number, clockwise = false): number[] {
  const t = [x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1];
  return clockwise ? [x0, y0, x1, y1, x1, y0, x0, y0, x0, y1, x1, y1] : t;
}

describe('triangleOutline', () => {
  it('merges abutting rectangles whose edges meet in a T into one L-shaped ring (not their convex hull)', () => {
    // The long rectangle's top edge runs past the small one's corner at (8, 6): a T-junction.
    const o = triangleOutline([...rect(0, 0, 20, 6), ...rect(0, 6, 8, 12, true)]);
    expect(o.rings).toHaveLength(1);
    expect(o.areaM2).toBeCloseTo(168, 6);
    const ring = o.rings[0];
    expect(ring).toHaveLength(6);
    for (const p of [
      [0, 0],
      [20, 0],
      [20, 6],
      [8, 6],
      [8, 12],
      [0, 12],
    ]) {
      expect(ring.some(([x, y]) => Math.hypot(x - p[0], y - p[1]) < 1e-9)).toBe(true);
    }
    expect(ringArea(ring)).toBeGreaterThan(0);
  });

  it('keeps a courtyard as a clockwise hole', () => {
    const tris = [...rect(0, 0, 10, 3), ...rect(0, 7, 10, 10), ...rect(0, 3, 3, 7), ...rect(7, 3, 10, 7)];
    const o = triangleOutline(tris);
    expect(o.rings).toHaveLength(2);
    expect(o.rings.map(ringArea).sort((a, b) => a - b)).toEqual([-16, 100]);
    expect(o.areaM2).toBeCloseTo(84, 9);
  });

  it('gives nothing for nothing and drops degenerate triangles', () => {
    expect(triangleOutline([])).toEqual({ rings: [], areaM2: 0 });
    expect(triangleOutline([0, 0, 1, 1, 2, 2])).toEqual({ rings: [], areaM2: 0 });
  });
});
