// `npm run bench:models:browser -- [--storeys 30] [--walls-per-edge 470] [--no-profile] [--no-trace]`: what tiling a
// large IFC costs the viewer's page. Generates the IFC (the defaults: just over a million triangles, ~97 MB) into
// test-output/bench-models/, builds the app when dist/ is stale, then drops the small fixture IFC (the baseline) and the
// large one on the viewer (scripts/benchModels/browserTiling.ts), each placed by hand at the demo city's centre, and
// prints one JSON line and a table: the read, the tiling, the page's longest main-thread task and tasks over 50 ms, with
// the large model's ratios to the baseline, and what the longest tasks ran (a CPU profile, unless --no-profile) and
// what their time went to (a Chrome trace, unless --no-trace). The CPU profiles are saved beside the IFCs
// (baseline.cpuprofile, large.cpuprofile: DevTools' Performance panel opens them). Asserts nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ifcFixture } from '../src/io/models/ifcFixture';
import { launchBrowser } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import { measureBrowserTiling, type BrowserTiling } from './benchModels/browserTiling';
import { ensureBuilt } from './benchModels/ensureBuilt';
import { parseFlags } from './cim/args';

const flags = parseFlags(process.argv.slice(2), {
  storeys: 'string',
  'walls-per-edge': 'string',
  'no-profile': 'boolean',
  'no-trace': 'boolean',
});
const storeys = Number(flags.storeys ?? 30);
const wallsPerEdge = Number(flags['walls-per-edge'] ?? 470);
const log = (line: string) => console.error(`[bench-models-browser] ${line}`);

const OUT = 'test-output/bench-models';
mkdirSync(OUT, { recursive: true });
const small = join(OUT, 'fixture.ifc');
writeFileSync(small, ifcFixture());
// The large file is kept between runs: same options, same text.
const large = join(OUT, `building-${storeys}x${wallsPerEdge}.ifc`);
if (!existsSync(large)) {
  log(`generating ${large} (${storeys} storeys × ${6 * wallsPerEdge} walls)…`);
  writeFileSync(large, ifcFixture({ storeys, wallsPerEdge }));
}
if (!existsSync('data/demo.json')) throw new Error('no demo city in data/: run `npm run demo` first');
ensureBuilt(log);

const profileAssetsDir = flags['no-profile'] ? undefined : 'dist/assets';
const server = await serveApp('dist', 'data');
const browser = await launchBrowser();
const results: BrowserTiling[] = [];
try {
  for (const [ifcPath, label, name] of [
    [small, 'baseline: fixture IFC', 'baseline'],
    [large, `large IFC ${storeys}×${wallsPerEdge}`, 'large'],
  ]) {
    const profileFile = profileAssetsDir && join(OUT, `${name}.cpuprofile`);
    log(`${label}: opening the viewer, dropping ${ifcPath}…`);
    results.push(
      await measureBrowserTiling({
        ifcPath,
        label,
        session: { browser, serverUrl: server.url },
        profileAssetsDir,
        profileFile,
        trace: !flags['no-trace'],
      }),
    );
    log(`${label}: ${JSON.stringify({ ...results.at(-1), longest: undefined, oursInLongTasks: undefined, tracedLongest: undefined })}`);
  }
} finally {
  await browser.close();
  await server.close();
}

const [base, big] = results;
const ratio = (k: (typeof keys)[number]) => {
  const [a, b] = [base[k], big[k]];
  return a && b !== undefined ? Number((b / a).toFixed(2)) : null;
};
const keys = ['readMs', 'tileMs', 'totalMs', 'longestTaskMs', 'longestTaskCpuMs', 'tasksOver50', 'longTasksMs'] as const;
console.log(
  JSON.stringify({ bench: 'models-browser', baseline: base, large: big, ratios: Object.fromEntries(keys.map((k) => [k, ratio(k)])) }),
);

const rows: [string, (r: BrowserTiling) => string, (typeof keys)[number] | null][] = [
  ['triangles', (r) => r.triangles.toLocaleString('en'), null],
  ['tiles', (r) => String(r.tiles), null],
  ['read (drop → dialog ready)', (r) => `${(r.readMs / 1000).toFixed(1)} s`, 'readMs'],
  ['tiling (OK → model row)', (r) => `${(r.tileMs / 1000).toFixed(1)} s`, 'tileMs'],
  ['drop → model row', (r) => `${(r.totalMs / 1000).toFixed(1)} s`, 'totalMs'],
  ['longest main-thread task', (r) => `${r.longestTaskMs} ms`, 'longestTaskMs'],
  [
    'its CPU time (traced; the most of any long task)',
    (r) => (r.longestTaskCpuMs === undefined ? '-' : `${r.longestTaskCpuMs} ms`),
    'longestTaskCpuMs',
  ],
  ['main-thread tasks > 50 ms', (r) => String(r.tasksOver50), 'tasksOver50'],
  ['their summed time', (r) => `${r.longTasksMs} ms`, 'longTasksMs'],
];
console.log(
  `\nbench:models:browser, headless Debian Chromium (SwiftShader) 1280×800, render=lite; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${''.padEnd(width)} | ${base.label} | ${big.label}`);
for (const [name, show, key] of rows)
  console.log(`${name.padEnd(width)} | ${show(base)} | ${show(big)}${key ? ` [×${ratio(key) ?? '-'}]` : ''}`);
for (const r of results) {
  console.log(`\n${r.label}: longest main-thread tasks from the drop to the row:`);
  for (const l of r.longest) console.log(`  ${l}`);
  if (r.tracedLongest.length) console.log(`  traced (wall and CPU; what the time went to):\n    ${r.tracedLongest.join('\n    ')}`);
  if (r.oursInLongTasks.length) console.log(`  the project's code on the stack in all long tasks: ${r.oursInLongTasks.join(', ')}`);
  for (const e of r.consoleErrors.slice(0, 5)) console.log(`  console error: ${e}`);
}
