// `npm run bench:city -- --scale small|city|zhengzhou` (or `--scales small,city,zhengzhou`) [--baseline small|none]
// [--no-build] [--out DIR]: the whole city in the browser. Generates each city once into data/bench/<scale>
// (cim demo, cim join, cim tiles --manifest), opens the built viewer on it in headless Debian Chromium (1280×720,
// render=lite, live=0) and prints, side by side: the first frame with something of the city, the full city frame,
// main-thread tasks over 50 ms during the load and during grid mode's join (split by what took most of each: script,
// GC, style/layout/paint, waiting for the GPU process, with the longest of each; and those with over 50 ms of script),
// JS heap, sensor markers on screen at the start view, the join's time from the click, the editor's, one shared-node
// move's, and each figure's ratio to the baseline city measured in the same run (the small city unless --baseline
// none). Saves each city's start view as a screenshot in DIR.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { launchBrowser } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import type { DemoScale } from '../src/core/demo/manifest';
import { parseFlags } from './cim/args';
import { ensureBenchCity, SCALES } from './benchCity/ensureCity';
import { measureCity, type CityFigures, type LongTasks } from './benchCity/measureCity';

const flags = parseFlags(process.argv.slice(2), {
  scale: 'string',
  scales: 'string',
  baseline: 'string',
  'no-build': 'boolean',
  out: 'string',
});
const asScale = (s: string): DemoScale => {
  if (!(SCALES as string[]).includes(s)) throw new Error(`unknown scale ${s}: one of ${SCALES.join(', ')}`);
  return s as DemoScale;
};
const asked = String(flags.scales ?? flags.scale ?? 'small')
  .split(',')
  .map((s) => asScale(s.trim()));
const baseline = flags.baseline === 'none' ? null : asScale(String(flags.baseline ?? 'small'));
const scales = baseline && !asked.includes(baseline) ? [baseline, ...asked] : asked;
const outDir = String(flags.out ?? 'test-output/bench-city');

const cities = scales.map(ensureBenchCity);
if (!flags['no-build']) {
  console.error('[bench-city] building the app…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const results: CityFigures[] = [];
const server = await serveApp('dist', 'data');
const browser = await launchBrowser();
try {
  for (const city of cities) {
    console.error(`[bench-city] ${city.scale}: opening the viewer…`);
    results.push(await measureCity(browser, server.url, city, outDir));
    // Each city's figures as soon as measured: a long run stopped half way still tells what it measured.
    console.error(`[bench-city] ${city.scale}: ${JSON.stringify({ ...results[results.length - 1], consoleErrors: undefined })}`);
  }
} finally {
  await browser.close();
  await server.close();
}

const s = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
const tasks = (t: LongTasks | null) =>
  t === null
    ? '-'
    : `${t.count} (${s(t.totalMs)}): script ${t.script.count} ≤${Math.round(t.script.longestMs)} ms, GC ${t.gc.count} ≤${Math.round(t.gc.longestMs)} ms, render ${t.render.count} ≤${Math.round(t.render.longestMs)} ms, GPU wait ${t.gpu.count} ≤${Math.round(t.gpu.longestMs)} ms, other ${t.other.count} ≤${Math.round(t.other.longestMs)} ms`;
const rows: [string, (f: CityFigures) => string, (f: CityFigures) => number | null][] = [
  ['buildings', (f) => f.buildings.toLocaleString('en'), (f) => f.buildings],
  ['first frame with something of the city', (f) => s(f.firstPartialCityFrameMs), (f) => f.firstPartialCityFrameMs],
  ['first frame with the whole city', (f) => s(f.firstCityFrameMs), (f) => f.firstCityFrameMs],
  ['load: main-thread tasks > 50 ms', (f) => tasks(f.loadTasks), (f) => f.loadTasks.totalMs],
  ['load: longest script task', (f) => `${Math.round(f.loadTasks.script.longestMs)} ms`, (f) => f.loadTasks.script.longestMs],
  [
    'load: tasks with > 50 ms of script',
    (f) => `${f.loadTasks.scriptOver.count} ≤${Math.round(f.loadTasks.scriptOver.longestMs)} ms`,
    (f) => f.loadTasks.scriptOver.count,
  ],
  ['JS heap after the load', (f) => (f.heapMB === null ? '-' : `${f.heapMB} MB`), (f) => f.heapMB],
  ['sensor markers on screen (start view)', (f) => (f.markers === null ? 'n/a' : String(f.markers)), (f) => f.markers],
  ['grid mode: click to join done', (f) => s(f.joinMs), (f) => f.joinMs],
  ['  the pool join itself', (f) => s(f.poolJoinMs), (f) => f.poolJoinMs],
  ['  its steps (ms)', (f) => f.joinSteps || '-', () => null],
  ['grid editor ready after the join', (f) => s(f.editorReadyMs), (f) => f.editorReadyMs],
  ['join + editor: main-thread tasks > 50 ms', (f) => tasks(f.joinTasks), (f) => f.joinTasks?.totalMs ?? null],
  [
    'join + editor: tasks with > 50 ms of script',
    (f) => (f.joinTasks ? `${f.joinTasks.scriptOver.count} ≤${Math.round(f.joinTasks.scriptOver.longestMs)} ms` : '-'),
    (f) => f.joinTasks?.scriptOver.count ?? null,
  ],
  [
    'one shared-node move (release to edit shown)',
    (f) => (f.editMs === null ? `- (${f.editNote})` : `${f.editMs} ms (${f.editNote})`),
    (f) => f.editMs,
  ],
  ['one edit: main-thread tasks > 50 ms', (f) => tasks(f.editTasks), (f) => f.editTasks?.totalMs ?? null],
  [
    'one edit: tasks with > 50 ms of script',
    (f) => (f.editTasks ? `${f.editTasks.scriptOver.count} ≤${Math.round(f.editTasks.scriptOver.longestMs)} ms` : '-'),
    (f) => f.editTasks?.scriptOver.count ?? null,
  ],
  ['JS heap after grid mode', (f) => (f.heapAfterMB === null ? '-' : `${f.heapAfterMB} MB`), (f) => f.heapAfterMB],
  ['console errors', (f) => String(f.consoleErrors.length), () => null],
];
const base = baseline ? results.find((r) => r.scale === baseline) : undefined;
console.log(
  `bench:city — headless Chromium (SwiftShader) 1280×720, render=lite, live=0; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ratios to the ${base ? `${base.scale} city (baseline, same run)` : 'first city'}`,
);
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${''.padEnd(width)} | ${results.map((r) => r.scale).join(' | ')}`);
for (const [label, show, value] of rows) {
  const ref = base ? value(base) : value(results[0]);
  const cells = results.map((r) => {
    const v = value(r);
    const ratio = ref && v !== null && r !== base ? ` [×${(v / ref).toFixed(1)}]` : '';
    return `${show(r)}${ratio}`;
  });
  console.log(`${label.padEnd(width)} | ${cells.join(' | ')}`);
}
for (const r of results) {
  console.log(`${r.scale}: start view saved as ${r.screenshot}; longest load tasks (from the first long one):`);
  for (const t of r.loadTasks.longest) console.log(`  ${t}`);
  if (r.joinTasks?.longest.length) console.log(`${r.scale}: longest tasks in grid mode:\n  ${r.joinTasks.longest.join('\n  ')}`);
  if (r.editTasks?.longest.length) console.log(`${r.scale}: longest tasks of one edit:\n  ${r.editTasks.longest.join('\n  ')}`);
  for (const e of r.consoleErrors.slice(0, 5)) console.log(`  ${r.scale} console error: ${e}`);
}
