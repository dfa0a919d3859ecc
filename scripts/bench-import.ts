// `npm run bench:import -- --scale small|city|zhengzhou [--no-build] [--no-browser] [--no-cli] [--timeout-min N]
// [--profile FILE.cpuprofile] [--dist DIR] [--replace]`: a city's own
// buildings imported three ways in one run, on the same Shapefile (the bench city's buildings in EPSG:4547, GBK, Chinese
// field names; written once into test-output/bench-import/<scale>/): `ogr2ogr -f FlatGeobuf -t_srs EPSG:4490` (Debian
// gdal-bin, the baseline), `cim import`, and the set given to the built viewer's file input on the small demo city
// (headless Debian Chromium, buildings role accepted, until the import is done). Prints one JSON line per measurement,
// then a table with each figure's ratio to ogr2ogr, main-thread tasks over 50 ms in the browser and the load average.
// `--replace` also opens the bench city itself and imports the same file replacing its buildings: the city reopens on
// it and grid mode joins it to the city's grid (its assigned count checked against the city's `cim join`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import type { DemoScale } from '../src/core/demo/manifest';
import { parseFlags } from './cim/args';
import { ensureBenchCity, SCALES } from './benchCity/ensureCity';
import type { LongTasks } from './benchCity/measureCity';
import { BROWSER_MARK } from './benchImport/browserMemory';
import { browserImport, type BrowserImportFigures } from './benchImport/browserImport';
import { replaceCityBuildings } from './benchImport/replaceCity';
import { benchShapefile } from './benchImport/shapefile';
import { timedRun } from './benchImport/timedRun';

const flags = parseFlags(process.argv.slice(2), {
  scale: 'string',
  'no-build': 'boolean',
  'no-browser': 'boolean',
  'no-cli': 'boolean',
  'timeout-min': 'number',
  profile: 'string',
  dist: 'string',
  replace: 'boolean',
});
const scale = String(flags.scale ?? 'small') as DemoScale;
if (!SCALES.includes(scale)) throw new Error(`unknown scale ${scale}: one of ${SCALES.join(', ')}`);
const timeoutMs = Number(flags['timeout-min'] ?? 30) * 60_000;
const outDir = join('test-output', 'bench-import');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const line = (o: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'import', scale, ...o, loadavg: load() }));

ensureBenchCity(scale);
console.error(`[bench-import] ${scale}: the Shapefile…`);
const shp = await benchShapefile(scale);
line({ measure: 'shapefile', features: shp.features, writeMs: Math.round(shp.writeMs), dir: shp.dir });
const mainShp = shp.files.find((f) => f.endsWith('.shp'))!;

interface Row {
  what: string;
  wallMs: number | null;
  features: number | null;
  peakMB: number | null;
  note: string;
}
const rows: Row[] = [];
const perS = (n: number | null, ms: number | null) => (n === null || !ms ? null : Math.round(n / (ms / 1000)));

console.error(`[bench-import] ${scale}: ogr2ogr…`);
mkdirSync(outDir, { recursive: true });
const fgb = join(outDir, `${scale}-ogr2ogr.fgb`);
rmSync(fgb, { force: true });
const ogr = await timedRun('ogr2ogr', ['-f', 'FlatGeobuf', '-t_srs', 'EPSG:4490', fgb, mainShp]);
if (ogr.exit !== 0) throw new Error(`ogr2ogr failed (exit ${ogr.exit}): ${ogr.stderr.slice(0, 500)}`);
line({
  measure: 'ogr2ogr',
  features: shp.features,
  wallMs: Math.round(ogr.wallMs),
  featuresPerS: perS(shp.features, ogr.wallMs),
  peakRssMB: ogr.peakRssMB,
  cpuMs: ogr.cpuMs,
});
rows.push({ what: 'ogr2ogr → FlatGeobuf', wallMs: ogr.wallMs, features: shp.features, peakMB: ogr.peakRssMB, note: `CPU ${ogr.cpuMs} ms` });

if (!flags['no-cli']) await cimImport();
async function cimImport() {
  console.error(`[bench-import] ${scale}: cim import…`);
  const cityOut = join(outDir, `${scale}-city`);
  const cli = await timedRun(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'import', ...shp.files, '--out', cityOut]);
  const lastLine = cli.stdout.trim().split('\n').at(-1) ?? '';
  const summary = (lastLine.startsWith('{') ? JSON.parse(lastLine) : {}) as {
    counts?: { buildings?: number };
    skipped?: number;
    timingsMs?: Record<string, number>;
  };
  const cliFeatures = summary.counts?.buildings ?? null;
  line({
    measure: 'cim import',
    exit: cli.exit,
    features: cliFeatures,
    skipped: summary.skipped,
    wallMs: Math.round(cli.wallMs),
    featuresPerS: perS(cliFeatures, cli.wallMs),
    peakRssMB: cli.peakRssMB,
    cpuMs: cli.cpuMs,
    timingsMs: summary.timingsMs,
    ...(cli.exit !== 0 && { stderr: cli.stderr.slice(0, 1000) }),
  });
  const phases = Object.entries(summary.timingsMs ?? {})
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');
  rows.push({ what: 'cim import', wallMs: cli.wallMs, features: cliFeatures, peakMB: cli.peakRssMB, note: `exit ${cli.exit}; ${phases}` });
}

