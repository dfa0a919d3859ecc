// `npm run bench:tiles -- [--scale zhengzhou] [--baseline normals|former] [--no-build] [--no-browser]`: 3D Tiles of the
// buildings. Builds the tileset of the generated city with `cim tiles` (shared vertices without normals, meshopt, two
// threads) and, in the same run, with a baseline writer (`normals`, the default: the same with flat normals, `cim tiles
// --normals`, the writer before shared vertices; `former`: `--normals --compression none --threads 1`, the uncompressed
// format), and prints for each buildings/s (tiling, and whole with the read), bytes per building on disk and gzip'd (as
// a server sends them), tile count and peak memory, with their ratios; then, in headless Chromium (tiles-bench.html: the viewer's own buildings layers in a bare
// Cesium viewer, globe off), the draw commands and triangles per frame at a fixed city overview and a
// street view (hardware-independent), compared in the same run with the `small` city drawn as one
// batched primitive (the viewer's former buildings layer). Prints one report; asserts nothing on speed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DemoManifest } from '../src/core/demo/manifest';
import { startViewOver } from '../src/scene/camera';
import type { CameraView } from '../src/state/urlState';
import { launchBrowser, openLoggedPage } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import { parseFlags } from './cim/args';
import { BENCH_DIST } from '../vite.bench.config';

const flags = parseFlags(process.argv.slice(2), { scale: 'string', baseline: 'string', 'no-build': 'boolean', 'no-browser': 'boolean' });
const scale = String(flags.scale ?? 'zhengzhou');
const BASELINES: Record<string, { flags: string[]; label: string }> = {
  normals: { flags: ['--normals'], label: 'baseline: flat normals, two threads' },
  former: { flags: ['--normals', '--compression', 'none', '--threads', '1'], label: 'baseline: former format, one thread' },
};
const baselineKind = BASELINES[String(flags.baseline ?? 'normals')];
if (!baselineKind) throw new Error(`--baseline is ${Object.keys(BASELINES).join(' or ')}, not ${String(flags.baseline)}`);
const MB = (b: number) => (b / 2 ** 20).toFixed(1);
/** Screenshots of each measured view, to look at. */
const OUT = 'test-output/bench';

