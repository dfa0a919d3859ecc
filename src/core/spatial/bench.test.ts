import { describe, expect, it } from 'vitest';
import { benchJoin } from './bench';
import { clusteredPoints, latticeGrid } from './syntheticGrid';

describe('benchJoin', () => {
  it('times a small join and agrees with the naive baseline', () => {
    const cells = latticeGrid({ cols: 12, rows: 10, edgeVertices: 3, seed: 9 });
    const pts = clusteredPoints([500_000, 3_800_000, 503_600, 3_803_000], 50_000, { seed: 2, clusters: 50 });
    const b = benchJoin(cells, pts, { repeats: 1, naiveSample: 2000 });
    expect(b.cells).toBe(120);
    expect(b.points).toBe(50_000);
    expect(b.assigned).toBeGreaterThan(40_000);
    expect(b.naive.agreement).toBe(1);
    expect(b.pointsPerS).toBeGreaterThan(0);
    expect(b.raster.interiorShare).toBeGreaterThan(0.3);
  });
});
