import { describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from './catalogue';
import { RingHistory } from './history';
import { IngestStore, PUSH_CORRECTION, PUSH_DUPLICATE, PUSH_LATE, PUSH_LATEST } from './ingest';
import { syntheticMessages, syntheticThings } from './synthetic';
import { TEST_THINGS } from './testThings.fixture';
import { observationPayload, observationTopic } from './validate';

const cat = readDatastreamCatalogue(TEST_THINGS);
const T0 = Date.parse('2025-06-01T08:00:00Z');
const gas = observationTopic(11);
const at = (s: number, v: number) => observationPayload(T0 + s * 1000, v);

describe('RingHistory', () => {
  it('wraps around, keeping the newest `capacity` samples oldest first', () => {
    const h = new RingHistory(2, 4);
    for (let k = 0; k < 7; k++) h.append(1, k, k * 10);
    expect(Array.from(h.series(1).timeMs)).toEqual([3, 4, 5, 6]);
    expect(Array.from(h.series(1).value)).toEqual([30, 40, 50, 60]);
    expect(h.series(0).timeMs.length).toBe(0);
    expect(h.oldestTimeMs(1)).toBe(3);
    expect(h.oldestTimeMs(0)).toBeNaN();
  });

  it('inserts late samples in order across the wrap, dropping those older than a full ring', () => {
    const h = new RingHistory(1, 4);
    for (const t of [10, 20, 30, 40, 50]) h.append(0, t, t);
    expect(h.insert(0, 35, 35)).toBe(true);
    expect(Array.from(h.series(0).timeMs)).toEqual([30, 35, 40, 50]);
    expect(h.insert(0, 25, 25)).toBe(false);
    expect(h.insert(0, 31, 31)).toBe(true);
    expect(Array.from(h.series(0).timeMs)).toEqual([31, 35, 40, 50]);
    expect(h.find(0, 40)).toBe(2);
    expect(h.find(0, 41)).toBe(-1);
    const partial = new RingHistory(1, 8);
    for (const t of [5, 1, 3]) {
      if (t === 5) partial.append(0, t, t);
      else partial.insert(0, t, t);
    }
    expect(Array.from(partial.series(0).timeMs)).toEqual([1, 3, 5]);
  });
});

describe('IngestStore', () => {
  it('de-duplicates QoS 1 repeats (same datastream, phenomenonTime and result), also of late samples', () => {
    const s = new IngestStore(cat);
    expect(s.push(gas, at(0, 3), T0)).toBe(PUSH_LATEST);
    expect(s.push(gas, at(0, 3), T0)).toBe(PUSH_DUPLICATE);
    expect(s.push(gas, at(10, 4), T0)).toBe(PUSH_LATEST);
    expect(s.push(gas, at(0, 3), T0)).toBe(PUSH_DUPLICATE);
    // Another Datastream with the same time and value is not a duplicate.
    expect(s.push(observationTopic(31), at(0, 3), T0)).toBe(PUSH_LATEST);
    expect(s.counters()).toMatchObject({ messages: 5, accepted: 3, duplicates: 2, outOfOrder: 0 });
  });

  it('orders by phenomenonTime: a late sample goes into history in order, never over a newer latest value', () => {
    const s = new IngestStore(cat);
    s.push(gas, at(0, 1), T0);
    s.push(gas, at(30, 4), T0);
    expect(s.push(gas, at(20, 3), T0)).toBe(PUSH_LATE);
    expect(s.push(gas, at(10, 2), T0)).toBe(PUSH_LATE);
    expect(s.latestValue[0]).toBe(4);
    expect(s.latestTimeMs[0]).toBe(T0 + 30_000);
    expect(Array.from(s.history.series(0).value)).toEqual([1, 2, 3, 4]);
    expect(s.counters()).toMatchObject({ accepted: 4, outOfOrder: 2, duplicates: 0 });
  });

  it('lets a new result at the latest time replace it (counted as a correction), and counts late samples older than the ring', () => {
    const s = new IngestStore(cat, { historyCapacity: 2 });
    s.push(gas, at(0, 1), T0);
    s.push(gas, at(10, 2), T0);
    s.push(gas, at(20, 3), T0);
    expect(s.push(gas, at(20, 5), T0)).toBe(PUSH_CORRECTION);
    expect(s.latestValue[0]).toBe(5);
    expect(s.push(gas, at(0, 1), T0)).toBe(PUSH_LATE);
    expect(Array.from(s.history.series(0).value)).toEqual([2, 5]);
    expect(s.counters()).toMatchObject({ accepted: 5, corrections: 1, outOfOrder: 1, tooOld: 1 });
  });

  it('coalesces to the latest value per datastream per drain', () => {
    const s = new IngestStore(cat);
    for (let k = 0; k < 10; k++) s.push(gas, at(k, k), T0);
    s.push(observationTopic(21), at(5, 0.4), T0);
    s.push(gas, at(3.5, 1), T0); // late: no change to the latest
    expect(s.pending).toBe(2);
    const batch = s.drain();
    expect(batch.count).toBe(2);
    expect(Array.from(batch.index)).toEqual([0, 1]);
    expect(Array.from(batch.value)).toEqual([9, 0.4]);
    expect(Array.from(batch.timeMs)).toEqual([T0 + 9000, T0 + 5000]);
    expect(s.drain().count).toBe(0);
    s.push(gas, at(3.6, 1), T0);
    expect(s.drain().count).toBe(0);
    s.push(gas, at(11, 1), T0);
    expect(Array.from(s.drain().index)).toEqual([0]);
  });

  it('coalesces 10k sensors: one changed record each however many messages arrived', () => {
    const n = 10_000;
    const big = readDatastreamCatalogue(syntheticThings(n));
    const s = new IngestStore(big, { historyCapacity: 8 });
    const { topic, payload } = syntheticMessages(n, n * 3, T0);
    for (let m = 0; m < topic.length; m++) s.push(topic[m], payload[m], T0 + 10_000);
    const batch = s.drain();
    expect(batch.count).toBe(n);
    expect(batch.timeMs[0]).toBe(T0 + 2000);
    expect(s.counters()).toMatchObject({ accepted: 3 * n, duplicates: 0, outOfOrder: 0 });
    expect(s.history.series(n - 1).timeMs.length).toBe(3);
  });
});

describe('IngestStore.pushFields (Observations from a SensorThings API)', () => {
  it('validates like a message and counts the bad ones by reason', () => {
    const s = new IngestStore(cat);
    const i = cat.indexById.get('11')!;
    const t = (sec: number) => new Date(T0 + sec * 1000).toISOString();
    expect(s.pushFields(i, t(1), 5, T0)).toBe(PUSH_LATEST);
    expect(s.pushFields(i, t(1), 5, T0)).toBe(PUSH_DUPLICATE);
    expect(s.pushFields(i, t(0), 4, T0)).toBe(PUSH_LATE);
    expect(s.pushFields(i, t(2), null, T0)).toBeGreaterThan(0);
    expect(s.pushFields(i, t(2), 'high', T0)).toBeGreaterThan(0);
    expect(s.pushFields(i, 'yesterday', 3, T0)).toBeGreaterThan(0);
    expect(s.pushFields(i, t(2), 500, T0)).toBeGreaterThan(0);
    expect(s.pushFields(i, t(86_400), 3, T0)).toBeGreaterThan(0);
    const c = s.counters();
    expect(c.rejected).toMatchObject({ 'missing-result': 1, 'non-finite-result': 1, 'bad-time': 1, 'out-of-range': 1, 'future-time': 1 });
    expect([c.accepted, c.duplicates, c.outOfOrder]).toEqual([2, 1, 1]);
    expect(Array.from(s.history.series(i).value)).toEqual([4, 5]);
  });
});
