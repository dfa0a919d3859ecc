// `npm run bench:join-ui -- [--scale city] [--no-build] [--settle-s 10] [--without-inputs]`: does the page stay responsive while grid mode
// joins the buildings of a whole city to the grid? Opens the built viewer in headless Chromium on the
// generated city, pauses Cesium's render loop (so only the page's own work is on the main thread),
// switches to grid mode as a user would and records a Chrome trace until the join, and the grid editor
// it starts, are done. From the
// trace: every task the renderer's main thread ran, i.e. how long the page could not react. Also the
// join's own main-thread slices (user timing `cim:join:*`). Baseline, in the same page and run: the
// same join run synchronously on the main thread. Prints one report; asserts nothing about speed.
// PROFILE=file.cpuprofile also writes a CPU profile of the mode switch (open it in DevTools) and, in
// file.cpuprofile.tasks.json, the trace's tasks longer than a frame, to find what they ran.
// ALLOC=file.heapprofile writes a sampling heap profile of the same window (what the page allocated,
// by call stack; open it in DevTools' Memory tab) and prints the top allocating functions.
// HEAP=file.heapsnapshot takes a heap snapshot after the join, saves it and prints what the page's heap
// holds, by constructor (`tsx scripts/heapCensus.ts file.heapsnapshot` prints it again).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openLoggedPage, waitForCity } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import '../src/app/pageApi';
import { parseFlags } from './cim/args';
import type { DemoManifest } from '../src/core/demo/manifest';
import { heapCensus, printCensus, takeHeapSnapshot } from './heapCensus';
import { cpuMs, taskAnalysis, tasksOn, traced, wallMs, type TraceEvent } from './traceTasks';

const flags = parseFlags(process.argv.slice(2), {
  scale: 'string',
  'no-build': 'boolean',
  'settle-s': 'string',
  'without-inputs': 'boolean',
});
// How long the loaded city is left alone before the mode switch, as a user looks at it first: the
// load's own garbage (Cesium's geometry building) is then collected before, not during, the join.
const settleS = Number(flags['settle-s'] ?? 10);
const scale = String(flags.scale ?? 'city');
const dir = join('data', 'bench', scale);
const FRAME_MS = 1000 / 60;

function run(args: string[], what: string): void {
  console.error(`[bench] ${what}…`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(dir, 'demo.json')))
  run(
    ['--import', 'tsx', 'scripts/cim.ts', 'demo', '--scale', scale, '--out', dir, '--quiet'],
    `generating the ${scale} demo city into ${dir}`,
  );
if (!flags['no-build']) run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], 'building the app');

/** The page's main-thread tasks: RunTask events on the thread that handled the click. */
function mainThreadTasks(events: TraceEvent[]): { click: TraceEvent; tasks: TraceEvent[] } {
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) throw new Error('the trace has no click event: did the mode switch get clicked?');
  const tasks = tasksOn(events, click);
  const clickTask = tasks.find((t) => t.ts <= click.ts && click.ts <= t.ts + t.dur!);
  if (!clickTask) throw new Error('no task holds the click event');
  return { click: clickTask, tasks };
}

interface AllocNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocNode[];
}

