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
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SensorsBenchStats } from '../src/app/sensorsBench';
import { syntheticThings } from '../src/core/sensors/synthetic';
import { serveApp, type StaticServer } from '../tests/e2e/server';
import { launchCdp, metrics, openPage, profileIngest, threadBusy, waitFor, type Cdp } from './bench-sensors-cdp';
import { brokerMain, publisherMain, startChild } from './bench-sensors-children';
import { EXPECTED_INTERVAL_S, fmt, OUT, round1, sleep, type Mode } from './bench-sensors-common';
import { nodeSection } from './bench-sensors-ingest';
import { parseFlags } from './cim/args';

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
const results: Record<string, unknown> = { sensors: N };

// ---- Browser section ----

const WINDOW_S = Number(flags.seconds ?? 20);
const WARMUP_S = Number(flags.warmup ?? 5);
/** A Chrome trace after the window, to see which threads did the work (tracing itself slows a 2k-task/s page). */
const TRACE_S = 5;
const DISPLAY_HZ = 60;
/** Built apart from dist/, which other runs rebuild. */
const BENCH_DIST = join(OUT, flags.profile ? 'sensors-dist-profile' : 'sensors-dist');

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
        '--config',
        'vite.bench.config.ts',
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
  if (only !== 'browser') Object.assign(results, nodeSection(N, ROUNDS));
  if (only !== 'node') await browserSection();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'sensors.json'), `${JSON.stringify({ command: 'bench-sensors', ...results }, null, 2)}\n`);
  // The per-mode details stay in the file.
  const { runs: _runs, ...browser } = (results.browser ?? {}) as Record<string, unknown>;
  console.log(JSON.stringify({ command: 'bench-sensors', ...results, ...(results.browser ? { browser } : {}) }));
}
