// `cim sensors-replay` as a process: a recorded feed with good, repeated, late and malformed lines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { SensorSimulation } from '../../src/core/sensors/simulation';
import { demoSensorThings } from '../../src/core/sensors/synthetic';
import { observationPayload, observationTopic, REJECT_REASONS } from '../../src/core/sensors/validate';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const things = demoSensorThings(2);
const cat = readDatastreamCatalogue(things);
const datastreams = join(dir, 'sensors.json');
writeFileSync(datastreams, JSON.stringify(things));

// Ten minutes of the simulator with a gas leak that is still in alarm at the end of the recording.
const T0 = Date.parse('2025-06-01T08:00:00Z');
const sim = new SensorSimulation(
  cat,
  { incidents: [{ kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 60, rampS: 60, to: 40, holdS: 3600 }] },
  T0,
  { seed: 11 },
);
const good: { topic: string; payload: string }[] = [];
for (let now = T0; now <= T0 + 600_000; now += 1000) for (const m of sim.step(now)) good.push({ topic: m.topic, payload: m.payload });
const gas = sim.incidents[0].datastreams[0];
const line = (r: unknown) => JSON.stringify(r);

describe('cim sensors-replay', () => {
  it('counts accepted, rejected by reason, duplicates and out-of-order lines, and the final state classes; exit 1', () => {
    const gasTopic = observationTopic(cat.ids[gas]);
    const t = new Date(T0 + 30_000).toISOString();
    const bad = [
      { topic: 'v1.1/Datastreams(1)/Observationz', payload: `{"phenomenonTime":"${t}","result":1}` },
      { topic: observationTopic(99_999), payload: `{"phenomenonTime":"${t}","result":1}` },
      { topic: gasTopic, payload: `{"phenomenonTime":"${t}","result":1,"pad":"${'x'.repeat(5000)}"}` },
      { topic: gasTopic, payload: `{"phenomenonTime":"${t}","result":` },
      { topic: gasTopic, payload: `{"phenomenonTime":"${t}"}` },
      { topic: gasTopic, payload: `{"phenomenonTime":"${t}","result":"high"}` },
      { topic: gasTopic, payload: '{"phenomenonTime":"yesterday","result":1}' },
      { topic: gasTopic, payload: `{"phenomenonTime":"${t}","result":250}` },
      { topic: gasTopic, payload: '{"phenomenonTime":"2999-01-01T00:00:00Z","result":1}' },
    ];
    // QoS 1 repeats of the first 5 messages, and 3 late ones: older than their stream's latest, delivered after it.
    const repeats = good.slice(0, 5);
    const lateTimes = [T0 + 45_000, T0 + 46_000, T0 + 47_000];
    const late = lateTimes.map((time) => ({ topic: gasTopic, payload: observationPayload(time, 2) }));
    const text = [
      ...good.map(line),
      ...bad.map(line),
      ...repeats.map(line),
      ...late.map(line),
      'not json at all',
      line({ topic: gasTopic, payload: { result: 1 } }),
      '',
    ].join('\n');
    const messages = join(dir, 'feed.jsonl');
    writeFileSync(messages, text);

    const r = cim('sensors-replay', '--datastreams', datastreams, '--messages', messages);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      command: 'sensors-replay',
      ok: false,
      messages: good.length + bad.length + 5 + 3 + 2,
      datastreams: cat.count,
      accepted: good.length + 3,
      duplicates: 5,
      outOfOrder: 3,
    });
    expect(s.rejected).toEqual({ ...Object.fromEntries(REJECT_REASONS.map((k) => [k, 1])), 'bad-line': 2 });
    // now = the latest phenomenonTime in the recording.
    const latest = Math.max(...good.map((m) => Date.parse(JSON.parse(m.payload).phenomenonTime)));
    expect(s.now).toBe(new Date(latest).toISOString());
    const total = Object.values(s.final as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(cat.count);
    expect(s.final.alarm).toBe(1);
    // Air-quality stations report hourly: one sample each in ten minutes, so all are fresh.
    expect(s.final.offline).toBe(0);
    expect(Object.keys(s.timingsMs)).toEqual(['load', 'ingest', 'evaluate']);
    expect(r.stderr).toMatch(/feed\.jsonl:\d+: not a \{"topic": string, "payload": string\} record/);
  });

  it('exits 0 for a clean recording and evaluates states at --now', () => {
    const messages = join(dir, 'clean.jsonl');
    writeFileSync(messages, `${good.map(line).join('\n')}\n`);
    const r = cim('sensors-replay', '--datastreams', datastreams, '--messages', messages, '--now', '2025-06-01T10:00:00Z');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ ok: true, accepted: good.length, duplicates: 0, outOfOrder: 0, now: '2025-06-01T10:00:00.000Z' });
    // Two hours on, only the hourly air-quality streams are still fresh (stale after 3 h); the rest went stale or
    // offline, except the gas stream, whose alarm stays visible.
    const hourly = cat.ids.filter((_, i) => cat.expectedIntervalMs[i] === 3_600_000).length;
    expect(hourly).toBe(4);
    expect(s.final).toMatchObject({ normal: hourly, warning: 0, alarm: 1 });
    expect(s.final.stale + s.final.offline).toBe(cat.count - 1 - hourly);
  });

  it('exits 2 naming the file on bad usage or unreadable input', () => {
    const missing = cim('sensors-replay', '--datastreams', datastreams);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing --messages/);
    const nofile = cim('sensors-replay', '--datastreams', datastreams, '--messages', join(dir, 'nope.jsonl'));
    expect(nofile.status).toBe(2);
    expect(nofile.stderr).toMatch(/nope\.jsonl: cannot read the messages \(ENOENT\)/);
    const notThings = join(dir, 'grids.json');
    writeFileSync(notThings, '{"type":"FeatureCollection","features":[]}');
    const wrong = cim('sensors-replay', '--datastreams', notThings, '--messages', datastreams);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/grids\.json: expected a JSON object with a "Things"/);
    expect(cim('sensors-replay', '--datastreams', datastreams, '--messages', datastreams, '--now', 'noon').status).toBe(2);
  });
});