function run(args: string[], what: string): string {
  console.error(`[bench] ${what}…`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) {
    console.error(r.stdout);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

function cityDir(s: string): string {
  const dir = s === 'small' ? 'data' : join('data', 'bench', s);
  if (!existsSync(join(dir, 'demo.json')))
    run(['--import', 'tsx', 'scripts/cim.ts', 'demo', '--scale', s, '--out', dir, '--quiet'], `generating the ${s} demo city into ${dir}`);
  return dir;
}

/** Bytes of every file under dir, as stored and gzip'd (level 6, what a static server's compression sends). */
function diskBytes(dir: string): { bytes: number; gzipBytes: number; files: number } {
  let bytes = 0,
    gzipBytes = 0,
    files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const data = readFileSync(join(e.parentPath, e.name));
    bytes += data.byteLength;
    gzipBytes += gzipSync(data).byteLength;
    files++;
  }
  return { bytes, gzipBytes, files };
}

interface TilesSummary {
  buildings: { input: number; inLeaves: number };
  tiles: number;
  leafTiles: number;
  maxDepth: number;
  triangles: number;
  bytesPerBuilding: number;
  buildingsPerS: number;
  timingsMs: { read: number; tiles: number };
  maxRssMB: number;
}

/** `cim tiles` on the city's buildings into `out` (emptied first), with extra flags; its summary. */
function cimTiles(out: string, extra: string[], what: string): TilesSummary {
  rmSync(out, { recursive: true, force: true });
  const args = ['--import', 'tsx', 'scripts/cim.ts', 'tiles', '--buildings', join(dir, manifest.files.buildings), '--out', out, '--quiet'];
  // With the grid ids a city's tiles carry after `cim join` (l1Id/l2Id/l3Id), when the city has them.
  if (existsSync(join(dir, 'assignments.csv'))) args.push('--grids-assignment', join(dir, 'assignments.csv'));
  return JSON.parse(
    run([...args, ...extra], what)
      .trim()
      .split('\n')
      .pop()!,
  ) as TilesSummary;
}

const dir = cityDir(scale);
const smallDir = cityDir('small');
const manifest = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoManifest;
const smallManifest = JSON.parse(readFileSync(join(smallDir, 'demo.json'), 'utf8')) as DemoManifest;
const tilesDir = join(dir, 'bench-tiles');
const baselineDir = join(dir, 'bench-tiles-baseline');
const rss0 = process.memoryUsage().rss;
const baseline = cimTiles(baselineDir, baselineKind.flags, `baseline: cim tiles ${baselineKind.flags.join(' ')} on the ${scale} city`);
const summary = cimTiles(tilesDir, [], `cim tiles on the ${scale} city`);
const baselineDisk = diskBytes(join(baselineDir, 'buildings'));
const disk = diskBytes(join(tilesDir, 'buildings'));
const n = summary.buildings.input;
console.log(`bench:tiles — ${scale} city: ${n} buildings`);
/** Buildings per second of the whole command: the read and the tiling. */
const wholePerS = (s: TilesSummary) => Math.round(n / ((s.timingsMs.read + s.timingsMs.tiles) / 1000));
const line = (label: string, s: TilesSummary, d: ReturnType<typeof diskBytes>) =>
  `${label.padEnd(36)} ${String(s.buildingsPerS).padStart(7)} buildings/s tiling, ${String(wholePerS(s)).padStart(7)} with the read ` +
  `(read ${s.timingsMs.read} ms, tiles ${s.timingsMs.tiles} ms), ` +
  `${(d.bytes / n).toFixed(0).padStart(4)} bytes/building on disk, ${(d.gzipBytes / n).toFixed(0).padStart(4)} gzip'd ` +
  `(${MB(d.bytes)} / ${MB(d.gzipBytes)} MB in ${d.files} files), ${s.tiles} tiles, peak RSS ${s.maxRssMB} MB`;
console.log(`load average after tiling: ${readFileSync('/proc/loadavg', 'utf8').trim()}; bench RSS before ${MB(rss0)} MB`);
console.log(line('shared vertices, meshopt, two threads', summary, disk));
console.log(line(baselineKind.label, baseline, baselineDisk));
console.log(
  `ratio to the baseline: ${(summary.buildingsPerS / baseline.buildingsPerS).toFixed(2)}x the tiling speed, ` +
    `${(wholePerS(summary) / wholePerS(baseline)).toFixed(2)}x with the read, ` +
    `${(disk.bytes / baselineDisk.bytes).toFixed(3)}x the bytes on disk, ${(disk.gzipBytes / baselineDisk.gzipBytes).toFixed(3)}x gzip'd`,
);
console.log(
  `tileset: ${summary.tiles} tiles (${summary.leafTiles} leaves, depth ${summary.maxDepth}), ${summary.triangles} triangles; leaves hold ${summary.buildings.inLeaves}/${n}`,
);
if (flags['no-browser']) process.exit(0);
if (!flags['no-build'])
  run(
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.bench.config.ts', '--logLevel', 'warn'],
    'building the app with its bench pages',
  );

// Fixed views: the whole city from the usual start view, and a street-level view near its centre.
const overview = (m: DemoManifest): CameraView => startViewOver(m.bboxLonLatDeg);
const street = (m: DemoManifest): CameraView => {
  const [w, s, e, n] = m.bboxLonLatDeg;
  return { lonDeg: (w + e) / 2, latDeg: s + (n - s) * 0.45, heightM: 220, headingDeg: 0, pitchDeg: -20 };
};

interface Cost {
  drawCommands: number;
  triangles: number;
  settleFrames: number;
  settleMs: number;
}

const server = await serveApp(BENCH_DIST, 'data');
const browser = await launchBrowser();
try {
  const { page, log } = await openLoggedPage(browser, { width: 1280, height: 720 });
  await page.goto(`${server.url}/tiles-bench.html`);
  await page.waitForFunction(() => 'tilesBench' in window, undefined, { timeout: 60_000 });
  const api = (fn: string, ...args: unknown[]) =>
    page.evaluate(
      ([f, a]) =>
        (window as unknown as { tilesBench: Record<string, (...x: unknown[]) => Promise<unknown>> }).tilesBench[f as string](
          ...(a as unknown[]),
        ),
      [fn, args] as const,
    );
  const rel = (p: string) => `/${p}`; // the server maps /data/ to data/

  mkdirSync(OUT, { recursive: true });
  const measure = async (view: CameraView, shot: string) => {
    const cost = (await api('measure', view)) as Cost;
    await page.screenshot({ path: join(OUT, `${shot}.png`) });
    return cost;
  };
  await api('showTileset', `${rel(tilesDir)}/buildings/tileset.json`);
  const tiles = {
    overview: await measure(overview(manifest), `${scale}-tiles-overview`),
    street: await measure(street(manifest), `${scale}-tiles-street`),
  };
  await api('showPrimitive', `${rel(smallDir)}/${smallManifest.files.buildings}`);
  const primitive = {
    overview: await measure(overview(smallManifest), 'small-primitive-overview'),
    street: await measure(street(smallManifest), 'small-primitive-street'),
  };
  const heapMB = await page.evaluate(() =>
    Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20),
  );

  const small = smallManifest.counts.buildings;
  const row = (label: string, c: Cost) =>
    `  ${label.padEnd(44)} ${String(c.drawCommands).padStart(6)} draw commands ${String(c.triangles).padStart(10)} triangles  (${c.settleFrames >= 0 ? `settled in ${c.settleFrames} frames` : `NOT settled after ${-c.settleFrames} frames`}, ${(c.settleMs / 1000).toFixed(0)} s)`;
  console.log('per frame (headless Chromium 1280x720, globe and sky off, so only buildings count):');
  console.log(row(`${scale} as 3D Tiles, city overview`, tiles.overview));
  console.log(row(`${scale} as 3D Tiles, street view`, tiles.street));
  console.log(row(`small (${small}) as one batched primitive, overview`, primitive.overview));
  console.log(row(`small (${small}) as one batched primitive, street`, primitive.street));
  const per = (c: Cost, count: number) => c.triangles / count;
  console.log(
    `ratio: at the overview the tiles draw ${(tiles.overview.triangles / Math.max(1, primitive.overview.triangles)).toFixed(2)}x the primitive's triangles for ${(n / small).toFixed(0)}x the buildings ` +
      `(${per(tiles.overview, n).toFixed(1)} vs ${per(primitive.overview, small).toFixed(1)} triangles per building in the city)`,
  );
  console.log(`screenshots: ${OUT}/`);
  console.log(`page heap after both: ${heapMB} MB; console errors: ${log.consoleErrors.length}`);
  for (const e of log.consoleErrors.slice(0, 5)) console.log(`  console error: ${e}`);
} finally {
  await browser.close();
  await server.close();
}
