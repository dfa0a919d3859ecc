import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../spatial/hierarchy';
import { paletteByCell, gridRgb } from './gridColors';
import { buildingsOfGrid, gridAtLevel } from './gridSelection';

// Features: 0 = L1 'A', 1 = L2 'A1', 2 = L3 'x', 3 = L3 'y', 4 = L2 'A2', 5 = L3 'z'.
const h = buildHierarchy({
  ids: ['A', 'A1', 'x', 'y', 'A2', 'z'],
  level: Uint8Array.from([1, 2, 3, 3, 2, 3]),
  parentId: [null, 'A', 'A1', 'A1', 'A', 'A2'],
});

describe('grid selection', () => {
  it('maps an L3 cell to its grid at each level', () => {
    const zCell = Array.from(h.l3).indexOf(5);
    expect(gridAtLevel(h, zCell, 3)).toBe(5);
    expect(gridAtLevel(h, zCell, 2)).toBe(4);
    expect(gridAtLevel(h, zCell, 1)).toBe(0);
    expect(gridAtLevel(h, -1, 1)).toBe(-1);
  });
  it('collects the buildings of a grid at any level', () => {
    const cell = (f: number) => Array.from(h.l3).indexOf(f);
    const cellOfBuilding = Int32Array.from([cell(2), cell(3), cell(5), -1, cell(2)]);
    expect(Array.from(buildingsOfGrid(h, cellOfBuilding, 2, 3))).toEqual([0, 4]);
    expect(Array.from(buildingsOfGrid(h, cellOfBuilding, 1, 2))).toEqual([0, 1, 4]);
    expect(Array.from(buildingsOfGrid(h, cellOfBuilding, 0, 1))).toEqual([0, 1, 2, 4]);
  });
});

describe('grid colours', () => {
  it('gives neighbouring indices clearly different colours and grey to unassigned buildings', () => {
    for (let i = 0; i < 50; i++) {
      const [a, b] = [gridRgb(i), gridRgb(i + 1)];
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])).toBeGreaterThan(60);
    }
    const p = paletteByCell(Int32Array.from([3, -1]));
    expect(Array.from(p.subarray(0, 3))).toEqual(gridRgb(3));
    expect(Array.from(p.subarray(4, 8))).toEqual([128, 128, 128, 255]);
  });
});
