// Log-in: argon2id hashes, tokens stored only as hashes, the rate limit on failed log-ins (per address and per name).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { createRateLimiter } from './rateLimit';
import { addUser } from './users';

const PASSWORD = 'correct horse battery';

describe('the log-in rate limit', () => {
  it('refuses after 5 failures within the window, until the oldest leaves it; a success clears the name', () => {
    const limit = createRateLimiter(5, 60_000);
    const keys = ['ip:1', 'name:li'];
    for (let i = 0; i < 5; i++) {
      expect(limit.retryAfter(keys, 1000 + i)).toBe(0);
      limit.failed(keys, 1000 + i);
    }
    expect(limit.retryAfter(keys, 2000)).toBe(59);
    expect(limit.retryAfter(keys, 60_999)).toBe(1);
    // A success clears the name, not the address.
    limit.succeeded(['name:li']);
    expect(limit.retryAfter(['name:li'], 60_999)).toBe(0);
    expect(limit.retryAfter(['ip:1'], 60_999)).toBe(1);
    expect(limit.retryAfter(keys, 61_000)).toBe(0);
  });
});

for (const kind of DATABASES) {
  describe(`log-in on ${kind}`, () => {
    let t: TestDb;
    let server: RunningServer;
    beforeAll(async () => {
      t = await openTestDb(kind);
      await addUser(t.db, { name: 'li', password: PASSWORD, role: 'viewer' });
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    it('keeps an argon2id hash of the password and only the hash of the session token', async () => {
      const c = new TestClient(server.url);
      expect((await c.login('li', PASSWORD)).status).toBe(200);
      const [user] = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE name = 'li'");
      expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(user.password_hash).not.toContain(PASSWORD);
      const token = c.cookieHeader().cookie!.split('=')[1];
      const rows = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
      expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
    });

    it('after 5 wrong passwords even the right one is refused with 429 and Retry-After, and it is audited', async () => {
      const c = new TestClient(server.url);
      for (let i = 0; i < 5; i++) expect((await c.login('li', 'wrong password')).status).toBe(401);
      const limited = await c.login('li', PASSWORD);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const audit = await t.db.query<{ ok: boolean; detail: { reason?: string } }>(
        "SELECT ok, detail FROM audit WHERE action = 'login' AND target = 'li'",
      );
      expect(audit.filter((a) => !a.ok).length).toBe(6);
      expect(audit.some((a) => a.detail.reason === 'rate-limited')).toBe(true);
    });
  });
}
