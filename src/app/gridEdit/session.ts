// The grid editor without a page: edit records go to the grid-editing worker, then to the journal, and
// only then does the store show them (log, counts, the redrawn grid). Undo/redo walk the journal's
// cursor; a new session over the same journal replays it. Journal, worker, layers and storage are given.
import { CGCS2000 } from '../../core/crs/codes';
import type { GridOp } from '../../core/grid/gridOp';
import type { Problem } from '../../core/grid/problems';
import { background } from '../../core/util/background';
import { gridEditActions, type EditRefusal, type GridEditState, type GridOverlay } from '../../state/slices/gridEdit';
import { gridEditingOn } from '../../state/slices/session';
import type { CellRecord, EditOutcome, GridSource } from '../../../workers/gridEditApi';
import type { GridJournal, JournalEntry } from './journal';
import { createGridPublisher } from './publisher';
import { closedRings, handlesOf, logRecord } from './records';
import type { PendingStore, SharedEditor } from './shared';
import { openSharedGrid } from './sharedSession';
import type { SharedGridLink } from './sharedLink';
import type {
  GridEditWorkerApi,
  GridEditLayerData,
  GridEditLayers,
  KeyValueStorage,
  GridEditSessionStore,
  GridEditSessionDeps,
  GridEditCore,
  GridEditSession,
} from './sessionTypes';

export type {
  GridEditWorkerApi,
  GridEditLayerData,
  GridEditLayers,
  KeyValueStorage,
  GridEditSessionStore,
  GridEditSessionDeps,
  GridEditCore,
  GridEditSession,
};

export const GRID_EDIT_CRS = CGCS2000;
export const WHO_KEY = 'cim.gridEditor';
export const SNAP_ROADS_KEY = 'cim.gridEditor.snapRoads';
export const refusalOf = (err: unknown): EditRefusal => ({ kind: 'failed', params: { message: (err as Error).message } });
export const problemRefusal = (problem: Problem): EditRefusal => ({ kind: 'problem', params: { problem } });

