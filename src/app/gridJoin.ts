// Grid mode's data: buildings joined to the 3-level grid in the worker pool (房进网格), per-grid
// statistics, and what a grid selection highlights.
import { transfer, wrap, type Remote } from 'comlink';
import { buildingsOfGrid } from '../core/grid/gridSelection';
import { toGk } from '../core/crs/gk';
import { copyPolygonBuffers } from '../core/geom/packed';
import type { GridHierarchy } from '../core/spatial/hierarchy';
import type { MetricFrame } from '../core/crs/metric';
import type { GridStats } from '../core/spatial/gridStats';
import type { GridsData } from '../io/layerData';
import { actions, type AppStore, type GridStatsRecord } from '../state/store';
import type { JoinApi } from '../../workers/join.worker';
import type { LayersApi } from '../../workers/layers.worker';
import { JoinPool } from '../../workers/joinPool';
import { track } from './workers';
import { CGCS2000 } from '../core/crs/codes';

export interface GridJoinResult {
  hierarchy: GridHierarchy;
  /** L3 cell (index into hierarchy.l3) per building, -1 outside every grid. */
  cellOfBuilding: Int32Array;
  stats: GridStats;
  grids: GridsData;
  /** The GK zone the join ran in. */
  zone: number;
  /** Each building's representative point (x,y metres in that zone): what the grid editor re-joins. */
  points: Float64Array;
}

/** A pool sized to the machine, leaving one core to the page and Cesium. */
export function startJoinPool(): { pool: JoinPool; terminate(): void } {
  const size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  const workers = Array.from(
    { length: size },
    (_, i) => new Worker(new URL('../../workers/join.worker.ts', import.meta.url), { type: 'module', name: `join-${i}` }),
  );
  return { pool: new JoinPool(workers.map((w) => wrap<JoinApi>(w))), terminate: () => workers.forEach((w) => w.terminate()) };
}

/**
 * Main-thread slices of the join are timed as `cim:join:<step>` user-timing measures, so a benchmark
 * can show that none of them is longer than a frame.
 */
/** Lets the page handle input and paint before the next slice of main-thread work. */
const yieldToPage = () => new Promise<void>((ok) => setTimeout(ok, 0));

function slice<T>(step: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(`cim:join:${step}`, { start: t0, end: performance.now() });
  }
}

/** Times an asynchronous step of the join as the user-timing measure `cim:join-step:<step>` (benches print them). */
async function step<T>(name: string, p: Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await p;
  } finally {
    performance.measure(`cim:join-step:${name}`, { start: t0, end: performance.now() });
  }
}

/** What the join needs of the loaded buildings besides their geometry (which the layers worker sends the pool). */
export interface JoinBuildingSource {
  count: number;
  /** The city's join-inputs file (absolute URL, `files.buildingJoin` in the manifest), or null. */
  inputsUrl: string | null;
  /** Copies of the floors and use columns, for the statistics when there is no (usable) join-inputs file. */
  columns(): Promise<{ floors: Float32Array; use: { codes: Uint16Array; table: string[] } }>;
  /** The ids of the buildings at `indices`: only the listed (unassigned, straddling) buildings' ids are looked up. */
  idsOf(indices: ArrayLike<number>): Promise<string[]>;
}

/** Points and areas from the join-inputs file when there is one that fits the city and the grid's zone, else null (warned). */
async function joinInputsPoints(pool: JoinPool, source: JoinBuildingSource, zone: Promise<number>): Promise<Float64Array | null> {
  if (!source.inputsUrl) return null;
  try {
    const inputs = await pool.loadJoinInputs(source.inputsUrl, { count: source.count });
    const gridZone = await zone;
    if (inputs.zone !== gridZone) throw new Error(`${source.inputsUrl}: made in GK zone ${inputs.zone}, the grid is in zone ${gridZone}`);
    return inputs.pointsXyM;
  } catch (err) {
    console.warn(`${(err as Error).message}; the join computes the buildings' points instead`);
    return null;
  }
}

/** What the join needs before any building is assigned: the grid's index and hierarchy, and the buildings' points from the join-inputs file. */
export interface PreparedJoin {
  /** The grid layer as loaded (lon/lat), which the result hands on. */
  grids: GridsData;
  frame: MetricFrame;
  hierarchy: GridHierarchy;
  /** Each building's point (metres in frame's zone) from the join-inputs file; null without a usable one. */
  points: Float64Array | null;
}

/**
 * Builds the grid's index in the pool and fetches the join-inputs file: what does not depend on the assignment,
 * done once per city (grid mode starts it as soon as the whole city is drawn, so the click only assigns).
 */
export async function prepareGridJoin(pool: JoinPool, grids: GridsData, source: JoinBuildingSource): Promise<PreparedJoin> {
  await yieldToPage();
  // The scene keeps the lon/lat originals. The workers get copies they own: the grid layer copied here
  // (small; its hierarchy is resolved there), the buildings straight from the layers worker over a
  // channel (never copied on this thread).
  const gridCopy = slice('copy-grids', () => ({
    polygons: { ...copyPolygonBuffers(grids.polygons), ids: grids.polygons.ids },
    level: grids.level.slice(),
    parentId: grids.parentId,
  }));
  const layer = track(pool.setGridLayer(gridCopy, CGCS2000));
  // The file is fetched while the grid index is built.
  const fromFile = joinInputsPoints(
    pool,
    source,
    layer.then((l) => l.frame.zone),
  );
  const { frame, hierarchy } = await step('grid-index', layer);
  return { grids, frame, hierarchy, points: await step('inputs-file', track(fromFile)) };
}

