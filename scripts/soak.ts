// `npm run soak -- [--minutes 30] [--tour overview] [--sample-s 60] [--warmup-min 5] [--width 1280 --height 720]
// [--no-live] [--no-build] [--max-growth-mb N]`: loops a tour in ops mode in headless Chromium (SwiftShader, the
// lite render preset) on the demo city with the live sensor feed, and every sample period forces a GC and records
// the JS heap (CDP Runtime.getHeapUsage), DOM counters (nodes, listeners), and the scene's caches from
// cimDiagnostics.scene (3D Tiles bytes, globe tiles cached, primitives). Prints the heap growth after warm-up,
// total and per hour (least-squares slope); writes test-output/soak.json. Exits 1 only with --max-growth-mb exceeded.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startSensorFeed, type SensorFeed } from './sensors/feed';
import { parseFlags } from './cim/args';
import { launchBrowser } from '../tests/e2e/browser';
import { serveApp } from '../tests/e2e/server';
import '../src/app/pageApi';

const flags = parseFlags(process.argv.slice(2), {
  minutes: 'number',
  tour: 'string',
  'sample-s': 'number',
  'warmup-min': 'number',
  width: 'number',
  height: 'number',
  'no-live': 'boolean',
  'no-build': 'boolean',
  'max-growth-mb': 'number',
});
const minutes = Number(flags.minutes ?? 30);
const sampleS = Number(flags['sample-s'] ?? 60);
const warmupMin = Number(flags['warmup-min'] ?? Math.min(5, minutes / 3));
const tourId = String(flags.tour ?? 'overview');
const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;

interface Sample {
  atMin: number;
  heapUsedMB: number;
  heapTotalMB: number;
  domNodes: number;
  listeners: number;
  documents: number;
  frames: number;
  tourLoops: number;
  tourPhase: string;
  tilesetMB: number;
  globeTilesCached: number | null;
  primitives: number;
  groundPrimitives: number;
  sensorMessages: number;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function main(): Promise<number> {
  if (!flags['no-build']) {
    console.error('[soak] building the app (vite build)…');
    if (spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' }).status !== 0)
      throw new Error('vite build failed');
  }
  const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8'));
  const entry = manifest.tours?.find((t: { id: string }) => t.id === tourId);
  if (!entry) throw new Error(`data/demo.json lists no tour "${tourId}" (run npm run demo)`);
  const tour = JSON.parse(readFileSync(`data/${entry.file}`, 'utf8'));
  const loopMs = tour.keyframes.reduce((a: number, k: { durationS: number; holdS: number }) => a + (k.durationS + k.holdS) * 1000, 0);

  let feed: SensorFeed | null = null;
  if (!flags['no-live']) feed = await startSensorFeed({ port: 0, staPort: false, dataDir: 'data', log: () => {} });
  const server = await serveApp();
  const browser = await launchBrowser();
  const samples: Sample[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: Number(flags.width ?? 1280), height: Number(flags.height ?? 720) } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[soak] page error: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const live = feed ? `&live=${encodeURIComponent(feed.url)}&alarmFly=1&alarmHoldS=10` : '&live=0';
    const url = `${server.url}/?render=lite&debug=1&mode=ops&tour=${tourId}${live}`;
    console.error(`[soak] ${url}, ${minutes} min, a sample every ${sampleS} s, warm-up ${warmupMin} min`);
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => window.cimDiagnostics?.load.phase === 'ready', null, { timeout: 600_000 });
    for (let next = t0 + sampleS * 1000; ; next += sampleS * 1000) {
      await page.waitForTimeout(Math.max(0, next - Date.now()));
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      const d = await page.evaluate(() => window.cimDiagnostics!);
      const s: Sample = {
        atMin: Math.round((Date.now() - t0) / 600) / 100,
        heapUsedMB: mb(heap.usedSize),
        heapTotalMB: mb(heap.totalSize),
        domNodes: dom.nodes,
        listeners: dom.jsEventListeners,
        documents: dom.documents,
        frames: d.frames,
        tourLoops: Math.round((d.tour.elapsedMs / loopMs) * 100) / 100,
        tourPhase: d.tour.phase,
        tilesetMB: mb(d.scene?.tilesetBytes ?? 0),
        globeTilesCached: d.scene?.globeTilesCached ?? null,
        primitives: d.scene?.primitives ?? 0,
        groundPrimitives: d.scene?.groundPrimitives ?? 0,
        sensorMessages: d.sensors.messages,
      };
      samples.push(s);
      console.log(JSON.stringify(s));
      if (Date.now() - t0 >= minutes * 60_000) break;
    }
  } finally {
    await browser.close();
    await server.close();
    await feed?.stop();
  }
  const warm = samples.filter((s) => s.atMin >= warmupMin);
  const base = warm[0] ?? samples[0];
  const last = samples[samples.length - 1];
  const perHour =
    warm.length > 1
      ? slope(
          warm.map((s) => s.atMin),
          warm.map((s) => s.heapUsedMB),
        ) * 60
      : 0;
  const summary = {
    command: 'soak',
    minutes,
    tour: tourId,
    samples: samples.length,
    warmupMin,
    heapAfterWarmupMB: base.heapUsedMB,
    heapEndMB: last.heapUsedMB,
    heapGrowthAfterWarmupMB: Math.round((last.heapUsedMB - base.heapUsedMB) * 100) / 100,
    heapSlopeMBPerHour: Math.round(perHour * 100) / 100,
    heapMinMB: Math.min(...warm.map((s) => s.heapUsedMB)),
    heapMaxMB: Math.max(...warm.map((s) => s.heapUsedMB)),
    domNodes: [base.domNodes, last.domNodes],
    listeners: [base.listeners, last.listeners],
    tilesetMB: [base.tilesetMB, last.tilesetMB],
    globeTilesCached: [base.globeTilesCached, last.globeTilesCached],
    primitives: [base.primitives, last.primitives],
    tourLoops: last.tourLoops,
    frames: last.frames,
  };
  mkdirSync('test-output', { recursive: true });
  writeFileSync('test-output/soak.json', JSON.stringify({ summary, samples }, null, 2));
  console.log(JSON.stringify(summary));
  const max = flags['max-growth-mb'];
  return typeof max === 'number' && summary.heapGrowthAfterWarmupMB > max ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`soak: ${err.message}`);
    process.exit(2);
  },
);
