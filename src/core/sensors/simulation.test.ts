import { describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from './catalogue';
import { DEFAULT_INCIDENTS, incidentProgress, parseIncidentTimeline, resolveIncidents, type IncidentTimeline } from './incidents';
import { SensorMonitor } from './monitor';
import { SensorSimulation } from './simulation';
import { STATE_ALARM, STATE_NORMAL } from './states';
import { demoSensorThings } from './synthetic';
import { REJECT_REASONS } from './validate';

const cat = readDatastreamCatalogue(demoSensorThings(6));
const T0 = Date.parse('2025-06-01T08:00:00Z');
const typeOf = (i: number) => cat.types[cat.typeIndex[i]];

/** Steps a simulation every tickMs from T0 to T0 + durationMs through a monitor; returns everything seen. */
function run(sim: SensorSimulation, durationMs: number, tickMs = 100) {
  const monitor = new SensorMonitor(cat);
  const messages: { t: number; i: number }[] = [];
  const events: ReturnType<SensorMonitor['frame']>['events'] = [];
  const maxState = new Uint8Array(cat.count);
  for (let now = T0; now <= T0 + durationMs; now += tickMs) {
    for (const m of sim.step(now)) {
      monitor.push(m.topic, m.payload, now);
      if (!m.bad) messages.push({ t: now, i: m.datastream });
    }
    const f = monitor.frame(now);
    events.push(...f.events);
    for (let k = 0; k < f.states.index.length; k++) if (f.states.state[k] === STATE_ALARM) maxState[f.states.index[k]] = STATE_ALARM;
  }
  return { monitor, messages, events, maxState };
}

describe('incident timeline', () => {
  it('resolves the default incidents on demo-shaped sensors: one gas stream, one manhole, five water-pressure streams, a tunnel station', () => {
    const r = resolveIncidents(cat, DEFAULT_INCIDENTS);
    expect(r.map((x) => x.datastreams.map(typeOf))).toEqual([
      ['gas'],
      ['manhole_cover'],
      Array(5).fill('water_pressure'),
      ['utility_tunnel', 'utility_tunnel'],
    ]);
    // The wave runs nearest-first along the line of water-pressure sensors.
    const wave = r[2].datastreams.map((i) => cat.lonLatDeg[i * 2]);
    expect(wave).toEqual([...wave].sort((a, b) => a - b));
  });

  it('shapes a ramp: rise, hold, recover, then inactive', () => {
    const shape = { atS: 10, rampS: 20, to: 1, holdS: 30, recoverS: 10 };
    expect([5, 10, 20, 30, 59, 65, 70].map((e) => incidentProgress(shape, e))).toEqual([-1, 0, 0.5, 1, 1, 0.5, -1]);
    expect(incidentProgress(shape, 25, 10)).toBeCloseTo(0.25, 9);
  });

  it('rejects a malformed timeline naming the incident and field', () => {
    expect(() => parseIncidentTimeline({ incidents: [{ kind: 'ramp', name: 'x', target: {}, atS: 1, rampS: 'slow', to: 3 }] })).toThrow(
      'incidents[0] (x): rampS must be a number',
    );
    expect(() => parseIncidentTimeline({ incidents: [{ kind: 'flood', name: 'y', target: {} }] })).toThrow(
      'incidents[0]: kind must be ramp, wave or silence',
    );
    expect(() => resolveIncidents(cat, { incidents: [{ kind: 'silence', name: 'z', target: { type: 'volcano' }, atS: 0 }] })).toThrow(
      'incident "z": no Datastream #0',
    );
    expect(parseIncidentTimeline(JSON.parse(JSON.stringify(DEFAULT_INCIDENTS)))).toEqual(DEFAULT_INCIDENTS);
  });
});

describe('SensorSimulation', () => {
  it('publishes every datastream near its expected interval, all valid and within normal levels', () => {
    const sim = new SensorSimulation(cat, { incidents: [] }, T0, { seed: 3 });
    const { monitor, messages } = run(sim, 10 * 60_000, 1000);
    const counts = new Uint32Array(cat.count);
    for (const m of messages) counts[m.i]++;
    for (let i = 0; i < cat.count; i++) {
      const expected = 600_000 / cat.expectedIntervalMs[i];
      expect(counts[i], cat.ids[i]).toBeGreaterThanOrEqual(Math.max(1, Math.floor(expected * 0.85)));
      expect(counts[i], cat.ids[i]).toBeLessThanOrEqual(Math.ceil(expected * 1.15) + 1);
    }
    expect(monitor.ingest.rejectedCount).toBe(0);
    expect(monitor.states.counts()).toMatchObject({ normal: cat.count, warning: 0, alarm: 0 });
  });

  it('runs the scripted incidents on a fast timeline: gas and manhole alarms, the pressure wave in sequence, a silent station', () => {
    const timeline: IncidentTimeline = { loopS: 0, incidents: DEFAULT_INCIDENTS.incidents };
    const sim = new SensorSimulation(cat, timeline, T0, { seed: 5, speed: 20, rate: 20 });
    const [gas, manhole, wave, silent] = sim.incidents;
    // 600 timeline seconds in 30 s of simulated wall time.
    const { monitor, messages, events, maxState } = run(sim, 30_000);
    expect(monitor.ingest.rejectedCount).toBe(0);
    expect(maxState[gas.datastreams[0]]).toBe(STATE_ALARM);
    expect(maxState[manhole.datastreams[0]]).toBe(STATE_ALARM);
    for (const i of wave.datastreams) expect(maxState[i], cat.ids[i]).toBe(STATE_ALARM);
    const raisedAt = (i: number) => events.find((e) => e.kind === 'raised' && e.datastream === i && e.cause === 'value')!.timeMs;
    const waveTimes = wave.datastreams.map(raisedAt);
    expect(waveTimes).toEqual([...waveTimes].sort((a, b) => a - b));
    // The gas leak has recovered by timeline 600 s (ramp 90 + hold 180 + recover 90 from 30 s); its alarm cleared.
    expect(monitor.states.state[gas.datastreams[0]]).toBe(STATE_NORMAL);
    expect(events.some((e) => e.kind === 'cleared' && e.datastream === gas.datastreams[0])).toBe(true);
    // Silent from timeline 90 s (4.5 s wall time) on.
    for (const i of silent.datastreams) {
      expect(messages.filter((m) => m.i === i && m.t > T0 + 4600).length).toBe(0);
      expect(messages.filter((m) => m.i === i).length).toBeGreaterThan(0);
    }
  });

  it('adds malformed messages at the bad rate, one reject reason after another', () => {
    const sim = new SensorSimulation(cat, { incidents: [] }, T0, { seed: 9, rate: 10, badRate: 0.5 });
    const monitor = new SensorMonitor(cat);
    const bad: string[] = [];
    let good = 0;
    for (let now = T0; now < T0 + 60_000; now += 250) {
      for (const m of sim.step(now)) {
        const code = monitor.push(m.topic, m.payload, now);
        if (m.bad) {
          bad.push(m.bad);
          expect(REJECT_REASONS[code - 1], m.payload.slice(0, 80)).toBe(m.bad);
        } else good++;
      }
    }
    expect(bad.length / good).toBeGreaterThan(0.4);
    expect(bad.length / good).toBeLessThan(0.6);
    expect(new Set(bad)).toEqual(new Set(REJECT_REASONS));
    expect(monitor.ingest.counters().accepted).toBe(good);
  });
});
