// `npm run bench:serve -- [--seconds 300] [--editors 50] [--rate 10] [--scale small|city|zhengzhou]
//   [--db pglite|postgres|both] [--dir DIR] [--think 1] [--timeout 10] [--lost 0.01] [--seed 1]`:
// the shared grid under many editors, over HTTP against `cim serve` run as a child process, on each database (a
// PGlite folder in a temp dir; a private PostgreSQL cluster). Grid managers in pairs sharing one L2 grid make small
// edits in their scope at `--rate` edits/s in all for `--seconds`, rebasing once on a conflict, retrying with the same
// client id when an answer does not come (and for a `--lost` share of answers). Reports per database the outcomes,
// edit latency p50/p95/p99/max, throughput, the server's peak RSS and the bench's heap, against the engine (core
// applyOp on the same edits, in process: what HTTP + database + checks cost on top). Exits 1 when an acknowledged
// edit is lost or applied twice, the log holds an edit nobody was answered about (other than unanswered ones), the
// reopened grid differs from the replay of the acknowledged log, or grid_cells differs from that grid.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/util/random';
import { addUser } from '../server/auth/users';
import { openDatabase, type DbChoice } from '../server/db/open';
import { importGridFile } from '../server/grid/gridFile';
import { loadGrid } from '../server/grid/loadGrid';
import { startPgCluster, type PgCluster } from '../server/testing/pgCluster';
import { parseFlags } from './cim/args';
import { ensureBenchCity } from './benchGridEdit/cityInputs';
import { MB, pct, r2 } from './benchGridEdit/measure';
import { newTally, runEditor, scopesFor, type Tally } from './benchServe/editors';
import { followGrid } from './benchServe/mirror';
import { Session } from './benchServe/session';
import { startServeChild } from './benchServe/serveChild';
import { verifyRun } from './benchServe/verify';

const flags = parseFlags(process.argv.slice(2), {
  seconds: 'number',
  editors: 'number',
  rate: 'number',
  scale: 'string',
  db: 'string',
  dir: 'string',
  think: 'number',
  timeout: 'number',
  lost: 'number',
  seed: 'number',
});
const SECONDS = Number(flags.seconds ?? 300);
const EDITORS = Math.max(2, Math.round(Number(flags.editors ?? 50)));
const RATE = Number(flags.rate ?? 10);
const scale = String(flags.scale ?? 'small');
const which = String(flags.db ?? 'both');
const THINK_MS = Number(flags.think ?? 1) * 1000;
const TIMEOUT_MS = Number(flags.timeout ?? 10) * 1000;
const LOST = Number(flags.lost ?? 0.01);
const SEED = Number(flags.seed ?? 1);
if (!(SECONDS > 0 && RATE > 0 && TIMEOUT_MS > 0 && LOST >= 0 && LOST < 1 && THINK_MS >= 0)) {
  console.error('bench:serve: --seconds, --rate and --timeout must be positive, --lost in [0, 1), --think ≥ 0');
  process.exit(2);
}
if (!['pglite', 'postgres', 'both'].includes(which)) {
  console.error(`bench:serve: --db must be pglite, postgres or both, got "${which}"`);
  process.exit(2);
}
if (!['small', 'city', 'zhengzhou'].includes(scale)) {
  console.error(`bench:serve: --scale must be small, city or zhengzhou, got "${scale}"`);
  process.exit(2);
}

// The city: data/ for small (or --dir), else generated into data/bench/<scale>. Only its grid file is used.
const dir = (flags.dir as string | undefined) ?? (scale === 'small' ? 'data' : join('data', 'bench', scale));
const manifest = ensureBenchCity(dir, scale);
const gridName = manifest.files.grids;
const gridBytes = new Uint8Array(readFileSync(join(dir, gridName)));
const base = (await importGridFile(gridBytes, gridName)).grid;
const scopes = scopesFor(base, EDITORS);
const PASSWORD = 'bench-serve editor password';
const load0 = loadavg()[0];

let heapPeak = 0;
const heapTimer = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 500);

const latency = (xs: number[]) => ({
  n: xs.length,
  p50: r2(pct(xs, 0.5)),
  p95: r2(pct(xs, 0.95)),
  p99: r2(pct(xs, 0.99)),
  max: r2(xs.length ? Math.max(...xs) : NaN),
});

async function prepare(choice: DbChoice): Promise<void> {
  const db = await openDatabase(choice);
  try {
    await db.transaction((tx) => loadGrid(tx, gridBytes, gridName));
    await db.query('DELETE FROM sessions');
    await db.query('DELETE FROM users');
    for (let i = 0; i < EDITORS; i++)
      await addUser(db, { name: `editor${i}`, password: PASSWORD, role: 'grid-manager', scope: [scopes[i]] });
  } finally {
    await db.close();
  }
}

