// The checklist on the hand-computed parcel of planning.fixture.ts: exact metrics, setbacks with their closest
// points, tolerances, offenders, boundary crossings, fire spacing, land use and height zones.
import { describe, expect, it } from 'vitest';
import { reviewParcel } from './reviewParcel';
import { FIXTURE_CONDITIONS, OX, OY, fixtureInput, rect } from './planning.fixture';
import type { CheckItem, PlanningConditions } from './types';

const item = (items: CheckItem[], id: string) => {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${items.map((i) => i.id).join(', ')}`);
  return found;
};
const withConditions = (patch: Partial<PlanningConditions>) => reviewParcel(fixtureInput({ ...FIXTURE_CONDITIONS, ...patch }));

describe('reviewParcel metrics', () => {
  const r = reviewParcel(fixtureInput());

  it('measures site area, footprint, floor area, FAR, coverage and green ratio exactly', () => {
    const m = r.metrics;
    expect(m.siteAreaM2).toBeCloseTo(8000, 6);
    expect(m.buildingIds).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(m.footprintM2).toBeCloseTo(1860, 6);
    expect(m.floorAreaM2).toBeCloseTo(11700, 6);
    expect(m.far).toBeCloseTo(1.4625, 9);
    expect(m.coverage).toBeCloseTo(0.2325, 9);
    expect(m.greenAreaM2).toBeCloseTo(1650, 6);
    expect(m.greenRatio).toBeCloseTo(0.20625, 9);
    expect(m.maxHeightM).toBe(30.9);
    expect(m.tallestBuildingId).toBe('B');
  });

  it('measures the red-line setback from the nearest building with its closest points', () => {
    const s = r.metrics.setbacks.red!;
    expect(s.distanceM).toBeCloseTo(20, 9);
    expect(s.buildingId).toBe('B');
    expect(s.lineId).toBe('R-1');
    expect(s.from[0] - OX).toBeCloseTo(90, 9);
    expect(s.from[1] - OY).toBeCloseTo(72, 9);
    expect(s.to[0] - OX).toBeCloseTo(102, 9);
    expect(s.to[1] - OY).toBeCloseTo(88, 9);
    expect(r.dimensionLines).toEqual([s]);
  });

  it("ignores the parcel's own yellow line: the yellow setback is not applicable", () => {
    expect(r.metrics.setbacks.yellow).toBeUndefined();
    expect(item(r.items, 'planning.setbacksM.yellow').verdict).toBe('na');
  });
});

describe('reviewParcel verdicts', () => {
  it('passes the planning conditions the fixture meets, within tolerance', () => {
    const r = reviewParcel(fixtureInput());
    for (const id of [
      'planning.farMin',
      'planning.farMax',
      'planning.coverageMax',
      'planning.greenRatioMin',
      'planning.heightMaxM',
      'planning.setbacksM.red',
    ]) {
      expect({ id, verdict: item(r.items, id).verdict }).toEqual({ id, verdict: 'pass' });
    }
    // B is 30.9 m against 30 m: inside the 1 m tolerance.
    expect(item(r.items, 'planning.heightMaxM')).toMatchObject({ actual: 30.9, limit: 30, offenders: [] });
  });

  it.each([
    ['farMax', { farMax: 1.4 }, 'planning.farMax', []],
    ['farMin', { farMin: 1.55 }, 'planning.farMin', []],
    ['coverageMax', { coverageMax: 0.22 }, 'planning.coverageMax', []],
    ['greenRatioMin', { greenRatioMin: 0.22 }, 'planning.greenRatioMin', []],
    ['heightMaxM', { heightMaxM: 29 }, 'planning.heightMaxM', ['B']],
    ['setbacksM.red', { setbacksM: { red: 21 } }, 'planning.setbacksM.red', ['B']],
  ] as const)('fails %s beyond its tolerance and names the offenders', (_name, patch, id, offenders) => {
    const r = withConditions(patch as Partial<PlanningConditions>);
    const failed = r.items.filter((i) => i.department === 'planning' && i.verdict === 'fail').map((i) => i.id);
    expect(failed).toEqual([id, 'planning.landUse']);
    expect(item(r.items, id).offenders).toEqual(offenders);
  });

  it('applies tolerances like checkConditions: just inside passes, just outside fails', () => {
    // FAR 1.4625: farMax 1.42 + 0.05 = 1.47 passes, 1.41 + 0.05 = 1.46 fails.
    expect(item(withConditions({ farMax: 1.42 }).items, 'planning.farMax').verdict).toBe('pass');
    expect(item(withConditions({ farMax: 1.41 }).items, 'planning.farMax').verdict).toBe('fail');
    // Setback 20 m: 20.4 − 0.5 passes, 20.6 − 0.5 fails.
    expect(item(withConditions({ setbacksM: { red: 20.4 } }).items, 'planning.setbacksM.red').verdict).toBe('pass');
    expect(item(withConditions({ setbacksM: { red: 20.6 } }).items, 'planning.setbacksM.red').verdict).toBe('fail');
  });

  it('fails the land-use item for the commercial building on residential land', () => {
    expect(item(reviewParcel(fixtureInput()).items, 'planning.landUse')).toMatchObject({ verdict: 'fail', offenders: ['E'] });
  });

  it('fails the boundary item for the building sticking out and the neighbour reaching in', () => {
    const r = reviewParcel(fixtureInput());
    expect(item(r.items, 'land.boundary')).toMatchObject({ verdict: 'fail', offenders: ['D', 'N'], actual: 2 });
    expect(r.crossings.map((c) => [c.buildingId, c.owned, Math.round(c.wrongSideM2)])).toEqual([
      ['D', true, 50],
      ['N', false, 25],
    ]);
    const inside = fixtureInput();
    inside.buildings = inside.buildings.filter((b) => b.id !== 'D' && b.id !== 'N');
    expect(item(reviewParcel(inside).items, 'land.boundary')).toMatchObject({ verdict: 'pass', offenders: [] });
  });

  it('reports the site area as information', () => {
    expect(item(reviewParcel(fixtureInput()).items, 'land.siteArea')).toMatchObject({ verdict: 'na', unit: 'm²' });
    expect(item(reviewParcel(fixtureInput()).items, 'land.siteArea').actual).toBeCloseTo(8000, 6);
  });

  it('fails fire spacing for C and E (4 m < 6 m) and passes A–B (20 m ≥ 9 m, high-rise to multi-storey)', () => {
    const r = reviewParcel(fixtureInput());
    expect(item(r.items, 'fire.spacing')).toMatchObject({ verdict: 'fail', offenders: ['C', 'E'], limit: 6 });
    expect(r.fireSpacing).toHaveLength(1);
    const b = r.fireSpacing[0];
    expect([b.a, b.b, b.requiredM]).toEqual(['C', 'E', 6]);
    expect(b.distanceM).toBeCloseTo(4, 9);
    expect(b.from[0] - OX).toBeCloseTo(30, 9);
    expect(b.to[0] - OX).toBeCloseTo(34, 9);
  });

  it('lists the offenders of every failed item once', () => {
    expect(reviewParcel(fixtureInput()).offenders).toEqual(['E', 'D', 'N', 'C']);
  });

  it('checks height-limit zones, the strictest zone containing a building applying', () => {
    const input = fixtureInput();
    input.heightZones = [
      { id: 'Z-all', name: 'city', maxHeightM: 100, footprint: rect(-500, -500, 500, 500) },
      { id: 'Z-east', name: 'east', maxHeightM: 24, footprint: rect(50, -10, 150, 100) },
    ];
    const zones = item(reviewParcel(input).items, 'planning.heightZones');
    expect(zones).toMatchObject({ verdict: 'fail', offenders: ['B'], limit: 24 });
    input.heightZones = [input.heightZones[0]];
    expect(item(reviewParcel(input).items, 'planning.heightZones')).toMatchObject({ verdict: 'pass', offenders: [] });
    input.heightZones = [{ id: 'Z-far', name: 'far', maxHeightM: 10, footprint: rect(1000, 1000, 1100, 1100) }];
    expect(item(reviewParcel(input).items, 'planning.heightZones').verdict).toBe('na');
  });

  it('has the manual items of each department pending, in department order', () => {
    const r = reviewParcel(fixtureInput());
    expect(r.items.filter((i) => i.mode === 'manual').map((i) => [i.id, i.verdict])).toEqual([
      ['land.premium', 'pending'],
      ['land.title', 'pending'],
      ['fire.lanes', 'pending'],
      ['fire.water', 'pending'],
      ['fire.acceptance', 'pending'],
      ['civilDefence.shelterArea', 'pending'],
      ['civilDefence.entrances', 'pending'],
    ]);
    const order = r.items.map((i) => i.department);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['planning', 'land', 'fire', 'civilDefence'].indexOf(a) - ['planning', 'land', 'fire', 'civilDefence'].indexOf(b),
      ),
    );
  });

  it('handles an empty parcel: ratios zero, height and setbacks not applicable', () => {
    const input = fixtureInput({ ...FIXTURE_CONDITIONS, farMin: 0 });
    input.buildings = [];
    const r = reviewParcel(input);
    expect(r.metrics).toMatchObject({ footprintM2: 0, far: 0, coverage: 0, maxHeightM: 0, tallestBuildingId: null, buildingIds: [] });
    expect(item(r.items, 'planning.heightMaxM').verdict).toBe('na');
    expect(item(r.items, 'planning.setbacksM.red').verdict).toBe('na');
    expect(item(r.items, 'fire.spacing').verdict).toBe('na');
    expect(item(r.items, 'planning.farMin').verdict).toBe('pass');
  });
});
