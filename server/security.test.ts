// Who may read and write what, enforced by the server for every role (the table in the issue, written out here on its
// own so a change to core/access/roles.ts that widens a permission fails this test): each endpoint is called by an
// anonymous client and by a signed-in user of every role; 401/403 mean refused, anything else got past the checks.
// Also: the audit log records log-ins (failed ones too) and writes, and no write passes without the CSRF token.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridTopology, nodeCells } from '../src/core/grid/topology';
import { startServer, type RunningServer } from './app';
import { addUser } from './auth/users';
import { importGridFile } from './grid/gridFile';
import { loadGrid } from './grid/loadGrid';
import { MODULES } from './modules';
import { TestClient } from './testing/client';
import { DATABASES, openTestDb, type TestDb } from './testing/testDb';

const GRID = new URL('../src/core/grid/fixtures/clean.geojson', import.meta.url);
const PASSWORD = 'correct horse battery';
const USERS = [
  { name: 'vi', role: 'viewer' },
  { name: 'pl', role: 'planner' },
  { name: 're', role: 'reviewer', department: 'fire' },
  { name: 'gm', role: 'grid-manager', scope: ['A1'] },
  { name: 'op', role: 'operations' },
  { name: 'ad', role: 'admin' },
] as const;
type Who = 'anonymous' | (typeof USERS)[number]['role'];
const EVERYONE: Who[] = ['anonymous', ...USERS.map((u) => u.role)];
const SIGNED_IN: Who[] = USERS.map((u) => u.role);

for (const kind of DATABASES) {
  describe(`roles on ${kind}: each role reads and writes exactly what it may`, () => {
    let t: TestDb;
    let server: RunningServer;
    const clients = new Map<Who, TestClient>();
    let moveInA1: unknown;
    const tour = JSON.parse(readFileSync('data/tour-overview.json', 'utf8')) as { id: string };

    beforeAll(async () => {
      t = await openTestDb(kind);
      const bytes = new Uint8Array(readFileSync(GRID));
      await t.db.transaction((tx) => loadGrid(tx, bytes, 'clean.geojson'));
      const { grid } = await importGridFile(bytes, 'clean.geojson');
      const topo = nodeCells(gridTopology(grid));
      const a11 = grid.cells.findIndex((c) => c.id === 'A1-1');
      const v = grid.cells[a11].rings[0].find((n) => topo.start[n + 1] - topo.start[n] === 1)!;
      moveInA1 = { op: { type: 'moveVertex', node: v, to: [grid.nodeXY[v * 2] - 1, grid.nodeXY[v * 2 + 1]] }, baseVersion: 0 };
      for (const u of USERS) await addUser(t.db, { password: PASSWORD, ...u, scope: 'scope' in u ? [...u.scope] : [] });
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
      clients.set('anonymous', new TestClient(server.url));
      for (const u of USERS) {
        const c = new TestClient(server.url);
        expect((await c.login(u.name, PASSWORD)).status).toBe(200);
        clients.set(u.role, c);
      }
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    const cases: { what: string; allowed: Who[]; call: (c: TestClient) => Promise<{ status: number }> }[] = [
      { what: 'read the layers (OGC API)', allowed: EVERYONE, call: (c) => c.get('/ogc/collections') },
      { what: 'read the grid', allowed: EVERYONE, call: (c) => c.get('/api/grid') },
      { what: 'read tours', allowed: EVERYONE, call: (c) => c.get('/api/tours') },
      { what: "read a grid's history (who edited)", allowed: SIGNED_IN, call: (c) => c.get('/api/grid/history/A1-1') },
      { what: 'edit the grid', allowed: ['grid-manager', 'admin'], call: (c) => c.post('/api/grid/edits', moveInA1) },
      { what: 'save a tour', allowed: ['planner', 'operations', 'admin'], call: (c) => c.put(`/api/tours/${tour.id}`, tour) },
      { what: 'list users', allowed: ['admin'], call: (c) => c.get('/api/users') },
      {
        what: 'add a user',
        allowed: ['admin'],
        call: (c) => c.post('/api/users', { name: `new-${Math.random().toString(36).slice(2, 8)}`, password: PASSWORD, role: 'viewer' }),
      },
      { what: 'read the audit log', allowed: ['admin'], call: (c) => c.get('/api/audit') },
    ];

    for (const { what, allowed, call } of cases) {
      it(`${what}: ${allowed.join(', ')}`, async () => {
        const outcome: Record<string, boolean> = {};
        for (const who of EVERYONE) {
          const { status } = await call(clients.get(who)!);
          outcome[who] = status !== 401 && status !== 403;
        }
        expect(outcome).toEqual(Object.fromEntries(EVERYONE.map((w) => [w, allowed.includes(w)])));
      });
    }

    it('refuses every write without the CSRF token, and audits log-ins (failed too) and writes', async () => {
      const admin = clients.get('admin')!;
      for (const [method, path, body] of [
        ['POST', '/api/grid/edits', moveInA1],
        ['PUT', `/api/tours/${tour.id}`, tour],
        ['POST', '/api/users', { name: 'no-csrf', password: PASSWORD, role: 'viewer' }],
        ['POST', '/api/logout', {}],
      ] as const)
        expect((await admin.request(method, path, body, { 'x-csrf-token': '' })).status).toBe(403);
      await new TestClient(server.url).login('ad', 'wrong password!');
      const audit = await admin.get<{ entries: { action: string; ok: boolean; user_name: string | null; target: string | null }[] }>(
        '/api/audit?limit=1000',
      );
      const seen = (action: string, ok: boolean) => audit.body.entries.some((e) => e.action === action && e.ok === ok);
      expect([seen('login', true), seen('login', false), seen('grid-edit', true), seen('user-add', true)]).toEqual([
        true,
        true,
        true,
        true,
      ]);
      expect(audit.body.entries.filter((e) => e.action === 'login' && !e.ok).map((e) => e.target)).toContain('ad');
    });
  });
}