async function runOn(kind: 'pglite' | 'postgres') {
  const temp = mkdtempSync(join(tmpdir(), 'cim-bench-serve-'));
  let cluster: PgCluster | null = null;
  try {
    if (kind === 'postgres') cluster = startPgCluster();
    const choice: DbChoice = cluster ? { url: cluster.url } : { dir: join(temp, 'city.pglite') };
    await prepare(choice);
    const server = await startServeChild(choice);
    let serverPeak = 0;
    const tally: Tally = newTally();
    let seconds = 0;
    try {
      const mirror = await followGrid(server.url, base);
      const sessions = await Promise.all(
        Array.from({ length: EDITORS }, async (_, i) => {
          const s = new Session(server.url);
          await s.login(`editor${i}`, PASSWORD);
          return s;
        }),
      );
      console.error(`[bench:serve] ${kind}: ${EDITORS} editors logged in on ${server.url}; editing for ${SECONDS} s…`);
      const runId = `b${Date.now().toString(36)}`;
      const t0 = performance.now();
      const t1 = t0 + SECONDS * 1000;
      const progress = setInterval(
        () =>
          console.error(
            `[bench:serve] ${kind}: ${Math.round((performance.now() - t0) / 1000)} s, ${tally.applied} applied, v${mirror.version}`,
          ),
        30_000,
      );
      await Promise.all(
        sessions.map((session, i) =>
          runEditor(
            {
              index: i,
              session,
              l2: scopes[i],
              rng: new Rng(SEED, i, kind === 'pglite' ? 1 : 2),
              rate: RATE / EDITORS,
              t0,
              t1,
              thinkMs: THINK_MS,
              timeoutMs: TIMEOUT_MS,
              lost: LOST,
              runId,
            },
            mirror,
            tally,
          ),
        ),
      );
      clearInterval(progress);
      seconds = (performance.now() - t0) / 1000;
      // Every acknowledged edit reaches the event stream too.
      await mirror.reached(Math.max(0, ...[...tally.acks.values()].map((a) => a.version)));
      mirror.close();
      serverPeak = server.peakRss();
    } finally {
      await server.stop();
    }
    const db = await openDatabase(choice);
    let verdict;
    try {
      verdict = await verifyRun(db, base, tally.acks, new Set(tally.unanswered));
    } finally {
      await db.close();
    }
    if (tally.duplicateMismatches) verdict.failures.push(`${tally.duplicateMismatches} retries were answered with another version`);
    if (tally.errors.length) verdict.failures.push(`unexpected answers: ${tally.errors.slice(0, 3).join('; ')}`);
    const http = latency(tally.appliedLatencyMs);
    const engine = latency(verdict.engineMs);
    return {
      db: kind,
      seconds: r2(seconds),
      editors: EDITORS,
      targetRate: RATE,
      sent: tally.edits,
      requests: tally.requests,
      applied: tally.applied,
      rebasedApplied: tally.rebasedApplied,
      conflicts: tally.conflicts,
      dropped: tally.dropped,
      refused: tally.refused,
      forbidden: tally.forbidden,
      retries: tally.retries,
      timeouts: tally.timeouts,
      lostAnswers: tally.lostAnswers,
      duplicates: tally.duplicates,
      unanswered: tally.unanswered.length,
      throughput: r2(tally.applied / seconds),
      latencyMs: http,
      allAnswersLatencyMs: latency(tally.latencyMs),
      engineMs: engine,
      ratioP50: r2(http.p50 / engine.p50),
      ratioP95: r2(http.p95 / engine.p95),
      serverPeakRssMB: MB(serverPeak),
      logRows: verdict.logRows,
      unacknowledgedInLog: verdict.unacknowledgedInLog,
      ok: verdict.failures.length === 0,
      failures: verdict.failures,
    };
  } finally {
    cluster?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

const results = [];
for (const kind of which === 'both' ? (['pglite', 'postgres'] as const) : [which as 'pglite' | 'postgres']) results.push(await runOn(kind));
clearInterval(heapTimer);

const l2s = new Set(scopes).size;
console.log(
  `serve bench, ${scale}: ${base.cells.length} L3 cells, ${base.areas.length} L1/L2; ${EDITORS} grid managers in pairs over ${l2s} L2 grids, ${RATE} edits/s in all (Poisson), think time ≤ ${THINK_MS / 1000} s, time-out ${TIMEOUT_MS / 1000} s, ${LOST * 100} % of answers treated as lost`,
);
for (const r of results) {
  const l = r.latencyMs,
    e = r.engineMs;
  console.log(
    [
      `${r.db}: ${r.seconds} s, ${r.sent} edits sent in ${r.requests} requests: ${r.applied} applied (${r.rebasedApplied} after a rebase), ${r.conflicts} conflicts (${r.dropped} dropped after the rebase), ${r.refused} refused, ${r.forbidden} forbidden; ${r.retries} retries (${r.timeouts} time-outs, ${r.lostAnswers} answers treated as lost, ${r.duplicates} answered as duplicates), ${r.unanswered} never answered`,
      `  edit latency (201) p50 ${l.p50} ms, p95 ${l.p95}, p99 ${l.p99}, max ${l.max}; throughput ${r.throughput} edits/s`,
      `  baseline, the engine (core applyOp in process, same edits): p50 ${e.p50} ms, p95 ${e.p95}, max ${e.max} → HTTP + database + checks ${r.ratioP50}x the engine at p50, ${r.ratioP95}x at p95`,
      `  server peak RSS ${r.serverPeakRssMB} MB; log ${r.logRows} edits (${r.unacknowledgedInLog} without an answer)`,
      `  checks: ${r.ok ? 'OK' : `FAIL: ${r.failures.join('; ')}`} (acknowledged edits in the log once each, at their version; nothing else but unanswered ones; reopened grid = replay of the log; grid_cells = its records)`,
    ].join('\n'),
  );
}
const ok = results.every((r) => r.ok);
console.log(`bench heap peak ${MB(heapPeak)} MB; ${availableParallelism()} cores, load average ${load0} at start, ${loadavg()[0]} at end`);
console.log(ok ? 'OK' : 'FAIL');
console.log(
  JSON.stringify({
    bench: 'serve',
    scale,
    cells: base.cells.length,
    editors: EDITORS,
    rate: RATE,
    seconds: SECONDS,
    results,
    benchHeapPeakMB: MB(heapPeak),
    machine: { cores: availableParallelism(), loadAvgAtStart: load0, loadAvgAtEnd: loadavg()[0] },
    ok,
  }),
);
process.exit(ok ? 0 : 1);
