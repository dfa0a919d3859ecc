// `cim join --grids F --buildings F [--by point|overlap] [--crs EPSG:xxxx] [--workers N] [--inputs F] [--manifest demo.json]
// (--out assignments.csv | --inputs-only)`: every building to its L3 grid and, through parentId, its L2 and L1 (房进网格),
// and the buildings' join inputs file (src/io/joinInputs.ts) beside them for the viewer.
import { availableParallelism } from 'node:os';
import { closeSync, openSync, writeSync } from 'node:fs';
import { selectPolygons } from '../../src/core/geom/packed';
import { buildHierarchy } from '../../src/core/spatial/hierarchy';
import { csvChunks } from '../../src/io/csv';
import { joinInputsName, sourceKey, type JoinInputs } from '../../src/io/joinInputs';
import { stringColumn, numberColumn } from '../../src/io/packGeoJson';
import { JoinPool } from '../../workers/joinPool';
import type { JoinApi } from '../../workers/join.worker';
import { startNodeWorker } from '../workers/nodeWorker';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary } from './args';
import { readFileShared, readJoinBuildings, readPolygonLayer } from './readLayer';
import { readJoinInputsFile, registerJoinInputs, writeJoinInputsFile } from './joinInputsFile';
import { boxesBbox, checkFileCrs, crsFlag } from './crsFlag';

