import { describe, expect, it } from 'vitest';
import { hullOutline } from './footprint';

const part = (xy: number[]) => ({
  element: 0,
  material: 0,
  positions: Float32Array.from(xy.flatMap((v, i) => (i % 2 ? [v, 7] : [v]))),
  indices: new Uint32Array(0),
});

describe('hullOutline', () => {
  it('is the counter-clockwise hull of an L-shaped plan, inner corner and interior points left out', () => {
    // L: (0,0) (20,0) (20,8) (8,8) (8,12) (0,12), plus an interior point.
    const ring = hullOutline({ parts: [part([0, 0, 20, 0, 20, 8, 8, 8, 8, 12, 0, 12, 5, 5])] });
    expect(ring).toEqual([
      [0, 0],
      [20, 0],
      [20, 8],
      [8, 12],
      [0, 12],
      [0, 0],
    ]);
  });
});
