// Grid mode's editor on the page: a GridEditSession wired to the comlink worker, the IndexedDB journal,
// Cesium (the grids layer, the edit layer, the camera, mouse input), localStorage and downloads. The page
// holds no building column: the layers worker hands the buildings' table to the editor's worker, which
// names the buildings an edit moves and computes the working grid's statistics.
import { transfer, wrap } from 'comlink';
import type { Viewer } from 'cesium';
import { copyPolygonBuffers } from '../../core/geom/packed';
import { background } from '../../core/util/background';
import { createGridsLayer } from '../../scene/layers/gridsLayer';
import { createGridEditLayer } from '../../scene/layers/gridEditLayer';
import { GRAB_PX, installGridEditInput } from '../../scene/gridEditInput';
import { flyToPoint, setTopDownView } from '../../scene/camera';
import type { CityScene } from '../../scene/cityScene';
import type { AppStore } from '../../state/store';
import { EMPTY_OVERLAY, gridEditActions, type GridTool } from '../../state/slices/gridEdit';
import type { GridEditApi } from '../../../workers/gridEditApi';
import type { JoinPool } from '../../../workers/joinPool';
import { downloadText } from '../download';
import { openGridJournal } from '../gridJournal';
import { gridLayerSources } from '../gridLayerSources';
import { selectGrid, type GridJoinResult } from '../gridJoin';
import { actions } from '../../state/store';
import { track, type Workers } from '../workers';
import { createGridEditPointer } from './pointer';
import { lazyPendingStore } from './pendingStore';
import { createSharedLink, type SharedEntry } from './sharedLink';
import { gridEditBlock } from '../../state/slices/session';
import { createGridEditSession, GRID_EDIT_CRS, refusalOf, type GridEditLayerData, type GridEditWorkerApi } from './session';

export interface GridEditContext {
  viewer: Viewer;
  scene: CityScene;
  store: AppStore;
  workers: Workers;
  pool: JoinPool;
  /** The join of the city's grid file. */
  join: GridJoinResult;
  /** Publishes the working grid's join for grid mode's selection and statistics. */
  setJoin(r: GridJoinResult): void;
  /** The city's grid file, and the journal's key (city and file). */
  gridsUrl: string;
  key: string;
  /** The city's road centrelines, for optional snapping (null: the city has none). */
  roadsUrl: string | null;
  /** False for the read-only role: the journal is only followed. */
  canEdit: boolean;
  /** From `createGridEditWorker`, made in a task of its own (constructing a worker costs ~10 ms). */
  worker: Worker;
  /** Server mode: the shared grid of `cim serve` instead of the city's file and this browser's journal. */
  shared: boolean;
}

