// `npm run bench:sensors -- [--sensors 10000] [--rounds 60] [--only node|browser] [--seconds 20] [--modes idle,worker,naive] [--no-build]`.
// Node section: sustained observations/s through validation, de-duplication, ordering, coalescing and per-frame
// state evaluation (SensorMonitor) at 10k sensors, every sensor publishing once per simulated second and a frame
// drawn 60 times per simulated second. Payloads are Buffers, as mqtt.js delivers them. Baseline in the same run:
// the naive approach (per message JSON.parse + object spread into a Map + re-evaluating every sensor's state).
// Prints `observations/s: N`.
// Browser section: the embedded aedes broker and the project's simulator, each in a child process (one process
// cannot carry both at 10k msg/s), publish every one of the 10k datastreams once per second, QoS 1. Headless
// Chromium opens sensors-bench.html (the app's sensors layer, store and scene sync) in three modes: `idle` (no
// feed), `worker` (the app's startLiveSensors: MQTT ingest in the sensors worker, a frame every 250 ms into the
// store) and `naive` (mqtt.js, JSON.parse, validation and a recolour per message on the page's thread).
// Main-thread busy time is Chrome's own task accounting (CDP Performance.getMetrics TaskDuration: every task of
// the renderer's main thread, wall clock and thread CPU, no tracing); sensor updates = busy time above the idle
// page's. A short trace after each window shows which threads did the work. Writes test-output/bench/sensors.json.
// `--profile`: an unminified build, and a CPU profile of the ingesting thread (the sensors worker, or the page in
// naive mode) after each window: test-output/bench/sensors-<mode>.cpuprofile and its top functions by self time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import type { SensorsBenchStats } from '../src/app/sensorsBench';
import { readDatastreamCatalogue, type DatastreamCatalogue } from '../src/core/sensors/catalogue';
import { SensorMonitor } from '../src/core/sensors/monitor';
import { syntheticMessages, syntheticThings } from '../src/core/sensors/synthetic';
import { background } from '../src/core/util/background';
import { CHROMIUM } from '../tests/e2e/browser';
import { serveApp, type StaticServer } from '../tests/e2e/server';
import { parseFlags } from './cim/args';
import { startBroker } from './sensors/broker';
import { startSimulator } from './sensors/simulator';

const flags = parseFlags(process.argv.slice(2), {
  sensors: 'number',
  rounds: 'number',
  only: 'string',
  seconds: 'number',
  warmup: 'number',
  'no-build': 'boolean',
  modes: 'string',
  profile: 'boolean',
  // Internal: the broker and publisher child processes.
  'serve-broker': 'boolean',
  publish: 'string',
  things: 'string',
});
const N = Number(flags.sensors ?? 10_000);
const ROUNDS = Number(flags.rounds ?? 60);
const FRAMES_PER_ROUND = 60;
const T0 = Date.parse('2025-06-01T08:00:00Z');
const results: Record<string, unknown> = { sensors: N };

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Feed {
  topic: string[];
  payload: Buffer[];
}

function feed(rounds: number, startMs: number): Feed {
  const m = syntheticMessages(N, N * rounds, startMs);
  return { topic: m.topic, payload: m.payload.map((p) => Buffer.from(p)) };
}

