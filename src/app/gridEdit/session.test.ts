// The grid editor headless: the real worker API in-process, real core grid code, the real store; an
// in-memory journal stands in for IndexedDB and fake layers record what would be drawn.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toGk } from '../../core/crs/gk';
import type { PackedPolygons } from '../../core/geom/packed';
import { createAppStore, type AppStore } from '../../state/store';
import { parseUrlState } from '../../state/urlState';
import { createGridEditApi } from '../../../workers/gridEditApi';
import { memoryJournalStore, openMemoryJournal, type MemoryJournalStore } from './memoryJournal.fixture';
import { createGridEditPointer } from './pointer';
import { createGridEditSession, type GridEditLayerData, type GridEditWorkerApi } from './session';

const gridBytes = readFileSync(join(import.meta.dirname, '../../core/grid/fixtures/clean.geojson'));
const GRIDS_URL = `data:application/geo+json;base64,${gridBytes.toString('base64')}`;
const ZONE = 38;
// The clean fixture in local metres from (113.66, 34.76): A1-1 [0,100]², A2-1 [100,200]x[0,120]; node (100,100) is shared by three cells.
const lonLat = (x: number, y: number): [number, number] => [113.66 + x / 91445, 34.76 + y / 110950];
// One building just east of x = 100 (in A2-1) and one well inside A1-1.
const buildingIds = ['east-of-edge', 'in-a1-1'];
const points = Float64Array.from([...toGk(lonLat(101, 90), ZONE, false), ...toGk(lonLat(50, 50), ZONE, false)]);
// A 0.4 m square footprint (0.16 m²) around each point.
const footprintsM: PackedPolygons = {
  coords: Float64Array.from(
    [0, 1].flatMap((b) =>
      [
        [-0.2, -0.2],
        [0.2, -0.2],
        [0.2, 0.2],
        [-0.2, 0.2],
      ].flatMap(([dx, dy]) => [points[b * 2] + dx, points[b * 2 + 1] + dy]),
    ),
  ),
  ringStart: Uint32Array.from([0, 4, 8]),
  polyRingStart: Uint32Array.from([0, 1, 2]),
  featurePolyStart: Uint32Array.from([0, 1, 2]),
  bbox: Float64Array.from(
    [0, 1].flatMap((b) => [points[b * 2] - 0.2, points[b * 2 + 1] - 0.2, points[b * 2] + 0.2, points[b * 2 + 1] + 0.2]),
  ),
  ids: buildingIds,
};

/** The worker's API object called in-process, its answers awaited as comlink would deliver them; `joins` records setBuildings' answers. */
function inProcessApi(joins: { fromFileJoin: boolean }[] = []): GridEditWorkerApi {
  const api = createGridEditApi();
  const setBuildings = api.setBuildings;
  api.setBuildings = (...args) => {
    const r = setBuildings(...args);
    joins.push(r);
    return r;
  };
  // The buildings' ids and columns live in the worker (the page gets ids with the edits and the statistics with the grid).
  api.setBuildingColumns({
    ids: buildingIds,
    floors: Float32Array.from([3, 0]),
    use: { codes: Uint16Array.from([0, 1]), table: ['R', 'B'] },
    footprintsM,
  });
  return Object.fromEntries(
    Object.entries(api).map(([k, fn]) => [k, (...args: unknown[]) => Promise.resolve((fn as (...a: unknown[]) => unknown)(...args))]),
  ) as GridEditWorkerApi;
}

/** A page load: a fresh store, worker and session over the journal that survives reloads. */
function openPage(
  db: MemoryJournalStore,
  options: { canEdit?: boolean; storage?: Map<string, string>; publishIdleMs?: number; fileJoin?: boolean } = {},
) {
  const store: AppStore = createAppStore(parseUrlState('?mode=grid'));
  const drawn: { cursor: number; journalled: number; logged: number; cells: number }[] = [];
  /** Per drawn grid: buildings, floor area and use counts of each grid, by id (the worker's statistics). */
  const drawnStats: Map<string, { buildings: number; floorAreaM2: number; uses: number[] }>[] = [];
  const downloads: { name: string; text: string }[] = [];
  const storage = options.storage ?? new Map<string, string>();
  const joins: { fromFileJoin: boolean }[] = [];
  const api = inProcessApi(joins);
  let editsShown = 0;
  const session = createGridEditSession({
    store,
    api,
    openJournal: () => Promise.resolve(openMemoryJournal(db, { writable: true })),
    layers: {
      drawGrid(layer: GridEditLayerData) {
        const s = store.getState().gridEdit;
        drawn.push({ cursor: s.cursor, journalled: db.session?.cursor ?? 0, logged: s.log.length, cells: layer.hierarchy.l3.length });
        const st = layer.stats;
        if (st)
          drawnStats.push(
            new Map(
              layer.grids.polygons.ids.map((id, g) => [
                id,
                {
                  buildings: st.buildingCount[g],
                  floorAreaM2: st.floorAreaM2[g],
                  uses: Array.from(st.useCount.subarray(g * 2, g * 2 + 2)),
                },
              ]),
            ),
          );
        return Promise.resolve();
      },
      showEdit: () => void editsShown++,
      flyTo: () => {},
      setTopDown: () => {},
    },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    download: (name, text) => void downloads.push({ name, text }),
    gridsUrl: GRIDS_URL,
    key: 'test-city',
    roadsUrl: null,
    canEdit: options.canEdit ?? true,
    zone: ZONE,
    points,
    user: null,
    publishIdleMs: options.publishIdleMs,
    // Grid mode's join of the clean file: building 0 in A2-1, building 1 in A1-1 (the file's L3 cells in file order).
    fileJoin: options.fileJoin ? () => ({ l3Ids: ['A1-1', 'A1-2', 'A2-1', 'A2-2'], cellOfPoint: Int32Array.from([2, 0]) }) : undefined,
  });
  const pointer = createGridEditPointer(session);
  return {
    store,
    session,
    pointer,
    drawn,
    drawnStats,
    downloads,
    api,
    joins,
    editsShown: () => editsShown,
    edit: () => store.getState().gridEdit,
  };
}

