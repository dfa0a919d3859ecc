import { describe, expect, it } from 'vitest';
import { demoConfig, SCALES } from './config';
import { buildGridLayout, sideClasses, subdivide, type PlanLine, type Rect } from './grid';
import { NodeIndex } from './nodes';
import { buildParcels } from './parcels';
import { Rng } from '../util/random';
import { buildSites } from './sites';

const area = (r: Rect) => (r.x1 - r.x0) * (r.y1 - r.y0);
const inside = (c: Rect, p: Rect) => c.x0 >= p.x0 && c.x1 <= p.x1 && c.y0 >= p.y0 && c.y1 <= p.y1;
const overlap = (a: Rect, b: Rect) => Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);

describe('scale configurations', () => {
  it('match the documented counts (Zhengzhou 2022: 210 / 3,551 / 18,314 grids, 1.12 M buildings)', () => {
    expect(SCALES.zhengzhou).toMatchObject({ buildings: 1_120_000, gridsL1: 210, gridsL2: 3_551, gridsL3: 18_314 });
    expect(SCALES.city).toMatchObject({ buildings: 200_000, gridsL1: 36, gridsL2: 634, gridsL3: 3_270 });
    expect(SCALES.small).toMatchObject({ buildings: 20_000, gridsL1: 4, gridsL2: 64, gridsL3: 328 });
    expect(() => demoConfig('small', 1, { gridsL1: 5 })).toThrow(/l1Cols/);
  });

  for (const scale of ['small', 'city', 'zhengzhou'] as const) {
    it(`${scale}: the grid layout and the building allocation hit the exact counts`, () => {
      const config = demoConfig(scale, 3);
      const grid = buildGridLayout(config);
      expect([grid.l1.length, grid.l2.length, grid.l3.length]).toEqual([config.gridsL1, config.gridsL2, config.gridsL3]);
      const parcels = buildParcels(config, grid, buildSites(grid.widthM, grid.heightM, config.seed));
      expect(parcels.reduce((s, p) => s + p.buildings, 0)).toBe(config.buildings);
      expect(parcels.every((p) => p.buildings <= p.capacity)).toBe(true);
    });
  }
});

describe('grid layout', () => {
  const grid = buildGridLayout(demoConfig('city', 7));

  it('nests every cell in its parent and tiles each parent exactly (plan space)', () => {
    for (const [children, parents] of [
      [grid.l2, grid.l1],
      [grid.l3, grid.l2],
    ] as const) {
      const sums = new Float64Array(parents.length);
      for (const c of children) {
        expect(inside(c, parents[c.parent])).toBe(true);
        sums[c.parent] += area(c);
      }
      parents.forEach((p, i) => expect(sums[i]).toBe(area(p)));
    }
    expect(grid.l1.reduce((s, c) => s + area(c), 0)).toBe(grid.widthM * grid.heightM);
  });

  it('has no overlapping siblings', () => {
    const byParent = new Map<number, Rect[]>();
    for (const c of grid.l3) byParent.set(c.parent, [...(byParent.get(c.parent) ?? []), c]);
    for (const sibs of byParent.values()) {
      for (let i = 0; i < sibs.length; i++) for (let j = i + 1; j < sibs.length; j++) expect(overlap(sibs[i], sibs[j])).toBe(false);
    }
  });

  it('classifies sides as arterial on L1 edges, secondary on L2 edges, branch inside', () => {
    const c3 = grid.l3[0];
    const c2 = grid.l2[c3.parent];
    const c1 = grid.l1[c2.parent];
    const cls = sideClasses(c3, c2, c1);
    expect(cls[3]).toBe(1); // the first cell starts at the west edge of the city
    expect(cls[2]).toBe(1); // ... and at its north edge
    for (const c of grid.l3)
      for (const k of sideClasses(c, grid.l2[c.parent], grid.l1[grid.l2[c.parent].parent])) expect([1, 2, 3]).toContain(k);
  });
});

describe('subdivide and NodeIndex', () => {
  it('splits into exactly n cells and records the cut lines', () => {
    const lines: PlanLine[] = [];
    const cells = subdivide({ x0: 0, y0: 0, x1: 1200, y1: 900 }, 7, 2, new Rng(5), lines);
    expect(cells).toHaveLength(7);
    expect(cells.reduce((s, c) => s + area(c), 0)).toBe(1200 * 900);
    expect(lines.every((l) => l.cls === 2)).toBe(true);
  });

  it('puts T-junction nodes into the rings of both neighbours', () => {
    const nodes = new NodeIndex();
    const a = { x0: 0, y0: 0, x1: 100, y1: 100 };
    const b = { x0: 100, y0: 0, x1: 200, y1: 40 };
    const c = { x0: 100, y0: 40, x1: 200, y1: 100 };
    for (const r of [a, b, c]) nodes.addRect(r);
    nodes.freeze();
    const ring = nodes.rectRing(a);
    // a's east edge carries the corner shared by b and c at (100, 40).
    expect(ring).toEqual([0, 0, 100, 0, 100, 40, 100, 100, 0, 100, 0, 0]);
    expect(nodes.rectRing(b)).toEqual([100, 0, 200, 0, 200, 40, 100, 40, 100, 0]);
    expect(nodes.linePoints({ horizontal: false, c: 100, a: 0, b: 100, cls: 3, nameKey: -1 })).toEqual([100, 0, 100, 40, 100, 100]);
  });
});
