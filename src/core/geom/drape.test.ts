import { describe, expect, it } from 'vitest';
import { drapeLines } from './drape';
import type { HeightGrid } from './heightGrid';
import { ribbons } from './ribbon';

// Heights rise 1 m per pixel eastward over 0.01° pixels.
const grid: HeightGrid = {
  width: 10,
  height: 2,
  bboxDeg: [113, 34, 113.1, 34.02],
  heightsM: Float32Array.from({ length: 20 }, (_, i) => i % 10),
};

describe('drapeLines', () => {
  it('densifies long segments to the step and samples the ground at every vertex', () => {
    // About 2 km along a parallel at 34°N: 0.02° of longitude is ~1846 m.
    const d = drapeLines(grid, Float64Array.from([113.02, 34.01, 113.04, 34.01]), Uint32Array.from([0, 2]), 100, false);
    const n = d.partStart[1];
    expect(n).toBe(Math.ceil(1846 / 100) + 1);
    for (let i = 1; i < n; i++) expect(d.coords[3 * i]).toBeGreaterThan(d.coords[3 * (i - 1)]);
    expect(d.coords[2]).toBeCloseTo(1.5, 5);
    expect(d.coords[3 * (n - 1) + 2]).toBeCloseTo(3.5, 5);
  });
  it('closes rings by repeating the first vertex', () => {
    const ring = Float64Array.from([113.01, 34.005, 113.02, 34.005, 113.02, 34.015]);
    const d = drapeLines(grid, ring, Uint32Array.from([0, 3]), 1e9, true);
    expect(d.partStart[1]).toBe(4);
    expect(Array.from(d.coords.subarray(9, 11))).toEqual([113.01, 34.005]);
  });
});

describe('ribbons', () => {
  it('builds a ribbon of the given width along a draped line, lifted off the ground', () => {
    const d = drapeLines(grid, Float64Array.from([113.02, 34.01, 113.03, 34.01]), Uint32Array.from([0, 2]), 1e9, false);
    const mesh = ribbons(d, [20], 0.5);
    expect(mesh.positions.length).toBe(4 * 3);
    expect(mesh.indices.length).toBe(6);
    // The two vertices at the start sit 10 m either side of the centre line (north and south).
    const dLatM = (mesh.positions[1] - mesh.positions[4]) * 111_320;
    expect(dLatM).toBeCloseTo(20, 6);
    expect(mesh.positions[2]).toBeCloseTo(d.coords[2] + 0.5, 6);
    expect(Math.max(...mesh.indices)).toBe(3);
  });
  it('keeps the width across a right-angle bend (mitre)', () => {
    const d = drapeLines(grid, Float64Array.from([113.02, 34.0, 113.03, 34.0, 113.03, 34.01]), Uint32Array.from([0, 3]), 1e9, false);
    const mesh = ribbons(d, [10], 0);
    const kx = 111_320 * Math.cos((34 * Math.PI) / 180);
    // At the corner the mitred offset is half-width * sqrt(2) along the diagonal.
    const dx = (mesh.positions[6] - mesh.positions[9]) * kx;
    const dy = (mesh.positions[7] - mesh.positions[10]) * 111_320;
    expect(Math.hypot(dx, dy)).toBeCloseTo(10 * Math.SQRT2, 3);
  });
});
