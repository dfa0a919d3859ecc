// `npm run bench:grid-edit -- --scale city|zhengzhou [--edits N] [--seed N]`: grid editing on the generated
// demo city. Times importGrid, then per seeded random valid edit (mostly moving a node shared by three or more
// cells a few metres, some vertex inserts and deletes) applyOp and the incremental re-join in the order
// workers/gridEdit.worker.ts `apply` runs them, against a naive full validateGrid + full re-join after
// each of the first `--naive N` edits (default 50) measured in the same run; then the replay of all edits
// (a page reload). Exits 1 when the incremental assignment differs from a full re-join (after each naive
// edit and after the last), a full validation finds a problem an edit let through, or the replay does not
// give the same grid. Prints one report; asserts nothing about speed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { toMetric } from '../src/core/crs/metric';
import type { DemoManifest } from '../src/core/demo/manifest';
import { Rng } from '../src/core/util/random';
import { applyOp, replayOp } from '../src/core/grid/applyOp';
import { cellIndexMap, changedBoxesM } from '../src/core/grid/changes';
import type { GridFeatureLike } from '../src/core/grid/gridFeatures';
import type { GridOp } from '../src/core/grid/gridOp';
import { packCells, type Grid } from '../src/core/grid/gridModel';
import type { Problem } from '../src/core/grid/problems';
import { gridTopology, type GridTopology } from '../src/core/grid/topology';
import { importGrid, validateGrid } from '../src/core/grid/validateGrid';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import { rejoinCells } from '../src/core/grid/rejoinCells';
import { readFeatures } from '../src/io/featureFile';
import { packPolygons } from '../src/io/packGeoJson';
import { parseFlags } from './cim/args';
import { CGCS2000 } from '../src/core/crs/codes';

const flags = parseFlags(process.argv.slice(2), { scale: 'string', edits: 'number', seed: 'number', naive: 'number' });
const scale = String(flags.scale ?? 'city');
const EDITS = Math.max(1, Number(flags.edits ?? 200));
// A full validation and join of a 1-million-building city per edit takes seconds: measured on the first edits only.
const NAIVE_EDITS = Math.max(1, Math.min(EDITS, Number(flags.naive ?? 50)));
const dir = join('data', 'bench', scale);
const load0 = loadavg()[0];
let peakRss = 0;
const mark = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};
const MB = (b: number) => Math.round(b / 2 ** 20);
// With `--expose-gc` (the npm script passes it) heap figures are what stays reachable, not garbage.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

