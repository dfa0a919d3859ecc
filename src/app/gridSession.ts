// Grid mode's live data on one viewer: the join pool and the latest building -> grid join, started on the first
// entry into grid mode once the city is loaded, and the boundary editor, started once that first join is done.
// What the join needs before assigning (the pool, the grid's index, the join-inputs file) is prepared as soon as the
// whole city is drawn, so entering grid mode only assigns the buildings and counts them.
import type { Viewer } from 'cesium';
import { background } from '../core/util/background';
import { cityFileUrl } from '../io/cityFileUrl';
import type { CityScene } from '../scene/cityScene';
import type { PageOptions } from '../state/pageOptions';
import { actions, type AppStore } from '../state/store';
import { createGridEditWorker, startGridEditor, type GridEditor } from './gridEdit/editor';
import { prepareGridJoin, runGridJoin, startJoinPool, type GridJoinResult, type JoinBuildingSource, type PreparedJoin } from './gridJoin';
import type { LoadedCity } from './loadCity';
import { whenProbed } from './server/serverSession';
import { track, type Workers } from './workers';

export interface GridSession {
  city: LoadedCity | null;
  pool: ReturnType<typeof startJoinPool> | null;
  join: Promise<GridJoinResult> | null;
  /** The boundary editor, started once the first join is done. */
  editor: GridEditor | null;
  /** The city is loaded: the join starts now if the page is in grid mode. */
  cityLoaded(city: LoadedCity): void;
  stop(): void;
}

const nextTask = () => new Promise((ok) => setTimeout(ok, 0));

export function createGridSession(
  viewer: Viewer,
  scene: CityScene,
  store: AppStore,
  workers: Workers,
  options: Pick<PageOptions, 'manifestUrl' | 'canEditGrids'>,
): GridSession {
  const abort = new AbortController();
  const grid: GridSession = {
    city: null,
    pool: null,
    join: null,
    editor: null,
    cityLoaded(city) {
      grid.city = city;
      ensureJoin();
      // Prepared once the whole city is drawn: the preparation's work does not slow the city's first frames.
      if (store.getState().load.phase === 'ready') prepare();
      else
        stopPrepareWatch = store.subscribe((s) => {
          if (s.load.phase !== 'ready') return;
          stopPrepareWatch();
          setTimeout(prepare, 0);
        });
    },
    stop() {
      abort.abort();
      grid.editor?.stop();
      grid.pool?.terminate();
      stopModeWatch();
      stopPrepareWatch();
    },
  };
  let stopPrepareWatch = () => {};
  let prepared: Promise<PreparedJoin> | null = null;

  /** Starts the pool and the join's preparation, once (a failure is reported by the join that awaits it). */
  function prepare(): void {
    if (prepared || !grid.city || abort.signal.aborted) return;
    const { pool } = (grid.pool = startJoinPool());
    prepared = prepareGridJoin(pool, grid.city.grids, buildingSource(grid.city));
    prepared.catch(() => {});
  }

  /** The join's view of the loaded buildings: their count, the city's join-inputs file, columns and ids on request. */
  function buildingSource(city: LoadedCity): JoinBuildingSource {
    const inputs = store.getState().manifest?.files.buildingJoin;
    return {
      count: city.buildings.count,
      inputsUrl: inputs ? cityFileUrl(options.manifestUrl, inputs) : null,
      columns: () => track(workers.layers.buildingStatColumns()),
      idsOf: (indices) => track(workers.layers.buildingIds(Uint32Array.from(indices))),
    };
  }

  function startEditor(first: GridJoinResult, worker: Worker, shared: boolean): void {
    const manifest = store.getState().manifest;
    if (!grid.city || !grid.pool || !manifest || abort.signal.aborted) return worker.terminate();
    const gridsUrl = cityFileUrl(options.manifestUrl, manifest.files.grids);
    grid.editor = startGridEditor({
      viewer,
      scene,
      store,
      workers,
      pool: grid.pool.pool,
      join: first,
      gridsUrl,
      roadsUrl: manifest.files.roads ? cityFileUrl(options.manifestUrl, manifest.files.roads) : null,
      // An imported grid's edits are kept under its content, so importing the same file again finds them.
      key: store.getState().replaced.grids?.key ?? gridsUrl,
      // Server mode: who may edit is the signed-in role's (the panel's gate, the server's check), not ?role=.
      canEdit: shared || options.canEditGrids,
      shared,
      worker,
      setJoin: (next) => {
        grid.join = Promise.resolve(next);
      },
    });
  }

  function ensureJoin(): void {
    if (grid.join || !grid.city || store.getState().mode !== 'grid') return;
    prepare();
    if (!prepared || !grid.pool) return;
    const run = runGridJoin(grid.pool.pool, workers.layers, prepared, buildingSource(grid.city), store, abort.signal);
    const join = run.then((r) => r.result);
    grid.join = join;
    background(
      run.then(
        ({ lists }) =>
          lists.catch((err: Error) => {
            if (err.name !== 'AbortError') actions.joinFailed(store, err.message);
          }),
        () => {}, // reported below
      ),
      'listing the unassigned and straddling buildings',
    );
    // The editor's worker starts loading while the join runs, in a task of its own.
    const editWorker = new Promise<Worker>((ok) => setTimeout(() => ok(createGridEditWorker()), 0));
    join.catch((err: Error) => {
      actions.joinFailed(store, err.message);
      background(
        editWorker.then((worker) => worker.terminate()),
        "stopping the grid editor's worker",
      );
    });
    // The editor starts in a task of its own, not in the one that publishes the statistics; a failed join is
    // reported by the catch above.
    background(
      Promise.all([join, editWorker, join.then(nextTask), whenProbed(store)]).then(
        ([first, worker, , mode]) => startEditor(first, worker, mode === 'server' && !store.getState().replaced.grids),
        () => {},
      ),
      'starting the grid editor',
    );
  }

  // In a task of its own: the join's start does not lengthen the task that renders the mode switch.
  const stopModeWatch = store.subscribe((s, prev) => {
    if (s.mode !== prev.mode) setTimeout(ensureJoin, 0);
  });
  return grid;
}
