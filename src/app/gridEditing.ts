// Grid mode's editor: edit records go to the grid-editing worker, then to the IndexedDB journal, and
// only then does the page show them (log, counts, the redrawn grid). Undo/redo walk the journal's
// cursor; a reload replays it. Mouse input arrives from scene/gridEditInput.
import { transfer, wrap, type Remote } from 'comlink';
import type { Viewer } from 'cesium';
import type { GridOp } from '../core/grid/gridOp';
import { copyPolygonBuffers } from '../core/geom/packed';
import { createGridsLayer } from '../scene/layers/gridsLayer';
import { createGridEditLayer } from '../scene/layers/gridEditLayer';
import { GRAB_PX, installGridEditInput, type GroundPoint } from '../scene/gridEditInput';
import { flyToPoint, setTopDownView } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { actions, EMPTY_OVERLAY, type AppStore, type GridEditLogRecord, type GridTool } from '../state/store';
import type { CellRecord, EditOutcome, GridEditApi, GridSource } from '../../workers/gridEdit.worker';
import type { JoinPool } from '../../workers/joinPool';
import { downloadText } from './download';
import { openGridJournal, type GridJournal, type JournalEntry } from './gridJournal';
import { selectGrid, type GridJoinResult } from './gridJoin';
import type { LoadedCity } from './loadCity';
import { track, type Workers } from './workers';

export interface GridEditContext {
  viewer: Viewer;
  scene: CityScene;
  store: AppStore;
  workers: Workers;
  city: LoadedCity;
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
  exportGrid(): Promise<void>;
  exportLog(): void;
  chooseImport(file: File): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  /** Drops a journal that no longer fits the grid file and starts over from the file. */
  startOver(): Promise<void>;
  stop(): void;
}

const CRS = 'EPSG:4490';
const DRAPE_STEP_M = 40;
const WHO_KEY = 'cim.gridEditor';
const SNAP_ROADS_KEY = 'cim.gridEditor.snapRoads';

/** An edit's scalar fields (its lines and coordinates are in `text`). */
const opNames = (op: GridOp): GridEditLogRecord['what'] =>
  Object.fromEntries(
    Object.entries(op).filter(([, v]) => v === null || typeof v === 'string' || typeof v === 'number'),
  ) as GridEditLogRecord['what'];
const logRecord = (e: JournalEntry): GridEditLogRecord => ({
  seq: e.seq,
  what: opNames(e.op),
  text: e.text,
  who: e.who,
  atMs: e.atMs,
  cells: e.cells,
  moved: e.moved,
});

/** Handles of a cell: each node once, with its lon/lat. */
function handlesOf(cell: CellRecord): { node: number; lonLat: [number, number] }[] {
  const seen = new Set<number>();
  const out: { node: number; lonLat: [number, number] }[] = [];
  cell.nodes.forEach((ring, r) =>
    ring.forEach((node, i) => {
      if (seen.has(node)) return;
      seen.add(node);
      out.push({ node, lonLat: [cell.rings[r][i * 2], cell.rings[r][i * 2 + 1]] });
    }),
  );
  return out;
}

/** The cells' rings with `node` moved to lonLat (a drag's preview). */
function movedRings(cells: CellRecord[], node: number, lonLat: [number, number]): number[][] {
  return cells.flatMap((c) =>
    c.rings.map((ring, r) => {
      const out = ring.slice();
      c.nodes[r].forEach((n, i) => {
        if (n === node) [out[i * 2], out[i * 2 + 1]] = lonLat;
      });
      out.push(out[0], out[1]);
      return out;
    }),
  );
}

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
  return new Worker(new URL('../../workers/gridEdit.worker.ts', import.meta.url), { type: 'module', name: 'grid-edit' });
}

