// The `cim serve` HTTP server: the API (/api/…), OGC API Features (/ogc/…), and optionally the built viewer and the
// city's files, over one database. Every request is authenticated from its session cookie; every write needs a
// session, its CSRF token and a same-origin Origin; routes check roles and scopes themselves (core/access/roles).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Action, Principal } from '../src/core/access/roles';
import { may } from '../src/core/access/roles';
import { csrfOk, readSession } from './auth/sessions';
import type { Db } from './db/db';
import { HttpError, readJson, Router, send, sendError, type Ctx } from './http/router';
import { serveStatic, type StaticRoots } from './http/staticFiles';

export type AppCtx = Ctx<Principal>;

export interface AuditEntry {
  action: string;
  target?: string | null;
  ok: boolean;
  detail?: Record<string, unknown>;
}

export interface App {
  db: Db;
  router: Router<Principal>;
  log(line: string): void;
  /** Records a log-in or a write in the audit table (never fails the request it records). */
  audit(ctx: AppCtx | null, entry: AuditEntry, user?: string | null): Promise<void>;
  /** Cookies with `Secure` (behind HTTPS). */
  secureCookies: boolean;
  /** Called when the server closes (event streams end, timers stop). */
  onClose(fn: () => void | Promise<void>): void;
}

export interface ServerOptions {
  db: Db;
  host?: string;
  port?: number;
  static?: StaticRoots;
  log?: (line: string) => void;
  secureCookies?: boolean;
  /** Route modules: each adds its routes to the router. */
  modules: ((app: App) => void | Promise<void>)[];
}

export interface RunningServer {
  url: string;
  app: App;
  server: Server;
  close(): Promise<void>;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes allowed without a session: logging in. */
const OPEN_WRITES = new Set(['/api/login']);

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** 401 without a session, 403 when the role may not do `action`. Returns the user. */
export function requireAction(ctx: AppCtx, action: Action): Principal {
  if (!ctx.user) throw new HttpError(401, 'sign in first');
  if (!may(ctx.user, action)) throw new HttpError(403, `the role "${ctx.user.role}" may not ${action.replace('-', ' ')}`);
  return ctx.user;
}

/** A same-origin check for writes: an Origin header, when sent, must be this server's. */
function originOk(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[cim serve] ${line}\n`));
  const router = new Router<Principal>();
  const closers: (() => void | Promise<void>)[] = [];
  const app: App = {
    db: opts.db,
    router,
    log,
    secureCookies: opts.secureCookies ?? false,
    onClose: (fn) => void closers.push(fn),
    async audit(ctx, entry, user) {
      try {
        await opts.db.query('INSERT INTO audit (user_name, action, target, ok, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
          user ?? ctx?.user?.name ?? null,
          entry.action,
          entry.target ?? null,
          entry.ok,
          JSON.stringify(entry.detail ?? {}),
          ctx ? clientIp(ctx.req) : null,
        ]);
      } catch (err) {
        log(`audit write failed: ${(err as Error).message}`);
      }
    },
  };
  for (const m of opts.modules) await m(app);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    const api = path.startsWith('/api/') || path === '/ogc' || path.startsWith('/ogc/');
    if (!api) {
      if ((method === 'GET' || method === 'HEAD') && opts.static && serveStatic(opts.static, path, req, res)) return;
      throw new HttpError(404, `not found: ${path}`);
    }
    const found = router.match(method, path);
    if (!found) throw new HttpError(404, `not found: ${path}`);
    if ('allowed' in found) throw new HttpError(405, `${method} is not allowed on ${path}`, { Allow: found.allowed.join(', ') });
    const session = await readSession(opts.db, req);
    if (WRITE.has(method)) {
      if (!originOk(req)) throw new HttpError(403, 'cross-origin write refused');
      if (!OPEN_WRITES.has(path)) {
        if (!session) throw new HttpError(401, 'sign in first');
        if (!csrfOk(req, session.csrf)) throw new HttpError(403, 'missing or wrong X-CSRF-Token header');
      }
    }
    const ctx: AppCtx = {
      req,
      res,
      method,
      url,
      params: found.params,
      query: url.searchParams,
      user: session?.user ?? null,
      csrf: session?.csrf ?? null,
      sessionHash: session?.tokenHash ?? null,
      json: (limit) => readJson(req, limit),
    };
    await found.handler(ctx);
    if (!res.headersSent && !res.writableEnded) send(res, 204, '');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => sendError(res, err, log));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    app,
    server,
    async close() {
      for (const fn of closers) await fn();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