/** The functions that allocated most in a sampling heap profile (self size, summed over call sites). */
function printAllocations(profile: { head: AllocNode }): void {
  const self = new Map<string, number>();
  let total = 0;
  const walk = (n: AllocNode) => {
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(profile.head);
  console.log(`allocations sampled during the mode switch: ${(total / 2 ** 20).toFixed(1)} MB; largest by function:`);
  for (const [key, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${(bytes / 2 ** 20).toFixed(2)} MB  ${key}`);
}

// The city's join-inputs file (`cim join --inputs-only`) is made once; --without-inputs opens a copy of the manifest
// without it, the path a city without the file takes (points and areas from the footprints, in the workers).
const manifestPath = join(dir, 'demo.json');
if (!flags['without-inputs'] && !(JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest).files.buildingJoin) {
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cim.ts',
      'join',
      '--grids',
      join(dir, m.files.grids),
      '--buildings',
      join(dir, m.files.buildings),
      '--inputs-only',
      '--manifest',
      manifestPath,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
let manifestName = 'demo.json';
if (flags['without-inputs']) {
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  delete m.files.buildingJoin;
  manifestName = 'demo-without-join-inputs.json';
  writeFileSync(join(dir, manifestName), JSON.stringify(m));
}

const server = await serveApp('dist', 'data');
const browser = await launchBrowser();
try {
  const { page, log } = await openLoggedPage(browser);
  // Buildings are hidden: the 200k-footprint primitive is not what is measured here (3D Tiles draw them).
  await page.goto(`${server.url}/?render=lite&debug=1&data=/data/bench/${scale}/${manifestName}&layers=gridL1,gridL2,gridL3,roads`);
  await waitForCity(page, 600_000);
  const loadState = await page.evaluate(() => window.cimDiagnostics!);
  if (loadState.load.phase === 'error') throw new Error(`the ${scale} city did not load: ${loadState.load.error}`);
  await page.evaluate(() => window.cimDebug!.pauseRendering(true));
  await page.waitForTimeout(settleS * 1000); // let the last frame, pending tasks and the load's GC finish before measuring
  await page.evaluate(() => performance.clearMeasures());

  const cdp = await page.context().newCDPSession(page);
  const profileFile = process.env.PROFILE;
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const allocFile = process.env.ALLOC;
  if (allocFile) {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  const events = await traced(cdp, async () => {
    await page.evaluate(() => performance.mark('bench:click'));
    await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '网格' }).click();
    // Until grid mode has finished arriving: the join, then the grid editor it starts.
    await page.waitForFunction(
      () => {
        const d = window.cimDiagnostics!;
        return d.join.phase === 'error' || (d.join.phase === 'done' && (d.gridEdit.phase === 'ready' || d.gridEdit.phase === 'error'));
      },
      undefined,
      { timeout: 600_000, polling: 100 },
    );
    await page.waitForTimeout(300); // the renders scheduled by the last store updates
  });
  if (profileFile) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  if (allocFile) {
    const { profile } = await cdp.send('HeapProfiler.stopSampling');
    writeFileSync(allocFile, JSON.stringify(profile));
    printAllocations(profile);
  }
  const pooled = await page.evaluate(() => {
    const d = window.cimDiagnostics!;
    const slices = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('cim:join:'));
    const longest = slices.reduce((a, m) => (m.duration > a.duration ? m : a), { name: '-', duration: 0 } as {
      name: string;
      duration: number;
    });
    const click = performance.getEntriesByName('bench:click')[0];
    const published = performance.getEntriesByName('cim:join:publish')[0] as PerformanceMeasure | undefined;
    return {
      join: d.join,
      clickToStatsMs: published && click ? Math.round(published.startTime + published.duration - click.startTime) : NaN,
      slices: slices.length,
      slicesTotalMs: slices.reduce((a, m) => a + m.duration, 0),
      longestSlice: { step: longest.name.replace('cim:join:', ''), ms: longest.duration },
      heapMB: Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20),
    };
  });
  if (pooled.join.phase !== 'done') throw new Error(`join failed: ${pooled.join.error}`);
  if (process.env.HEAP) printCensus(heapCensus(await takeHeapSnapshot(cdp, process.env.HEAP)));
  const { click, tasks } = mainThreadTasks(events);
  const during = tasks.filter((t) => t.ts > click.ts);
  const ms = wallMs;
  const f = (v: number) => v.toFixed(1);
  const longestDuring = during.reduce((a, t) => Math.max(a, ms(t)), 0);
  const overFrame = during.filter((t) => ms(t) > FRAME_MS);
  const cpu = cpuMs;
  const longestCpu = during.reduce((a, t) => (cpu(t) > cpu(a) ? t : a), during[0]);
  const overFrameCpu = during.filter((t) => cpu(t) > FRAME_MS);
  const { cause, inside } = taskAnalysis(events);

  // Baseline: the same join on the main thread, one task the page cannot interrupt.
  let baseline = { ms: 0, buildings: 0, mismatches: 0 };
  const baselineEvents = await traced(cdp, async () => {
    baseline = await page.evaluate(() => window.cimDebug!.joinOnMainThread());
  });
  // The trace sometimes drops the one long task; the join's own timing is a lower bound of it.
  const baselineTask = Math.max(
    baseline.ms,
    baselineEvents
      .filter((e) => e.name === 'RunTask' && e.pid === click.pid && e.tid === click.tid && e.dur !== undefined)
      .reduce((a, t) => Math.max(a, ms(t)), 0),
  );

  console.log(
    `bench:join-ui — scale ${scale}: ${pooled.join.totalPoints} buildings, ${loadState.layers.grids?.features ?? 0} grid polygons, headless Chromium, render loop paused, clicked ${settleS} s after the city loaded (--settle-s)`,
  );
  const clickCause = cause(click);
  console.log(
    `mode switch: the click's task (input events, the switch repaints; the mode changes in the next task) ${f(ms(click))} ms (CPU ${f(cpu(click))} ms) [script ${f(clickCause.script)}, gc ${f(clickCause.gc)}, style/layout/paint ${f(clickCause.render)}]: ${inside(click)}`,
  );
  console.log(
    `pooled join (workers, ${flags['without-inputs'] ? 'without' : 'with'} the join-inputs file): click to statistics ${pooled.clickToStatsMs} ms, join ${pooled.join.joinMs} ms, all assigned: ${pooled.join.assigned === pooled.join.totalPoints}`,
  );
  console.log(
    `  main-thread tasks after the click until the join and the grid editor are done: ${during.length}, longest ${f(longestDuring)} ms, longer than a frame (${f(FRAME_MS)} ms): ${overFrame.length}`,
  );
  if (profileFile) writeFileSync(`${profileFile}.tasks.json`, JSON.stringify(overFrame));
  if (process.env.TRACE) writeFileSync(process.env.TRACE, JSON.stringify(events));
  console.log(
    `  the same tasks by the main thread's CPU time (trace tdur): longest ${f(cpu(longestCpu))} ms (${f(ms(longestCpu))} ms wall), longer than a frame: ${overFrameCpu.length}${overFrameCpu.length ? ` (${overFrameCpu.map((t) => `${f(cpu(t))} ms: ${cause(t).main}`).join(', ')})` : ''}`,
  );
  const causes = overFrame.map(cause);
  const byCause = (c: string) => causes.filter((x) => x.main === c).length;
  console.log(
    `    by what took most of the task: script ${byCause('script')}, garbage collection ${byCause('gc')}, style/layout/paint ${byCause('render')}, other ${byCause('other')}`,
  );
  overFrame.forEach((t, i) => {
    const c = causes[i];
    console.log(
      `    ${f(ms(t))} ms (CPU ${f(cpu(t))}) at +${Math.round((t.ts - click.ts) / 1000)} ms [script ${f(c.script)}, gc ${f(c.gc)}, style/layout/paint ${f(c.render)}]: ${inside(t)}`,
    );
  });
  console.log(
    `  the join's own slices: ${pooled.slices}, ${f(pooled.slicesTotalMs)} ms in total, longest ${f(pooled.longestSlice.ms)} ms (${pooled.longestSlice.step})`,
  );
  console.log(
    `baseline (same join on the main thread): one ${f(baselineTask)} ms task (join ${f(baseline.ms)} ms); assignments differing from the pool: ${baseline.mismatches}/${baseline.buildings}`,
  );
  console.log(
    `ratio: the baseline blocks the page ${(baselineTask / Math.max(longestDuring, 0.1)).toFixed(0)}x longer than the longest task during the pooled join`,
  );
  console.log(`heap: ${pooled.heapMB} MB used after the join; console errors: ${log.consoleErrors.length}`);
  for (const e of log.consoleErrors) console.log(`  console error: ${e}`);
} finally {
  await browser.close();
  await server.close();
}
