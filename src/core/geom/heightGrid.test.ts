import { describe, expect, it } from 'vitest';
import { sampleHeightM, sampleTileHeights, type HeightGrid } from './heightGrid';

// A 2×2 grid over [0,0]–[2,2] degrees: pixel centres at 0.5 and 1.5.
const grid: HeightGrid = { width: 2, height: 2, bboxDeg: [0, 0, 2, 2], heightsM: new Float32Array([10, 20, 30, 40]) };

describe('sampleHeightM', () => {
  it('returns pixel values at pixel centres (first row is north)', () => {
    expect(sampleHeightM(grid, 0.5, 1.5)).toBe(10);
    expect(sampleHeightM(grid, 1.5, 1.5)).toBe(20);
    expect(sampleHeightM(grid, 0.5, 0.5)).toBe(30);
  });
  it('interpolates bilinearly between centres', () => {
    expect(sampleHeightM(grid, 1, 1)).toBeCloseTo(25, 10);
    expect(sampleHeightM(grid, 1, 1.5)).toBeCloseTo(15, 10);
  });
  it('clamps outside the grid to the nearest edge', () => {
    expect(sampleHeightM(grid, -50, 80)).toBe(10);
    expect(sampleHeightM(grid, 50, -80)).toBe(40);
  });
});

describe('sampleTileHeights', () => {
  it('samples tile corners on the tile edges, north row first', () => {
    const h = sampleTileHeights(grid, [0.5, 0.5, 1.5, 1.5], 3);
    expect(Array.from(h)).toEqual([10, 15, 20, 20, 25, 30, 30, 35, 40]);
  });
});