if (!existsSync(join(dir, 'demo.json'))) {
  console.error(`[bench] generating the ${scale} demo city into ${dir}…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'demo', '--scale', scale, '--out', dir, '--quiet'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const manifest = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoManifest;

// 1. Import: the grid file -> the editable Grid, validated (what the worker's `open` does).
const [gridFeatures, parseMs] = time(() => JSON.parse(readFileSync(join(dir, manifest.files.grids), 'utf8')).features as GridFeatureLike[]);
gc();
const heap0 = process.memoryUsage().heapUsed;
const [imported, importMs] = time(() => importGrid(gridFeatures, { crs: CGCS2000 }));
mark();
gc();
const importHeapMB = MB(process.memoryUsage().heapUsed - heap0);
const original = imported.grid;
const problemKey = (p: Problem) => `${p.type}|${p.ids.join('|')}`;
// Problems the grid had before any edit (the import's, and a full validation of the Grid value's).
const importProblems = new Set([...imported.problems, ...validateGrid({ ...original })].map(problemKey));

// The buildings' representative points in the grid's metres, joined once (the worker's setBuildings).
const t0 = performance.now();
const buildingFeatures = await readFeatures(readFileSync(join(dir, manifest.files.buildings)), manifest.files.buildings);
const buildings = packPolygons(buildingFeatures, 'buildings').packed;
const points = pointsOnSurface({ ...buildings, coords: toMetric(buildings.coords, CGCS2000, original.frame.zone).xyM });
mark();
const pointsMs = performance.now() - t0;
const nPoints = points.length >> 1;
const [initialAssignment, setBuildingsMs] = time(() => assignPoints(buildGridIndex(packCells(original)), points));
mark();

// Cells using each node (rings of one cell visit a node once each).
function cellsPerNode(topo: GridTopology): Uint8Array {
  const { nodes, ringStart, ringCell } = topo.rings;
  const count = new Uint8Array(topo.nodeCount);
  const last = new Int32Array(topo.nodeCount).fill(-1);
  for (let r = 0; r + 1 < ringStart.length; r++) {
    for (let p = ringStart[r]; p < ringStart[r + 1]; p++) {
      const v = nodes[p];
      if (last[v] !== ringCell[r]) {
        last[v] = ringCell[r];
        count[v]++;
      }
    }
  }
  return count;
}

/** A random small edit: 80 % a node of 3+ cells moved 1–5 m, 10 % a vertex inserted into an edge, 10 % one deleted. */
function randomEdit(topo: GridTopology, xy: Float64Array, rng: Rng): GridOp {
  const roll = rng.next();
  if (roll < 0.8) {
    const shared = cellsPerNode(topo);
    const { nodes } = topo.rings;
    let node = nodes[rng.int(0, nodes.length - 1)];
    for (let k = 0; k < 1000 && shared[node] < 3; k++) node = nodes[rng.int(0, nodes.length - 1)];
    const d = rng.range(1, 5),
      a = rng.range(0, 2 * Math.PI);
    return { type: 'moveVertex', node, to: [xy[node * 2] + d * Math.cos(a), xy[node * 2 + 1] + d * Math.sin(a)] };
  }
  if (roll < 0.9) {
    // Vertices strictly inside an edge: the demo's edges start as single segments, so mostly earlier inserts.
    const inner: number[] = [];
    for (let e = 0; e < topo.edgeCount; e++)
      for (let k = topo.edgeNodeStart[e] + 1; k < topo.edgeNodeStart[e + 1] - 1; k++) inner.push(topo.edgeNodes[k]);
    if (inner.length) return { type: 'deleteVertex', node: inner[rng.int(0, inner.length - 1)] };
  }
  const edge = rng.int(0, topo.edgeCount - 1);
  const s = topo.edgeNodeStart[edge],
    len = topo.edgeNodeStart[edge + 1] - s;
  const index = rng.int(1, len - 1);
  const u = topo.edgeNodes[s + index - 1],
    v = topo.edgeNodes[s + index];
  const t = rng.range(0.3, 0.7),
    off = rng.range(-3, 3);
  const dx = xy[v * 2] - xy[u * 2],
    dy = xy[v * 2 + 1] - xy[u * 2 + 1],
    l = Math.hypot(dx, dy) || 1;
  return { type: 'insertVertex', edge, index, at: [xy[u * 2] + t * dx - (off * dy) / l, xy[u * 2 + 1] + t * dy + (off * dx) / l] };
}

// 2 + 3. The edits: incremental path timed step by step, then the naive path on the same edited grid.
interface EditTiming {
  type: string;
  topologyMs: number;
  applyMs: number;
  rejoinMs: number;
  validateMs: number;
  fullIndexMs: number;
  fullJoinMs: number;
  /** CPU time of this process (user + system) on each path: steadier than wall time when other jobs share the cores. */
  incrementalCpuMs: number;
  naiveCpuMs: number;
  retested: number;
  moved: number;
}
const rng = new Rng(Number(flags.seed ?? 1), 7127);
const edits: EditTiming[] = [];
const ops: GridOp[] = [];
const refused = new Map<string, number>();
const refusedMs: number[] = [];
let grid = original;
let assignment = initialAssignment;
let joinMismatches = 0,
  invalidEdits = 0;
for (let attempt = 0; edits.length < EDITS; attempt++) {
  if (attempt > EDITS * 20) throw new Error(`only ${edits.length} of ${EDITS} edits applied in ${attempt} attempts`);
  // The new grid's topology: built once per grid value, by the first hover or snap or else by applyOp.
  const cpu0 = process.cpuUsage();
  const [topo, topologyMs] = time(() => gridTopology(grid));
  const cpuOp = process.cpuUsage();
  const op = randomEdit(topo, grid.nodeXY, rng);
  const cpuGen = process.cpuUsage(cpuOp);
  const [r, applyMs] = time(() => applyOp(grid, op));
  if ('error' in r) {
    refused.set(op.type, (refused.get(op.type) ?? 0) + 1);
    refusedMs.push(applyMs);
    continue;
  }
  const before = grid,
    after = r.grid;
  // As the worker's apply: re-join the points in the changed boxes among the cells near them (no whole-grid index).
  const [inc, rejoinMs] = time(() => rejoinCells(after, points, assignment, changedBoxesM(r.changed), cellIndexMap(before, after)));
  // Naive: validate the whole grid and join every building again (a copy of the cells, so no cache is shared).
  const incrementalCpuMs = cpuMs(process.cpuUsage(cpu0)) - cpuMs(cpuGen);
  let [validateMs, fullIndexMs, fullJoinMs, naiveCpuMs] = [NaN, NaN, NaN, NaN];
  if (edits.length < NAIVE_EDITS) {
    const cpu1 = process.cpuUsage();
    const copy: Grid = { ...after, cells: after.cells.slice() };
    let problems: Problem[], fullIndex: ReturnType<typeof buildGridIndex>, full: Int32Array;
    [problems, validateMs] = time(() => validateGrid(copy));
    [fullIndex, fullIndexMs] = time(() => buildGridIndex(packCells(copy)));
    [full, fullJoinMs] = time(() => assignPoints(fullIndex, points));
    naiveCpuMs = cpuMs(process.cpuUsage(cpu1));
    if (problems.some((p) => !importProblems.has(problemKey(p)))) invalidEdits++;
    if (!sameAssignment(inc.assignment, full)) joinMismatches++;
  }
  edits.push({
    type: op.type,
    topologyMs,
    applyMs,
    rejoinMs,
    validateMs,
    fullIndexMs,
    fullJoinMs,
    incrementalCpuMs,
    naiveCpuMs,
    retested: inc.retested,
    moved: inc.changed.length,
  });
  ops.push(op);
  // Between edits, off the clocks: reading the memory figures costs about a millisecond.
  if (edits.length % 25 === 0) mark();
  grid = after;
  assignment = inc.assignment;
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function sameAssignment(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// 5. After all edits the incremental assignment must be a full re-join of the edited grid, and a full
// validation must find no problem the imported grid did not have.
const finalFull = assignPoints(buildGridIndex(packCells({ ...grid, cells: grid.cells.slice() })), points);
const finalEqual = sameAssignment(assignment, finalFull);
mark();
if (validateGrid({ ...grid, cells: grid.cells.slice() }).some((p) => !importProblems.has(problemKey(p)))) invalidEdits++;

// 4. Replay from the imported grid (a page reload: the worker's replay, then setBuildings' join).
// Cold, as after a reload: a copy of the cells, so nothing derived during the edits is reused.
let replayed: Grid = { ...original, cells: original.cells.slice() };
const replayCpu0 = process.cpuUsage();
const [, replayMs] = time(() => {
  for (const op of ops) {
    const r = replayOp(replayed, op);
    if ('error' in r) throw new Error(`replay refused ${JSON.stringify(op)}: ${r.error.message}`);
    replayed = r.grid;
  }
});
const replayCpuMs = cpuMs(process.cpuUsage(replayCpu0));
mark();
const [, replayJoinMs] = time(() => assignPoints(buildGridIndex(packCells(replayed)), points));
const replayEqual =
  replayed.nodeXY.length === grid.nodeXY.length &&
  replayed.nodeXY.every((v, i) => v === grid.nodeXY[i]) &&
  replayed.cells.length === grid.cells.length &&
  replayed.cells.every(
    (c, i) =>
      c.id === grid.cells[i].id &&
      c.rings.length === grid.cells[i].rings.length &&
      c.rings.every((r, k) => r.length === grid.cells[i].rings[k].length && r.every((v, j) => v === grid.cells[i].rings[k][j])),
  );

const sorted = (xs: number[]) => Float64Array.from(xs).sort();
const pct = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => ({
  medianMs: r2(pct(xs, 0.5)),
  p95Ms: r2(pct(xs, 0.95)),
  maxMs: r2(Math.max(...xs)),
  meanMs: r2(xs.reduce((a, b) => a + b, 0) / xs.length),
});
const col = (f: (e: EditTiming) => number, of = edits) => of.map(f).filter((x) => !Number.isNaN(x));
const incremental = col((e) => e.topologyMs + e.applyMs + e.rejoinMs);
const naive = col((e) => e.validateMs + e.fullIndexMs + e.fullJoinMs);
// The ratios compare the edits both paths ran.
const naiveRun = edits.slice(0, NAIVE_EDITS);
const incrementalOfNaiveRun = col((e) => e.topologyMs + e.applyMs + e.rejoinMs, naiveRun);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const byType = [...new Set(edits.map((e) => e.type))].map((type) => {
  const of = edits.filter((e) => e.type === type);
  return {
    type,
    edits: of.length,
    refused: refused.get(type) ?? 0,
    applyOp: stats(col((e) => e.applyMs, of)),
    incremental: stats(col((e) => e.topologyMs + e.applyMs + e.rejoinMs, of)),
  };
});

const report = {
  bench: 'grid-edit',
  scale,
  l3Cells: original.cells.length,
  areas: original.areas.length,
  nodes: original.nodeXY.length >> 1,
  buildings: nPoints,
  parseMs: Math.round(parseMs),
  import: { ms: Math.round(importMs), heapRetainedMB: importHeapMB, problems: imported.problems.length },
  pointsOnSurfaceMs: Math.round(pointsMs),
  setBuildingsJoinMs: Math.round(setBuildingsMs),
  edits: edits.length,
  refused: sum([...refused.values()]),
  refusedApplyOp: refusedMs.length ? stats(refusedMs) : null,
  perEdit: {
    topology: stats(col((e) => e.topologyMs)),
    applyOp: stats(col((e) => e.applyMs)),
    rejoinCells: stats(col((e) => e.rejoinMs)),
    incremental: stats(incremental),
    naiveValidate: stats(col((e) => e.validateMs)),
    naiveIndex: stats(col((e) => e.fullIndexMs)),
    naiveAssignPoints: stats(col((e) => e.fullJoinMs)),
    naive: stats(naive),
  },
  byType,
  editsPerS: r2(edits.length / (sum(incremental) / 1000)),
  naiveEdits: naive.length,
  naiveEditsPerS: r2(naive.length / (sum(naive) / 1000)),
  ratioNaiveToIncremental: {
    total: r2(sum(naive) / sum(incrementalOfNaiveRun)),
    median: r2(pct(naive, 0.5) / pct(incrementalOfNaiveRun, 0.5)),
    cpuTotal: r2(sum(col((e) => e.naiveCpuMs)) / sum(col((e) => e.incrementalCpuMs, naiveRun))),
    // Leaving out the naive side's index build: validation vs applyOp's checks, assignPoints vs rejoinCells.
    withoutIndexBuild: r2(sum(col((e) => e.validateMs + e.fullJoinMs)) / sum(incrementalOfNaiveRun)),
  },
  cpuMsPerEdit: { incremental: stats(col((e) => e.incrementalCpuMs)), naive: stats(col((e) => e.naiveCpuMs)) },
  retestedPerEdit: {
    median: pct(
      col((e) => e.retested),
      0.5,
    ),
    max: Math.max(...col((e) => e.retested)),
  },
  movedBuildings: sum(col((e) => e.moved)),
  replay: {
    ops: ops.length,
    ms: Math.round(replayMs),
    joinMs: Math.round(replayJoinMs),
    reloadMs: Math.round(importMs + replayMs + replayJoinMs),
    msPerEdit: r2(replayMs / ops.length),
    cpuMs: Math.round(replayCpuMs),
    // Baseline: replaying with a full validation and re-join per edit, from the naive edits' mean.
    naiveMsPerEdit: r2(sum(naive) / naive.length + sum(col((e) => e.applyMs)) / edits.length),
    sameGrid: replayEqual,
  },
  checks: {
    joinMismatchEdits: joinMismatches,
    finalJoinEqual: finalEqual,
    editsWithNewProblems: invalidEdits,
    replaySameGrid: replayEqual,
  },
  peakRssMB: MB(peakRss),
  machine: { cores: availableParallelism(), loadAvgAtStart: r2(load0), loadAvgAtEnd: r2(loadavg()[0]) },
};
const line = (name: string, s: ReturnType<typeof stats>) =>
  `  ${name.padEnd(30)} median ${s.medianMs.toFixed(2).padStart(8)}  p95 ${s.p95Ms.toFixed(2).padStart(8)}  max ${s.maxMs.toFixed(2).padStart(8)} ms`;
const p = report.perEdit;
console.log(
  [
    `grid edit, ${scale}: ${report.l3Cells} L3 cells, ${report.areas} L1/L2, ${report.nodes} nodes, ${nPoints} buildings`,
    `import (importGrid): ${report.import.ms} ms (+${parseMs.toFixed(0)} ms JSON parse), heap retained ${importHeapMB} MB, ${report.import.problems} problems`,
    `initial join (setBuildings): ${report.setBuildingsJoinMs} ms`,
    `${edits.length} edits (${byType.map((t) => `${t.edits} ${t.type}`).join(', ')}; ${report.refused} refused), per edit:`,
    line('topology of the grid', p.topology),
    line('applyOp (edit + checks)', p.applyOp),
    line('re-join: rejoinCells', p.rejoinCells),
    line('incremental total', p.incremental),
    line('naive: validateGrid', p.naiveValidate),
    line('naive: buildGridIndex', p.naiveIndex),
    line('naive: assignPoints', p.naiveAssignPoints),
    line('naive total', p.naive),
    ...byType.map((t) => line(`applyOp ${t.type}`, t.applyOp)),
    `edits/s: ${report.editsPerS} incremental, ${report.naiveEditsPerS} naive → naive ${report.ratioNaiveToIncremental.total}x slower (medians ${report.ratioNaiveToIncremental.median}x, CPU time ${report.ratioNaiveToIncremental.cpuTotal}x, leaving out the naive index build ${report.ratioNaiveToIncremental.withoutIndexBuild}x)`,
    line('CPU ms, incremental', report.cpuMsPerEdit.incremental),
    line('CPU ms, naive', report.cpuMsPerEdit.naive),
    `re-join retested ${report.retestedPerEdit.median} buildings per edit (median, max ${report.retestedPerEdit.max}), ${report.movedBuildings} reassigned in all`,
    `shared-node moves (moveVertex), incremental: median ${byType.find((t) => t.type === 'moveVertex')?.incremental.medianMs} ms, p95 ${byType.find((t) => t.type === 'moveVertex')?.incremental.p95Ms} ms`,
    `replay of ${ops.length} edits: ${report.replay.ms} ms, CPU ${report.replay.cpuMs} ms (${report.replay.msPerEdit} ms/edit; naive validate + re-join per edit ${report.replay.naiveMsPerEdit} ms/edit → ${r2(report.replay.naiveMsPerEdit / report.replay.msPerEdit)}x) + join ${report.replay.joinMs} ms; reload (import + replay + join) ${report.replay.reloadMs} ms`,
    `checks: incremental = full join after every edit ${joinMismatches === 0 && finalEqual ? 'yes' : 'NO'}, new problems ${invalidEdits}, replay same grid ${replayEqual ? 'yes' : 'NO'}`,
    `peak RSS: ${report.peakRssMB} MB; ${report.machine.cores} cores, load average ${report.machine.loadAvgAtStart} at start, ${report.machine.loadAvgAtEnd} at end`,
  ].join('\n'),
);
console.log(JSON.stringify(report));
if (joinMismatches > 0 || !finalEqual || invalidEdits > 0 || !replayEqual) process.exit(1);
