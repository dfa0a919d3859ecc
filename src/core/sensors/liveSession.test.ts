import { describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from './catalogue';
import { LiveSession } from './liveSession';
import { STATE_ALARM, STATE_NORMAL, STATE_WARNING } from './states';
import { TEST_THINGS } from './testThings.fixture';
import { NO_STATE } from './thingStates';
import { observationPayload, observationTopic } from './validate';

const T0 = Date.parse('2025-06-01T08:00:00Z');
const BROKER = 'ws://ops:s%40cret@127.0.0.1:9001/mqtt';

function session(config: Partial<ConstructorParameters<typeof LiveSession>[1]> = {}) {
  const s = new LiveSession(readDatastreamCatalogue(TEST_THINGS), { catalogueUrl: 'things.json', brokerUrl: BROKER, ...config });
  // A message as the broker delivers it: topic and payload bytes.
  const send = (datastreamId: string | number, atMs: number, value: number) =>
    s.monitor.push(observationTopic(datastreamId), new TextEncoder().encode(observationPayload(atMs, value)), atMs);
  return { s, send };
}

describe('LiveSession', () => {
  it('hands the page the Things whose rolled-up state changed, once, with counters and the alarm list when it changed', () => {
    const { s, send } = session();
    send(11, T0, 3); // gas normal
    send(31, T0, 5); // bridge deflection normal…
    send(32, T0, 600); // …and its strain in alarm: the bridge shows alarm
    const f = s.frame(T0 + 1000);
    expect(Array.from(f.things)).toEqual([0, 2]);
    expect(Array.from(f.thingState)).toEqual([STATE_NORMAL, STATE_ALARM]);
    expect(Array.from(f.thingMissed)).toEqual([0, 0]);
    expect(f.counters).toMatchObject({ messages: 3, accepted: 3 });
    expect(f.alarms).toEqual([expect.objectContaining({ datastreamId: '32', thingId: '3', severity: 'alarm', type: 'bridge' })]);
    expect(f.alarmCounts).toMatchObject({ total: 1, active: 1, alarm: 1 });
    expect(f.byState).toMatchObject({ normal: 2, alarm: 1, offline: 3 });
    expect(f.status).toBe('connecting');
    expect(f.grids).toBeNull();
    // Nothing new: no Things, and the alarm list is not sent again.
    const g = s.frame(T0 + 2000);
    expect(g.things.length).toBe(0);
    expect(g.alarms).toBeNull();
    expect(g.alarmCounts).toBeNull();
    send(11, T0 + 3000, 12);
    const h = s.frame(T0 + 3000);
    expect(Array.from(h.things)).toEqual([0]);
    expect(Array.from(h.thingState)).toEqual([STATE_WARNING]);
    expect(h.alarms?.map((a) => a.datastreamId)).toEqual(['11', '32']);
  });

  it('counts per level-1 grid once placed, again only after a change', () => {
    const { s, send } = session();
    s.placeInGrids({
      grids: [{ id: 'g1', name: 'One', lonLatDeg: [113.6, 34.7] }],
      gridOfThing: Int32Array.of(0, 0, 0, -1, 0),
    });
    send(11, T0, 30);
    send(21, T0, 0.5);
    const f = s.frame(T0);
    expect(f.grids).toEqual([{ id: 'g1', name: 'One', lonLatDeg: [113.6, 34.7], sensors: 4, online: 2, alarm: 1, warning: 0 }]);
    expect(s.frame(T0 + 1000).grids).toBeNull();
    send(21, T0 + 2000, 0.18);
    expect(s.frame(T0 + 2000).grids).toMatchObject([{ sensors: 4, online: 2, alarm: 1, warning: 1 }]);
  });

  it('marks the gap after a reconnect on the Things that may have missed data, and backs off only while retrying makes sense', () => {
    const { s, send } = session();
    expect(s.connected(T0)).toBeNull();
    send(11, T0, 3);
    expect(Array.from(s.frame(T0).thingMissed)).toEqual([0]);
    expect(s.lost(T0 + 1000)).toBeGreaterThanOrEqual(0);
    expect(s.frame(T0 + 1000).status).toBe('reconnecting');
    expect(s.connected(T0 + 200_000)).toEqual({ fromMs: T0 + 1000, toMs: T0 + 200_000 });
    const f = s.frame(T0 + 200_000);
    expect(f.status).toBe('live');
    expect(Array.from(f.thingMissed)).toEqual([1, 1, 1, 1, 1]);
    // A refusal waits for the user's credentials; a stop ends everything.
    s.refused(T0 + 300_000, 'Not authorized');
    expect(s.lost(T0 + 300_001)).toBeNull();
    expect(s.frame(T0 + 300_002)).toMatchObject({ status: 'unauthorized', authError: 'Not authorized' });
    expect(s.login('ops', 'other')).toBe(true);
    expect(s.connection.status).toBe('reconnecting');
    expect(s.connected(T0 + 310_000)).toEqual({ fromMs: T0 + 300_000, toMs: T0 + 310_000 });
    expect(s.authError).toBeUndefined();
    s.stop();
    expect(s.lost(T0 + 320_000)).toBeNull();
    expect(s.login('ops', 'again')).toBe(false);
    expect(s.frame(T0 + 320_000).status).toBe('offline');
  });

  it('connects without the credentials in the URL and presents them, or the ones the user gave', () => {
    const { s } = session();
    expect(s.endpoint()).toEqual({ url: 'ws://127.0.0.1:9001/mqtt', username: 'ops', password: 's@cret' });
    expect(session({ username: 'u', password: 'p' }).s.endpoint()).toMatchObject({ username: 'u', password: 'p' });
    s.login('viewer', 'pw');
    expect(s.endpoint()).toEqual({ url: 'ws://127.0.0.1:9001/mqtt', username: 'viewer', password: 'pw' });
    expect(session({ brokerUrl: 'wss://broker.example/mqtt' }).s.endpoint()).toEqual({ url: 'wss://broker.example/mqtt' });
  });

  it('sends the alarm list again after an acknowledgement, and gives a Thing its datastreams history with their levels', () => {
    const { s, send } = session();
    send(41, T0, 60);
    send(41, T0 + 60_000, 20);
    const [alarm] = s.frame(T0 + 60_000).alarms!;
    expect(s.frame(T0 + 61_000).alarms).toBeNull();
    expect(s.acknowledge(alarm.id, T0 + 62_000, 'duty officer')).toBe(true);
    expect(s.acknowledge(alarm.id, T0 + 63_000, 'duty officer')).toBe(false);
    expect(s.frame(T0 + 64_000).alarms).toEqual([]);
    const [series] = s.history('4');
    expect(series).toMatchObject({ datastreamId: '41', warningHigh: 40, alarmHigh: 50, warningLow: 2, alarmLow: 0 });
    expect(Array.from(series.timeMs)).toEqual([T0, T0 + 60_000]);
    expect(Array.from(series.value)).toEqual([60, 20]);
    expect(s.history('3').map((h) => h.datastreamId)).toEqual(['31', '32']);
    expect(s.history('nope')).toEqual([]);
    expect(s.things.state[4]).toBe(NO_STATE);
  });
});
