// The grid outlines' level choice per zoom and the point → grid lookup, on a synthetic 3-level grid.
import { describe, expect, it } from 'vitest';
import {
  degPerPx,
  finestGridAtPoint,
  gridAtPoint,
  levelIndexes,
  levelMinZooms,
  levelsAtZoom,
  medianSizesDeg,
  MIN_GRID_PX,
  MIN_L1_PX,
} from './gridView';
import { threeLevelGrid } from './gridView.fixture';

describe('level choice per zoom', () => {
  const { polygons, level } = threeLevelGrid();
  const sizes = medianSizesDeg(polygons.bbox, level);
  const minZooms = levelMinZooms(sizes);

  it('measures each level by its typical grid', () => {
    expect(sizes[1]).toBeCloseTo(0.036, 9);
    expect(sizes[2]).toBeCloseTo(0.009, 9);
    expect(sizes[3]).toBeCloseTo(0.0045, 9);
  });

  it('draws L2 and L3 from the first zoom where their grids are MIN_GRID_PX across, L1 from MIN_L1_PX', () => {
    for (const lv of [2, 3] as const) {
      expect(sizes[lv] / degPerPx(minZooms[lv])).toBeGreaterThanOrEqual(MIN_GRID_PX);
      expect(sizes[lv] / degPerPx(minZooms[lv] - 1)).toBeLessThan(MIN_GRID_PX);
    }
    expect(sizes[1] / degPerPx(minZooms[1])).toBeGreaterThanOrEqual(MIN_L1_PX);
    expect(sizes[1] / degPerPx(minZooms[1] - 1)).toBeLessThan(MIN_L1_PX);
    expect(minZooms[1]).toBeLessThan(minZooms[2]);
    expect(minZooms[2]).toBeLessThan(minZooms[3]);
  });

  it('shows L1 far, adds L2 mid and L3 near, and only the levels switched on', () => {
    expect(levelsAtZoom(minZooms, minZooms[1] - 1)).toEqual([]);
    expect(levelsAtZoom(minZooms, minZooms[2] - 1)).toEqual([1]);
    expect(levelsAtZoom(minZooms, minZooms[2])).toEqual([1, 2]);
    expect(levelsAtZoom(minZooms, minZooms[3])).toEqual([1, 2, 3]);
    expect(levelsAtZoom(minZooms, 20, [3, 1])).toEqual([1, 3]);
    expect(levelsAtZoom(minZooms, 20, [])).toEqual([]);
  });

  it('never draws a level the file does not have', () => {
    const onlyL1 = levelMinZooms(medianSizesDeg(polygons.bbox.slice(0, 4), level.slice(0, 1)));
    expect(levelsAtZoom(onlyL1, 20)).toEqual([1]);
  });
});

describe('the grid under a point', () => {
  const { polygons, level, hole } = threeLevelGrid();
  const indexes = levelIndexes(polygons, level);
  // Feature order: the L1 (0), 16 L2 (1..16, column-major), 64 L3 (17..80).
  const at = (x: number, y: number) => [113.6 + x, 34.7 + y] as const;

  it('finds the grid of each level containing the point', () => {
    const [x, y] = at(0.01, 0.005); // L2 column 1, row 0; L3 column 2, row 1
    expect(gridAtPoint(polygons, indexes, 1, x, y)).toBe(0);
    expect(gridAtPoint(polygons, indexes, 2, x, y)).toBe(1 + 1 * 4 + 0);
    expect(gridAtPoint(polygons, indexes, 3, x, y)).toBe(17 + 2 * 8 + 1);
  });

  it('answers at the finest level asked for, falling back to coarser ones where it has no grid', () => {
    const [x, y] = at(0.01, 0.005);
    expect(finestGridAtPoint(polygons, indexes, [1, 2, 3], x, y)).toBe(17 + 2 * 8 + 1);
    expect(finestGridAtPoint(polygons, indexes, [2, 1], x, y)).toBe(1 + 1 * 4 + 0);
    // The hole in the last L3 cell belongs to no L3: its L2 answers.
    expect(gridAtPoint(polygons, indexes, 3, ...hole)).toBe(-1);
    expect(finestGridAtPoint(polygons, indexes, [1, 2, 3], ...hole)).toBe(16);
  });

  it('finds nothing outside the grid', () => {
    expect(finestGridAtPoint(polygons, indexes, [1, 2, 3], 113.59, 34.71)).toBe(-1);
    expect(finestGridAtPoint(polygons, indexes, [], 113.61, 34.71)).toBe(-1);
  });
});