/** Drags the node at local (100,100) to (104,103) with the Select tool (as the mouse would). */
async function dragSharedNode(page: ReturnType<typeof openPage>): Promise<void> {
  await page.session.showCell('A1-1');
  const handle = page.store
    .getState()
    .gridOverlay.handles.find((h) => Math.hypot(h.lonLat[0] - lonLat(100, 100)[0], h.lonLat[1] - lonLat(100, 100)[1]) < 1e-7);
  expect(handle, 'A1-1 has a handle on its shared corner').toBeDefined();
  expect(page.pointer.dragStart(handle!.node)).toBe(true);
  await page.pointer.dragEnd({ lonLat: lonLat(104, 103), tolM: 0.5 });
  await page.session.settled();
}

const areaOf = async (page: ReturnType<typeof openPage>, id: string) => (await page.api.cell(id))!.areaM2;

describe('GridEditSession', () => {
  it('applies an edit, logs and journals it before the grid is redrawn, and reports the building it moved', async () => {
    const db = memoryJournalStore();
    const page = openPage(db);
    await page.session.ready;
    expect(page.edit().phase).toBe('ready');
    const before = await areaOf(page, 'A1-1');
    await dragSharedNode(page);
    expect(page.edit().cursor).toBe(1);
    expect(db.entries.map((e) => e.op.type)).toEqual(['moveVertex']);
    expect(db.session?.cursor).toBe(1);
    expect(page.edit().log.map((r) => r.what.type)).toEqual(['moveVertex']);
    expect(page.drawn[0]).toEqual({ cursor: 1, journalled: 1, logged: 1, cells: 4 });
    expect(page.edit().shown).toBe(1);
    expect(page.edit().lastMoved?.list).toEqual([{ building: 0, id: 'east-of-edge', from: 'A2-1', to: 'A1-1' }]);
    expect(await areaOf(page, 'A1-1')).toBeGreaterThan(before);
    // The worker's statistics of the edited grid: both buildings in A1-1 (3 floors x 0.16 m², one without floors), none in A2-1.
    const a11 = page.drawnStats[0].get('A1-1')!;
    expect([a11.buildings, a11.uses]).toEqual([2, [1, 1]]);
    expect(a11.floorAreaM2).toBeCloseTo(0.48, 3);
    expect(page.drawnStats[0].get('A2-1')!.buildings).toBe(0);
  });

  it('undoes and redoes through the journal cursor', async () => {
    const db = memoryJournalStore();
    const page = openPage(db);
    await page.session.ready;
    const before = await areaOf(page, 'A1-1');
    await dragSharedNode(page);
    const after = await areaOf(page, 'A1-1');
    await page.session.undo();
    await page.session.settled();
    expect([page.edit().cursor, db.session?.cursor, db.entries.length]).toEqual([0, 0, 1]);
    expect(await areaOf(page, 'A1-1')).toBeCloseTo(before, 6);
    expect(page.edit().lastMoved?.list[0]).toMatchObject({ id: 'east-of-edge', from: 'A1-1', to: 'A2-1' });
    await page.session.redo();
    await page.session.settled();
    expect([page.edit().cursor, db.session?.cursor]).toEqual([1, 1]);
    expect(await areaOf(page, 'A1-1')).toBeCloseTo(after, 6);
    expect(page.edit().shown).toBe(1);
  });

  it('refuses an edit with a typed refusal and journals nothing', async () => {
    const db = memoryJournalStore();
    const page = openPage(db);
    await page.session.ready;
    page.session.setTool('insert');
    await page.pointer.click({ lonLat: lonLat(50, 50), tolM: 0.5 }, null);
    expect(page.edit().refused).toEqual({ kind: 'insertMiss', params: {} });
    page.session.setTool('delete');
    await page.session.showCell('A1-1');
    const corner = page.store
      .getState()
      .gridOverlay.handles.find(
        (h) => Math.abs(h.lonLat[0] - lonLat(100, 100)[0]) < 1e-7 && Math.abs(h.lonLat[1] - lonLat(100, 100)[1]) < 1e-7,
      );
    await page.pointer.click({ lonLat: corner!.lonLat, tolM: 0.5 }, corner!.node);
    const refused = page.edit().refused;
    expect(refused?.kind).toBe('problem');
    if (refused?.kind !== 'problem') throw new Error('unreachable');
    expect(refused.params.problem.type).toBe('bad-op');
    expect(refused.params.problem.message).toMatch(/only a vertex inside an edge can be deleted/);
    expect([page.edit().cursor, db.entries.length]).toEqual([0, 0]);
  });

  it('replays the journal after a reload: a new session over the same journal', async () => {
    const db = memoryJournalStore();
    const first = openPage(db);
    await first.session.ready;
    await dragSharedNode(first);
    const edited = await areaOf(first, 'A1-1');
    first.session.stop();
    const page = openPage(db);
    await page.session.ready;
    await page.session.settled();
    expect(page.edit()).toMatchObject({ phase: 'ready', cursor: 1, restored: 1, shown: 1 });
    expect(page.edit().log).toHaveLength(1);
    expect(await areaOf(page, 'A1-1')).toBeCloseTo(edited, 6);
    expect(page.drawn).toHaveLength(1);
  });

  it("carries grid mode's join of the file over to the reloaded grid, locating again the buildings near its edits", async () => {
    const db = memoryJournalStore();
    const first = openPage(db);
    await first.session.ready;
    await dragSharedNode(first);
    first.session.stop();
    const page = openPage(db, { fileJoin: true });
    await page.session.ready;
    await page.session.settled();
    expect(page.joins).toEqual([{ fromFileJoin: true }]);
    // The drag moved building 0 from A2-1 (the file's join) into A1-1.
    expect(page.drawnStats[0].get('A1-1')!.buildings).toBe(2);
    expect(page.drawnStats[0].get('A2-1')!.buildings).toBe(0);
  });

  it('at city scale shows each edit at once and draws the whole grid once edits pause', async () => {
    const db = memoryJournalStore();
    const page = openPage(db, { publishIdleMs: 200 });
    await page.session.ready;
    await Promise.all(['一', '二', '三'].map((name) => page.session.rename('A1-1', name)));
    expect(page.editsShown()).toBe(3);
    await page.session.settled();
    expect(page.drawn).toEqual([{ cursor: 3, journalled: 3, logged: 3, cells: 4 }]);
    expect(page.edit().shown).toBe(3);
  });

  it('gives the read-only role no edits and leaves the journal untouched', async () => {
    const db = memoryJournalStore();
    const page = openPage(db, { canEdit: false });
    await page.session.ready;
    expect(page.edit()).toMatchObject({ phase: 'ready', readOnly: 'role' });
    expect(page.session.editable()).toBe(false);
    await page.session.rename('A1-1', 'renamed');
    await page.session.undo();
    expect(db.session).toBeNull();
    expect((await page.api.cell('A1-1'))!.name).toBe('A1-1网格');
  });

  it('pauses when storage fails, takes the edit back, and applies it on retry', async () => {
    const db = memoryJournalStore();
    const page = openPage(db);
    await page.session.ready;
    const before = await areaOf(page, 'A1-1');
    db.full = true;
    await dragSharedNode(page);
    expect(page.edit().paused).toMatch(/storage is full/);
    expect([page.edit().cursor, db.entries.length]).toEqual([0, 0]);
    expect(await areaOf(page, 'A1-1')).toBeCloseTo(before, 6);
    expect(page.session.editable()).toBe(false);
    db.full = false;
    await page.session.retry();
    await page.session.settled();
    expect(page.edit()).toMatchObject({ paused: null, cursor: 1, shown: 1 });
    expect(db.entries).toHaveLength(1);
    expect(await areaOf(page, 'A1-1')).toBeGreaterThan(before);
  });

  it('keeps the editor name and the road snapping in storage', async () => {
    const storage = new Map<string, string>();
    const page = openPage(memoryJournalStore(), { storage });
    await page.session.ready;
    page.session.setWho('张三');
    page.session.setSnapRoads(true);
    const again = openPage(memoryJournalStore(), { storage });
    expect(again.edit()).toMatchObject({ who: '张三', snapRoads: true });
  });
});