/** The project's path: every message through SensorMonitor.push, a frame (drain + evaluate) 60 times per round. */
function optimized(cat: DatastreamCatalogue, input: Feed, warm: Feed): { perS: number; frameMs: number; monitor: SensorMonitor } {
  const monitor = new SensorMonitor(cat);
  const frameEvery = Math.max(1, Math.floor(N / FRAMES_PER_ROUND));
  // The receiver's clock runs with the feed: round r arrives during simulated second r.
  const pushAll = (f: Feed, startMs: number) => {
    let frames = 0;
    let frameTime = 0;
    for (let m = 0; m < f.topic.length; m++) {
      const nowMs = startMs + Math.floor(m / N) * 1000 + 500;
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

async function nodeSection(): Promise<void> {
  const cat = readDatastreamCatalogue(syntheticThings(N));
  const warm = feed(2, T0);
  const input = feed(ROUNDS, T0 + 2000);
  global.gc?.();
  const heap0 = process.memoryUsage();
  const { perS, frameMs, monitor } = optimized(cat, input, warm);
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
  Object.assign(results, {
    observationsPerS: Math.round(perS),
    frameMs: Math.round(frameMs * 1000) / 1000,
    naiveFullPerS: Math.round(naiveFull),
    naiveIncrementalPerS: Math.round(naiveIncremental),
    ratioToNaive: Math.round(perS / naiveFull),
    storeMB: mb(storeBytes),
    heapDeltaMB: mb(heap1.heapUsed - heap0.heapUsed),
    rssMB: mb(heap1.rss),
  });
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
}

// ---- Browser section ----

const WINDOW_S = Number(flags.seconds ?? 20);
const WARMUP_S = Number(flags.warmup ?? 5);
/** A Chrome trace after the window, to see which threads did the work (tracing itself slows a 2k-task/s page). */
const TRACE_S = 5;
const DISPLAY_HZ = 60;
const OUT = 'test-output/bench';
/** Built apart from dist/, which other runs rebuild. */
const BENCH_DIST = join(OUT, flags.profile ? 'sensors-dist-profile' : 'sensors-dist');
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const round1 = (v: number) => Math.round(v * 10) / 10;

// Every Datastream expects a value a minute and the simulator runs at rate 60: each publishes once per second, and
// a page that falls behind the 10k msg/s does not turn sensors stale or offline within a run (it did with a 1 s
// interval: thousands of offline alarms then dominated the page's work, which is not what is measured here).
const EXPECTED_INTERVAL_S = 60;

/** syntheticThings (a 100 × 100 grid over Zhengzhou) with one expected interval for every Datastream. */
function writeThings(n: number): string {
  const dir = join('data', 'bench', 'sensors');
  const file = join(dir, `things-${n}.json`);
  const doc = syntheticThings(n) as { Things: { Datastreams: { properties: { expectedIntervalS: number } }[] }[] };
  for (const t of doc.Things) for (const d of t.Datastreams) d.properties.expectedIntervalS = EXPECTED_INTERVAL_S;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** The child process: the project's simulator on `file`, every datastream once per second, QoS 1; a JSON line per 500 ms. */
async function publisherMain(url: string, file: string): Promise<void> {
  const catalogue = readDatastreamCatalogue(JSON.parse(readFileSync(file, 'utf8')));
  const sim = await startSimulator({ url, catalogue, timeline: { incidents: [] }, rate: EXPECTED_INTERVAL_S });
  const report = () => process.stdout.write(`${JSON.stringify(sim.stats())}\n`);
  report();
  setInterval(report, 500);
  const stop = () =>
    background(
      sim.stop().finally(() => process.exit(0)),
      'stopping the publisher',
    );
  stopWithParent(stop);
}

/** A child stops on SIGTERM, and when the bench that started it is gone (its pipe closes or it is re-parented). */
function stopWithParent(close: () => void): void {
  const parent = process.ppid;
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref(); // a client waiting on a broker that is gone
    close();
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdout.on('error', stop);
  process.stdin.resume();
  setInterval(() => process.ppid !== parent && stop(), 1000).unref();
}

/** The child process: the embedded broker on a free port; its URL, then the messages it routed, a JSON line per 500 ms. */
async function brokerMain(): Promise<void> {
  const broker = await startBroker({ port: 0 });
  let routed = 0;
  broker.aedes.on('publish', (_packet, client) => void (client && routed++)); // client null: the broker's own $SYS
  const report = () => process.stdout.write(`${JSON.stringify({ url: broker.url, routed })}\n`);
  report();
  setInterval(report, 500);
  const stop = () =>
    background(
      broker.stop().finally(() => process.exit(0)),
      'stopping the broker',
    );
  stopWithParent(stop);
}

/** A child process of this script; `last` is its latest JSON line. */
interface Child<T> {
  last(): T;
  stop(): Promise<void>;
}

async function startChild<T>(args: string[], ready: (line: T) => boolean): Promise<Child<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-sensors.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let last: T | null = null;
  await new Promise<void>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      last = JSON.parse(line) as T;
      if (ready(last)) ok();
    });
    child.once('exit', (code) => fail(new Error(`bench-sensors ${args.join(' ')} exited (${code}) before it was ready`)));
  });
  return {
    last: () => last!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

type Mode = 'idle' | 'worker' | 'naive';

interface ModeResult {
  mode: Mode;
  seconds: number;
  status: string;
  /** Simulator publish calls, messages the broker routed, messages the page's ingest received; per second. */
  offeredPerS: number;
  brokerPerS: number;
  receivedPerS: number;
  rejected: number;
  /** The renderer main thread's busy time (every task, wall clock) and the part of it running script, ms per second. */
  mainThreadMsPerS: number;
  scriptMsPerS: number;
  /** The same tasks in the main thread's CPU time (less inflated when other processes take the cores). */
  mainThreadCpuMsPerS: number;
  /** From the trace after the window: RunTask time per thread name, ms per second. */
  traceMsPerS: Record<string, number>;
  /** Our own handlers' time on the main thread (worker: store updates + scene sync; naive: the message handler). */
  handlerMsPerS: number;
  rendersPerS: number;
  stateChanges: number;
  consoleErrors: string[];
}

// Chromium is driven over a bare CDP connection, not Playwright: Playwright enables the Network domain, which
// reports every WebSocket frame (thousands a second here) to the driver, slowing the page and stalling every probe.
const CHROMIUM_FLAGS = [
  // as tests/e2e/browser.ts launches it
  '--headless',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--window-size=1280,720',
];

type CdpEvent = { method: string; params: Record<string, unknown>; sessionId?: string };

interface Cdp {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  on(listener: (e: CdpEvent) => void): () => void;
  close(): Promise<void>;
}

async function launchCdp(): Promise<Cdp> {
  const profile = mkdtempSync(join(tmpdir(), 'cim-bench-sensors-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wsUrl = await new Promise<string>((ok, fail) => {
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (m) ok(m[1]);
    });
    proc.once('exit', (code) => fail(new Error(`${CHROMIUM} exited (${code}) before listening`)));
  });
  const ws = new WebSocket(wsUrl, { maxPayload: 2 ** 30 });
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  let id = 0;
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void; method: string }>();
  const listeners = new Set<(e: CdpEvent) => void>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } } & CdpEvent;
    if (msg.id === undefined) return listeners.forEach((l) => l(msg));
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.fail(new Error(`${p.method}: ${msg.error.message}`));
    else p?.ok(msg.result);
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
      new Promise<T>((ok, fail) => {
        pending.set(++id, { ok: ok as (v: unknown) => void, fail, method });
        ws.send(JSON.stringify({ id, method, params, sessionId }));
      }),
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      const exited = new Promise((ok) => proc.once('exit', ok));
      ws.close();
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page target with a flat session; `evaluate` returns the expression's JSON value. */
async function openPage(
  cdp: Cdp,
  url: string,
): Promise<{ session: string; targetId: string; evaluate<T>(expression: string): Promise<T>; errors: string[] }> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId: session } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const errors: string[] = [];
  cdp.on((e) => {
    if (e.sessionId !== session) return;
    if (e.method === 'Runtime.exceptionThrown')
      errors.push(String((e.params.exceptionDetails as { exception?: { description?: string } }).exception?.description ?? 'exception'));
    if (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error')
      errors.push((e.params.args as { value?: unknown; description?: string }[]).map((a) => String(a.value ?? a.description)).join(' '));
  });
  await cdp.send('Runtime.enable', {}, session);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false }, session);
  await cdp.send('Page.navigate', { url }, session);
  const evaluate = async <T>(expression: string) => {
    const r = await cdp.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true },
      session,
    );
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  return { session, targetId, evaluate, errors };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

