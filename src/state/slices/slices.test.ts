// The slices' actions on a plain store of their own state (what SliceStore asks for), no app store needed.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { ManualEntry } from '../../core/planning/types';
import type { FeatureProblem } from '../../io/packGeoJson';
import type { ParcelReviewResult } from '../../core/planning/cityPlan';
import { parseUrlState } from '../urlState';
import { cityActions, initialCity } from './city';
import { initialJoin, joinActions, type GridStatsRecord } from './join';
import { initialLive, liveActions } from './live';
import { initialPlan, planActions } from './plan';
import { initialReview, reviewActions } from './review';
import { initialTour, tourActions } from './tour';
import { initialView, viewActions } from './view';

const url = parseUrlState('');
const record: GridStatsRecord = { id: 'L3-1', name: 'a', level: 3, buildings: 2, footprintAreaM2: 10, floorAreaM2: 30, byUse: {} };
const problem = (id: string): FeatureProblem => ({
  file: 'buildings.geojson',
  index: 1,
  id,
  message: 'ring is not an array',
  kind: 'ring-not-array',
  params: {},
});
const entry = (itemId: string): ManualEntry => ({ itemId, verdict: 'pass', comment: '', reviewer: 'x', signedAt: '2026-01-01T00:00:00Z' });

describe('view slice', () => {
  it('toggles one layer and leaves the others', () => {
    const store = createStore(() => initialView(url));
    viewActions.toggleLayer(store, 'roads', false);
    expect(store.getState().layers).toEqual({ ...url.layers, roads: false });
  });
});

describe('city slice', () => {
  it('keeps the step a load failed at', () => {
    const store = createStore(() => initialCity(url));
    cityActions.loadStep(store, 'terrain');
    cityActions.loadFailed(store, 'HTTP 404');
    expect(store.getState().load).toEqual({ phase: 'error', step: 'terrain', error: 'HTTP 404' });
  });

  it('adds problems and counts per layer; no problems is no change', () => {
    const store = createStore(() => initialCity(url));
    const before = store.getState();
    cityActions.addProblems(store, []);
    expect(store.getState()).toBe(before);
    cityActions.addProblems(store, [problem('b1')]);
    cityActions.addProblems(store, [problem('b2')]);
    cityActions.countLayer(store, 'roads', 3);
    cityActions.countLayer(store, 'grids', 4);
    expect(store.getState().problems.map((p) => p.id)).toEqual(['b1', 'b2']);
    expect(store.getState().counts).toEqual({ roads: 3, grids: 4 });
  });

  it('a rebuilt viewer loads the city again: problems cleared, back to the manifest', () => {
    const store = createStore(() => initialCity(url));
    cityActions.addProblems(store, [problem('b1')]);
    cityActions.loaded(store);
    cityActions.reloadCity(store);
    expect([store.getState().problems, store.getState().load]).toEqual([[], { phase: 'loading', step: 'manifest' }]);
  });
});

describe('join slice', () => {
  it('another grid level drops the selected grid; the same level keeps it', () => {
    const store = createStore(() => initialJoin());
    joinActions.selectGridRecord(store, record, 7, new Uint32Array([1, 2]));
    joinActions.setGridLevel(store, 3);
    expect(store.getState().selectedGridIndex).toBe(7);
    joinActions.setGridLevel(store, 2);
    expect(store.getState()).toMatchObject({ gridLevel: 2, selectedGrid: null, selectedGridIndex: null, buildingGroup: null });
  });

  it("publishes the join's outcome, then a grid edit's new counts keep its phase and time", () => {
    const store = createStore(() => initialJoin());
    joinActions.joinProgress(store, 50, 100);
    expect(store.getState().join).toEqual({ phase: 'running', donePoints: 50, totalPoints: 100 });
    const palette = new Uint8Array(400);
    joinActions.joinDone(store, { totalPoints: 100, unassigned: 3, joinMs: 42 }, palette);
    expect(store.getState().join).toEqual({ phase: 'done', donePoints: 100, totalPoints: 100, assigned: 97, unassigned: 3, joinMs: 42 });
    joinActions.joinRedone(store, 100, palette, [{ index: 4, id: 'b4' }], []);
    expect(store.getState().join).toMatchObject({ phase: 'done', joinMs: 42, assigned: 99, unassigned: 1 });
    expect(store.getState().unassigned).toEqual([{ index: 4, id: 'b4' }]);
  });

  it('a failed join reports its error', () => {
    const store = createStore(() => initialJoin());
    joinActions.joinFailed(store, 'boom');
    expect(store.getState().join).toEqual({ phase: 'error', donePoints: 0, totalPoints: 0, error: 'boom' });
  });
});

