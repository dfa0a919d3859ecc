// `npm run bench:join -- --scale city|zhengzhou [--sample N]`: the building -> L3 grid join on the
// generated demo city, against a naive baseline (turf booleanPointInPolygon over a bbox scan of every
// cell) measured in the same run on a sample. First `cim join` itself, whole and by phase (without and
// then with its join-inputs file; wall and CPU time by phase), its join phase against the engine's own time,
// where the footprints' projection went (the read phase, without the file), and its reader against the
// single-threaded GeoJSON-features reader it replaced. Prints one report; asserts nothing about speed.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { polygon as turfPolygon } from '@turf/helpers';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMetric } from '../src/core/crs/metric';
import type { DemoManifest } from '../src/core/demo/manifest';
import { copyPolygonBuffers, selectPolygons, withCoords } from '../src/core/geom/packed';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import { buildHierarchy } from '../src/core/spatial/hierarchy';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import { fromGkFlat } from '../src/core/crs/gk';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import { numberColumn, packPolygons, stringColumn } from '../src/io/packGeoJson';
import { JoinPool } from '../workers/joinPool';
import type { JoinApi } from '../workers/join.worker';
import { parseFlags } from './cim/args';
import { startNodeWorker } from './workers/nodeWorker';
import { CGCS2000 } from '../src/core/crs/codes';

const flags = parseFlags(process.argv.slice(2), { scale: 'string', sample: 'number', workers: 'number' });
const scale = String(flags.scale ?? 'city');
const dir = join('data', 'bench', scale);
let peakRss = 0;
const mark = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  mark();
  return [r, performance.now() - t0];
};
const MB = (b: number) => Math.round(b / 2 ** 20);

