// The sensors bench's Node section: sustained observations/s through SensorMonitor at N sensors, against the naive
// approach (per message JSON.parse + object spread into a Map + re-evaluating every sensor's state), in the same run.
import { readDatastreamCatalogue, type DatastreamCatalogue } from '../src/core/sensors/catalogue';
import { SensorMonitor } from '../src/core/sensors/monitor';
import { syntheticMessages, syntheticThings } from '../src/core/sensors/synthetic';
import { fmt, mb } from './bench-sensors-common';

const FRAMES_PER_ROUND = 60;
const T0 = Date.parse('2025-06-01T08:00:00Z');

interface Feed {
  topic: string[];
  payload: Buffer[];
}

function feed(n: number, rounds: number, startMs: number): Feed {
  const m = syntheticMessages(n, n * rounds, startMs);
  return { topic: m.topic, payload: m.payload.map((p) => Buffer.from(p)) };
}

/** The project's path: every message through SensorMonitor.push, a frame (drain + evaluate) 60 times per round. */
function optimized(
  n: number,
  cat: DatastreamCatalogue,
  input: Feed,
  warm: Feed,
): { perS: number; frameMs: number; monitor: SensorMonitor } {
  const monitor = new SensorMonitor(cat);
  const frameEvery = Math.max(1, Math.floor(n / FRAMES_PER_ROUND));
  // The receiver's clock runs with the feed: round r arrives during simulated second r.
  const pushAll = (f: Feed, startMs: number) => {
    let frames = 0;
    let frameTime = 0;
    for (let m = 0; m < f.topic.length; m++) {
      const nowMs = startMs + Math.floor(m / n) * 1000 + 500;
      monitor.push(f.topic[m], f.payload[m], nowMs);
      if ((m + 1) % frameEvery === 0) {
        const t = performance.now();
        monitor.frame(nowMs);
        frameTime += performance.now() - t;
        frames++;
      }
    }
    return frameTime / Math.max(1, frames);
  };
  pushAll(warm, T0);
  const t0 = performance.now();
  const frameMs = pushAll(input, T0 + 2000);
  const s = (performance.now() - t0) / 1000;
  return { perS: input.topic.length / s, frameMs, monitor };
}

interface NaiveSensor {
  id: string;
  time: number;
  result: number;
  state?: string;
}

/** The naive baseline, as a first implementation would write it on the main thread. */
function naive(cat: DatastreamCatalogue, input: Feed, count: number, fullReevaluation: boolean): number {
  const byId = new Map<string, NaiveSensor>();
  const thresholds = cat.ids.map((id, i) => ({
    id,
    wH: cat.warningHigh[i],
    aH: cat.alarmHigh[i],
    wL: cat.warningLow[i],
    aL: cat.alarmLow[i],
    intervalMs: cat.expectedIntervalMs[i],
  }));
  const evaluate = (s: NaiveSensor, t: (typeof thresholds)[number], nowMs: number) =>
    nowMs - s.time > 3 * t.intervalMs
      ? 'stale'
      : s.result >= t.aH || s.result <= t.aL
        ? 'alarm'
        : s.result >= t.wH || s.result <= t.wL
          ? 'warning'
          : 'normal';
  const index = new Map(cat.ids.map((id, i) => [id, i]));
  let sink = 0;
  const t0 = performance.now();
  for (let m = 0; m < count; m++) {
    const id = /^v1\.1\/Datastreams\((.+)\)\/Observations$/.exec(input.topic[m])![1];
    const body = JSON.parse(input.payload[m].toString());
    const time = new Date(body.phenomenonTime).getTime();
    if (!Number.isFinite(body.result) || Number.isNaN(time)) continue;
    byId.set(id, { ...byId.get(id), id, time, result: body.result });
    const nowMs = time + 500;
    if (fullReevaluation) {
      const states: Record<string, number> = {};
      for (const s of byId.values()) {
        s.state = evaluate(s, thresholds[index.get(s.id)!], nowMs);
        states[s.state] = (states[s.state] ?? 0) + 1;
      }
      sink += states.normal ?? 0;
    } else {
      const s = byId.get(id)!;
      s.state = evaluate(s, thresholds[index.get(id)!], nowMs);
      sink += s.state.length;
    }
  }
  const s = (performance.now() - t0) / 1000;
  if (sink < 0) console.log(sink);
  return count / s;
}

/** Measures the ingest and the naive baselines, prints them, and returns the figures for sensors.json. */
export function nodeSection(N: number, ROUNDS: number): Record<string, unknown> {
  const cat = readDatastreamCatalogue(syntheticThings(N));
  const warm = feed(N, 2, T0);
  const input = feed(N, ROUNDS, T0 + 2000);
  global.gc?.();
  const heap0 = process.memoryUsage();
  const { perS, frameMs, monitor } = optimized(N, cat, input, warm);
  const heap1 = process.memoryUsage();
  const c = monitor.ingest.counters();
  if (c.accepted !== N * (ROUNDS + 2) || monitor.ingest.rejectedCount !== 0)
    throw new Error(`bench feed not fully accepted: ${JSON.stringify(c)}`);
  const h = monitor.ingest.history;
  const storeBytes =
    h.timeMs.byteLength + h.value.byteLength + monitor.ingest.latestTimeMs.byteLength * 2 + monitor.states.lastTimeMs.byteLength * 4;
  // The naive full re-evaluation costs O(sensors) per message: measure it on a sample long enough to fill the Map.
  const naiveFull = naive(cat, input, Math.min(input.topic.length, N + 5000), true);
  const naiveIncremental = naive(cat, input, input.topic.length, false);
  const results = {
    observationsPerS: Math.round(perS),
    frameMs: Math.round(frameMs * 1000) / 1000,
    naiveFullPerS: Math.round(naiveFull),
    naiveIncrementalPerS: Math.round(naiveIncremental),
    ratioToNaive: Math.round(perS / naiveFull),
    storeMB: mb(storeBytes),
    heapDeltaMB: mb(heap1.heapUsed - heap0.heapUsed),
    rssMB: mb(heap1.rss),
  };
  console.log(
    `node ${process.version}, ${fmt(N)} sensors, ${fmt(input.topic.length)} messages (Buffer payloads), frame every ${fmt(N / FRAMES_PER_ROUND)} messages`,
  );
  console.log(`observations/s: ${Math.round(perS)}`);
  console.log(`frame (drain + evaluate ${fmt(N)} states): ${frameMs.toFixed(3)} ms`);
  console.log(
    `naive (JSON.parse + spread into Map + re-evaluate all): ${fmt(naiveFull)} observations/s  → ratio ${(perS / naiveFull).toFixed(0)}×`,
  );
  console.log(
    `naive, re-evaluating only the changed sensor: ${fmt(naiveIncremental)} observations/s  → ratio ${(perS / naiveIncremental).toFixed(1)}×`,
  );
  console.log(
    `memory: store ${mb(storeBytes)} MB typed arrays (history ${h.capacity}/sensor), heap +${mb(heap1.heapUsed - heap0.heapUsed)} MB during the run, rss ${mb(heap1.rss)} MB`,
  );
  return results;
}
