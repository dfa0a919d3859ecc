import { describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from './catalogue';
import { PUSH_DUPLICATE } from './ingest';
import { SensorMonitor } from './monitor';
import { ConnectionTracker, isAuthRefusal, nextDelayMs } from './reconnect';
import { SENSOR_STATES, SensorStates, STATE_ALARM, STATE_NORMAL, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from './states';
import { TEST_THINGS } from './testThings.fixture';
import { observationPayload, observationTopic } from './validate';

const cat = readDatastreamCatalogue(TEST_THINGS);
const T0 = Date.parse('2025-06-01T08:00:00Z');
const GAS = 0;
const PRESSURE = 1;
const TEMP = 4;

/** A fake clock: observe values at given seconds after T0 and evaluate at the same moment. */
function clocked(states: SensorStates) {
  return (i: number, s: number, v: number) => {
    states.observe(i, T0 + s * 1000, v);
    return states.evaluate(T0 + s * 1000);
  };
}

describe('SensorStates', () => {
  it('walks gas normal → warning → alarm → (hysteresis) → warning → normal, with one alarm record and its events', () => {
    const st = new SensorStates(cat);
    const at = clocked(st);
    expect(at(GAS, 0, 3).events).toEqual([]);
    expect(st.state[GAS]).toBe(STATE_NORMAL);
    const warn = at(GAS, 10, 12).events;
    expect(warn).toMatchObject([
      { kind: 'raised', severity: 'warning', alarmId: 'A1', datastreamId: '11', value: 12, timeMs: T0 + 10_000 },
    ]);
    expect(st.state[GAS]).toBe(STATE_WARNING);
    expect(at(GAS, 20, 26).events).toMatchObject([{ kind: 'escalated', severity: 'alarm', alarmId: 'A1' }]);
    expect(st.state[GAS]).toBe(STATE_ALARM);
    // Hysteresis 1.5: 24 is below the alarm level but not by enough to leave it.
    expect(at(GAS, 30, 24).events).toEqual([]);
    expect(st.state[GAS]).toBe(STATE_ALARM);
    expect(at(GAS, 40, 23.4).events).toMatchObject([{ kind: 'eased', severity: 'warning' }]);
    expect(at(GAS, 50, 9).events).toEqual([]);
    expect(st.state[GAS]).toBe(STATE_WARNING);
    expect(at(GAS, 60, 8.4).events).toMatchObject([{ kind: 'cleared', alarmId: 'A1', value: 8.4 }]);
    expect(st.state[GAS]).toBe(STATE_NORMAL);
    // Cleared but not acknowledged: still listed until someone acknowledges it.
    expect(st.alarms()).toMatchObject([{ id: 'A1', peakSeverity: 'alarm', clearedAtMs: T0 + 60_000, acknowledgedAtMs: null }]);
    expect(st.acknowledge('A1', T0 + 70_000, 'duty officer')).toMatchObject({ kind: 'acknowledged', alarmId: 'A1' });
    expect(st.acknowledge('A1', T0 + 71_000)).toBeNull();
    expect(st.alarms()).toEqual([]);
    expect(st.closedAlarms()).toMatchObject([{ id: 'A1', acknowledgedBy: 'duty officer' }]);
  });

  it('goes straight to alarm and handles low thresholds (pressure) and both-sided ones', () => {
    const st = new SensorStates(cat);
    const at = clocked(st);
    expect(at(PRESSURE, 0, 0.1).events).toMatchObject([{ kind: 'raised', severity: 'alarm' }]);
    expect(at(PRESSURE, 10, 0.152).events).toEqual([]); // within the 0.005 MPa hysteresis
    expect(at(PRESSURE, 20, 0.203).events).toMatchObject([{ kind: 'eased', severity: 'warning' }]); // above 0.2 but not by 0.005
    expect(st.state[PRESSURE]).toBe(STATE_WARNING);
    expect(at(PRESSURE, 30, 0.3).events).toMatchObject([{ kind: 'cleared' }]);
    at(TEMP, 0, 1.5);
    expect(st.state[TEMP]).toBe(STATE_WARNING);
    at(TEMP, 10, 51);
    expect(st.state[TEMP]).toBe(STATE_ALARM);
  });

  it('keeps an alarm acknowledged before it clears open until it clears', () => {
    const st = new SensorStates(cat);
    const at = clocked(st);
    at(GAS, 0, 30);
    st.acknowledge('A1', T0 + 5000);
    expect(st.alarms()).toHaveLength(1);
    at(GAS, 10, 1);
    expect(st.alarms()).toEqual([]);
    expect(st.closedAlarms()[0]).toMatchObject({ id: 'A1', acknowledgedAtMs: T0 + 5000, clearedAtMs: T0 + 10_000 });
  });

  it('turns stale after 3 and offline after 10 expected intervals (fake clock), raising a silence alarm that new data clears', () => {
    const st = new SensorStates(cat);
    expect(st.evaluate(T0).changed.length).toBe(0); // all offline from the start: never heard from
    expect(st.counts()).toEqual({ normal: 0, warning: 0, alarm: 0, stale: 0, offline: 6 });
    st.observe(GAS, T0, 3);
    expect(Array.from(st.evaluate(T0).changed)).toEqual([GAS]);
    expect(st.evaluate(T0 + 180_000).changed.length).toBe(0);
    expect(st.state[GAS]).toBe(STATE_NORMAL);
    expect(Array.from(st.evaluate(T0 + 180_001).changed)).toEqual([GAS]);
    expect(st.state[GAS]).toBe(STATE_STALE);
    const off = st.evaluate(T0 + 600_001);
    expect(st.state[GAS]).toBe(STATE_OFFLINE);
    expect(off.events).toMatchObject([{ kind: 'raised', cause: 'silence', severity: 'warning', datastreamId: '11' }]);
    expect(st.evaluate(T0 + 700_000).events).toEqual([]); // raised once
    st.observe(GAS, T0 + 700_000, 3);
    const back = st.evaluate(T0 + 700_000);
    expect(back.events).toMatchObject([{ kind: 'cleared', cause: 'silence' }]);
    expect(st.alarms()).toEqual([]); // a silence alarm closes by itself
    expect(st.closedAlarms()).toMatchObject([{ cause: 'silence', clearedAtMs: T0 + 700_000, acknowledgedAtMs: null }]);
    expect(st.state[GAS]).toBe(STATE_NORMAL);
    expect(SENSOR_STATES[st.state[PRESSURE]]).toBe('offline');
  });

  it('reopens an unacknowledged alarm when its sensor flaps, so the list holds one entry per sensor', () => {
    const st = new SensorStates(cat);
    const at = clocked(st);
    for (let k = 0; k < 5; k++) {
      expect(at(GAS, k * 20, 30).events).toMatchObject([{ kind: 'raised', alarmId: 'A1' }]);
      expect(at(GAS, k * 20 + 10, 1).events).toMatchObject([{ kind: 'cleared', alarmId: 'A1' }]);
    }
    expect(st.alarms()).toMatchObject([{ id: 'A1', occurrences: 5, raisedAtMs: T0, clearedAtMs: T0 + 90_000 }]);
    st.acknowledge('A1', T0 + 95_000);
    expect(at(GAS, 100, 30).events).toMatchObject([
      { kind: 'acknowledged', alarmId: 'A1' },
      { kind: 'raised', alarmId: 'A2' },
    ]);
    expect(st.alarms().map((a) => a.id)).toEqual(['A2']);
  });

  it('keeps an alarm visible when its sensor goes silent', () => {
    const st = new SensorStates(cat);
    st.observe(GAS, T0, 40);
    st.evaluate(T0 + 3_600_000);
    expect(st.state[GAS]).toBe(STATE_ALARM);
  });

  it('after a reconnect, flags the datastreams that may have missed data', () => {
    const st = new SensorStates(cat);
    for (let i = 0; i < cat.count; i++) st.observe(i, T0, 50);
    st.observe(GAS, T0 + 50_000, 3);
    st.evaluate(T0 + 50_000);
    // Disconnected for 20 s: the gas stream (60 s interval, last at +50 s) was not due before +70 s; the other 60 s streams were.
    const flagged = st.markGap(T0 + 50_000, T0 + 70_000);
    expect(st.mayHaveMissed(GAS)).toBe(false);
    expect(flagged).toBe(4);
    expect(st.mayHaveMissed(PRESSURE)).toBe(true);
    // Parking reports every 300 s (default): T0 + 150 s would be due, 70 s is not.
    expect(st.mayHaveMissed(5)).toBe(false);
    const update = st.evaluate(T0 + 70_000);
    expect(Array.from(update.changed)).toEqual([1, 2, 3, 4]);
    st.clearMissed(PRESSURE);
    expect(st.mayHaveMissed(PRESSURE)).toBe(false);
    expect(Array.from(st.evaluate(T0 + 70_000).changed)).toEqual([PRESSURE]);
  });
});

describe('SensorMonitor', () => {
  it('evaluates levels per message (a spike inside one frame still raises) and frames values, states and events', () => {
    const m = new SensorMonitor(cat);
    const gas = observationTopic(11);
    m.push(gas, observationPayload(T0, 3), T0);
    m.push(gas, observationPayload(T0 + 1000, 30), T0);
    m.push(gas, observationPayload(T0 + 2000, 2), T0);
    expect(m.push(gas, observationPayload(T0 + 2000, 2), T0)).toBe(PUSH_DUPLICATE);
    const f = m.frame(T0 + 2000);
    expect(f.values.count).toBe(1);
    expect(f.values.value[0]).toBe(2);
    expect(f.events.map((e) => e.kind)).toEqual(['raised', 'cleared']);
    expect(Array.from(f.states.index)).toEqual([GAS]);
    expect(Array.from(f.states.state)).toEqual([STATE_NORMAL]);
    expect(m.frame(T0 + 2000).events).toEqual([]);
  });
});

describe('reconnect policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(nextDelayMs(0, () => 0.999)).toBe(999);
    expect(nextDelayMs(3, () => 0.5)).toBe(4000);
    expect(nextDelayMs(10, () => 0.5)).toBe(15_000);
    expect(nextDelayMs(1000, () => 0.999999)).toBe(29_999);
    expect(nextDelayMs(4, () => 0)).toBe(0);
    expect(nextDelayMs(2, () => 0.5, { baseMs: 100, capMs: 300 })).toBe(150);
  });

  it('tracks connecting → live → reconnecting → live and yields the gap to mark', () => {
    const c = new ConnectionTracker();
    expect(c.status).toBe('connecting');
    c.lost(T0, () => 0.5);
    expect(c.status).toBe('connecting');
    expect(c.connected(T0 + 1000)).toBeNull();
    expect(c.status).toBe('live');
    expect(c.lost(T0 + 5000, () => 0.5)).toBe(500);
    expect(c.lost(T0 + 6000, () => 0.5)).toBe(1000);
    expect(c.status).toBe('reconnecting');
    expect(c.connected(T0 + 9000)).toEqual({ fromMs: T0 + 5000, toMs: T0 + 9000 });
    expect(c.attempt).toBe(0);
  });
});

describe('isAuthRefusal', () => {
  it('is true for the credential refusals of MQTT 3.1.1 and 5 only', () => {
    expect([4, 5, 0x86, 0x87].map(isAuthRefusal)).toEqual([true, true, true, true]);
    expect([0, 1, 2, 3, 0x80, 0x88, undefined, '4'].map(isAuthRefusal)).toEqual([false, false, false, false, false, false, false, false]);
  });
});
