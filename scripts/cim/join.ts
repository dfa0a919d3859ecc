// `cim join --grids F --buildings F [--by point|overlap] [--crs EPSG:xxxx] [--workers N] --out assignments.csv`:
// every building to its L3 grid and, through parentId, its L2 and L1 (房进网格).
import { availableParallelism } from 'node:os';
import { closeSync, openSync, writeSync } from 'node:fs';
import { selectPolygons } from '../../src/core/geom/packed';
import { checkInputCrs } from '../../src/core/crs/metric';
import { buildHierarchy } from '../../src/core/spatial/hierarchy';
import { csvChunks } from '../../src/io/csv';
import { stringColumn, numberColumn } from '../../src/io/packGeoJson';
import { JoinPool } from '../../workers/joinPool';
import type { JoinApi } from '../../workers/join.worker';
import { startNodeWorker } from '../workers/nodeWorker';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary } from './args';
import { readPolygonLayer } from './readLayer';
import { CGCS2000 } from '../../src/core/crs/codes';

const ms = (t0: number) => Math.round(performance.now() - t0);

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, { grids: 'string', buildings: 'string', by: 'string', crs: 'string', out: 'string', workers: 'number' });
  if (typeof flags.grids !== 'string') throw new CliError('missing --grids FILE');
  if (typeof flags.buildings !== 'string') throw new CliError('missing --buildings FILE');
  if (typeof flags.out !== 'string') throw new CliError('missing --out FILE (assignments CSV)');
  const by = String(flags.by ?? 'point');
  if (by !== 'point' && by !== 'overlap') throw new CliError(`--by must be point or overlap, got "${by}"`);
  const crs = String(flags.crs ?? CGCS2000);
  try {
    checkInputCrs(crs);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const poolSize = Math.max(1, Math.min(8, Number(flags.workers ?? Math.min(4, availableParallelism()))));
  const timingsMs = { read: 0, index: 0, join: 0, write: 0 };

  // Workers start (tsx, module load) while the files are read.
  const workers = Array.from({ length: poolSize }, () => startNodeWorker<JoinApi>('join'));
  const started = Promise.all(workers.map((w) => w.api.ping()));

  try {
    let t0 = performance.now();
    const grids = await readPolygonLayer(flags.grids);
    const buildings = await readPolygonLayer(flags.buildings);
    const buildingIds = buildings.packed.ids;
    const level = Uint8Array.from(numberColumn(grids.features, grids.sourceIndex, 'level', 0));
    const hierarchy = buildHierarchy({
      ids: grids.packed.ids,
      level,
      parentId: stringColumn(grids.features, grids.sourceIndex, 'parentId'),
    });
    timingsMs.read = ms(t0);

    // Both layers go to the workers once (transferred) and are projected there into the grids' GK zone.
    await started;
    const pool = new JoinPool(workers.map((w) => w.api));
    t0 = performance.now();
    const frame = await pool.setCells(selectPolygons(grids.packed, hierarchy.l3), crs);
    timingsMs.index = ms(t0);

    // The join phase: representative points (point mode) or footprint shares (overlap mode).
    t0 = performance.now();
    const { ids: _ids, ...geometry } = buildings.packed;
    await pool.setBuildings(geometry, crs, frame);
    let cellOfBuilding: Int32Array;
    let straddlers: { index: number; share: number }[] = [];
    let share: Float32Array | null = null;
    if (by === 'point') {
      const points = await pool.pointsOnSurface();
      cellOfBuilding = await pool.assign(points);
    } else {
      const overlap = await pool.assignOverlap();
      cellOfBuilding = overlap.cell;
      straddlers = Array.from(overlap.straddlers, (i: number) => ({ index: i, share: overlap.share[i] }));
      share = overlap.share;
    }
    timingsMs.join = ms(t0);

    t0 = performance.now();
    const l3Feature = hierarchy.l3;
    const ids = grids.packed.ids;
    const idOr = (i: number) => (i >= 0 ? ids[i] : '');
    let unassigned = 0;
    const fd = openSync(flags.out, 'w');
    try {
      // Overlap mode adds the share of the footprint inside its L3 grid (straddlers have share < 1).
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
    timingsMs.write = ms(t0);

    const problems = unassigned + hierarchy.problems.length;
    for (const p of hierarchy.problems.slice(0, 20)) process.stderr.write(`${flags.grids}: grid ${p.id}: ${p.kind}: ${p.detail}\n`);
    printSummary({
      command: 'join',
      ok: problems === 0,
      by,
      crs: frame.crs,
      buildings: cellOfBuilding.length,
      grids: { l1: level.filter((l) => l === 1).length, l2: level.filter((l) => l === 2).length, l3: hierarchy.l3.length },
      assigned: cellOfBuilding.length - unassigned,
      unassigned,
      ...(by === 'overlap' ? { straddlers: straddlers.length } : {}),
      hierarchyProblems: hierarchy.problems.length,
      workers: poolSize,
      timingsMs,
      out: flags.out,
    });
    return problems === 0 ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
