import { describe, expect, it } from 'vitest';
import { clusterByCell } from './clusters';

describe('clusterByCell', () => {
  it('puts sensors of one cell together, at their mean, and keeps every sensor in exactly one cluster', () => {
    // Two sensors 100 m apart, one 5 km away.
    const pts = Float64Array.from([113.663, 34.763, 113.664, 34.7631, 113.72, 34.8]);
    const c = clusterByCell(pts, 0.01);
    expect(c.counts.length).toBe(2);
    expect(c.clusterOf[0]).toBe(c.clusterOf[1]);
    expect(c.clusterOf[2]).not.toBe(c.clusterOf[0]);
    const k = c.clusterOf[0];
    expect(c.centresDeg[2 * k]).toBeCloseTo(113.6635, 9);
    expect(c.centresDeg[2 * k + 1]).toBeCloseTo(34.76305, 9);
    expect([...c.counts].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('splits them again when the cell is smaller than their distance', () => {
    const pts = Float64Array.from([113.66, 34.76, 113.661, 34.7601]);
    expect(clusterByCell(pts, 0.0002).counts.length).toBe(2);
  });
});
