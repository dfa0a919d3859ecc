// One-map analyses on synthetic layers: height exceedances (strictest zone), land-use conflicts, the balance table.
import { describe, expect, it } from 'vitest';
import { heightExceedances } from './heightExceedances';
import { isUseCompatible } from './landUseCompatibility';
import { landUseAreas } from './landUseAreas';
import { OX, OY, rect } from './planning.fixture';
import { useConflicts } from './useConflicts';

const pts = (...xy: number[]) => Float64Array.from(xy.map((v, i) => v + (i % 2 ? OY : OX)));

describe('heightExceedances', () => {
  const zones = [
    { id: 'city', name: 'city', maxHeightM: 100, footprint: rect(0, 0, 1000, 1000) },
    { id: 'heritage', name: 'heritage', maxHeightM: 24, footprint: rect(0, 0, 200, 200) },
    { id: 'view', name: 'view', maxHeightM: 60, footprint: rect(100, 100, 400, 400) },
  ];

  it('applies the strictest zone containing each point and sorts by excess, largest first', () => {
    const points = pts(50, 50, 150, 150, 300, 300, 600, 600, 2000, 2000, 150, 150);
    const heights = [30, 50, 70, 99, 500, 24];
    expect(heightExceedances(points, heights, zones)).toEqual([
      { index: 1, zoneId: 'heritage', limitM: 24, heightM: 50, excessM: 26 },
      { index: 2, zoneId: 'view', limitM: 60, heightM: 70, excessM: 10 },
      { index: 0, zoneId: 'heritage', limitM: 24, heightM: 30, excessM: 6 },
    ]);
  });

  it('does not depend on the order of the zones, and skips NaN points', () => {
    const points = pts(150, 150, NaN, NaN);
    expect(heightExceedances(points, [50, 500], [...zones].reverse()).map((e) => e.zoneId)).toEqual(['heritage']);
    expect(heightExceedances(points, [50, 500], [])).toEqual([]);
  });

  it('handles 200k buildings quickly', () => {
    const n = 200_000;
    const points = new Float64Array(n * 2);
    const heights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      points[i * 2] = OX + ((i * 7919) % 1000);
      points[i * 2 + 1] = OY + ((i * 104729) % 1000);
      heights[i] = (i * 31) % 120;
    }
    const t0 = performance.now();
    const out = heightExceedances(points, heights, zones);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out.length).toBeGreaterThan(1000);
    for (const e of out.slice(0, 100)) expect(e.heightM).toBeGreaterThan(e.limitM);
  });
});

describe('isUseCompatible', () => {
  it.each([
    ['07', '07', true],
    ['07', '0701', true],
    ['0701', '07', true],
    ['07', '09', false],
    ['07', '10', false],
    ['09', '07', false],
    ['07/09', '09', true],
    ['07+09', '08', false],
    ['07', '', true],
    ['', '09', true],
    ['07', 'unknown', true],
  ])('planned %s, actual %s: %s', (planned, actual, ok) => {
    expect(isUseCompatible(planned, actual)).toBe(ok);
  });
});

describe('useConflicts', () => {
  const landUse = [
    { id: 'LU-1', code: '07', footprint: rect(0, 0, 100, 100) },
    { id: 'LU-2', code: '09', footprint: rect(100, 0, 200, 100) },
    // Overlaps LU-1: the first polygon listed applies.
    { id: 'LU-3', code: '10', footprint: rect(50, 0, 150, 100) },
  ];

  it('lists buildings whose use does not fit the land under them, in building order', () => {
    const points = pts(10, 10, 60, 10, 150, 50, 120, 50, 500, 500);
    const uses = ['07', '09', '07', '09', '09'];
    expect(useConflicts(points, (i) => uses[i], landUse)).toEqual([
      { index: 1, landUseId: 'LU-1', plannedUse: '07', actualUse: '09' },
      { index: 2, landUseId: 'LU-2', plannedUse: '09', actualUse: '07' },
    ]);
  });
});

describe('landUseAreas', () => {
  it('sums area and count per code, sorted by code', () => {
    expect(
      landUseAreas([
        { code: '09', footprint: rect(0, 0, 10, 10) },
        { code: '07', footprint: rect(0, 0, 20, 10) },
        { code: '07', footprint: rect(0, 0, 5, 4) },
      ]).map((r) => ({ ...r, areaM2: Math.round(r.areaM2 * 1e6) / 1e6 })),
    ).toEqual([
      { code: '07', areaM2: 220, count: 2 },
      { code: '09', areaM2: 100, count: 1 },
    ]);
  });
});
