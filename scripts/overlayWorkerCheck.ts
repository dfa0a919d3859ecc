// The overlay worker in a real browser, built by Vite as the app builds it: a FlatGeobuf (default: the zhengzhou bench
// city's 1,120,000 buildings) transferred in, styled by `use` then by `heightM`, tiles drawn at zooms 8–14 over the
// city's centre; prints load, style and tile times, the page's longest task and the browser's peak memory.
// `npx tsx scripts/overlayWorkerCheck.ts [file.fgb]`
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'test-output/overlay-worker-page');
const fgb = resolve(process.argv[2] ?? join(root, 'data/bench/zhengzhou/buildings.fgb'));
if (!existsSync(fgb)) throw new Error(`${fgb}: no such file (npm run bench:join -- --scale zhengzhou generates it)`);
execFileSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', join(import.meta.dirname, 'overlayCheck/vite.config.ts')],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const server = createServer((req, res) => {
  const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
  if (path === '/layer.fgb') {
    res.setHeader('Content-Length', statSync(fgb).size);
    return void createReadStream(fgb).pipe(res);
  }
  const file = join(out, path === '/' ? 'index.html' : path);
  if (!existsSync(file)) return void res.writeHead(404).end();
  res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
  res.end(readFileSync(file));
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));

/** Resident memory (MiB) of every process under this one (the browser's). */
function childrenRssMiB(): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      parents.set(Number(pid), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      rss.set(Number(pid), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // The process ended while read.
    }
  }
  const under = (pid: number): boolean => pid === process.pid || (parents.has(pid) && pid > 1 && under(parents.get(pid)!));
  let total = 0;
  for (const [pid, kb] of rss) if (pid !== process.pid && under(pid)) total += kb;
  return Math.round(total);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
let peakMiB = 0;
const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, childrenRssMiB())), 200);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  await page.waitForFunction(() => 'runOverlay' in window);
  const baseMiB = childrenRssMiB();
  const result = await page.evaluate(() =>
    (window as unknown as { runOverlay: (u: string, s: [string, string][], z: number[]) => Promise<unknown> }).runOverlay(
      './layer.fgb',
      [
        ['use', 'categories'],
        ['heightM', 'ramp'],
      ],
      [8, 9, 10, 11, 12, 13, 14],
    ),
  );
  console.log(JSON.stringify({ check: 'overlay-worker', file: fgb, browserBaseMiB: baseMiB, browserPeakMiB: peakMiB, result }, null, 1));
} finally {
  clearInterval(sampler);
  await browser.close();
  server.close();
}