/**
 * Runs the join off the main thread on a prepared pool, reporting progress into the store; resolves with the result
 * once the statistics are published. With a join-inputs file the buildings' points, areas, floors and use come from
 * it, and their footprints only follow for the overlap pass, whose lists (unassigned, straddling buildings) are
 * published afterwards (`lists`).
 */
export async function runGridJoin(
  pool: JoinPool,
  layers: Remote<LayersApi>,
  prepared: Promise<PreparedJoin>,
  source: JoinBuildingSource,
  store: AppStore,
  signal: AbortSignal,
): Promise<{ result: GridJoinResult; lists: Promise<void> }> {
  const total = source.count;
  actions.joinProgress(store, 0, total);
  const t0 = performance.now();
  const { grids, frame, hierarchy, points: fromFile } = await step('prepared', prepared);
  const receiveFootprints = async () => {
    const channel = new MessageChannel();
    await Promise.all([
      track(pool.receiveBuildings(channel.port2, CGCS2000, frame)),
      track(layers.sendBuildingGeometry(transfer(channel.port1, [channel.port1]))),
    ]);
  };
  let points = fromFile;
  if (!points) {
    await receiveFootprints();
    const { floors, use } = await source.columns();
    await track(pool.keepColumns(floors, use));
    points = (await track(pool.joinGeometry())).pointsXyM;
  }
  const cellOfBuilding = await step(
    'assign',
    track(
      pool.assign(points, {
        signal,
        onProgress: (donePoints, totalPoints) => slice('progress', () => actions.joinProgress(store, donePoints, totalPoints)),
      }),
    ),
  );
  // Each step posts its request in a task of its own: the last chunk's answer (and the progress render
  // it causes) and the columns the next request clones would otherwise add up to one long task.
  await yieldToPage();
  const stats = await step('stats', track(pool.stats({ hierarchy, l3OfBuilding: cellOfBuilding })));
  await yieldToPage();
  const buildingPalette = await step('palette', track(pool.palette(cellOfBuilding)));
  await yieldToPage();
  // Published in two renders with a pause between: the outcome and colours first, then the lists.
  slice('publish', () =>
    actions.joinDone(
      store,
      { totalPoints: total, unassigned: stats.unassigned.length, joinMs: Math.round(performance.now() - t0) },
      buildingPalette,
    ),
  );
  // Footprints crossing a grid boundary, from the overlap mode: the share inside their main grid.
  const lists = (async () => {
    if (fromFile) await receiveFootprints();
    if (signal.aborted) throw Object.assign(new Error('join cancelled'), { name: 'AbortError' });
    const overlap = await step('overlap', track(pool.assignOverlap()));
    const [unassignedIds, straddlerIds] = await Promise.all([source.idsOf(stats.unassigned), source.idsOf(overlap.straddlers)]);
    await yieldToPage();
    slice('publish-lists', () =>
      actions.setJoinLists(
        store,
        Array.from(stats.unassigned, (index, k) => ({ index, id: unassignedIds[k] })),
        Array.from(overlap.straddlers, (index, k) => ({ index, id: straddlerIds[k], share: overlap.share[index] })),
      ),
    );
  })();
  return { result: { hierarchy, cellOfBuilding, stats, grids, zone: frame.zone, points }, lists };
}

/** Publishes the join of an edited grid: the outcome, the grid colours and the lists, in one render. */
export function publishEditedJoin(
  store: AppStore,
  buildingIds: readonly string[],
  stats: GridStats,
  overlap: { straddlers: ArrayLike<number>; share: ArrayLike<number> },
  buildingPalette: Uint8Array,
): void {
  actions.joinRedone(
    store,
    buildingIds.length,
    buildingPalette,
    Array.from(stats.unassigned, (index) => ({ index, id: buildingIds[index] })),
    Array.from(overlap.straddlers, (index) => ({ index, id: buildingIds[index], share: overlap.share[index] })),
  );
}

/** The L3 cell (index into hierarchy.l3) under a lon/lat point, -1 outside every grid. */
export async function cellAt(pool: JoinPool, r: GridJoinResult, lonLatDeg: [number, number]): Promise<number> {
  const xyM = toGk(lonLatDeg, r.zone, false, new Float64Array(2)) as Float64Array;
  const [cell] = await pool.assign(xyM);
  return cell;
}

/** The panel record of grid feature `g`. */
export function gridStatsRecord(r: GridJoinResult, g: number): GridStatsRecord {
  const { stats, grids } = r;
  const nUse = stats.useTable.length;
  const byUse: Record<string, number> = {};
  for (let u = 0; u < nUse; u++) {
    const n = stats.useCount[g * nUse + u];
    if (n > 0) byUse[stats.useTable[u]] = n;
  }
  return {
    id: grids.polygons.ids[g],
    name: grids.names[g],
    level: grids.level[g],
    buildings: stats.buildingCount[g],
    footprintAreaM2: stats.footprintAreaM2[g],
    floorAreaM2: stats.floorAreaM2[g],
    byUse,
  };
}

/** Selects grid feature `g` (any level): the panel record and its buildings highlighted. */
export function selectGrid(store: AppStore, r: GridJoinResult, g: number | null): void {
  if (g === null || g < 0) {
    actions.clearGridSelection(store);
    return;
  }
  const level = r.grids.level[g];
  actions.selectGridRecord(store, gridStatsRecord(r, g), g, buildingsOfGrid(r.hierarchy, r.cellOfBuilding, g, level));
}
