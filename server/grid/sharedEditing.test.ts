// Two grid editors (the browser's editing session, headless: the real worker API in-process and the real store) on
// one real server: live edits, a conflict shown and rebased, an edit outside the scope taken back, edits made while
// the server is down sent when it is back.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGridEditSession, type GridEditWorkerApi } from '../../src/app/gridEdit/session';
import { createSharedLink, type SharedEntry, type SharedGridLink } from '../../src/app/gridEdit/sharedLink';
import type { PendingEdit } from '../../src/app/gridEdit/shared';
import type { Grid } from '../../src/core/grid/gridModel';
import { gridTopology, nodeCells } from '../../src/core/grid/topology';
import { createAppStore, type AppStore } from '../../src/state/store';
import { parseUrlState } from '../../src/state/urlState';
import { createGridEditApi } from '../../workers/gridEditApi';
import { startServer, type RunningServer } from '../app';
import { addUser } from '../auth/users';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { importGridFile } from './gridFile';
import { loadGrid } from './loadGrid';

const bytes = () => new Uint8Array(readFileSync(new URL('../../src/core/grid/fixtures/clean.geojson', import.meta.url)));
const PASSWORD = 'correct horse battery';
const ZONE = 38;

function inProcessApi(): GridEditWorkerApi {
  const api = createGridEditApi(null);
  return Object.fromEntries(
    Object.entries(api).map(([k, fn]) => [k, (...args: unknown[]) => Promise.resolve((fn as (...a: unknown[]) => unknown)(...args))]),
  ) as GridEditWorkerApi;
}

/** Waits until `check` holds for the store (re-checked on every change). */
function until(store: AppStore, check: (s: ReturnType<AppStore['getState']>) => boolean): Promise<void> {
  return new Promise((ok) => {
    if (check(store.getState())) return ok();
    const stop = store.subscribe((s) => {
      if (!check(s)) return;
      stop();
      ok();
    });
  });
}

/** The link with the live stream held back while `held` is true (a slow network for that editor). */
function holdable(link: SharedGridLink): SharedGridLink & { hold(on: boolean): void } {
  let held = false;
  let release: (() => void)[] = [];
  return {
    ...link,
    follow(since, onEntry, onState) {
      return link.follow(since, (e: SharedEntry) => (held ? release.push(() => onEntry(e)) : onEntry(e)), onState);
    },
    hold(on) {
      held = on;
      if (!on) {
        const r = release;
        release = [];
        r.forEach((f) => f());
      }
    },
  };
}

/** The server again on the port it had (the editors' links know that address); the port may take a moment to free. */
async function listenAgain(t: TestDb, port: number): Promise<RunningServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startServer({ db: t.db, modules: MODULES, log: () => {}, port });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw err;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
}

function nodeOnlyIn(grid: Grid, id: string): number {
  const t = nodeCells(gridTopology(grid));
  const index = grid.cells.findIndex((c) => c.id === id);
  for (let v = 0; v < grid.nodeXY.length >> 1; v++) if (t.start[v + 1] - t.start[v] === 1 && t.cells[t.start[v]] === index) return v;
  throw new Error(`no node of ${id} alone`);
}