async function metrics(cdp: Cdp, session: string): Promise<Record<string, number>> {
  const { metrics: m } = await cdp.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics', {}, session);
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

/** Busy time per thread name (RunTask events) over `seconds` of Chrome trace, ms per second. */
async function threadBusy(cdp: Cdp, session: string, seconds: number): Promise<Record<string, number>> {
  const names = new Map<string, string>();
  const busyUs = new Map<string, number>();
  let complete: () => void = () => {};
  const completed = new Promise<void>((ok) => (complete = ok));
  const off = cdp.on((e) => {
    if (e.sessionId !== session) return;
    if (e.method === 'Tracing.tracingComplete') complete();
    if (e.method !== 'Tracing.dataCollected') return;
    for (const ev of e.params.value as { name: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[]) {
      const key = `${ev.pid}:${ev.tid}`;
      if (ev.name === 'thread_name') names.set(key, ev.args?.name ?? key);
      else if (ev.name === 'RunTask' && ev.dur) busyUs.set(key, (busyUs.get(key) ?? 0) + ev.dur);
    }
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' }, session);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  await cdp.send('Tracing.end', {}, session);
  const s = (performance.now() - t0) / 1000;
  await completed;
  off();
  const out: Record<string, number> = {};
  for (const [key, us] of busyUs) {
    const name = names.get(key) ?? 'unnamed';
    out[name] = round1((out[name] ?? 0) + us / 1000 / s);
  }
  return out;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** CPU profile of the thread that ingests (the sensors worker, or the page itself in naive mode); top functions by self time. */
async function profileIngest(cdp: Cdp, pageSession: string, mode: Mode, seconds: number): Promise<{ file: string; top: string[] }> {
  let session = pageSession;
  if (mode === 'worker') {
    const attached = new Promise<string>((ok) => {
      const off = cdp.on((e) => {
        const info = e.params.targetInfo as { type?: string; title?: string; url?: string } | undefined;
        if (e.method !== 'Target.attachedToTarget' || info?.type !== 'worker' || !/sensors/.test(`${info.title} ${info.url}`)) return;
        off();
        ok(e.params.sessionId as string);
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, pageSession);
    session = await waitFor(() => Promise.race([attached, sleep(1000).then(() => null)]), 30_000, 'the sensors worker target');
  }
  await cdp.send('Profiler.enable', {}, session);
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 }, session);
  await cdp.send('Profiler.start', {}, session);
  await sleep(seconds * 1000);
  const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop', {}, session);
  const file = join(OUT, `sensors-${mode}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  // Self time per function: samples landing in it, over the profile's span.
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (hits.get(n.id) ?? 0));
  }
  const total = profile.samples.length || 1;
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return { file, top };
}

/** One page in one mode: a fresh broker and publisher, warm-up, then the measured window. */
async function measureMode(cdp: Cdp, server: StaticServer, thingsFile: string, mode: Mode): Promise<ModeResult> {
  // Broker and publisher in processes of their own: this one's event loop only times the window.
  const broker = mode === 'idle' ? null : await startChild<{ url: string; routed: number }>(['--serve-broker'], () => true);
  const publisher = broker
    ? await startChild<{ published: number; connected: boolean }>(
        ['--publish', broker.last().url, '--things', thingsFile],
        (s) => s.connected,
      )
    : null;
  const routed = () => broker?.last().routed ?? 0;
  const published = () => publisher?.last().published ?? 0;
  console.error(`[bench] browser: ${mode} page, ${WARMUP_S} s warm-up + ${WINDOW_S} s + ${TRACE_S} s traced…`);
  const q = new URLSearchParams({ mode, broker: broker?.last().url ?? '', things: `/${thingsFile}` });
  const page = await openPage(cdp, `${server.url}/sensors-bench.html?${q}`);
  try {
    const bench = 'window.sensorsBench';
    await waitFor(() => page.evaluate<boolean>(`!!${bench}`), 120_000, 'sensors-bench.html to load its sensors');
    const error = await page.evaluate<string | undefined>(`${bench}.error`);
    if (error) throw new Error(`sensors-bench.html (${mode}): ${error}`);
    const stats = () => page.evaluate<SensorsBenchStats>(`${bench}.stats()`);
    if (mode !== 'idle') await waitFor(async () => (await stats()).messages > 0, 60_000, `the first message (${mode})`);
    await sleep(WARMUP_S * 1000);
    const cpuSession = (await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true }))
      .sessionId; // a second agent, in thread time
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' }, page.session);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }, cpuSession);
    const c0 = await metrics(cdp, cpuSession),
      m0 = await metrics(cdp, page.session),
      s0 = await stats(),
      p0 = published(),
      r0 = routed(),
      t0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const m1 = await metrics(cdp, page.session),
      c1 = await metrics(cdp, cpuSession),
      s1 = await stats(),
      p1 = published(),
      r1 = routed();
    const s = (performance.now() - t0) / 1000;
    const perS = (a: number, b: number) => round1((b - a) / s);
    const traceMsPerS = await threadBusy(cdp, page.session, TRACE_S);
    if (flags.profile && mode !== 'idle') {
      const { file, top } = await profileIngest(cdp, page.session, mode, TRACE_S);
      console.log(
        `profile of the ${mode === 'worker' ? 'sensors worker' : 'page (naive ingest)'}: ${file}, self time by function:\n${top.map((l) => `    ${l}`).join('\n')}`,
      );
    }
    return {
      mode,
      seconds: round1(s),
      status: s1.status,
      offeredPerS: Math.round((p1 - p0) / s),
      brokerPerS: Math.round((r1 - r0) / s),
      receivedPerS: Math.round((s1.messages - s0.messages) / s),
      rejected: s1.rejected - s0.rejected,
      mainThreadMsPerS: perS(m0.TaskDuration * 1000, m1.TaskDuration * 1000),
      scriptMsPerS: perS(m0.ScriptDuration * 1000, m1.ScriptDuration * 1000),
      mainThreadCpuMsPerS: perS(c0.TaskDuration * 1000, c1.TaskDuration * 1000),
      traceMsPerS,
      handlerMsPerS: perS(s0.handlerMs, s1.handlerMs),
      rendersPerS: perS(s0.renders, s1.renders),
      stateChanges: s1.stateChanges - s0.stateChanges,
      consoleErrors: page.errors.slice(0, 5),
    };
  } finally {
    await cdp.send('Target.closeTarget', { targetId: page.targetId });
    await publisher?.stop();
    await broker?.stop();
  }
}

async function browserSection(): Promise<void> {
  // The idle page before and after: their difference is the noise the feed modes are read against.
  const modes = String(flags.modes ?? 'idle,worker,naive,idle').split(',') as Mode[];
  if (!modes.every((m) => m === 'idle' || m === 'worker' || m === 'naive')) throw new Error('--modes: a list of idle, worker, naive');
  const thingsFile = writeThings(N);
  if (!flags['no-build']) {
    console.error('[bench] building the app (sensors-bench.html)…');
    const r = spawnSync(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--logLevel',
        'warn',
        '--outDir',
        BENCH_DIST,
        '--emptyOutDir',
        ...(flags.profile ? ['--minify', 'false'] : []),
      ],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const server = await serveApp(BENCH_DIST, 'data');
  const cdp = await launchCdp();
  const runs: ModeResult[] = [];
  try {
    for (const mode of modes) runs.push(await measureMode(cdp, server, thingsFile, mode));
  } finally {
    await cdp.close();
    await server.close();
  }
  Object.assign(results, { browser: { runs } });
  const idles = runs.filter((r) => r.mode === 'idle');
  const worker = runs.find((r) => r.mode === 'worker');
  const naive = runs.find((r) => r.mode === 'naive');
  if (!idles.length || !worker || !naive) {
    for (const r of runs) console.log(JSON.stringify(r));
    return;
  }
  const idleMs = idles.reduce((a, r) => a + r.mainThreadMsPerS, 0) / idles.length;
  // Below the idle runs' spread the worker's share is not resolved: it is then reported as under it.
  const noiseMs = Math.max(0.5, ...idles.map((r) => Math.abs(r.mainThreadMsPerS - idleMs) * 2));
  const sensorMs = (r: ModeResult) => Math.max(0, r.mainThreadMsPerS - idleMs);
  const resolved = (r: ModeResult) => sensorMs(r) >= noiseMs;
  const perFrame = (r: ModeResult) => Math.max(sensorMs(r), resolved(r) ? 0 : noiseMs) / DISPLAY_HZ;
  const perK = (r: ModeResult) => (r.receivedPerS > 0 ? Math.max(sensorMs(r), resolved(r) ? 0 : noiseMs) / (r.receivedPerS / 1000) : NaN);
  const ratio = sensorMs(naive) / Math.max(sensorMs(worker), noiseMs);
  const f = (v: number) => v.toFixed(2);
  const lt = (r: ModeResult) => (resolved(r) ? '' : '< ');
  const workerThreadsMs = (r: ModeResult) =>
    Object.entries(r.traceMsPerS)
      .filter(([k]) => k.startsWith('DedicatedWorker'))
      .reduce((a, [, v]) => a + v, 0);
  Object.assign(results, {
    browser: {
      displayHz: DISPLAY_HZ,
      windowS: WINDOW_S,
      warmupS: WARMUP_S,
      idleMainThreadMsPerS: round1(idleMs),
      noiseMsPerS: round1(noiseMs),
      workerMsPerFrame: Math.round(perFrame(worker) * 1000) / 1000,
      workerResolved: resolved(worker),
      naiveMsPerFrame: Math.round(perFrame(naive) * 1000) / 1000,
      workerMsPer1kMessages: round1(perK(worker)),
      naiveMsPer1kMessages: round1(perK(naive)),
      ratio: round1(ratio),
      ratioIsLowerBound: !resolved(worker),
      runs,
    },
  });
  const feedLine = (r: ModeResult) =>
    `  ${r.mode.padEnd(6)} offered ${fmt(r.offeredPerS)} msg/s, broker routed ${fmt(r.brokerPerS)} msg/s, messages/s received: ${fmt(r.receivedPerS)} (status ${r.status}, dropped ${r.rejected}); ` +
    `main thread busy ${f(r.mainThreadMsPerS)} ms/s (CPU ${f(r.mainThreadCpuMsPerS)}, script ${f(r.scriptMsPerS)}), own handlers ${f(r.handlerMsPerS)} ms/s, renders ${f(r.rendersPerS)}/s, state changes ${r.stateChanges}\n` +
    `         trace (${TRACE_S} s after): main thread ${f(r.traceMsPerS.CrRendererMain ?? 0)} ms/s, worker threads ${f(workerThreadsMs(r))} ms/s`;
  console.log(
    `browser: headless Chromium (SwiftShader), lite viewer with requestRenderMode, ${fmt(N)} sensor points; ${WINDOW_S} s per mode after ${WARMUP_S} s warm-up`,
  );
  console.log(
    `  load: the project's simulator (own process, rate ${EXPECTED_INTERVAL_S} on a ${EXPECTED_INTERVAL_S} s expected interval) publishes each of the ${fmt(N)} datastreams once per second, QoS 1, through the embedded aedes broker (own process)`,
  );
  for (const r of idles)
    console.log(
      `  idle   page without a feed: main thread busy ${f(r.mainThreadMsPerS)} ms/s (CPU ${f(r.mainThreadCpuMsPerS)}; render loop, timers), renders ${f(r.rendersPerS)}/s`,
    );
  console.log(feedLine(worker));
  console.log(feedLine(naive));
  const how = (r: ModeResult) =>
    resolved(r)
      ? `${f(sensorMs(r))} ms/s above idle (${f(idleMs)} ± ${f(noiseMs)}) ÷ ${DISPLAY_HZ} frames; ${f(perK(r))} ms per 1,000 messages`
      : `within the idle page's noise: under ${f(noiseMs)} ms/s above idle (${f(idleMs)} ± ${f(noiseMs)}) ÷ ${DISPLAY_HZ} frames; under ${f(perK(r))} ms per 1,000 messages`;
  console.log(`browser main-thread ms per frame (worker ingest): ${lt(worker)}${f(perFrame(worker))}  (${how(worker)})`);
  console.log(`naive main-thread ms per frame: ${lt(naive)}${f(perFrame(naive))}  (${how(naive)})`);
  console.log(
    `ratio: ${resolved(worker) ? '' : '≥ '}${ratio.toFixed(1)}× (naive / worker main-thread time on sensor updates${resolved(worker) ? '' : "; the worker's share is within the idle page's noise, taken as the noise"})`,
  );
  if (worker.receivedPerS < 0.9 * N || naive.receivedPerS < 0.9 * N) {
    const saturated = (ms: number) => (ms > 850 ? 'saturated' : 'not saturated');
    console.log(
      `  note: the page received fewer than the ${fmt(N)} msg/s offered (worker ${fmt(worker.receivedPerS)}, naive ${fmt(naive.receivedPerS)}): ` +
        `the worker threads are ${saturated(workerThreadsMs(worker))} in worker mode, the main thread ${saturated(naive.traceMsPerS.CrRendererMain ?? 0)} in naive mode (traced)`,
    );
  }
  for (const r of runs) for (const e of r.consoleErrors) console.log(`  console error (${r.mode}): ${e}`);
}

if (flags['serve-broker']) {
  await brokerMain();
} else if (flags.publish) {
  await publisherMain(String(flags.publish), String(flags.things));
} else {
  const only = flags.only as string | undefined;
  if (only !== undefined && only !== 'node' && only !== 'browser') throw new Error('--only must be node or browser');
  if (only !== 'browser') await nodeSection();
  if (only !== 'node') await browserSection();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'sensors.json'), `${JSON.stringify({ command: 'bench-sensors', ...results }, null, 2)}\n`);
  // The per-mode details stay in the file.
  const { runs: _runs, ...browser } = (results.browser ?? {}) as Record<string, unknown>;
  console.log(JSON.stringify({ command: 'bench-sensors', ...results, ...(results.browser ? { browser } : {}) }));
}
