// Log-in, log-out, the session probe (which also tells the viewer a server is there), users and the audit log.
import { ROLES, DEPARTMENTS } from '../../src/core/access/roles';
import { clientIp, requireAction, type App } from '../app';
import { HttpError, send } from '../http/router';
import { dummyHash, verifyPassword } from './passwords';
import { createRateLimiter } from './rateLimit';
import { clearedCookie, createSession, endSession, sessionCookie } from './sessions';
import { addUser, findUser, UserError, type NewUser } from './users';

export function authRoutes(app: App): void {
  const limiter = createRateLimiter();
  const { router, db } = app;

  router.get('/api/session', (ctx) => {
    send(ctx.res, 200, { server: true, user: ctx.user, csrf: ctx.csrf, roles: ROLES, departments: DEPARTMENTS });
  });

  router.post('/api/login', async (ctx) => {
    const body = await ctx.json<{ name?: unknown; password?: unknown }>(4096);
    const name = typeof body.name === 'string' ? body.name : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const keys = [`ip:${clientIp(ctx.req)}`, `name:${name}`];
    const wait = limiter.retryAfter(keys);
    if (wait > 0) {
      await app.audit(ctx, { action: 'login', target: name, ok: false, detail: { reason: 'rate-limited' } }, name || null);
      throw new HttpError(429, `too many failed log-ins: try again in ${wait} s`, { 'Retry-After': String(wait) });
    }
    const user = name ? await findUser(db, name) : null;
    // The same work whether or not the user exists.
    const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
    if (!user || !ok || user.disabled) {
      limiter.failed(keys);
      await app.audit(ctx, { action: 'login', target: name, ok: false }, null);
      throw new HttpError(401, 'wrong user name or password');
    }
    limiter.succeeded([`name:${name}`]);
    const { token, csrf } = await createSession(db, user.name);
    await app.audit(ctx, { action: 'login', target: user.name, ok: true }, user.name);
    send(
      ctx.res,
      200,
      { user: { name: user.name, role: user.role, department: user.department, scope: user.scope }, csrf },
      { 'Set-Cookie': sessionCookie(token, app.secureCookies) },
    );
  });

  router.post('/api/logout', async (ctx) => {
    if (ctx.sessionHash) await endSession(db, ctx.sessionHash);
    await app.audit(ctx, { action: 'logout', ok: true });
    send(ctx.res, 200, { user: null }, { 'Set-Cookie': clearedCookie(app.secureCookies) });
  });

  router.get('/api/users', async (ctx) => {
    requireAction(ctx, 'manage-users');
    const rows = await db.query('SELECT name, role, department, scope, disabled, created_at FROM users ORDER BY name');
    send(ctx.res, 200, { users: rows });
  });

  router.post('/api/users', async (ctx) => {
    requireAction(ctx, 'manage-users');
    const body = await ctx.json<NewUser>(8192);
    try {
      const user = await addUser(db, body);
      await app.audit(ctx, { action: 'user-add', target: user.name, ok: true, detail: { role: user.role, scope: user.scope } });
      send(ctx.res, 201, { user });
    } catch (err) {
      if (err instanceof UserError) throw new HttpError(422, err.message);
      throw err;
    }
  });

  router.get('/api/audit', async (ctx) => {
    requireAction(ctx, 'read-audit');
    const limit = Math.min(1000, Math.max(1, Number(ctx.query.get('limit') ?? 100) || 100));
    const rows = await db.query('SELECT id, at, user_name, action, target, ok, detail, ip FROM audit ORDER BY id DESC LIMIT $1', [limit]);
    send(ctx.res, 200, { entries: rows });
  });
}
