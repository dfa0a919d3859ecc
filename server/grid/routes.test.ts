// The shared grid over HTTP: sessions, CSRF, scopes, live events and OGC API Features Part 4 with If-Match.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeCells, gridTopology } from '../../src/core/grid/topology';
import type { Grid } from '../../src/core/grid/gridModel';
import { nodesInSourceCrs } from '../../src/core/grid/gridCoords';
import { startServer, type RunningServer } from '../app';
import { addUser } from '../auth/users';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { importGridFile } from './gridFile';
import { loadGrid } from './loadGrid';

const bytes = () => new Uint8Array(readFileSync(new URL('../../src/core/grid/fixtures/clean.geojson', import.meta.url)));
const PASSWORD = 'correct horse battery';

function nodeOnlyIn(grid: Grid, id: string): number {
  const t = nodeCells(gridTopology(grid));
  const index = grid.cells.findIndex((c) => c.id === id);
  for (let v = 0; v < grid.nodeXY.length >> 1; v++) if (t.start[v + 1] - t.start[v] === 1 && t.cells[t.start[v]] === index) return v;
  throw new Error(`no node of ${id} alone`);
}

/** Reads server-sent events until `until` holds for the events so far. */
async function readEvents(res: Response, until: (events: { event: string; data: unknown }[]) => boolean) {
  const reader = res.body!.getReader();
  const events: { event: string; data: unknown }[] = [];
  let text = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    let cut;
    while ((cut = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, cut);
      text = text.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

for (const kind of DATABASES) {
  describe(`the grid API on ${kind}`, () => {
    let t: TestDb;
    let server: RunningServer;
    let grid: Grid;
    beforeAll(async () => {
      t = await openTestDb(kind);
      for (const [name, role, scope] of [
        ['li', 'grid-manager', ['A1']],
        ['wang', 'grid-manager', ['A2']],
        ['zhao', 'viewer', []],
      ] as const)
        await addUser(t.db, { name, password: PASSWORD, role, scope: [...scope] });
      grid = (await importGridFile(bytes(), 'clean.geojson')).grid;
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });
    beforeEach(async () => {
      await server?.close();
      await t.db.transaction((tx) => loadGrid(tx, bytes(), 'clean.geojson'));
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
    });

    const login = async (name: string) => {
      const c = new TestClient(server.url);
      expect((await c.login(name, PASSWORD)).status).toBe(200);
      return c;
    };
    const moveOp = (v: number, dx: number) => ({ type: 'moveVertex', node: v, to: [grid.nodeXY[v * 2] + dx, grid.nodeXY[v * 2 + 1]] });

    it('refuses writes without a session, without the CSRF token, from another origin, and by a viewer', async () => {
      const anonymous = new TestClient(server.url);
      expect((await anonymous.get<{ version: number }>('/api/grid')).body.version).toBe(0);
      const edit = { op: moveOp(nodeOnlyIn(grid, 'A1-1'), -1), baseVersion: 0 };
      expect((await anonymous.post('/api/grid/edits', edit)).status).toBe(401);
      const li = await login('li');
      expect((await li.post('/api/grid/edits', edit, { 'x-csrf-token': 'forged-token-value' })).status).toBe(403);
      expect((await li.post('/api/grid/edits', edit, { origin: 'http://evil.example' })).status).toBe(403);
      expect((await (await login('zhao')).post('/api/grid/edits', edit)).status).toBe(403);
      expect((await anonymous.get<{ version: number }>('/api/grid')).body.version).toBe(0);
      expect((await li.post('/api/grid/edits', edit)).status).toBe(201);
      expect((await anonymous.get<{ version: number }>('/api/grid')).body.version).toBe(1);
    });

    it("streams each edit to other people as it commits, without the editor's name to anonymous readers", async () => {
      const li = await login('li');
      const zhao = await login('zhao');
      const events = fetch(`${server.url}/api/grid/events?since=0`).then((res) =>
        readEvents(res, (list) => list.filter((e) => e.event === 'edit').length >= 2),
      );
      const signedIn = await zhao.get<string>('/api/grid/edits?since=0');
      expect(signedIn.status).toBe(200);
      await li.post('/api/grid/edits', { op: moveOp(nodeOnlyIn(grid, 'A1-1'), -1), baseVersion: 0, clientId: 'li-edit-0001' });
      await li.post('/api/grid/edits', { op: { type: 'rename', id: 'A1-1', name: '东区一' }, baseVersion: 1, clientId: 'li-edit-0002' });
      const got = await events;
      expect(got[0]).toMatchObject({ event: 'hello', data: { version: expect.any(Number) } });
      const edits = got.filter((e) => e.event === 'edit').map((e) => e.data as { version: number; user?: string; op: { type: string } });
      expect(edits.map((e) => [e.version, e.op.type, e.user])).toEqual([
        [1, 'moveVertex', undefined],
        [2, 'rename', undefined],
      ]);
      const history = await zhao.get<{ entries: { version: number; user: string }[] }>('/api/grid/history/A1-1');
      expect(history.body.entries.map((e) => [e.version, e.user])).toEqual([
        [2, 'li'],
        [1, 'li'],
      ]);
      expect((await new TestClient(server.url).get('/api/grid/history/A1-1')).status).toBe(401);
    });

    it('OGC API Part 4: If-Match required and checked, a stale ETag gets 412, scope gives 403, PUT moves the vertices', async () => {
      const li = await login('li');
      const path = '/ogc/collections/grid_l3/items/A1-1';
      const patch = { properties: { name: '改名' } };
      expect((await li.patch(path, patch, { 'content-type': 'application/merge-patch+json' })).status).toBe(428);
      const ok = await li.patch(path, patch, { 'content-type': 'application/merge-patch+json', 'if-match': '"v0"' });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('etag')).toBe('"v1"');
      const stale = await li.patch(
        path,
        { properties: { name: '再改' } },
        { 'content-type': 'application/merge-patch+json', 'if-match': '"v0"' },
      );
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe('"v1"');
      // Replace with the corner of A1-1 moved 10 m west; the other vertices as they are (in CRS84 lon/lat).
      const lonLat = nodesInSourceCrs(grid);
      const corner = nodeOnlyIn(grid, 'A1-1');
      const ring = Array.from(grid.cells.find((c) => c.id === 'A1-1')!.rings[0], (v) => [lonLat[v * 2], lonLat[v * 2 + 1]]);
      const i = Array.from(grid.cells.find((c) => c.id === 'A1-1')!.rings[0]).indexOf(corner);
      ring[i] = [ring[i][0] - 0.0001, ring[i][1]];
      const feature = {
        type: 'Feature',
        properties: { name: '改名', parentId: 'A1' },
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      };
      const put = await li.put(path, feature, { 'content-type': 'application/geo+json', 'if-match': '"v1"' });
      expect(put.status).toBe(204);
      const log = await li.get<{ entries: { op: { type: string; nodes: [number, number, number][] } }[] }>('/api/grid/edits?since=1');
      expect(log.body.entries[0].op.type).toBe('restore');
      expect(log.body.entries[0].op.nodes.map((n) => n[0])).toEqual([corner]);
      expect(log.body.entries[0].op.nodes[0][1]).toBeLessThan(grid.nodeXY[corner * 2] - 8);
      // A cell of A2 is outside Li's scope; an unknown id is 404 whatever it holds.
      expect(
        (await li.patch('/ogc/collections/grid_l3/items/A2-2', patch, { 'content-type': 'application/json', 'if-match': '"v0"' })).status,
      ).toBe(403);
      const injected = `A1-1' OR '1'='1`;
      expect(
        (
          await li.patch(`/ogc/collections/grid_l3/items/${encodeURIComponent(injected)}`, patch, {
            'content-type': 'application/json',
            'if-match': '"v0"',
          })
        ).status,
      ).toBe(404);
      const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_cells WHERE deleted = false');
      expect(rows[0].n).toBe(grid.cells.length + grid.areas.length);
    });
  });
}
