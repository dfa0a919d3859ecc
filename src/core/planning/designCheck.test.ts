// The design model's values against the as-built ones on the hand-computed parcel of planning.fixture.ts: one
// building (A: 30×20 m, 6 floors, 18.9 m) or the parcel's buildings together, each item within its tolerance or not.
import { describe, expect, it } from 'vitest';
import { reviewParcel } from './reviewParcel';
import { fixtureInput } from './planning.fixture';
import type { DesignInput } from './designCheck';
import type { CheckItem } from './types';

const designOfA: DesignInput = {
  file: 'A-design.ifc',
  buildingId: 'A',
  heightM: 18.9,
  storeys: 6,
  gfaM2: 3600,
  footprintM2: 600,
  storeyAreas: [],
};

const reviewWith = (design: DesignInput) => reviewParcel({ ...fixtureInput(), design });
const byId = (items: CheckItem[]) => new Map(items.filter((i) => i.id.startsWith('planning.design.')).map((i) => [i.id, i]));

describe('design values against the as-built building', () => {
  it('passes a design the building matches, with the as-built values as actual and the design as limit', () => {
    const items = byId(reviewWith(designOfA).items);
    expect([...items.keys()]).toEqual([
      'planning.design.heightM',
      'planning.design.storeys',
      'planning.design.gfaM2',
      'planning.design.footprintM2',
    ]);
    for (const it of items.values()) expect(it.verdict).toBe('pass');
    expect(items.get('planning.design.gfaM2')!.actual).toBeCloseTo(3600, 6);
    expect(items.get('planning.design.footprintM2')!.actual).toBeCloseTo(600, 6);
    expect(items.get('planning.design.heightM')!.detail).toBe('A-design.ifc → A');
  });

  it('fails each value just beyond its tolerance and names the building, passes just within', () => {
    // Height ±0.5 m, areas ±3 %, storeys exactly.
    const off = byId(reviewWith({ ...designOfA, heightM: 18.9 + 0.51, storeys: 7, gfaM2: 3600 / 0.969, footprintM2: 600 * 1.029 }).items);
    expect(off.get('planning.design.heightM')!.verdict).toBe('fail');
    expect(off.get('planning.design.heightM')!.offenders).toEqual(['A']);
    expect(off.get('planning.design.storeys')!.verdict).toBe('fail');
    expect(off.get('planning.design.gfaM2')!.verdict).toBe('fail');
    expect(off.get('planning.design.footprintM2')!.verdict).toBe('pass');
    const within = byId(reviewWith({ ...designOfA, heightM: 18.9 - 0.49, gfaM2: 3600 * 1.029 }).items);
    expect(within.get('planning.design.heightM')!.verdict).toBe('pass');
    expect(within.get('planning.design.gfaM2')!.verdict).toBe('pass');
  });

  it('uses the tolerances the design gives', () => {
    const items = byId(reviewWith({ ...designOfA, heightM: 20, tolerances: { heightM: 1.2 } }).items);
    expect(items.get('planning.design.heightM')!.verdict).toBe('pass');
    expect(items.get('planning.design.heightM')!.requiredText).toBe('= 20 m (±1.2 m)');
  });
});

describe('design values against the parcel', () => {
  it("compares with the parcel's buildings together when the design names no building of the parcel", () => {
    const { buildingId: _, ...parcelDesign } = designOfA;
    const r = reviewWith({ ...parcelDesign, heightM: 30.9, storeys: 10, gfaM2: 11700, footprintM2: 1860 });
    const items = byId(r.items);
    for (const it of items.values()) expect(it.verdict, it.id).toBe('pass');
    expect(items.get('planning.design.gfaM2')!.actual).toBeCloseTo(r.metrics.floorAreaM2, 6);
    const far = byId(reviewWith({ ...designOfA, buildingId: 'F' }).items);
    expect(far.get('planning.design.footprintM2')!.actual).toBeCloseTo(1860, 6);
  });
});

describe('the report', () => {
  it("lists the design's storeys with their floor areas and sources", async () => {
    const { buildReport } = await import('./buildReport');
    const { reportHtml } = await import('./reportHtml');
    const design: DesignInput = {
      ...designOfA,
      storeyAreas: [
        { name: 'F1', elevationM: 0, gfaM2: 612.5, source: 'quantities' },
        { name: 'F2', elevationM: 3.3, gfaM2: 598.25, source: 'computed' },
      ],
    };
    const report = buildReport(reviewWith(design), [], { generatedAt: '2026-12-07T00:00:00Z' });
    expect(report.design?.file).toBe('A-design.ifc');
    const html = reportHtml(report, 'zh');
    expect(html).toContain(
      '<tr data-storey="F2"><td>F2</td><td class="num">3.30 m</td><td class="num">598.3 m²</td><td>按几何计算</td></tr>',
    );
    expect(html).toContain('data-item="planning.design.gfaM2"');
  });
});
