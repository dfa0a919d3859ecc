// The page's server session headless against the real `cim serve` app on both databases: the probe, log-in with the
// server's refusal, the CSRF header on writes, a session ended under the page, log-out; and static mode for hosts
// that are not the server. Requests go through a cookie jar, as a browser tab's would.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { addUser } from '../../../server/auth/users';
import { MODULES } from '../../../server/modules';
import { DATABASES, openTestDb, type TestDb } from '../../../server/testing/testDb';
import { gridEditBlock } from '../../state/slices/session';
import { actions, createAppStore, type AppStore } from '../../state/store';
import { parseUrlState } from '../../state/urlState';
import { createServerApi, probeServer, ServerError } from './serverApi';
import { createServerSession } from './serverSession';

const PASSWORD = 'correct horse battery';

/** fetch as a page at `base`/ does it: paths resolved against the page, the cookies the server set sent back. */
function browserFetch(base: string): typeof fetch & { cookie(): string | null } {
  let cookie: string | null = null;
  const f = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('Cookie', cookie);
    const res = await fetch(new URL(String(input), `${base}/`), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0];
      cookie = pair.endsWith('=') ? null : pair;
    }
    return res;
  };
  return Object.assign(f, { cookie: () => cookie });
}

/** A plain HTTP server answering every request with `status` and `body` (a static host). */
async function plainServer(status: number, body: string, type: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'Content-Type': type }).end(body));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('static hosts', () => {
  it("the static build's api/session, a 404, an HTML page, JSON that is not a session, or no server at all: static mode", async () => {
    const hosts = await Promise.all([
      plainServer(404, 'not found', 'text/plain'),
      plainServer(200, readFileSync('public/api/session', 'utf8'), 'application/octet-stream'),
      plainServer(200, '<!doctype html><title>viewer</title>', 'text/html'),
      plainServer(200, '{"server":"yes"}', 'application/json'),
    ]);
    try {
      for (const h of hosts) expect(await probeServer(browserFetch(h.url))).toBeNull();
      const closed = hosts[0].url;
      await new Promise<void>((ok) => hosts[0].server.close(() => ok()));
      expect(await probeServer(browserFetch(closed))).toBeNull();
      const store = createAppStore(parseUrlState('?mode=grid'));
      await createServerSession(store, browserFetch(closed)).probe();
      expect(store.getState().session.mode).toBe('static');
      expect(gridEditBlock(store.getState())).toBeNull();
    } finally {
      for (const h of hosts) h.server.close();
    }
  });
});

for (const kind of DATABASES) {
  describe(kind, () => {
    let tdb: TestDb;
    let running: RunningServer;
    let store: AppStore;

    beforeAll(async () => {
      tdb = await openTestDb(kind);
      running = await startServer({ db: tdb.db, modules: MODULES, log: () => {} });
      await addUser(tdb.db, { name: 'wang', password: PASSWORD, role: 'grid-manager', scope: ['G1-03'] });
      await addUser(tdb.db, { name: 'li', password: PASSWORD, role: 'reviewer', department: 'fire' });
    }, 120_000);
    afterAll(async () => {
      await running?.close();
      await tdb?.close();
    });
    beforeEach(async () => {
      await tdb.db.query('DELETE FROM sessions');
      store = createAppStore(parseUrlState('?mode=grid'));
    });

    it('probes server mode; a wrong password is refused with the server message; log-in sets the user', async () => {
      const f = browserFetch(running.url);
      const page = createServerSession(store, f);
      await page.probe();
      expect(store.getState().session).toMatchObject({ mode: 'server', user: null, csrf: null });
      expect(gridEditBlock(store.getState())).toBe('sign-in');

      const refused = await page.auth.login('wang', 'not the password').catch((e: Error) => e);
      expect(refused).toBeInstanceOf(ServerError);
      expect((refused as ServerError).status).toBe(401);
      expect((refused as Error).message).toBe('wrong user name or password');
      expect(store.getState().session.user).toBeNull();

      await page.auth.login('wang', PASSWORD);
      const s = store.getState().session;
      expect(s.user).toEqual({ name: 'wang', role: 'grid-manager', department: null, scope: ['G1-03'] });
      expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(gridEditBlock(store.getState())).toBeNull();

      // A reload of the page finds the same session through its cookie.
      const reloaded = createAppStore(parseUrlState(''));
      const again = createServerSession(reloaded, f);
      await again.probe();
      expect(reloaded.getState().session.user?.name).toBe('wang');
    });

    it('a role that may not edit grids is offered no edit tools', async () => {
      const page = createServerSession(store, browserFetch(running.url));
      await page.probe();
      await page.auth.login('li', PASSWORD);
      expect(store.getState().session.user).toMatchObject({ role: 'reviewer', department: 'fire' });
      expect(gridEditBlock(store.getState())).toBe('role');
    });

    it('writes carry the CSRF token: with it the log-out lands, with a wrong one the server refuses', async () => {
      const f = browserFetch(running.url);
      const page = createServerSession(store, f);
      await page.probe();
      await page.auth.login('wang', PASSWORD);
      const forged = createServerApi({ csrf: () => 'not-the-token-of-this-session', fetch: f });
      const refused = await forged.fetchJson('/api/logout', { method: 'POST' }).catch((e: Error) => e);
      expect((refused as ServerError).status).toBe(403);
      expect((refused as Error).message).toBe('missing or wrong X-CSRF-Token header');
      expect(await tdb.db.query('SELECT 1 FROM sessions')).toHaveLength(1);

      await page.auth.logout();
      expect(store.getState().session).toMatchObject({ mode: 'server', user: null, csrf: null, login: null });
      expect(f.cookie()).toBeNull();
      expect(await tdb.db.query('SELECT 1 FROM sessions')).toHaveLength(0);
    });

    it('a session ended under the page: the next request signs the page out and asks for log-in', async () => {
      const page = createServerSession(store, browserFetch(running.url));
      await page.probe();
      await page.auth.login('wang', PASSWORD);
      await tdb.db.query('DELETE FROM sessions');
      const refused = await page.api.fetchJson('/api/logout', { method: 'POST' }).catch((e: Error) => e);
      expect((refused as ServerError).status).toBe(401);
      expect((refused as Error).message).toBe('sign in first');
      expect(store.getState().session).toMatchObject({ user: null, csrf: null, login: 'expired' });
      expect(gridEditBlock(store.getState())).toBe('sign-in');
    });

    it('a refused read without a session is an error with the message, not a log-out prompt', async () => {
      const page = createServerSession(store, browserFetch(running.url));
      await page.probe();
      const refused = await page.api.fetchJson('/api/users').catch((e: Error) => e);
      expect((refused as ServerError).status).toBe(401);
      expect(store.getState().session.login).toBeNull();
      actions.showLogin(store, true);
      expect(store.getState().session.login).toBe('asked');
    });
  });
}
