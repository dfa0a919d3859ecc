// 多验合一 design values of the generated IFC building, against the areas and heights worked out by hand.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designValues } from '../../core/models/design';
import { ringArea } from '../../core/models/outline';
import { readIfc } from './ifc';
import { initIfcApi } from './ifcApi';
import {
  FIXTURE_ORIGIN_M,
  FIXTURE_OUTLINE_AREA_M2,
  FIXTURE_OUTLINE_M,
  FIXTURE_SLAB_THICKNESS_M,
  FIXTURE_STOREY_HEIGHT_M,
  ifcFixture,
} from './ifcFixture';

describe('designValues of the IFC fixture', () => {
  it('gives GFA from slab quantities on two storeys and from geometry on the third, the L footprint and the height', async () => {
    const api = await initIfcApi(resolve('node_modules/web-ifc') + '/');
    const model = await readIfc(new TextEncoder().encode(ifcFixture()), 'fixture.ifc', api);
    const d = designValues(model);
    // 20 × 12 with the 12 × 6 corner cut: 20·6 + 8·6 = 168 m² per storey.
    expect(FIXTURE_OUTLINE_AREA_M2).toBe(ringArea(FIXTURE_OUTLINE_M as [number, number][]));
    expect(d.storeys.map((s) => [s.name, s.source, s.basis])).toEqual([
      ['F1', 'quantities', 'IfcSlab'],
      ['F2', 'quantities', 'IfcSlab'],
      ['F3', 'computed', 'IfcSlab'],
    ]);
    for (const s of d.storeys) expect(s.gfaM2).toBeCloseTo(168, 3);
    expect(d.gfaM2).toBeCloseTo(3 * 168, 3);
    // Walls of the top storey end one slab thickness below the next storey's floor.
    expect(d.heightM).toBeCloseTo(3 * FIXTURE_STOREY_HEIGHT_M - FIXTURE_SLAB_THICKNESS_M, 5);
    expect(d.footprintM2).toBeCloseTo(168, 3);
    expect(d.footprint).toHaveLength(1);
    const expected = FIXTURE_OUTLINE_M.map(([x, y]) => [x + FIXTURE_ORIGIN_M[0], y + FIXTURE_ORIGIN_M[1]]);
    expect(d.footprint[0]).toHaveLength(expected.length);
    for (const [x, y] of expected) expect(d.footprint[0].some(([u, v]) => Math.hypot(u - x, v - y) < 0.001)).toBe(true);
  });

  it('measures a storey whose slab lost its quantities from the slab top, not the neighbouring storeys', async () => {
    const api = await initIfcApi(resolve('node_modules/web-ifc') + '/');
    const model = await readIfc(new TextEncoder().encode(ifcFixture({ storeys: 2, slabQuantityStoreys: [] })), 'b.ifc', api);
    const d = designValues(model);
    expect(d.storeys.map((s) => s.source)).toEqual(['computed', 'computed']);
    expect(d.gfaM2).toBeCloseTo(2 * 168, 3);
  });
});