export function startGridEditor(ctx: GridEditContext): GridEditor {
  const { viewer, scene, store, workers, city, pool, worker } = ctx;
  const api: Remote<GridEditApi> = wrap<GridEditApi>(worker);
  const set = (patch: Parameters<typeof actions.setGridEdit>[1]) => actions.setGridEdit(store, patch);
  const overlay = (patch: Parameters<typeof actions.setGridOverlay>[1]) => actions.setGridOverlay(store, patch);
  let journal: GridJournal | null = null;
  let entries: JournalEntry[] = [];
  let cursor = 0;
  let base: GridSource = { kind: 'url', url: ctx.gridsUrl };
  let current = ctx.join;
  /** What to run again once storage works (a paused edit, undo or redo). */
  let pending: (() => Promise<void>) | null = null;
  let importFeatures: GridSource | null = null;
  let cell: CellRecord | null = null;
  let drag: { node: number; cells: CellRecord[] | null; last: GroundPoint | null } | null = null;
  let split: { points: [number, number][]; lonLat: number[] } | null = null;
  let busy = Promise.resolve();
  const editLayer = createGridEditLayer(viewer);
  scene.add('gridEdit', editLayer);
  const who = new URLSearchParams(location.search).get('user') ?? localStorage.getItem(WHO_KEY) ?? '';
  set({ phase: 'loading', who, readOnly: ctx.canEdit ? null : 'role', snapRoads: localStorage.getItem(SNAP_ROADS_KEY) === '1' });
  if (ctx.roadsUrl) void track(api.setRoads(ctx.roadsUrl)).catch((err: Error) => set({ refused: err.message }));

  const toRoads = () => store.getState().gridEdit.snapRoads;
  const applyInWorker = (op: GridOp) => track(api.apply(op) as Promise<EditOutcome>);
  const editable = () => {
    const s = store.getState();
    return s.mode === 'grid' && s.gridEdit.phase === 'ready' && s.gridEdit.readOnly === null && s.gridEdit.paused === null;
  };
  /** Edits run one at a time, in the order they were made. */
  const serial = (fn: () => Promise<void>): Promise<void> => {
    busy = busy.then(fn).catch((err: Error) => set({ refused: err.message }));
    return busy;
  };

  // The working grid's layer, join and statistics replace the file's; one rebuild runs at a time and
  // edits made meanwhile are drawn by the next.
  let publishing: Promise<void> | null = null;
  let publishAgain = false;
  async function publishOnce(): Promise<void> {
    const showing = cursor;
    const { grids, hierarchy, cellOfBuilding } = await track(api.layer());
    const rings = await track(workers.dem.drape(grids.polygons.coords.slice(), grids.polygons.ringStart.slice(), DRAPE_STEP_M, true));
    const layer = createGridsLayer(viewer, grids, rings);
    await whenReady(viewer, layer.ready);
    scene.add('grids', layer);
    const l3 = cellOfBuilding ?? new Int32Array(city.buildings.polygons.ids.length).fill(-1);
    const gridCopy = {
      polygons: { ...copyPolygonBuffers(grids.polygons), ids: grids.polygons.ids },
      level: grids.level.slice(),
      parentId: grids.parentId,
    };
    await track(pool.setGridLayer(gridCopy, CRS));
    const stats = await track(
      pool.stats({
        hierarchy,
        l3OfBuilding: l3,
        floors: city.buildings.floors,
        use: { codes: city.buildings.useIndex, table: city.buildings.useCodes },
      }),
    );
    const overlap = await track(pool.assignOverlap());
    const buildingPalette = await track(pool.palette(l3));
    const ids = city.buildings.polygons.ids;
    current = { ...current, hierarchy, cellOfBuilding: l3, stats, grids };
    ctx.setJoin(current);
    const s = store.getState();
    store.setState({
      join: { ...s.join, assigned: l3.length - stats.unassigned.length, unassigned: stats.unassigned.length },
      buildingPalette,
      unassigned: Array.from(stats.unassigned, (index) => ({ index, id: ids[index] })),
      straddlers: Array.from(overlap.straddlers, (index) => ({ index, id: ids[index], share: overlap.share[index] })),
    });
    const selectedId = s.selectedGrid?.id;
    if (selectedId) {
      const g = grids.polygons.ids.indexOf(selectedId);
      selectGrid(store, current, g >= 0 ? g : null);
    }
    set({ shown: showing });
  }
  function publish(): Promise<void> {
    if (publishing) {
      publishAgain = true;
      return publishing;
    }
    publishing = (async () => {
      do {
        publishAgain = false;
        await publishOnce();
      } while (publishAgain);
    })().finally(() => (publishing = null));
    return publishing;
  }

  async function showCell(id: string | null): Promise<void> {
    cell = id ? await api.cell(id) : null;
    set({ cell: cell && { id: cell.id, name: cell.name, parentId: cell.parentId, areaM2: cell.areaM2 } });
    overlay({ handles: cell ? handlesOf(cell) : [], cellRings: cell ? cell.rings.map((r) => [...r, r[0], r[1]]) : [] });
  }

  async function load(): Promise<void> {
    if (!journal) return;
    const { session, entries: stored } = await journal.load();
    base = session?.base ?? { kind: 'url', url: ctx.gridsUrl };
    const opened = await track(api.open(base, CRS, current.zone));
    if (session && session.fingerprint !== opened.fingerprint) {
      set({ phase: 'error', error: 'journal-mismatch' });
      return;
    }
    if (!session && journal.writable && ctx.canEdit)
      await journal.reset({ key: ctx.key, fingerprint: opened.fingerprint, base, cursor: 0 });
    entries = stored;
    cursor = session?.cursor ?? 0;
    const replay = await track(api.replay(entries.slice(0, cursor).map((e) => e.op)));
    if (replay.error) {
      set({ phase: 'error', error: `edit ${replay.applied + 1} of the journal no longer applies: ${replay.error}` });
      return;
    }
    const points = current.points.slice();
    await track(api.setBuildings(transfer(points, [points.buffer])));
    set({
      phase: 'ready',
      cursor,
      log: entries.map(logRecord),
      restored: cursor,
      problems: opened.problems,
      refused: null,
      readOnly: !ctx.canEdit ? 'role' : journal.writable ? null : 'other-tab',
    });
    overlay({ markers: opened.problems.flatMap((p) => (p.location ? [p.location] : [])) });
    if (cursor > 0 || base.kind === 'features' || entries.length > 0) await publish();
    else set({ shown: 0 });
    await showCell(cell?.id ?? null);
  }

  /** The page learns of an edit only after the journal has it; a failed write takes it back and pauses. */
  async function applyAndLog(op: GridOp): Promise<boolean> {
    const outcome = await applyInWorker(op);
    if (!outcome.ok) {
      set({ refused: outcome.problem.message });
      if (outcome.problem.location) overlay({ snap: { lonLat: outcome.problem.location, kind: 'free' } });
      return false;
    }
    const record = {
      op,
      inverse: outcome.inverse,
      text: outcome.text,
      who: store.getState().gridEdit.who || '—',
      atMs: Date.now(),
      cells: outcome.cells,
      moved: outcome.moved.count,
    };
    try {
      const entry = await journal!.append(record, cursor);
      entries = [...entries.slice(0, cursor), entry];
      cursor++;
    } catch (err) {
      await applyInWorker(outcome.inverse);
      pending = () => serial(async () => void (await applyAndLog(op)));
      set({ paused: (err as Error).message });
      return false;
    }
    const ids = city.buildings.polygons.ids;
    set({
      cursor,
      log: entries.map(logRecord),
      refused: null,
      lastMoved: { count: outcome.moved.count, list: outcome.moved.list.map((m) => ({ ...m, id: ids[m.building] })) },
    });
    void publish();
    return true;
  }

  /** Undo (step -1) or redo (+1): the journal's cursor moves first, then the page. */
  async function step(delta: -1 | 1): Promise<void> {
    const entry = delta < 0 ? entries[cursor - 1] : entries[cursor];
    if (!entry) return;
    const outcome = await applyInWorker(delta < 0 ? entry.inverse : entry.op);
    if (!outcome.ok) {
      set({ refused: outcome.problem.message });
      return;
    }
    try {
      await journal!.setCursor(cursor + delta);
    } catch (err) {
      await applyInWorker(outcome.inverse);
      pending = () => serial(() => step(delta));
      set({ paused: (err as Error).message });
      return;
    }
    cursor += delta;
    const ids = city.buildings.polygons.ids;
    set({
      cursor,
      refused: null,
      lastMoved: { count: outcome.moved.count, list: outcome.moved.list.map((m) => ({ ...m, id: ids[m.building] })) },
    });
    await showCell(cell?.id ?? null);
    void publish();
  }

  const clearTransient = () => {
    drag = null;
    split = null;
    overlay({ preview: [], snap: null, hoverEdge: null, hoverRings: [] });
  };

  // Cursor queries: one in flight, the latest position wins.
  let hoverBusy = false;
  let hoverNext: GroundPoint | null = null;
  async function hover(p: GroundPoint): Promise<void> {
    if (hoverBusy) {
      hoverNext = p;
      return;
    }
    hoverBusy = true;
    try {
      const tool = store.getState().gridEdit.tool;
      if (tool === 'split' && split) {
        const s = await api.snap(p.lonLat, p.tolM, -1, toRoads());
        overlay({ preview: [[...split.lonLat, ...s.lonLat]], snap: { lonLat: s.lonLat, kind: s.kind } });
      } else {
        const h = await api.hover(p.lonLat, p.tolM);
        overlay({
          hoverEdge: h?.line ?? null,
          hoverRings: h ? h.cells.flatMap((c) => c.rings.map((r) => [...r, r[0], r[1]])) : [],
          snap: h && (tool === 'insert' || tool === 'split') ? { lonLat: h.at, kind: 'edge' } : null,
        });
      }
    } finally {
      hoverBusy = false;
      const next = hoverNext;
      hoverNext = null;
      if (next) void hover(next);
    }
  }

  async function click(p: GroundPoint, node: number | null): Promise<void> {
    const tool = store.getState().gridEdit.tool;
    // Select: the page's pick handler selects the grid (a building's, or the one under the click) and calls showCell.
    if (tool === 'select') return;
    if (tool === 'insert') {
      const h = await api.hover(p.lonLat, p.tolM);
      if (!h) return set({ refused: 'hint:insert_miss' });
      await serial(async () => void (await applyAndLog({ type: 'insertVertex', edge: h.edge, index: h.index, at: h.xy })));
      await showCell(cell?.id ?? null);
      return;
    }
    if (tool === 'delete') {
      const snapped = node === null ? await api.snap(p.lonLat, p.tolM) : null;
      const target = node ?? (snapped?.kind === 'node' ? snapped.node : null);
      if (target === null) return set({ refused: 'hint:delete_miss' });
      await serial(async () => void (await applyAndLog({ type: 'deleteVertex', node: target })));
      await showCell(cell?.id ?? null);
      return;
    }
    if (tool === 'merge') {
      if (!cell) return set({ refused: 'hint:selectFirst' });
      const other = await api.cellAt(p.lonLat);
      if (!other || other.id === cell.id) return;
      const keep = cell.id;
      await serial(async () => void (await applyAndLog({ type: 'mergeCells', keep, remove: other.id })));
      await showCell(keep);
      return;
    }
    // Split: the line starts and ends on the cell's boundary (snapped); points between are free.
    if (!cell) return set({ refused: 'hint:selectFirst' });
    const s = await api.snap(p.lonLat, p.tolM, -1, toRoads());
    // A split line starts and ends on the cell's boundary; points between (free or on a road) are its bends.
    const onBoundary = s.kind === 'node' || s.kind === 'edge';
    if (!split) {
      if (!onBoundary) return set({ refused: 'hint:splitStart' });
      split = { points: [s.xy], lonLat: [...s.lonLat] };
      overlay({ preview: [split.lonLat.slice()] });
      return;
    }
    split.points.push(s.xy);
    split.lonLat.push(...s.lonLat);
    if (!onBoundary) {
      overlay({ preview: [split.lonLat.slice()] });
      return;
    }
    const line = split.points;
    const target = cell.id;
    clearTransient();
    const fresh = await api.newCellId(target);
    await serial(async () => void (await applyAndLog({ type: 'splitCell', cell: target, line, newId: fresh.id, newName: fresh.name })));
    await showCell(target);
  }

  const stopInput = installGridEditInput(viewer, {
    active: editable,
    handleAt: (position) => editLayer.handleAt(position, GRAB_PX),
    hover: (p) => void (drag ? undefined : hover(p)),
    click: (p, node) => void click(p, node).catch((err: Error) => set({ refused: err.message })),
    dragStart(node) {
      if (store.getState().gridEdit.tool !== 'select' || !cell) return false;
      drag = { node, cells: null, last: null };
      void api.incident(node).then((cells) => {
        if (drag?.node === node) drag.cells = cells;
      });
      return true;
    },
    drag(p) {
      const d = drag;
      if (!d) return;
      d.last = p;
      void api.snap(p.lonLat, p.tolM, d.node, toRoads()).then((s) => {
        if (drag !== d || !d.cells) return;
        overlay({ preview: movedRings(d.cells, d.node, s.lonLat), snap: { lonLat: s.lonLat, kind: s.kind } });
      });
    },
    dragEnd(p) {
      const d = drag;
      clearTransient();
      const end = p ?? d?.last;
      if (!d || !end) return;
      void serial(async () => {
        const s = await api.snap(end.lonLat, end.tolM, d.node, toRoads());
        await applyAndLog({ type: 'moveVertex', node: d.node, to: s.xy });
        await showCell(cell?.id ?? null);
      });
    },
  });

  const stopModeWatch = store.subscribe((s, prev) => {
    if (s.mode !== prev.mode && s.mode !== 'grid') {
      clearTransient();
      if (s.gridEdit.view2d) editor.setView2d(false);
    }
    if (s.gridEdit.tool !== prev.gridEdit.tool) clearTransient();
  });

  void (async () => {
    try {
      journal = await openGridJournal(ctx.key, { edit: ctx.canEdit });
      journal.onRemoteChange(() => void serial(load));
      journal.onWritable(() => void serial(load));
      await serial(load);
    } catch (err) {
      set({ phase: 'error', error: (err as Error).message });
    }
  })();

  const editor: GridEditor = {
    undo: () => (editable() ? serial(() => step(-1)) : Promise.resolve()),
    redo: () => (editable() ? serial(() => step(1)) : Promise.resolve()),
    rename: (id, name) =>
      editable()
        ? serial(async () => void (await applyAndLog({ type: 'rename', id, name }))).then(() => showCell(cell?.id ?? null))
        : Promise.resolve(),
    moveToParent: (c, parentId) =>
      editable()
        ? serial(async () => void (await applyAndLog({ type: 'moveCellToParent', cell: c, parentId }))).then(() =>
            showCell(cell?.id ?? null),
          )
        : Promise.resolve(),
    showCell,
    parents() {
      const g = current.grids;
      const out: { id: string; name: string }[] = [];
      for (let f = 0; f < g.level.length; f++) if (g.level[f] === 2) out.push({ id: g.polygons.ids[f], name: g.names[f] });
      return out;
    },
    flyTo(lonLat) {
      flyToPoint(viewer, lonLat[0], lonLat[1], 0, 600);
    },
    setTool(tool) {
      set({ tool, refused: null });
    },
    setView2d(on) {
      setTopDownView(viewer, on);
      set({ view2d: on });
    },
    setSnapRoads(on) {
      localStorage.setItem(SNAP_ROADS_KEY, on ? '1' : '0');
      set({ snapRoads: on });
    },
    setWho(name) {
      localStorage.setItem(WHO_KEY, name);
      set({ who: name });
    },
    cancel: clearTransient,
    async retry() {
      const run = pending;
      pending = null;
      set({ paused: null });
      if (run) await run();
    },
    async exportGrid() {
      const text = await api.exportGeoJson();
      downloadText('grids-edited.geojson', text, 'application/geo+json');
    },
    exportLog() {
      const log = {
        grid: ctx.key,
        exportedAt: new Date().toISOString(),
        cursor,
        entries: entries.map((e) => ({ ...e, at: new Date(e.atMs).toISOString(), undone: e.seq >= cursor })),
      };
      downloadText('grid-edit-log.json', JSON.stringify(log, null, 2));
    },
    async chooseImport(file) {
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const checked = await track(api.checkImport(transfer(bytes, [bytes.buffer]), file.name, CRS, current.zone));
        importFeatures = { kind: 'features', name: file.name, features: checked.features };
        set({ importCandidate: { name: file.name, cells: checked.cells, problems: checked.problems } });
      } catch (err) {
        set({ refused: (err as Error).message });
      }
    },
    confirmImport: () =>
      serial(async () => {
        const source = importFeatures;
        importFeatures = null;
        set({ importCandidate: null });
        if (!source || !journal || !editable()) return;
        const opened = await track(api.open(source, CRS, current.zone));
        try {
          await journal.reset({ key: ctx.key, fingerprint: opened.fingerprint, base: source, cursor: 0 });
        } catch (err) {
          set({ paused: (err as Error).message });
          return load();
        }
        await load();
        await publish();
      }),
    cancelImport() {
      importFeatures = null;
      set({ importCandidate: null });
    },
    startOver: () =>
      serial(async () => {
        if (!journal) return;
        const opened = await track(api.open({ kind: 'url', url: ctx.gridsUrl }, CRS, current.zone));
        await journal.reset({ key: ctx.key, fingerprint: opened.fingerprint, base: { kind: 'url', url: ctx.gridsUrl }, cursor: 0 });
        await load();
        await publish();
      }),
    stop() {
      stopInput();
      stopModeWatch();
      scene.remove('gridEdit');
      journal?.close();
      worker.terminate();
      actions.setGridOverlay(store, EMPTY_OVERLAY);
    },
  };
  return editor;
}
