// The one rule for missing floors and heights (reviewInput.ts) and what the review does with the result.
import { describe, expect, it } from 'vitest';
import { building, fixtureInput, rect } from './planning.fixture';
import { buildReviewInput, resolvedHeightsM, resolveStoreys } from './reviewInput';
import { reviewParcel } from './reviewParcel';

describe('resolveStoreys', () => {
  it('keeps both when given, estimates one from the other at 3 m a storey, guesses neither when both are missing', () => {
    expect(resolveStoreys(18.9, 6)).toEqual({ heightM: 18.9, floors: 6 });
    expect(resolveStoreys(30.9, undefined)).toEqual({ heightM: 30.9, floors: 10, estimated: 'floors' });
    expect(resolveStoreys(1, null)).toEqual({ heightM: 1, floors: 1, estimated: 'floors' });
    expect(resolveStoreys(NaN, 4)).toEqual({ heightM: 12, floors: 4, estimated: 'heightM' });
    expect(resolveStoreys('', '5')).toEqual({ heightM: 15, floors: 5, estimated: 'heightM' });
    expect(resolveStoreys(null, undefined)).toEqual({ heightM: null, floors: null, estimated: 'unmeasured' });
  });

  it('flags implausible values and reads them as missing: a 1e9 m or "abc" height never becomes a figure', () => {
    expect(resolveStoreys(1e9, 4)).toEqual({ heightM: 12, floors: 4, estimated: 'heightM', implausible: ['heightM'] });
    expect(resolveStoreys('abc', 5)).toEqual({ heightM: 15, floors: 5, estimated: 'heightM', implausible: ['heightM'] });
    expect(resolveStoreys('NaN', null)).toEqual({ heightM: null, floors: null, estimated: 'unmeasured', implausible: ['heightM'] });
    expect(resolveStoreys(30, 250)).toEqual({ heightM: 30, floors: 10, estimated: 'floors', implausible: ['floors'] });
    expect(resolveStoreys(1000, 200)).toEqual({ heightM: 1000, floors: 200 });
    expect(resolveStoreys(null, 0)).toEqual({ heightM: null, floors: null, estimated: 'unmeasured', implausible: ['floors'] });
    expect(resolveStoreys(-3, 'x')).toEqual({ heightM: null, floors: null, estimated: 'unmeasured', implausible: ['heightM', 'floors'] });
    expect(resolveStoreys({ v: 3 }, [2])).toEqual({
      heightM: null,
      floors: null,
      estimated: 'unmeasured',
      implausible: ['heightM', 'floors'],
    });
  });

  it('gives a column of heights by the same rule, NaN where neither is given', () => {
    expect(Array.from(resolvedHeightsM([10, NaN, NaN], [NaN, 2, NaN]))).toEqual([10, 6, NaN]);
  });
});

describe('the review of a parcel with estimated and unmeasured buildings', () => {
  const base = fixtureInput();
  const src = {
    ...base,
    buildings: [
      ...base.buildings.filter((b) => ['A', 'C'].includes(b.id)),
      { id: 'B', footprint: building('B', 60, 50, 90, 72, 1, 1).footprint, heightM: 30.9, floors: null, use: '07' },
      { id: 'H', footprint: rect(65, 2, 75, 12), heightM: undefined, floors: undefined, use: '07' },
    ],
  };
  const review = reviewParcel(buildReviewInput(src));
  const m = review.metrics;

  it('counts estimated floors in the floor area and leaves the unmeasured building out of floor area and height', () => {
    // A 600 × 6 + C 300 × 3 + B 660 × 10 (estimated); H's 100 m² counts in footprint only.
    expect(m.floorAreaM2).toBeCloseTo(3600 + 900 + 6600, 6);
    expect(m.footprintM2).toBeCloseTo(600 + 300 + 660 + 100, 6);
    expect(m.tallestBuildingId).toBe('B');
    expect(m.estimates).toEqual({ floorsFromHeight: ['B'], heightFromFloors: [], unmeasured: ['H'], implausible: [] });
  });

  it('judges height without the unmeasured building: it is named in estimates, not among the offenders', () => {
    const strict = reviewParcel(buildReviewInput({ ...src, conditions: { ...src.conditions, heightMaxM: 5 } }));
    expect(strict.items.find((i) => i.id === 'planning.heightMaxM')!.offenders).toEqual(['A', 'C', 'B']);
  });
});