let web: BrowserImportFigures | null = null;
if (!flags['no-browser']) {
  const dist = String(flags.dist ?? 'dist');
  if (!flags['no-build'] && !flags.dist) {
    console.error('[bench-import] building the app…');
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  console.error(`[bench-import] ${scale}: the browser import…`);
  const server = await serveApp(dist, 'data');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, BROWSER_MARK] });
  try {
    web = await browserImport(browser, server.url, shp.files, timeoutMs, flags.profile ? String(flags.profile) : undefined);
  } finally {
    await browser.close();
    await server.close();
  }
  line({ measure: 'browser import', ...web, featuresPerS: perS(web.buildings, web.wallMs) });
  rows.push({
    what: 'browser import',
    wallMs: web.wallMs,
    features: web.buildings,
    peakMB: web.rendererPeakMB,
    note: web.error
      ? `failed: ${web.error}`
      : `inspect ${s(web.inspectMs)}, convert ${s(web.convertMs)}, tile ${s(web.tileMs)}; then drawn in ${s(web.drawMs)}`,
  });
}

function s(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`;
}
const ratio = (v: number | null, ref: number | null) => (v === null || !ref ? '' : ` [×${(v / ref).toFixed(1)}]`);
console.log(`\nbench:import — ${scale}: ${shp.features.toLocaleString('en')} buildings, ${shp.dir}; load average ${load()}`);
console.log('                      | wall             | features/s          | peak memory        | notes');
const base = rows[0];
for (const r of rows) {
  const fps = perS(r.features, r.wallMs);
  console.log(
    [
      r.what.padEnd(21),
      `${s(r.wallMs)}${ratio(r.wallMs, base.wallMs)}`.padEnd(16),
      `${fps?.toLocaleString('en') ?? '-'}${ratio(fps, perS(base.features, base.wallMs))}`.padEnd(19),
      `${r.peakMB ?? '-'} MB${ratio(r.peakMB, base.peakMB)}`.padEnd(18),
      r.note,
    ].join(' | '),
  );
}
if (web) {
  const tasks = (t: LongTasks) =>
    `${t.count} (${s(t.totalMs)}): script ${t.script.count} ≤${Math.round(t.script.longestMs)} ms, GC ${t.gc.count} ≤${Math.round(t.gc.longestMs)} ms, render ${t.render.count} ≤${Math.round(t.render.longestMs)} ms, GPU wait ${t.gpu.count} ≤${Math.round(t.gpu.longestMs)} ms, other ${t.other.count} ≤${Math.round(t.other.longestMs)} ms; with > 50 ms of script ${t.scriptOver.count} ≤${Math.round(t.scriptOver.longestMs)} ms`;
  console.log(
    `browser memory: renderer peak RSS ${web.rendererPeakMB} MB (${web.rendererBeforeMB} MB before the import; page + workers + wasm),`,
  );
  console.log(`  browser tree peak ${web.browserTreePeakMB} MB, page JS heap ${web.jsHeapBeforeMB} → peak ${web.jsHeapPeakMB} MB`);
  console.log(`import: main-thread tasks > 50 ms: ${tasks(web.importTasks)}`);
  for (const t of web.importTasks.longest) console.log(`  ${t}`);
  for (const [phase, t] of Object.entries(web.phaseTasks ?? {})) {
    console.log(`  while ${phase === 'inspect' ? 'inspecting' : phase === 'convert' ? 'converting' : 'tiling'}: ${tasks(t)}`);
    for (const x of t.longest.slice(0, 3)) console.log(`    ${x}`);
  }
  if (web.drawTasks) {
    console.log(`drawing the imported layer: main-thread tasks > 50 ms: ${tasks(web.drawTasks)}`);
    for (const t of web.drawTasks.longest) console.log(`  ${t}`);
  }
  if (web.profileTop) console.log(`CPU profile (${String(flags.profile)}), self time during the import:\n  ${web.profileTop.join('\n  ')}`);
  for (const e of web.consoleErrors.slice(0, 5)) console.log(`  console error: ${e}`);
}

if (flags.replace) {
  console.error(`[bench-import] ${scale}: the bench city's buildings replaced by the Shapefile…`);
  const server = await serveApp(String(flags.dist ?? 'dist'), 'data');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, BROWSER_MARK] });
  try {
    const r = await replaceCityBuildings(browser, server.url, scale, shp.files, timeoutMs);
    line({ measure: 'browser replace', ...r });
    console.log(
      `replacing the ${scale} city's buildings in the viewer: ${r.error ? `failed: ${r.error}` : 'done'}; converted ${s(r.convertMs)}, ` +
        `city reopened with ${r.buildings?.toLocaleString('en') ?? '-'} buildings in ${s(r.reopenMs)}, grid mode's join ${s(r.joinMs)}: ` +
        `${r.assigned?.toLocaleString('en') ?? '-'} assigned (\`cim join\` assigned ${r.cliAssigned?.toLocaleString('en')})`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