const ms = (t0: number) => Math.round(performance.now() - t0);
/** CPU time of the whole process (every thread) since `c0`, ms: what a phase cost when other processes share the cores. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return Math.round((d.user + d.system) / 1000);
};

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    grids: 'string',
    buildings: 'string',
    by: 'string',
    crs: 'string',
    out: 'string',
    workers: 'number',
    inputs: 'string',
    'inputs-only': 'boolean',
    manifest: 'string',
  });
  if (typeof flags.grids !== 'string') throw new CliError('missing --grids FILE');
  if (typeof flags.buildings !== 'string') throw new CliError('missing --buildings FILE');
  const inputsOnly = flags['inputs-only'] === true;
  if (typeof flags.out !== 'string' && !inputsOnly) throw new CliError('missing --out FILE (assignments CSV), or --inputs-only');
  const by = String(flags.by ?? 'point');
  if (by !== 'point' && by !== 'overlap') throw new CliError(`--by must be point or overlap, got "${by}"`);
  const crsChoice = crsFlag(flags.crs);
  const crs = crsChoice.crs.code;
  const inputsPath = typeof flags.inputs === 'string' ? flags.inputs : joinInputsName(flags.buildings);
  const poolSize = Math.max(1, Math.min(8, Number(flags.workers ?? Math.min(4, availableParallelism()))));
  const timingsMs = { read: 0, index: 0, join: 0, write: 0 };
  const cpuTimingsMs = { read: 0, index: 0, join: 0, write: 0 };

  // Workers start (tsx, module load) while the grids and the buildings' bytes are read.
  const workers = Array.from({ length: poolSize }, () => startNodeWorker<JoinApi>('join'));
  const started = Promise.all(workers.map((w) => w.api.ping()));

  // The buildings' bytes are read (off this thread) while the grids are parsed here.
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const buildingBytesRead = readFileShared(flags.buildings);
  buildingBytesRead.catch(() => {}); // awaited below, after the grids: an unreadable grids file is named first
  try {
    const grids = await readPolygonLayer(flags.grids);
    checkFileCrs(flags.grids, grids.packed.bbox, crsChoice, undefined, grids.packed.ids);
    const gridsBbox = boxesBbox(grids.packed.bbox);
    const level = Uint8Array.from(numberColumn(grids.features, grids.sourceIndex, 'level', 0));
    const hierarchy = buildHierarchy({
      ids: grids.packed.ids,
      level,
      parentId: stringColumn(grids.features, grids.sourceIndex, 'parentId'),
    });
    const buildingBytes = await buildingBytesRead;
    const source = sourceKey(buildingBytes);
    timingsMs.read = ms(t0);
    cpuTimingsMs.read = cpuMs(c0);

    // The grid index first: its GK zone is the one the buildings are projected into as they are read.
    await started;
    const pool = new JoinPool(workers.map((w) => w.api));
    t0 = performance.now();
    c0 = process.cpuUsage();
    const frame = await pool.setCells(selectPolygons(grids.packed, hierarchy.l3), crs);
    timingsMs.index = ms(t0);
    cpuTimingsMs.index = cpuMs(c0);

    // Without a usable inputs file the footprints are read into metres (each worker projects its range as it decodes
    // it), as the grids' projection is part of the index phase and the buildings' of the engine's load in bench:join.
    t0 = performance.now();
    c0 = process.cpuUsage();
    const stored = readJoinInputsFile(inputsPath, { zone: frame.zone, source });
    // Reading the inputs file counts in the join phase, as when it was read after the buildings.
    timingsMs.join = ms(t0);
    cpuTimingsMs.join = cpuMs(c0);
    t0 = performance.now();
    c0 = process.cpuUsage();
    // The grids' longitude picks the zone of buildings in GK metres without one.
    const centreLonDeg = crsChoice.crs.kind === 'geographic' && gridsBbox ? (gridsBbox[0] + gridsBbox[2]) / 2 : undefined;
    const checkCrs = (boxes: ArrayLike<number>, ids?: readonly string[]) =>
      checkFileCrs(flags.buildings as string, boxes, crsChoice, centreLonDeg, ids);
    const buildings = await readJoinBuildings(pool, flags.buildings, buildingBytes, crs, frame, stored === null, checkCrs);
    const n = buildings.ids.length;
    timingsMs.read += ms(t0);
    cpuTimingsMs.read += cpuMs(c0);

    // The join phase: representative points (from a matching inputs file, else computed where the footprints are), then the assignment.
    t0 = performance.now();
    c0 = process.cpuUsage();
    // Checked again with the count only when it differs, for the warning saying why the file is not used.
    let inputs = stored && stored.areaM2.length !== n ? readJoinInputsFile(inputsPath, { zone: frame.zone, count: n, source }) : stored;
    const fresh = inputs === null;
    let cellOfBuilding: Int32Array | null = null;
    if (!inputs) {
      // In point mode each worker assigns the points of its own footprints: none is posted back to be assigned.
      const assigned = by === 'point' && !inputsOnly ? await pool.joinAndAssign() : null;
      cellOfBuilding = assigned?.cellOfBuilding ?? null;
      const { pointsXyM, areaM2 } = assigned ?? (await pool.joinGeometry());
      const { floors, useIndex, useTable } = buildings;
      inputs = { zone: frame.zone, source, pointsXyM, areaM2, floors, useIndex, useTable } satisfies JoinInputs;
    }
    let straddlers = 0;
    let share: Float32Array | null = null;
    if (inputsOnly || cellOfBuilding) {
      // Nothing (more) to assign.
    } else if (by === 'point') {
      cellOfBuilding = await pool.assign(inputs.pointsXyM.slice());
    } else {
      const overlap = await pool.assignOverlap();
      cellOfBuilding = overlap.cell;
      straddlers = overlap.straddlers.length;
      share = overlap.share;
    }
    timingsMs.join += ms(t0);
    cpuTimingsMs.join += cpuMs(c0);

    t0 = performance.now();
    c0 = process.cpuUsage();
    if (fresh) writeJoinInputsFile(inputsPath, inputs);
    if (typeof flags.manifest === 'string') registerJoinInputs(flags.manifest, inputsPath);
    const unassigned = inputsOnly
      ? 0
      : writeAssignments(flags.out as string, buildings.ids, cellOfBuilding ?? new Int32Array(0), share, grids.packed.ids, hierarchy);
    timingsMs.write = ms(t0);
    cpuTimingsMs.write = cpuMs(c0);

    const problems = unassigned + hierarchy.problems.length;
    for (const p of hierarchy.problems.slice(0, 20)) process.stderr.write(`${flags.grids}: grid ${p.id}: ${p.kind}: ${p.detail}\n`);
    printSummary({
      command: 'join',
      ok: problems === 0,
      by,
      crs: frame.crs,
      buildings: n,
      grids: { l1: level.filter((l) => l === 1).length, l2: level.filter((l) => l === 2).length, l3: hierarchy.l3.length },
      ...(inputsOnly ? {} : { assigned: n - unassigned, unassigned }),
      ...(by === 'overlap' && !inputsOnly ? { straddlers } : {}),
      hierarchyProblems: hierarchy.problems.length,
      workers: poolSize,
      timingsMs,
      cpuTimingsMs,
      inputs: { file: inputsPath, made: fresh },
      ...(inputsOnly ? {} : { out: flags.out }),
    });
    return problems === 0 ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The assignments CSV; returns the number of buildings in no grid. Overlap mode adds the share inside the L3 grid. */
function writeAssignments(
  out: string,
  buildingIds: string[],
  cellOfBuilding: Int32Array,
  share: Float32Array | null,
  ids: string[],
  hierarchy: ReturnType<typeof buildHierarchy>,
): number {
  const l3Feature = hierarchy.l3;
  const idOr = (i: number) => (i >= 0 ? ids[i] : '');
  let unassigned = 0;
  const fd = openSync(out, 'w');
  try {
    const header = ['building_id', 'l3_id', 'l2_id', 'l1_id', ...(share ? ['share'] : [])];
    const rows = csvChunks(header, cellOfBuilding.length, (b) => {
      const c = cellOfBuilding[b];
      const extra = share ? [c < 0 ? '' : Number(share[b].toFixed(4))] : [];
      if (c < 0) {
        unassigned++;
        return [buildingIds[b], '', '', '', ...extra];
      }
      return [buildingIds[b], ids[l3Feature[c]], idOr(hierarchy.l3ToL2[c]), idOr(hierarchy.l3ToL1[c]), ...extra];
    });
    for (const chunk of rows) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return unassigned;
}
