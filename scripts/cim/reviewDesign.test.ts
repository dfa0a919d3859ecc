// `cim review --design model.ifc [--design-building ID]` on the hand-computed parcel of planning.fixture.ts: the four
// planning.design.* items with the IFC's values (worked out from the fixture's constants) as their limits, against
// one building or the parcel's buildings together, the storeys listed in report.html; and the refusals.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONDITIONS, fixtureInput } from '../../src/core/planning/planning.fixture';
import type { CheckItem } from '../../src/core/planning/types';
import { FIXTURE_OUTLINE_AREA_M2, FIXTURE_SLAB_THICKNESS_M, FIXTURE_STOREY_HEIGHT_M, ifcFixture } from '../../src/io/models/ifcFixture';
import { cim } from './modelTiles.fixture';
import { fc, feature, polygonGeometry } from './review.fixture';

const dir = mkdtempSync(join(tmpdir(), 'cim-review-design-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = fixtureInput();
const clean = fixture.buildings.filter((b) => ['A', 'B', 'C'].includes(b.id));
const parcel = join(dir, 'parcel.geojson');
const buildings = join(dir, 'buildings.geojson');
const ifc = join(dir, 'design.ifc');
writeFileSync(
  parcel,
  JSON.stringify(feature(polygonGeometry(fixture.parcel.footprint), { id: 'P-1', landUse: '07', conditions: FIXTURE_CONDITIONS })),
);
writeFileSync(
  buildings,
  JSON.stringify(
    fc(clean.map((b) => feature(polygonGeometry(b.footprint), { id: b.id, heightM: b.heightM, floors: b.floors, use: b.use }))),
  ),
);
writeFileSync(ifc, ifcFixture());

// The fixture's design: three storeys of the 168 m² L, the top walls ending a slab below the next floor.
const DESIGN = {
  heightM: 3 * FIXTURE_STOREY_HEIGHT_M - FIXTURE_SLAB_THICKNESS_M,
  storeys: 3,
  gfaM2: 3 * FIXTURE_OUTLINE_AREA_M2,
  footprintM2: FIXTURE_OUTLINE_AREA_M2,
};

function review(out: string, ...extra: string[]) {
  const r = cim('review', '--parcel', parcel, '--buildings', buildings, '--design', ifc, '--lang', 'en', '--out', out, ...extra);
  const items = r.status === 2 ? [] : (JSON.parse(readFileSync(out.replace(/\.html$/, '.json'), 'utf8')).items as CheckItem[]);
  const design = Object.fromEntries(items.filter((i) => i.id.startsWith('planning.design.')).map((i) => [i.id.slice(16), i]));
  return { r, design };
}

describe('cim review --design', () => {
  it("against building A: the four items with the design's values as limits and A's as actuals; the storeys in the report", () => {
    const out = join(dir, 'a.html');
    const { r, design } = review(out, '--design-building', 'A');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(Object.keys(design).sort()).toEqual(['footprintM2', 'gfaM2', 'heightM', 'storeys']);
    for (const [key, value] of Object.entries(DESIGN)) expect(design[key].limit, key).toBeCloseTo(value, 2);
    // A: 30 × 20 m, 6 floors, 18.9 m.
    expect(design.heightM.actual).toBeCloseTo(18.9, 6);
    expect(design.storeys.actual).toBe(6);
    expect(design.footprintM2.actual).toBeCloseTo(600, 1);
    expect(design.gfaM2.actual).toBeCloseTo(3600, 0);
    for (const item of Object.values(design)) expect(item).toMatchObject({ verdict: 'fail', offenders: ['A'], detail: `${ifc} → A` });
    expect(JSON.parse(r.stdout).failed).toEqual(expect.arrayContaining(Object.keys(design).map((k) => `planning.design.${k}`)));
    const html = readFileSync(out, 'utf8');
    for (const storey of ['F1', 'F2', 'F3']) expect(html).toContain(`data-storey="${storey}"`);
  });

  it("without --design-building: against the parcel's buildings together", () => {
    const { r, design } = review(join(dir, 'parcel.html'));
    expect(r.status).toBe(1);
    for (const [key, value] of Object.entries(DESIGN)) expect(design[key].limit, key).toBeCloseTo(value, 2);
    // A, B and C: 600 + 660 + 300 m² of footprint, the highest 30.9 m with 10 floors.
    expect(design.footprintM2.actual).toBeCloseTo(1560, 1);
    expect(design.heightM.actual).toBeCloseTo(30.9, 6);
    expect(design.storeys.actual).toBe(10);
    expect(design.heightM.offenders.sort()).toEqual(['A', 'B', 'C']);
  });

  it('refuses with exit 2 and writes nothing: a design that is no IFC, an unknown building, --design-building alone', () => {
    const obj = join(dir, 'design.obj');
    writeFileSync(obj, 'v 0 0 0\n');
    const cases: [string[], RegExp][] = [
      [['--design', obj], /--design .*design\.obj: the design values come from an IFC model/],
      [['--design', ifc, '--design-building', 'Z'], /--design-building Z: no such building in or near parcel P-1/],
      [['--design-building', 'A'], /--design-building ID needs --design model\.ifc/],
    ];
    for (const [extra, message] of cases) {
      const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.html`);
      const r = cim('review', '--parcel', parcel, '--buildings', buildings, '--out', out, ...extra);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
