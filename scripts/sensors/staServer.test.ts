// The SensorThings REST client (src/io/sensorThingsApi, sensorThingsBackfill) against the feed's real HTTP API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { SensorMonitor } from '../../src/core/sensors/monitor';
import { demoSensorThings } from '../../src/core/sensors/synthetic';
import { fetchObservationsAfter, fetchThingsDocument, staPages, staThingsUrl } from '../../src/io/sensorThingsApi';
import { backfillMissed, backfillStartsMs } from '../../src/io/sensorThingsBackfill';
import { startSensorFeed } from './feed';
import { parseTimeFilter, startStaServer } from './staServer';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Demo Things whose every Datastream expects a value each second (so a 2-s outage may miss data on all of them). */
function fastThings(perType: number) {
  const doc = demoSensorThings(perType) as { Things: { Datastreams: { properties: { expectedIntervalS: number } }[] }[] };
  for (const t of doc.Things) for (const d of t.Datastreams) d.properties.expectedIntervalS = 1;
  return doc;
}

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function untilAsync(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('SensorThings API server and client', () => {
  it('serves every Thing with Locations and Datastreams over several pages, and the catalogue read from it equals the file', async () => {
    const things = demoSensorThings(3);
    const cat = readDatastreamCatalogue(things);
    const sta = await startStaServer({ things, catalogue: cat, port: 0 });
    try {
      const pages: number[] = [];
      for await (const items of staPages(`${staThingsUrl(sta.url)}&$top=7`)) pages.push(items.length);
      expect(pages.length).toBeGreaterThan(2);
      expect(pages.reduce((a, b) => a + b, 0)).toBe(things.Things.length);
      const doc = await fetchThingsDocument(`${staThingsUrl(sta.url)}&$top=7`);
      const fromApi = readDatastreamCatalogue(doc);
      expect(fromApi.ids).toEqual(cat.ids);
      expect(Array.from(fromApi.lonLatDeg)).toEqual(Array.from(cat.lonLatDeg));
      expect(Array.from(fromApi.alarmHigh)).toEqual(Array.from(cat.alarmHigh));
      // A file is returned as it is.
      expect(await fetchThingsDocument(`${sta.url}/Datastreams(${cat.ids[0]})`)).toMatchObject({ '@iot.id': Number(cat.ids[0]) });
    } finally {
      await sta.stop();
    }
  });

  it("pages a Datastream's Observations after a time, oldest first, across nextLinks", async () => {
    const things = demoSensorThings(1);
    const cat = readDatastreamCatalogue(things);
    const sta = await startStaServer({ things, catalogue: cat, port: 0, historyCapacity: 1200 });
    try {
      // 1,000 samples a second apart, recorded out of order (late ones are inserted in time order).
      for (let k = 999; k >= 0; k -= 2) sta.record(0, T0 + k * 1000, k);
      for (let k = 0; k < 1000; k += 2) sta.record(0, T0 + k * 1000, k);
      sta.record(0, T0 + 5000, 5); // a repeat is kept once
      const after = await fetchObservationsAfter(sta.url, cat.ids[0], T0 + 299_000);
      expect(after.map((o) => o.result)).toEqual(Array.from({ length: 700 }, (_, k) => 300 + k));
      expect(after[0].phenomenonTime).toBe(iso(T0 + 300_000));
      // Newest first with $skip paging when asked for.
      const desc = await fetch(`${sta.url}/Datastreams(${cat.ids[0]})/Observations?$orderby=phenomenonTime%20desc&$top=3&$count=true`).then(
        (r) => r.json(),
      );
      expect(desc.value.map((o: { result: number }) => o.result)).toEqual([999, 998, 997]);
      expect(desc['@iot.count']).toBe(1000);
      expect(desc['@iot.nextLink']).toMatch(/(\$|%24)skip=3/);
      expect(await fetchObservationsAfter(sta.url, cat.ids[1], T0)).toEqual([]);
    } finally {
      await sta.stop();
    }
  });

  it('refuses what it does not support with the reason, and the client names the URL', async () => {
    const things = demoSensorThings(1);
    const cat = readDatastreamCatalogue(things);
    const sta = await startStaServer({ things, catalogue: cat, port: 0 });
    try {
      await expect(fetchObservationsAfter(sta.url, 'nope', T0)).rejects.toThrow(
        /Datastreams\(nope\)\/Observations.*HTTP 404: no Datastream with @iot.id nope/,
      );
      const bad = await fetch(`${sta.url}/Datastreams(${cat.ids[0]})/Observations?$filter=result%20gt%201`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toMatch(/only "phenomenonTime gt\|ge\|lt\|le/);
      expect((await fetch(`${sta.url}/Things?$top=x`)).status).toBe(400);
      expect((await fetch(`${sta.url}/Things?$expand=Sensors`)).status).toBe(400);
      expect((await fetch(`${sta.url}/Things`, { method: 'POST' })).status).toBe(405);
      await expect(fetchThingsDocument(`${sta.url.replace('/v1.1', '')}/elsewhere`)).rejects.toThrow(/elsewhere: HTTP 404/);
      expect(parseTimeFilter(`phenomenonTime ge ${iso(T0)} and phenomenonTime lt ${iso(T0 + 1)}`)).toEqual({
        fromMs: T0,
        fromInclusive: true,
        toMs: T0 + 1,
        toInclusive: false,
      });
    } finally {
      await sta.stop();
    }
  });
});

describe('backfill after a reconnect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-sta-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'sensors.json'), JSON.stringify(fastThings(2)));

  it('fetches what the devices measured while the broker was down and clears "may have missed"', async () => {
    const feed = await startSensorFeed({ port: 0, dataDir: dir, rate: 1, incidents: false, seed: 3 });
    try {
      expect(feed.staUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.1$/);
      const monitor = new SensorMonitor(feed.catalogue);
      const client = await mqtt.connectAsync(feed.url, { reconnectPeriod: 300 });
      let lostAtMs = NaN;
      let gap: { fromMs: number; toMs: number } | null = null;
      client.on('close', () => (lostAtMs = Number.isNaN(lostAtMs) ? Date.now() : lostAtMs));
      // As the viewer does, the gap is marked and the backfill's start times taken on the reconnect itself: the
      // simulator's client sends what it queued during the outage after its own reconnect, and those samples
      // would otherwise make the gap look shorter than it was.
      let flagged = 0;
      let starts: Float64Array = new Float64Array(0);
      client.on('connect', () => {
        gap = { fromMs: lostAtMs, toMs: Date.now() };
        flagged = monitor.states.markGap(gap.fromMs, gap.toMs);
        starts = backfillStartsMs(monitor);
      });
      client.on('message', (topic, payload) => monitor.push(topic, payload, Date.now()));
      await client.subscribeAsync('v1.1/+/Observations', { qos: 0 });
      const all = () => Array.from(monitor.ingest.latestTimeMs).every((t) => !Number.isNaN(t));
      await until('a value from every Datastream', all);
      await feed.stopBroker();
      await until('the subscriber noticing', () => !Number.isNaN(lostAtMs));
      // Down until the feed's own API holds, for every Datastream, a sample measured during the outage and at least
      // 1.5 s before the reconnect (so markGap flags it and the backfill finds it inside the gap). Asking the API, not
      // predicting from the intervals: under load the simulator's ticks run late (a fresh-clone run missed one).
      const latest = Float64Array.from(monitor.ingest.latestTimeMs);
      const measuredDuringOutage = async () => {
        const settledBefore = Date.now() - 1500;
        for (let i = 0; i < feed.datastreams; i++) {
          const list = await fetchObservationsAfter(feed.staUrl!, feed.catalogue.ids[i], latest[i]);
          if (!list.some((o) => Date.parse(String(o.phenomenonTime).split('/')[0]) < settledBefore)) return false;
        }
        return true;
      };
      // And at least 2.5 s and each Datastream's interval + 1.5 s.
      const measuredAtMs = Math.max(
        Date.now() + 2500,
        ...Array.from(feed.catalogue.expectedIntervalMs, (interval, i) => latest[i] + interval + 1500),
      );
      await until('the outage to last', () => Date.now() > measuredAtMs, 60_000);
      await untilAsync('a sample measured by every Datastream during the outage', measuredDuringOutage, 60_000);
      await feed.startBroker();
      await until('the reconnect', () => gap !== null);
      expect(flagged).toBe(feed.datastreams);
      const progress = await backfillMissed(monitor, feed.staUrl!, starts, { concurrency: 3 });
      expect(progress).toMatchObject({ state: 'done', datastreams: flagged, done: flagged, failed: 0 });
      // Some of what it fetches may already have arrived: the simulator's MQTT client queues what it publishes while
      // the broker is down and sends it after its own reconnect. What matters is checked below, per Datastream.
      expect(progress.added).toBeGreaterThan(0);
      expect(Array.from({ length: feed.datastreams }, (_, i) => monitor.states.mayHaveMissed(i))).not.toContain(true);
      // Every datastream's history now holds samples measured during the outage.
      const h = monitor.ingest.history;
      for (let i = 0; i < feed.datastreams; i++) {
        const inGap = Array.from(h.series(i).timeMs).filter((t) => t > starts[i] && t < gap!.toMs - 1000);
        expect(inGap.length, feed.catalogue.ids[i]).toBeGreaterThan(0);
      }
      await client.endAsync();
    } finally {
      await feed.stop();
    }
  });
});