if (!existsSync(join(dir, 'demo.json'))) {
  console.error(`[bench] generating the ${scale} demo city into ${dir}…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'demo', '--scale', scale, '--out', dir, '--quiet'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const manifest = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoManifest;

/** `cim join` as a user runs it (a process of its own), timed from outside; its summary gives the phases. */
function cliJoin(
  inputs: string,
  out: string,
): { wallMs: number; timingsMs: Record<string, number>; cpuTimingsMs: Record<string, number>; inputsMade: boolean } {
  const args = ['--import', 'tsx', 'scripts/cim.ts', 'join', '--grids', join(dir, manifest.files.grids), '--buildings'];
  const c0 = performance.now();
  const r = spawnSync(process.execPath, [...args, join(dir, manifest.files.buildings), '--inputs', inputs, '--out', out], {
    encoding: 'utf8',
  });
  const wallMs = Math.round(performance.now() - c0);
  if (r.status !== 0) throw new Error(`cim join failed (${r.status}): ${r.stderr}`);
  const summary = JSON.parse(r.stdout.trim()) as {
    timingsMs: Record<string, number>;
    cpuTimingsMs: Record<string, number>;
    inputs: { made: boolean };
  };
  return { wallMs, timingsMs: summary.timingsMs, cpuTimingsMs: summary.cpuTimingsMs, inputsMade: summary.inputs.made };
}
const tmp = mkdtempSync(join(tmpdir(), 'bench-join-'));
const cliFresh = cliJoin(join(tmp, 'buildings.join.bin'), join(tmp, 'a.csv'));
const cliWithInputs = cliJoin(join(tmp, 'buildings.join.bin'), join(tmp, 'b.csv'));
const cliSameCsv = readFileSync(join(tmp, 'a.csv'), 'utf8') === readFileSync(join(tmp, 'b.csv'), 'utf8');
rmSync(tmp, { recursive: true, force: true });

const t0 = performance.now();
const gridFeatures = await readFeatures(readFileSync(join(dir, manifest.files.grids)), manifest.files.grids);
// Baseline reader: the file's features as GeoJSON objects, then packed, on one thread (what `cim join` did before).
const r0 = performance.now();
const buildingFeatures = await readFeatures(readFileSync(join(dir, manifest.files.buildings)), manifest.files.buildings);
const grids = packPolygons(gridFeatures, 'grids');
const buildings = packPolygons(buildingFeatures, 'buildings');
const baselineReadMs = performance.now() - r0;
const gridsM = toMetric(grids.packed.coords, CGCS2000);
const projectCpu0 = process.cpuUsage();
const [buildingsM, projectMs] = time(() => toMetric(buildings.packed.coords, CGCS2000, gridsM.frame.zone));
const projectCpu = process.cpuUsage(projectCpu0);
const hierarchy = buildHierarchy({
  ids: grids.packed.ids,
  level: Uint8Array.from(numberColumn(gridFeatures, grids.sourceIndex, 'level', 0)),
  parentId: stringColumn(gridFeatures, grids.sourceIndex, 'parentId'),
});
const cells = selectPolygons(withCoords(grids.packed, gridsM.xyM), hierarchy.l3);
const footprints = withCoords(buildings.packed, buildingsM.xyM);
mark();
const loadMs = performance.now() - t0;

const [index, indexMs] = time(() => buildGridIndex(cells));
const engineCpu0 = process.cpuUsage();
const [points, surfaceMs] = time(() => pointsOnSurface(footprints));
const [assignment, joinMs] = time(() => assignPoints(index, points));
const engineCpu = process.cpuUsage(engineCpu0);
const engineCpuMs = (engineCpu.user + engineCpu.system) / 1000;
const n = assignment.length;

// The same join through the worker pool (the code path of `cim join` and the browser).
const poolSize = Math.max(1, Number(flags.workers ?? 2));
const workers = Array.from({ length: poolSize }, () => startNodeWorker<JoinApi>('join'));
await Promise.all(workers.map((w) => w.api.ping()));
const pool = new JoinPool(workers.map((w) => w.api));
await pool.setCells({ ...copyPolygonBuffers(cells), ids: cells.ids }, gridsM.frame.crs);
const p0 = performance.now();
const pooled = await pool.assign(points);
const poolMs = performance.now() - p0;
mark();
await Promise.all(workers.map((w) => w.terminate()));
let poolMismatch = 0;
for (let i = 0; i < n; i++) if (pooled[i] !== assignment[i]) poolMismatch++;

// Baseline: turf booleanPointInPolygon after a bbox scan over every L3 cell, on an even sample.
const sampleN = Math.min(n, Math.max(100, Number(flags.sample ?? 2000)));
const l3Features = Array.from(hierarchy.l3, (f) => gridFeatures[grids.sourceIndex[f]]);
const turfCells = l3Features.map((f: GeoJsonFeature) =>
  turfPolygon((f.geometry!.type === 'Polygon' ? f.geometry!.coordinates : (f.geometry!.coordinates as number[][][][])[0]) as number[][][]),
);
const bboxes = Array.from(hierarchy.l3, (f) => grids.packed.bbox.subarray(4 * f, 4 * f + 4));
const pointsLonLat = fromGkFlat(points, gridsM.frame.zone, new Float64Array(points.length)) as Float64Array;
const step = n / sampleN;
let agree = 0;
const b0 = performance.now();
for (let s = 0; s < sampleN; s++) {
  const i = Math.floor(s * step);
  const pt: [number, number] = [pointsLonLat[2 * i], pointsLonLat[2 * i + 1]];
  let found = -1;
  for (let c = 0; c < turfCells.length; c++) {
    const b = bboxes[c];
    if (pt[0] < b[0] || pt[0] > b[2] || pt[1] < b[1] || pt[1] > b[3]) continue;
    if (booleanPointInPolygon(pt, turfCells[c])) {
      found = c;
      break;
    }
  }
  if (found === assignment[i]) agree++;
}
const baselinePerPointMs = (performance.now() - b0) / sampleN;
mark();

const engineMs = surfaceMs + joinMs;
const report = {
  bench: 'join',
  scale,
  buildings: n,
  l3Cells: cells.ids.length,
  loadMs: Math.round(loadMs),
  indexMs: Math.round(indexMs),
  pointOnSurfaceMs: Math.round(surfaceMs),
  joinMs: Math.round(joinMs),
  pointsPerS: Math.round(n / (joinMs / 1000)),
  pool: { workers: poolSize, joinMs: Math.round(poolMs), pointsPerS: Math.round(n / (poolMs / 1000)), mismatches: poolMismatch },
  assigned: n - assignment.filter((c) => c < 0).length,
  peakRssMB: MB(peakRss),
  baseline: {
    name: 'turf booleanPointInPolygon + bbox scan',
    sample: sampleN,
    perPointUs: Math.round(baselinePerPointMs * 1000),
    extrapolatedMs: Math.round(baselinePerPointMs * n),
    agreesWithEngine: `${agree}/${sampleN}`,
  },
  ratioBaselineToJoin: Math.round((baselinePerPointMs * n) / joinMs),
  ratioBaselineToPointsAndJoin: Math.round((baselinePerPointMs * n) / engineMs),
  cli: {
    fresh: cliFresh,
    withInputsFile: cliWithInputs,
    sameCsv: cliSameCsv,
    engineMs: Math.round(engineMs),
    ratioJoinPhaseToEngine: +(cliFresh.timingsMs.join / engineMs).toFixed(2),
    ratioJoinPhaseToEngineWithInputs: +(cliWithInputs.timingsMs.join / engineMs).toFixed(2),
    engineCpuMs: Math.round(engineCpuMs),
    ratioJoinPhaseCpuToEngineCpu: +(cliFresh.cpuTimingsMs.join / engineCpuMs).toFixed(2),
    // Without the file the footprints are projected as they are read (in the workers): the read phase's growth over
    // the run with the file, against the same projection on one thread here (the engine's load).
    readGrowthWithoutFile: {
      wallMs: cliFresh.timingsMs.read - cliWithInputs.timingsMs.read,
      cpuMs: cliFresh.cpuTimingsMs.read - cliWithInputs.cpuTimingsMs.read,
      engineProjectionMs: Math.round(projectMs),
      engineProjectionCpuMs: Math.round((projectCpu.user + projectCpu.system) / 1000),
    },
    readerBaseline: { name: 'GeoJSON features + packPolygons, one thread', buildingsReadMs: Math.round(baselineReadMs) },
    ratioBaselineReadToCliRead: +(baselineReadMs / cliFresh.timingsMs.read).toFixed(1),
  },
  loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
};
console.log(`index: ${report.indexMs} ms, join: ${report.joinMs} ms, points/s: ${report.pointsPerS}, peak RSS: ${report.peakRssMB} MB`);
console.log(
  `baseline (${report.baseline.name}, ${sampleN} sampled): ${report.baseline.extrapolatedMs} ms extrapolated → ${report.ratioBaselineToJoin}x slower than the join`,
);
const c = report.cli;
console.log(
  `cim join: ${c.fresh.wallMs} ms whole (${JSON.stringify(c.fresh.timingsMs)}), with its join-inputs file ${c.withInputsFile.wallMs} ms (${JSON.stringify(c.withInputsFile.timingsMs)}), same CSV: ${c.sameCsv}`,
);
console.log(
  `  CPU time by phase (all threads): ${JSON.stringify(c.fresh.cpuTimingsMs)} without the file, ${JSON.stringify(c.withInputsFile.cpuTimingsMs)} with it; ` +
    `without the file the footprints' projection is in the read phase: it grows by ${c.readGrowthWithoutFile.wallMs} ms (${c.readGrowthWithoutFile.cpuMs} ms CPU) ` +
    `over the read with the file, the same projection on one thread here takes ${c.readGrowthWithoutFile.engineProjectionMs} ms (${c.readGrowthWithoutFile.engineProjectionCpuMs} ms CPU; the engine counts it in its load)`,
);
console.log(
  `  join phase / engine (points + assignment, one thread, ${c.engineMs} ms): ${c.ratioJoinPhaseToEngine}x (CPU time ${c.ratioJoinPhaseCpuToEngineCpu}x the engine's ${c.engineCpuMs} ms; ${c.ratioJoinPhaseToEngineWithInputs}x with the file); reader baseline (${c.readerBaseline.name}) ${c.readerBaseline.buildingsReadMs} ms for the buildings alone → ${c.ratioBaselineReadToCliRead}x the CLI's whole read phase; load average ${report.loadAverage}`,
);
console.log(JSON.stringify(report));