for (const kind of DATABASES) {
  describe(`two grid editors on one ${kind} server`, () => {
    let t: TestDb;
    let server: RunningServer;
    let base: Grid;
    const pages: { stop(): void }[] = [];
    beforeAll(async () => {
      t = await openTestDb(kind);
      await addUser(t.db, { name: 'li', password: PASSWORD, role: 'grid-manager', scope: ['A1'] });
      await addUser(t.db, { name: 'chen', password: PASSWORD, role: 'grid-manager', scope: ['A'] });
      base = (await importGridFile(bytes(), 'clean.geojson')).grid;
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });
    beforeEach(async () => {
      for (const p of pages.splice(0)) p.stop();
      await server?.close();
      await t.db.transaction((tx) => loadGrid(tx, bytes(), 'clean.geojson'));
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
    });

    async function openEditor(name: string) {
      const client = new TestClient(server.url);
      expect((await client.login(name, PASSWORD)).status).toBe(200);
      const link = holdable(
        createSharedLink({ origin: server.url, csrf: () => client.csrf, headers: () => client.cookieHeader(), retryDelayMs: 50 }),
      );
      const saved: PendingEdit[][] = [];
      const store = createAppStore(parseUrlState('?mode=grid'));
      const api = inProcessApi();
      const session = createGridEditSession({
        store,
        api,
        openJournal: () => Promise.reject(new Error('server mode keeps no local journal')),
        layers: { drawGrid: () => Promise.resolve(), flyTo: () => {}, setTopDown: () => {} },
        storage: { getItem: () => null, setItem: () => {} },
        download: () => {},
        gridsUrl: 'unused:',
        key: 'shared',
        roadsUrl: null,
        canEdit: true,
        zone: ZONE,
        points: new Float64Array(0),
        user: null,
        shared: {
          link,
          who: name,
          newId: () => randomUUID(),
          pending: {
            load: async () => saved.at(-1) ?? [],
            save: async (list) => void saved.push([...list]),
          },
        },
      });
      pages.push(session);
      await session.ready;
      expect(store.getState().gridEdit.phase).toBe('ready');
      const moveOnly = (id: string, dx: number) => {
        const v = nodeOnlyIn(base, id);
        return session.serial(async () => {
          const grid = base;
          await session.applyAndLog({ type: 'moveVertex', node: v, to: [grid.nodeXY[v * 2] + dx, grid.nodeXY[v * 2 + 1]] });
        });
      };
      return { store, session, link, api, saved, moveOnly, state: () => store.getState().gridEdit };
    }

    it("shows each editor the other's edit, and a stale edit of the same cell as a conflict to rebase", async () => {
      const li = await openEditor('li');
      const chen = await openEditor('chen');
      chen.link.hold(true);
      await li.moveOnly('A1-1', -2);
      await until(li.store, (s) => s.gridEdit.shared?.version === 1 && s.gridEdit.shared.pending === 0);
      // Chen has not seen Li's edit yet and moves the same corner: the server refuses it as a conflict.
      await chen.moveOnly('A1-1', -5);
      await until(chen.store, (s) => s.gridEdit.shared?.conflict !== null && s.gridEdit.shared?.conflict !== undefined);
      const conflict = chen.state().shared!.conflict!;
      expect(conflict.kind).toBe('conflict');
      expect(conflict.cells).toContain('A1-1');
      expect(conflict.since.map((e) => [e.version, e.user])).toEqual([[1, 'li']]);
      // Chen's grid took its edit back and follows the log: Li's edit is in it.
      expect(chen.state().shared!.version).toBe(1);
      expect(chen.state().log.map((e) => e.who)).toEqual(['li']);
      chen.link.hold(false);
      // Rebased, the edit lands on top of Li's, and Li's editor receives it.
      await chen.session.rebase();
      await until(li.store, (s) => s.gridEdit.shared?.version === 2);
      expect(li.state().log.map((e) => e.who)).toEqual(['li', 'chen']);
      const [a, b] = await Promise.all([li.api.exportGeoJson(), chen.api.exportGeoJson()]);
      expect(a).toEqual(b);
    });

    it('takes back an edit outside the scope, and sends edits made while the server was down when it is back', async () => {
      const li = await openEditor('li');
      const chen = await openEditor('chen');
      await li.moveOnly('A2-2', 3);
      await until(li.store, (s) => s.gridEdit.shared?.conflict?.kind === 'forbidden');
      expect(li.state().shared!.version).toBe(0);
      // The server goes away; Li keeps editing: the edit shows, waits, and is kept for a reload.
      const port = Number(new URL(server.url).port);
      await server.close();
      await li.moveOnly('A1-1', -1);
      await until(li.store, (s) => s.gridEdit.shared?.waiting !== null && s.gridEdit.shared?.pending === 1);
      expect(li.saved.at(-1)!.length).toBe(1);
      server = await listenAgain(t, port);
      await until(li.store, (s) => s.gridEdit.shared?.pending === 0 && s.gridEdit.shared.version === 1);
      await until(chen.store, (s) => s.gridEdit.shared?.version === 1);
      expect(li.saved.at(-1)).toEqual([]);
      const [a, b] = await Promise.all([li.api.exportGeoJson(), chen.api.exportGeoJson()]);
      expect(a).toEqual(b);
    });
  });
}
