import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoCityBeforeAll, demoCity, demoGeoJson } from '../../io/demoCity.fixture';
import { transformPoint } from '../crs/transform';
import type { GridFeatureCollection } from './gridFeatures';
import { PROBLEM_TYPES } from './problems';
import { importGrid, validateGrid } from './validateGrid';

buildDemoCityBeforeAll();

const fixture = (name: string): GridFeatureCollection =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.geojson`), 'utf8'));

// One fixture per problem type: the clean base grid (2 L2, 4 L3 near 113.66, 34.76) with that problem injected.
// Each must report its own type, at the named grid, and nothing else.
const expected: Record<string, { ids: string[]; size?: number; message: RegExp }> = {
  'self-intersection': { ids: ['A2-2'], message: /crosses itself/ },
  overlap: { ids: ['A1-1', 'A1-2'], size: 100, message: /overlap by 100\.\d+ m²/ },
  gap: { ids: ['A1-1', 'A1-2'], size: 100, message: /gap of 100\.\d+ m²/ },
  'child-outside-parent': { ids: ['A1-2', 'A1'], size: 100, message: /lies outside its parent A1/ },
  'parent-not-covered': { ids: ['A'], size: 4000, message: /covered by no level-3 cell/ },
  'tiny-cell': { ids: ['A2-3'], size: 9, message: /below the minimum of 10 m²/ },
  'empty-cell': { ids: ['A2-3'], message: /no geometry/ },
  'duplicate-id': { ids: ['A2-1'], message: /share the id/ },
  'bad-parent': { ids: ['A2-2'], message: /parentId "A9" matches no feature/ },
  'non-finite-coordinate': { ids: ['A2-2'], message: /position 2 is \[113\.\d+, null\]/ },
  'too-few-points': { ids: ['A2-2'], message: /3 positions/ },
  'unclosed-ring': { ids: ['A2-2'], message: /not closed/ },
  'bad-geometry': { ids: ['A2-2'], message: /geometry is Point/ },
};

describe('validateGrid fixtures', () => {
  it('has a fixture for every problem type found in files', () => {
    expect(Object.keys(expected).sort()).toEqual(PROBLEM_TYPES.filter((t) => t !== 'too-close' && t !== 'bad-op').sort());
  });

  for (const [type, want] of Object.entries(expected)) {
    it(type, () => {
      const problems = validateGrid(fixture(type));
      expect(new Set(problems.map((p) => p.type))).toEqual(new Set([type]));
      const p = problems[0];
      expect(p.ids).toEqual(want.ids);
      expect(p.message).toMatch(want.message);
      // The fixtures are drawn in approximate metres-per-degree: sizes within 1 %.
      if (want.size) expect(Math.abs(p.size! / want.size - 1)).toBeLessThan(0.01);
      if (type !== 'empty-cell') {
        // A marker on the map: near the fixture, in lon/lat.
        expect(p.location![0]).toBeGreaterThan(113.659);
        expect(p.location![0]).toBeLessThan(113.663);
        expect(p.location![1]).toBeGreaterThan(34.759);
        expect(p.location![1]).toBeLessThan(34.762);
      }
    });
  }

  it('finds nothing in the clean fixture, which needs snapping (2 cm apart) and noding (a T-junction)', () => {
    const { grid, problems } = importGrid(fixture('clean'));
    expect(problems).toEqual([]);
    expect(grid.cells.map((c) => c.id)).toEqual(['A1-1', 'A1-2', 'A2-1', 'A2-2']);
    // A1-2's east side gained the node where A2-1 and A2-2 meet.
    expect(grid.cells[1].rings[0].length).toBe(5);
    expect(grid.nodeXY.length / 2).toBe(10);
  });

  it('reports locations in metres for projected input', () => {
    const fc = fixture('overlap');
    const project = (c: unknown): unknown =>
      typeof (c as number[])[0] === 'number'
        ? Array.from(transformPoint('EPSG:4490', 'EPSG:4547', c as number[]))
        : (c as unknown[]).map(project);
    for (const f of fc.features) if (f.geometry) f.geometry.coordinates = project(f.geometry.coordinates);
    const problems = validateGrid(fc, { crs: 'EPSG:4547' });
    expect(problems.map((p) => p.type)).toEqual(['overlap']);
    expect(Math.abs(problems[0].size! / 100 - 1)).toBeLessThan(0.01);
    const [x, y] = problems[0].location!;
    expect(x).toBeGreaterThan(400_000);
    expect(y).toBeGreaterThan(3_800_000);
  });

  it('honours the minimum area', () => {
    const tiny = fixture('tiny-cell');
    expect(validateGrid(tiny, { minAreaM2: 5 })).toEqual([]);
    expect(validateGrid(tiny, { minAreaM2: 20 }).map((p) => p.type)).toEqual(['tiny-cell']);
  });

  it('validates a Grid value as well as features', () => {
    const { grid } = importGrid(fixture('overlap'));
    expect(validateGrid(grid).map((p) => p.type)).toEqual(['overlap']);
    expect(validateGrid(importGrid(fixture('clean')).grid)).toEqual([]);
  });
});

describe('validateGrid on the demo city', () => {
  it('finds nothing in the generated grid (every L3 cell and L1/L2 area imported)', () => {
    const { manifest } = demoCity();
    const { grid, problems } = importGrid(demoGeoJson<GridFeatureCollection>('grids.geojson'));
    expect(grid.cells.length).toBe(manifest.counts.gridsL3);
    expect(grid.areas.length).toBe(manifest.counts.gridsL1 + manifest.counts.gridsL2);
    expect(problems).toEqual([]);
  });
});
