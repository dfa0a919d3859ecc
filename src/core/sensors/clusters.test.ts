import { describe, expect, it } from 'vitest';
import { clusterByCell, clusterLevels } from './clusters';
import { scatteredSensors } from './clusters.fixture';

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

describe('clusterLevels', () => {
  const { lonLatDeg, groundM } = scatteredSensors(5000);
  const levels = clusterLevels(lonLatDeg, groundM, 40, 12);

  it('doubles the cell per level and counts every sensor once at every level', () => {
    expect(levels.map((l) => l.cellM)).toEqual([40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920]);
    for (const l of levels) {
      expect([...l.counts].reduce((a, b) => a + b, 0)).toBe(5000);
      const recount = new Uint32Array(l.counts.length);
      for (const c of l.clusterOf) recount[c]++;
      expect([...recount]).toEqual([...l.counts]);
    }
    // Coarser levels have fewer clusters; the coarsest holds the ~20 km square in a handful.
    for (let k = 1; k < levels.length; k++) expect(levels[k].counts.length).toBeLessThanOrEqual(levels[k - 1].counts.length);
    expect(levels.at(-1)!.counts.length).toBeLessThanOrEqual(4);
  });

  it('nests each cluster in one cluster of the next level, its marker over its highest ground', () => {
    for (let k = 0; k + 1 < levels.length; k++) {
      const parentOf = new Int32Array(levels[k].counts.length).fill(-1);
      let split = 0;
      for (let i = 0; i < 5000; i++) {
        const c = levels[k].clusterOf[i];
        if (parentOf[c] >= 0 && parentOf[c] !== levels[k + 1].clusterOf[i]) split++;
        parentOf[c] = levels[k + 1].clusterOf[i];
      }
      expect(split).toBe(0);
    }
    const l = levels[5];
    for (let i = 0; i < 5000; i++) expect(l.topGroundM[l.clusterOf[i]]).toBeGreaterThanOrEqual(groundM[i]);
    for (let c = 0; c < l.counts.length; c++) expect(l.clusterOf[l.firstMember[c]]).toBe(c);
  });
});