describe('plan slice', () => {
  it('patches the plan and keeps the rest', () => {
    const store = createStore(() => initialPlan());
    planActions.setPlan(store, { analysis: 'height' });
    planActions.setFlagged(store, new Map([[3, [255, 0, 0]]]));
    expect([store.getState().plan.analysis, store.getState().plan.version, store.getState().flagged?.get(3)]).toEqual([
      'height',
      'current',
      [255, 0, 0],
    ]);
  });
});

describe('review slice', () => {
  it('keeps the sign-offs when the same parcel is reviewed again, drops them for another', () => {
    const store = createStore(() => initialReview());
    reviewActions.reviewStarted(store, 'P1');
    reviewActions.signItem(store, entry('fire.access'));
    reviewActions.reviewFailed(store, 'worker gone');
    expect(store.getState().review).toMatchObject({ phase: 'error', error: 'worker gone', result: null });
    reviewActions.reviewStarted(store, 'P1');
    expect(store.getState().review).toMatchObject({ parcelId: 'P1', phase: 'running', error: undefined });
    expect(Object.keys(store.getState().review.entries)).toEqual(['fire.access']);
    reviewActions.reviewDone(store, { review: { items: [] } } as unknown as ParcelReviewResult);
    expect(store.getState().review.phase).toBe('done');
    reviewActions.reviewStarted(store, 'P2');
    expect(store.getState().review.entries).toEqual({});
  });
});

describe('live slice', () => {
  it("takes a frame's sensor states and counters in one change, keeping what the frame does not carry", () => {
    const store = createStore(() => initialLive());
    let changes = 0;
    store.subscribe(() => changes++);
    liveActions.setLive(store, { status: 'connecting' });
    liveActions.liveFrame(store, new Uint8Array([0, 2]), { status: 'live', messages: 5 });
    expect(changes).toBe(2);
    expect(store.getState().live).toMatchObject({ status: 'live', messages: 5, accepted: 0, alarms: [] });
    expect(Array.from(store.getState().sensorStates!)).toEqual([0, 2]);
  });
});

describe('tour slice', () => {
  it("applies a keyframe's view over the current one; what it leaves out stays", () => {
    const store = createStore(() => ({ ...initialView(url), ...initialTour() }));
    viewActions.setUnderground(store, true);
    tourActions.applyTourKeyframe(store, {
      layers: { roads: false },
      buildingStyle: 'grid',
      keyframe: 2,
      elapsedMs: 4000,
      caption: { zh: '总览', en: 'Overview' },
      highlight: null,
    });
    const s = store.getState();
    expect([s.layers.roads, s.layers.buildings, s.underground, s.buildingStyle]).toEqual([false, true, true, 'grid']);
    expect(s.tour).toMatchObject({ keyframe: 2, elapsedMs: 4000, caption: { en: 'Overview' }, phase: 'idle' });
  });

  it("counts the wall's record and tracks the alarm flight", () => {
    const store = createStore(() => initialTour());
    tourActions.countOps(store, 'contextLosses');
    tourActions.countOps(store, 'contextLosses');
    tourActions.setAlarmFlight(store, { thingId: 't1', phase: 'away' });
    expect(store.getState().ops).toEqual({
      contextLosses: 2,
      recoveries: 0,
      alarmFlights: 0,
      alarmFlight: { thingId: 't1', phase: 'away' },
    });
  });
});
