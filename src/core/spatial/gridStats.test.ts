import { describe, expect, it } from 'vitest';
import { assignOverlap } from './assignOverlap';
import { assignPoints } from './assignPoints';
import { buildGridIndex } from './gridIndex';
import { gridStats } from './gridStats';
import { buildHierarchy } from './hierarchy';
import { packRings } from './packRings';
import { pointsOnSurface } from './pointOnSurface';

const rect = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];

// One L1 (G) over two L2 (G1, G2); G1 holds L3 cells a, b; G2 holds c. Plus an orphan L3 cell d.
const grid = {
  ids: ['G', 'G1', 'a', 'b', 'G2', 'c', 'd'],
  level: Uint8Array.from([1, 2, 3, 3, 2, 3, 3]),
  parentId: [null, 'G', 'G1', 'G1', 'G', 'G2', 'nowhere'],
};
// L3 geometry in hierarchy.l3 order: a, b, c, d side by side, 100 m wide.
const l3Cells = packRings([0, 1, 2, 3].map((k) => [[rect(k * 100, 0, k * 100 + 100, 100)]]));

describe('gridStats', () => {
  it('counts, sums areas and uses per cell and rolls them up, listing the unassigned', () => {
    const hierarchy = buildHierarchy(grid);
    const buildings = packRings([
      [[rect(10, 10, 20, 20)]], // a: 100 m², 3 floors, use 0
      [[rect(30, 30, 50, 40), rect(32, 32, 34, 34)]], // a: 200 - 4 m², 2 floors, use 1
      [[rect(110, 10, 130, 20)]], // b: 200 m², floors unknown, use 1
      [[rect(210, 10, 215, 30)], [rect(220, 10, 225, 12)]], // c: 100 + 10 m² MultiPolygon, 1 floor, use 2
      [[rect(310, 10, 320, 20)]], // d: orphan L3 cell, 4 floors
      [[rect(500, 10, 510, 20)]], // outside every cell
    ]);
    const l3OfBuilding = assignPoints(buildGridIndex(l3Cells), pointsOnSurface(buildings));
    expect(Array.from(l3OfBuilding)).toEqual([0, 0, 1, 2, 3, -1]);
    const s = gridStats({
      hierarchy,
      buildings,
      l3OfBuilding,
      floors: [3, 2, Number.NaN, 1, 4, 9],
      use: { codes: Uint16Array.from([0, 1, 1, 2, 0, 0]), table: ['residential', 'commercial', 'industrial'] },
    });
    // Feature order: G, G1, a, b, G2, c, d
    expect(Array.from(s.buildingCount)).toEqual([4, 3, 2, 1, 1, 1, 1]);
    expect(Array.from(s.footprintAreaM2)).toEqual([606, 496, 296, 200, 110, 110, 100]);
    expect(Array.from(s.floorAreaM2)).toEqual([300 + 392 + 110, 300 + 392, 300 + 392, 0, 110, 110, 400]);
    expect(Array.from(s.floorsMissing)).toEqual([1, 1, 0, 1, 0, 0, 0]);
    const uses = (g: number) => Array.from(s.useCount.slice(g * 3, g * 3 + 3));
    expect(uses(0)).toEqual([1, 2, 1]);
    expect(uses(2)).toEqual([1, 1, 0]);
    expect(uses(6)).toEqual([1, 0, 0]);
    expect(Array.from(s.unassigned)).toEqual([5]);
    expect(hierarchy.problems.map((p) => p.kind)).toEqual(['missing-parent']);
  });

  it('gives the same statistics from an area column (a join-inputs file) as from the footprints', () => {
    const hierarchy = buildHierarchy(grid);
    const buildings = packRings([[[rect(10, 10, 20, 20)]], [[rect(110, 10, 130, 20)]], [[rect(500, 10, 510, 20)]]]);
    const l3OfBuilding = Int32Array.from([0, 1, -1]);
    const floors = [3, 2, 1];
    const fromFootprints = gridStats({ hierarchy, buildings, l3OfBuilding, floors });
    const fromAreas = gridStats({ hierarchy, areaM2: [100, 200, 100], l3OfBuilding, floors });
    expect(fromAreas).toEqual(fromFootprints);
    expect(Array.from(fromAreas.footprintAreaM2)).toEqual([300, 300, 100, 200, 0, 0, 0]);
    expect(() => gridStats({ hierarchy, areaM2: [100, 200], l3OfBuilding, floors })).toThrow(/2 buildings/);
  });

  it('counts straddlers at every level', () => {
    const hierarchy = buildHierarchy(grid);
    const buildings = packRings([[[rect(90, 10, 120, 20)]], [[rect(150, 10, 160, 20)]]]);
    const overlap = assignOverlap(buildGridIndex(l3Cells), buildings);
    const s = gridStats({ hierarchy, buildings, l3OfBuilding: overlap.cell, straddlers: overlap.straddlers });
    expect(Array.from(overlap.cell)).toEqual([1, 1]);
    expect(Array.from(s.straddlerCount)).toEqual([1, 1, 0, 1, 0, 0, 0]);
    expect(Array.from(s.buildingCount)).toEqual([2, 2, 0, 2, 0, 0, 0]);
  });
});
