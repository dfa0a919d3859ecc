import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { readDatastreamCatalogue } from './catalogue';
import { SensorStates, STATE_ALARM, STATE_NORMAL, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from './states';
import { demoSensorThings } from './synthetic';
import { moreUrgent, NO_STATE, ThingStates } from './thingStates';

/** Most urgent first, as the map shows a Thing. */
const URGENCY_ORDER = [STATE_ALARM, STATE_WARNING, STATE_OFFLINE, STATE_STALE, STATE_NORMAL];

/** The roll-up by brute force: the first state in urgency order that any datastream of Thing t has. */
function referenceRollUp(thingIndex: Uint32Array, states: SensorStates, t: number): { state: number; missed: number } {
  const mine = Array.from(thingIndex.keys()).filter((i) => thingIndex[i] === t);
  const state = URGENCY_ORDER.find((s) => mine.some((i) => states.state[i] === s)) ?? NO_STATE;
  return { state, missed: mine.some((i) => states.mayHaveMissed(i)) ? 1 : 0 };
}

describe('moreUrgent', () => {
  it('orders alarm, warning, offline, stale, normal, and any state over NO_STATE', () => {
    for (let a = 0; a < URGENCY_ORDER.length; a++) {
      for (let b = 0; b < URGENCY_ORDER.length; b++) {
        const expected = URGENCY_ORDER[Math.min(a, b)];
        expect(moreUrgent(URGENCY_ORDER[a], URGENCY_ORDER[b])).toBe(expected);
      }
      expect(moreUrgent(NO_STATE, URGENCY_ORDER[a])).toBe(URGENCY_ORDER[a]);
      expect(moreUrgent(URGENCY_ORDER[a], NO_STATE)).toBe(URGENCY_ORDER[a]);
    }
  });
});

describe('ThingStates', () => {
  // Every demo type, 3 sensors each: several types have two datastreams on one Thing.
  const cat = readDatastreamCatalogue(demoSensorThings(3));
  const T0 = Date.parse('2025-06-01T08:00:00Z');

  it('keeps each Thing at the brute-force roll-up of its datastreams and reports exactly what changed, through random feeds and gaps', () => {
    expect(cat.count).toBeGreaterThan(cat.thingIds.length);
    const rng = new Rng(11);
    const states = new SensorStates(cat);
    const things = new ThingStates(cat);
    const seen = new Set<number>();
    let nowMs = T0;
    for (let step = 0; step < 300; step++) {
      nowMs += rng.int(0, 4) * 60_000;
      for (let k = rng.int(0, 12); k > 0; k--) {
        const i = rng.int(0, cat.count - 1);
        // Values around the levels: normal, warning and alarm all occur, high and low.
        const levels = [cat.warningHigh[i], cat.alarmHigh[i], cat.warningLow[i], cat.alarmLow[i]].filter((v) => !Number.isNaN(v));
        const v = levels[rng.int(0, levels.length - 1)] * rng.range(0.5, 1.5);
        states.observe(i, nowMs - rng.int(0, 30_000), v);
      }
      if (rng.next() < 0.05) states.markGap(nowMs - 600_000, nowMs);
      if (rng.next() < 0.05) states.clearMissed(rng.next() < 0.5 ? rng.int(0, cat.count - 1) : undefined);
      const before = { state: things.state.slice(), missed: things.missed.slice() };
      const { changed } = states.evaluate(nowMs);
      const out = things.update(changed, states);
      const expectedChanged: number[] = [];
      for (let t = 0; t < cat.thingIds.length; t++) {
        const ref = referenceRollUp(cat.thingIndex, states, t);
        // A Thing never rolled up has every datastream at the initial offline state.
        expect({ state: things.state[t] === NO_STATE ? STATE_OFFLINE : things.state[t], missed: things.missed[t] }).toEqual(ref);
        if (things.state[t] !== before.state[t] || things.missed[t] !== before.missed[t]) expectedChanged.push(t);
      }
      expect(Array.from(out.things)).toEqual(expectedChanged);
      expect(Array.from(out.state)).toEqual(expectedChanged.map((t) => things.state[t]));
      expect(Array.from(out.missed)).toEqual(expectedChanged.map((t) => things.missed[t]));
      for (const t of out.things) seen.add(things.state[t]);
    }
    // The walk reached every state.
    expect([...seen].sort()).toEqual([STATE_NORMAL, STATE_WARNING, STATE_ALARM, STATE_STALE, STATE_OFFLINE].sort());
  });

  it('shows a two-stream Thing in alarm when one stream alarms and the other is normal, and reports nothing when nothing changed', () => {
    const states = new SensorStates(cat);
    const things = new ThingStates(cat);
    const t = Array.from(cat.thingIds.keys()).find((k) => cat.thingIndex.filter((x) => x === k).length === 2)!;
    const [a, b] = Array.from(cat.thingIndex.keys()).filter((i) => cat.thingIndex[i] === t);
    const normal = (i: number) => (Number.isNaN(cat.warningHigh[i]) ? cat.warningLow[i] * 2 : cat.warningHigh[i] / 2);
    const alarm = (i: number) => (Number.isNaN(cat.alarmHigh[i]) ? cat.alarmLow[i] / 2 : cat.alarmHigh[i] * 2);
    states.observe(a, T0, normal(a));
    states.observe(b, T0, alarm(b));
    const first = things.update(states.evaluate(T0).changed, states);
    expect(Array.from(first.things)).toEqual([t]);
    expect(Array.from(first.state)).toEqual([STATE_ALARM]);
    expect(things.update(states.evaluate(T0).changed, states).things.length).toBe(0);
    states.observe(b, T0 + 1000, normal(b));
    expect(Array.from(things.update(states.evaluate(T0 + 1000).changed, states).state)).toEqual([STATE_NORMAL]);
  });
});