export function createGridEditSession(deps: GridEditSessionDeps): GridEditSession {
  const { store, api, storage, layers } = deps;
  const track = deps.track ?? (<T>(p: Promise<T>) => p);
  const set = (patch: Partial<GridEditState>) => gridEditActions.setGridEdit(store, patch);
  const overlay = (patch: Partial<GridOverlay>) => gridEditActions.setGridOverlay(store, patch);
  const fileSource: GridSource = { kind: 'url', url: deps.gridsUrl };
  let journal: GridJournal | null = null;
  let entries: JournalEntry[] = [];
  let cursor = 0;
  /** What to run again once storage works (a paused edit, undo or redo). */
  let pending: (() => Promise<void>) | null = null;
  let importFeatures: GridSource | null = null;
  let cell: CellRecord | null = null;
  let busy = Promise.resolve();
  let stopped = false;
  let shared: SharedEditor | null = null;

  const who = deps.user ?? storage.getItem(WHO_KEY) ?? '';
  set({ phase: 'loading', who, readOnly: deps.canEdit ? null : 'role', snapRoads: storage.getItem(SNAP_ROADS_KEY) === '1' });
  if (deps.roadsUrl)
    background(
      track(api.setRoads(deps.roadsUrl)).catch((err) => set({ refused: refusalOf(err) })),
      'loading roads',
    );

  const applyInWorker = (op: GridOp): Promise<EditOutcome> => track(api.apply(op));
  const editable = () => {
    const s = store.getState();
    return s.mode === 'grid' && gridEditingOn(s);
  };
  const serial = (fn: () => Promise<void>): Promise<void> => {
    busy = busy.then(fn).catch((err) => set({ refused: refusalOf(err) }));
    return busy;
  };
  const movedList = (outcome: Extract<EditOutcome, { ok: true }>) => ({
    count: outcome.moved.count,
    list: outcome.moved.list.map((m) => ({ ...m, id: m.id ?? `#${m.building}` })),
  });

  // The working grid is redrawn by one rebuild at a time; edits made meanwhile are drawn by the next.
  const publisher = createGridPublisher(
    async () => {
      const showing = cursor;
      await layers.drawGrid(await track(api.layer()));
      set({ shown: showing });
    },
    deps.publishIdleMs ?? 0,
    () => stopped,
  );
  const publish = publisher.publish;
  function editShown(): void {
    publisher.edited();
    layers.showEdit?.();
  }

  async function showCell(id: string | null): Promise<void> {
    cell = id ? await api.cell(id) : null;
    set({ cell: cell && { id: cell.id, name: cell.name, parentId: cell.parentId, areaM2: cell.areaM2 } });
    overlay({ handles: cell ? handlesOf(cell) : [], cellRings: cell ? closedRings(cell.rings) : [] });
  }

  /** Server mode: the server's base file, its log replayed, then this editor's pending edits; then live. */
  async function loadShared(link: SharedGridLink, pendingStore: PendingStore, newId: () => string): Promise<void> {
    const opened = await openSharedGrid(
      { deps, api, track, set, overlay, serial, apply: applyInWorker, changed: sharedChanged },
      link,
      pendingStore,
      newId,
    );
    if (!opened) return;
    shared = opened.editor;
    await shared.start(opened.version, opened.entries);
    await publish();
    await showCell(cell?.id ?? null);
  }

  function sharedChanged(): void {
    editShown();
    background(publish(), 'drawing the shared grid');
    background(showCell(cell?.id ?? null), 'showing the edited cell');
  }

  async function load(): Promise<void> {
    if (!journal) return;
    const { session, entries: stored } = await journal.load();
    const base = session?.base ?? fileSource;
    const opened = await track(api.open(base, GRID_EDIT_CRS, deps.zone));
    if (session && session.fingerprint !== opened.fingerprint) {
      set({ phase: 'error', error: 'journal-mismatch' });
      return;
    }
    if (!session && journal.writable && deps.canEdit)
      await journal.reset({ key: deps.key, fingerprint: opened.fingerprint, base, cursor: 0 });
    entries = stored;
    cursor = session?.cursor ?? 0;
    const replay = await track(api.replay(entries.slice(0, cursor).map((e) => e.op)));
    if (replay.error) {
      set({ phase: 'error', error: `edit ${replay.applied + 1} of the journal no longer applies: ${replay.error}` });
      return;
    }
    const points = deps.ownCopy ? deps.ownCopy(deps.points) : deps.points.slice();
    await track(api.setBuildings(points, base.kind === 'url' ? deps.fileJoin?.() : undefined));
    set({
      phase: 'ready',
      cursor,
      log: entries.map(logRecord),
      restored: cursor,
      problems: opened.problems,
      refused: null,
      readOnly: !deps.canEdit ? 'role' : journal.writable ? null : 'other-tab',
    });
    overlay({ markers: opened.problems.flatMap((p) => (p.location ? [p.location] : [])) });
    if (cursor > 0 || base.kind === 'features' || entries.length > 0) await publish();
    else set({ shown: 0 });
    await showCell(cell?.id ?? null);
  }

  /** The page learns of an edit only after the journal has it; a failed write takes it back and pauses. */
  async function applyAndLog(op: GridOp): Promise<boolean> {
    if (shared) return shared.edit(op);
    const outcome = await applyInWorker(op);
    if (!outcome.ok) {
      set({ refused: problemRefusal(outcome.problem) });
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
    set({ cursor, log: entries.map(logRecord), refused: null, lastMoved: movedList(outcome) });
    editShown();
    background(publish(), 'drawing the edited grid');
    return true;
  }

  /** Undo (step -1) or redo (+1): the journal's cursor moves first, then the page. */
  async function step(delta: -1 | 1): Promise<void> {
    if (shared) return delta < 0 ? shared.undo() : shared.redo();
    const entry = delta < 0 ? entries[cursor - 1] : entries[cursor];
    if (!entry) return;
    const outcome = await applyInWorker(delta < 0 ? entry.inverse : entry.op);
    if (!outcome.ok) {
      set({ refused: problemRefusal(outcome.problem) });
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
    set({ cursor, refused: null, lastMoved: movedList(outcome) });
    editShown();
    await showCell(cell?.id ?? null);
    background(publish(), 'drawing the edited grid');
  }

  /** Starts over on `source`: the journal drops its entries and the worker opens the new base. */
  async function restart(source: GridSource): Promise<void> {
    if (!journal) return;
    const opened = await track(api.open(source, GRID_EDIT_CRS, deps.zone));
    try {
      await journal.reset({ key: deps.key, fingerprint: opened.fingerprint, base: source, cursor: 0 });
    } catch (err) {
      set({ paused: (err as Error).message });
      return load();
    }
    await load();
    await publish();
  }

  const editThenShow = (op: GridOp): Promise<void> =>
    editable() ? serial(async () => void (await applyAndLog(op))).then(() => showCell(cell?.id ?? null)) : Promise.resolve();

  const ready = (async () => {
    try {
      if (deps.shared) {
        const { link, pending: pendingStore, newId } = deps.shared;
        await serial(() => loadShared(link, pendingStore, newId));
        return;
      }
      journal = await deps.openJournal();
      journal.onRemoteChange(() => background(serial(load), 'following the edit journal'));
      journal.onWritable(() => background(serial(load), 'taking over the edit journal'));
      await serial(load);
    } catch (err) {
      set({ phase: 'error', error: (err as Error).message });
    }
  })();

  return {
    deps,
    ready,
    set,
    overlay,
    cell: () => cell,
    editable,
    serial,
    applyAndLog,
    showCell,
    undo: () => (editable() ? serial(() => step(-1)) : Promise.resolve()),
    redo: () => (editable() ? serial(() => step(1)) : Promise.resolve()),
    rename: (id, name) => editThenShow({ type: 'rename', id, name }),
    moveToParent: (c, parentId) => editThenShow({ type: 'moveCellToParent', cell: c, parentId }),
    flyTo: (lonLat) => layers.flyTo(lonLat),
    setTool: (tool) => set({ tool, refused: null }),
    setView2d(on) {
      layers.setTopDown(on);
      set({ view2d: on });
    },
    setSnapRoads(on) {
      storage.setItem(SNAP_ROADS_KEY, on ? '1' : '0');
      set({ snapRoads: on });
    },
    setWho(name) {
      storage.setItem(WHO_KEY, name);
      set({ who: name });
    },
    rebase: () => serial(async () => void (await shared?.rebase())),
    relink: async () => void (await shared?.relink()),
    history: async (id) => (shared ? shared.history(id) : []),
    async restoreCell(id, version) {
      await shared?.restore(id, version);
      await showCell(cell?.id ?? null);
    },
    dropConflict: () => shared?.drop(),
    async retry() {
      const run = pending;
      pending = null;
      set({ paused: null });
      if (run) await run();
    },
    async exportGrid() {
      deps.download('grids-edited.geojson', await api.exportGeoJson(), 'application/geo+json');
    },
    exportLog(nowMs) {
      const log = {
        grid: deps.key,
        exportedAt: new Date(nowMs).toISOString(),
        cursor,
        entries: entries.map((e) => ({ ...e, at: new Date(e.atMs).toISOString(), undone: e.seq >= cursor })),
      };
      deps.download('grid-edit-log.json', JSON.stringify(log, null, 2));
    },
    async chooseImport(name, bytes) {
      try {
        const checked = await track(api.checkImport(bytes, name, GRID_EDIT_CRS, deps.zone));
        importFeatures = { kind: 'features', name, features: checked.features };
        set({ importCandidate: { name, cells: checked.cells, problems: checked.problems } });
      } catch (err) {
        set({ refused: refusalOf(err) });
      }
    },
    confirmImport: () =>
      serial(async () => {
        const source = importFeatures;
        importFeatures = null;
        set({ importCandidate: null });
        if (source && editable()) await restart(source);
      }),
    cancelImport() {
      importFeatures = null;
      set({ importCandidate: null });
    },
    startOver: () => serial(() => restart(fileSource)),
    async settled() {
      await ready;
      let seen: Promise<void> | null;
      do {
        seen = busy;
        await busy;
        await shared?.flushed();
        await publisher.pending();
      } while (seen !== busy || publisher.pending());
    },
    stop() {
      stopped = true;
      shared?.stop();
      journal?.close();
    },
  };
}