export interface GridEditor {
  undo(): Promise<void>;
  redo(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  moveToParent(cell: string, parentId: string): Promise<void>;
  /** The level-2 grids (id and name), for moving a cell. */
  parents(): { id: string; name: string }[];
  /** Flies to a point (a problem's location). */
  flyTo(lonLat: [number, number]): void;
  /** Gives the L3 cell `id` vertex handles (null: none). */
  showCell(id: string | null): Promise<void>;
  setTool(tool: GridTool): void;
  setView2d(on: boolean): void;
  setSnapRoads(on: boolean): void;
  setWho(name: string): void;
  cancel(): void;
  retry(): Promise<void>;
  /** Server mode: the edit the server refused, sent again on the grid as it is now; or dropped. */
  rebase(): Promise<void>;
  dropConflict(): void;
  /** Server mode: the edits that changed grid `id`, newest first; an L3 cell given back its state at a version. */
  history(id: string): Promise<SharedEntry[]>;
  restoreCell(id: string, version: number): Promise<void>;
  exportGrid(): Promise<void>;
  exportLog(): void;
  chooseImport(file: File): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  /** Drops a journal that no longer fits the grid file and starts over from the file. */
  startOver(): Promise<void>;
  stop(): void;
}

/** Up to this many L3 cells the whole working grid is redrawn after each edit; above, the cells near the camera at once and the whole grid once edits pause. */
const WHOLE_GRID_MAX_CELLS = 5000;
/** The near-camera cells are not drawn when more than this many meet the view (too far out to edit). */
const NEAR_CELLS_MAX = 400;
const VIEW_SETTLE_MS = 250;
/** At city scale the whole working grid, its imagery and its join are redrawn once edits pause this long. */
const PUBLISH_IDLE_MS = 1500;

/** Resolves once a freshly created layer is on the GPU (its primitives build over a few frames). */
function whenReady(viewer: Viewer, ready: () => boolean): Promise<void> {
  return new Promise((ok) => {
    if (ready()) return ok();
    const remove = viewer.scene.postRender.addEventListener(() => {
      if (!ready()) return;
      remove();
      ok();
    });
    viewer.scene.requestRender();
  });
}

/** The editor's worker; the editor terminates it when stopped. */
export function createGridEditWorker(): Worker {
  return new Worker(new URL('../../../workers/gridEdit.worker.ts', import.meta.url), { type: 'module', name: 'grid-edit' });
}

export function startGridEditor(ctx: GridEditContext): GridEditor {
  const { viewer, scene, store, workers, pool, worker } = ctx;
  const api: GridEditWorkerApi = wrap<GridEditApi>(worker);
  let current = ctx.join;
  // The buildings' ids and columns go from the layers worker to the editor's worker, never through the page.
  const channel = new MessageChannel();
  background(
    Promise.all([
      track(api.receiveBuildingTable(transfer(channel.port2, [channel.port2]), current.zone)),
      track(workers.layers.sendBuildingTable(transfer(channel.port1, [channel.port1]))),
    ]),
    "handing the buildings' table to the grid editor",
  );
  const editLayer = createGridEditLayer(viewer);
  scene.add('gridEdit', editLayer);
  // At city scale the page draws only the working grid's cells near the camera, asked of the worker when the camera rests.
  const nearOnly = current.hierarchy.l3.length > WHOLE_GRID_MAX_CELLS;
  let nearAsked = 0;
  async function drawNear(view: [number, number, number, number] | null): Promise<void> {
    if (!nearOnly || !view) return;
    const asked = ++nearAsked;
    const near = await track(api.cellsNear(view, NEAR_CELLS_MAX));
    if (asked === nearAsked) editLayer.setCells(near.outlines);
  }
  const stopView = editLayer.watchView((view) => background(drawNear(view), 'drawing the grid cells near the camera'), VIEW_SETTLE_MS);

  /** Redraws the whole working grid in the grids layer (its imagery tiles, drawn in the grids worker). */
  async function drawWhole(grids: GridEditLayerData['grids']): Promise<void> {
    const layer = createGridsLayer(viewer, grids, gridLayerSources(workers));
    await whenReady(viewer, layer.ready);
    scene.add('grids', layer);
  }

  /** The working grid's drawing, join and statistics replace the file's. */
  async function drawGrid({ grids, hierarchy, cellOfBuilding, stats, unassigned }: GridEditLayerData): Promise<void> {
    // At city scale too the grid's imagery is the working grid's: an edited cell shows no old outline beneath its new one.
    await Promise.all([drawWhole(grids), nearOnly ? drawNear(editLayer.viewLonLat()) : null]);
    const l3 = cellOfBuilding ?? new Int32Array(current.cellOfBuilding.length).fill(-1);
    const gridCopy = {
      polygons: { ...copyPolygonBuffers(grids.polygons), ids: grids.polygons.ids },
      level: grids.level.slice(),
      parentId: grids.parentId,
    };
    await track(pool.setGridLayer(gridCopy, GRID_EDIT_CRS));
    const overlap = await track(pool.assignOverlap());
    const straddlerIds = await track(api.buildingIds(overlap.straddlers));
    const buildingPalette = await track(pool.palette(l3));
    current = { ...current, hierarchy, cellOfBuilding: l3, stats: stats ?? current.stats, grids };
    ctx.setJoin(current);
    const named = (index: number, id: string | null) => id ?? `#${index}`;
    actions.joinRedone(
      store,
      l3.length,
      buildingPalette,
      unassigned.map((u) => ({ index: u.index, id: named(u.index, u.id) })),
      Array.from(overlap.straddlers, (index, k) => ({ index, id: named(index, straddlerIds[k]), share: overlap.share[index] })),
    );
    const selectedId = store.getState().selectedGrid?.id;
    if (selectedId) {
      const g = grids.polygons.ids.indexOf(selectedId);
      selectGrid(store, current, g >= 0 ? g : null);
    }
  }

  const session = createGridEditSession({
    store,
    api,
    openJournal: () => openGridJournal(ctx.key, { edit: ctx.canEdit }),
    layers: {
      drawGrid,
      showEdit: () => background(drawNear(editLayer.viewLonLat()), 'drawing the edited cells near the camera'),
      flyTo: (lonLat) => flyToPoint(viewer, lonLat[0], lonLat[1], 0, 600),
      setTopDown: (on) => setTopDownView(viewer, on),
    },
    storage: localStorage,
    download: downloadText,
    gridsUrl: ctx.gridsUrl,
    key: ctx.key,
    roadsUrl: ctx.roadsUrl,
    canEdit: ctx.canEdit,
    zone: current.zone,
    points: current.points,
    user: new URLSearchParams(location.search).get('user'),
    publishIdleMs: nearOnly ? PUBLISH_IDLE_MS : 0,
    track,
    ownCopy: (points) => {
      const copy = points.slice();
      return transfer(copy, [copy.buffer]);
    },
    shared: ctx.shared
      ? {
          link: createSharedLink({ csrf: () => store.getState().session.csrf }),
          pending: lazyPendingStore(`${location.origin}|grid`),
          who: store.getState().session.user?.name ?? '—',
          newId: () => crypto.randomUUID(),
        }
      : undefined,
    fileJoin: () => {
      const { hierarchy, grids, cellOfBuilding } = ctx.join;
      const cellOfPoint = cellOfBuilding.slice();
      return transfer({ l3Ids: Array.from(hierarchy.l3, (f) => grids.polygons.ids[f]), cellOfPoint }, [cellOfPoint.buffer]);
    },
  });
  const pointer = createGridEditPointer(session);
  background(
    session.ready.then(() => drawNear(editLayer.viewLonLat())),
    'drawing the grid cells near the camera',
  );

  const stopInput = installGridEditInput(viewer, {
    // The session's own state, and in server mode a signed-in role that may edit (the server checks the scope).
    active: () => session.editable() && gridEditBlock(store.getState()) === null,
    handleAt: (position) => editLayer.handleAt(position, GRAB_PX),
    hover: pointer.hover,
    click: (p, node) => background(pointer.click(p, node), 'grid editor click'),
    dragStart: pointer.dragStart,
    drag: pointer.drag,
    dragEnd: (p) => background(pointer.dragEnd(p), 'grid editor drag'),
  });

  const stopModeWatch = store.subscribe((s, prev) => {
    if (s.mode !== prev.mode && s.mode !== 'grid') {
      pointer.cancel();
      if (s.gridEdit.view2d) session.setView2d(false);
    }
    if (s.gridEdit.tool !== prev.gridEdit.tool) pointer.cancel();
    if (s.session.user?.name !== prev.session.user?.name) background(session.relink(), 'following the shared grid as the signed-in user');
  });

  return {
    undo: session.undo,
    redo: session.redo,
    rename: session.rename,
    moveToParent: session.moveToParent,
    showCell: session.showCell,
    parents() {
      const g = current.grids;
      const out: { id: string; name: string }[] = [];
      for (let f = 0; f < g.level.length; f++) if (g.level[f] === 2) out.push({ id: g.polygons.ids[f], name: g.names[f] });
      return out;
    },
    flyTo: session.flyTo,
    setTool: session.setTool,
    setView2d: session.setView2d,
    setSnapRoads: session.setSnapRoads,
    setWho: session.setWho,
    cancel: pointer.cancel,
    retry: session.retry,
    rebase: session.rebase,
    dropConflict: session.dropConflict,
    history: session.history,
    restoreCell: session.restoreCell,
    exportGrid: session.exportGrid,
    exportLog: () => session.exportLog(Date.now()),
    async chooseImport(file) {
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        await session.chooseImport(file.name, transfer(bytes, [bytes.buffer]));
      } catch (err) {
        session.set({ refused: refusalOf(err) });
      }
    },
    confirmImport: session.confirmImport,
    cancelImport: session.cancelImport,
    startOver: session.startOver,
    stop() {
      stopView();
      stopInput();
      stopModeWatch();
      session.stop();
      scene.remove('gridEdit');
      worker.terminate();
      gridEditActions.setGridOverlay(store, EMPTY_OVERLAY);
    },
  };
}
