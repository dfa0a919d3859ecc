// The viewer's client of `cim serve` (same origin): the session probe that tells server mode from the static
// deployment, and `fetchJson`, which every server call goes through: it sends the CSRF token on writes, turns a
// problem+json answer into a ServerError with the server's message, and reports a 401 (the session has ended).
import { DEPARTMENTS, ROLES, type Principal } from '../../core/access/roles';

/** What `GET /api/session` answers. */
export interface SessionInfo {
  server: true;
  user: Principal | null;
  csrf: string | null;
}

/** A server's refusal: its HTTP status and the message it gave (RFC 7807 `title`, or `detail`). */
export class ServerError extends Error {
  override name = 'ServerError';
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

export interface ServerApi {
  /**
   * A JSON request to the server: `json` is sent as the body; writes carry the session's CSRF token. Resolves with
   * the parsed answer (null for an empty one); rejects with a ServerError naming the server's message.
   */
  fetchJson<T>(path: string, init?: FetchJsonInit): Promise<T>;
}

export interface FetchJsonInit extends Omit<RequestInit, 'body'> {
  json?: unknown;
  body?: RequestInit['body'];
}

export interface ServerApiOptions {
  /** The session's CSRF token (null before log-in). */
  csrf(): string | null;
  /** A 401 on a request made with a session: it expired or was ended elsewhere. */
  onUnauthorized?(path: string): void;
  /** Prepended to every path ('' : the page's own origin). */
  base?: string;
  fetch?: typeof fetch;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createServerApi(opts: ServerApiOptions): ServerApi {
  const fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
  const base = opts.base ?? '';
  return {
    async fetchJson<T>(path: string, init: FetchJsonInit = {}): Promise<T> {
      const { json, ...rest } = init;
      const method = (rest.method ?? 'GET').toUpperCase();
      const headers = new Headers(rest.headers);
      headers.set('Accept', 'application/json, application/problem+json');
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      const csrf = opts.csrf();
      if (!READS.has(method) && csrf) headers.set('X-CSRF-Token', csrf);
      const res = await fetchFn(base + path, {
        ...rest,
        method,
        headers,
        credentials: 'same-origin',
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      const text = await res.text();
      const body = parseJson(text);
      if (res.ok) {
        if (text && body === undefined) throw new ServerError(res.status, `${method} ${path}: the server's answer is not JSON`);
        return (body ?? null) as T;
      }
      if (res.status === 401 && csrf) opts.onUnauthorized?.(path);
      throw new ServerError(res.status, problemMessage(res.status, res.statusText, body), isRecord(body) ? body : null);
    },
  };
}

/**
 * Asks `GET api/session` beside the page: the server's answer, or null for the static deployment (its build has the
 * file public/api/session saying `{"server": false}`, so a static host answers without a 404 in the console), and
 * also for a 404, a network error, or an answer that is not the session's JSON (a host's index.html, say). Relative
 * to the page, so a static deployment under a sub-path finds its file. Never throws.
 */
export async function probeServer(fetchFn: typeof fetch = (i, init) => fetch(i, init)): Promise<SessionInfo | null> {
  try {
    const res = await fetchFn('api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return sessionInfoOf(parseJson(await res.text()));
  } catch {
    return null;
  }
}

/** The session answer checked field by field (a stray JSON file at that path is not a server). */
export function sessionInfoOf(body: unknown): SessionInfo | null {
  if (!isRecord(body) || body.server !== true) return null;
  const csrf = typeof body.csrf === 'string' ? body.csrf : null;
  return { server: true, user: principalOf(body.user), csrf };
}

export function principalOf(v: unknown): Principal | null {
  if (!isRecord(v) || typeof v.name !== 'string' || !(ROLES as readonly unknown[]).includes(v.role)) return null;
  const department = (DEPARTMENTS as readonly unknown[]).includes(v.department) ? (v.department as Principal['department']) : null;
  const scope = Array.isArray(v.scope) ? v.scope.filter((g): g is string => typeof g === 'string') : [];
  return { name: v.name, role: v.role as Principal['role'], department, scope };
}

function problemMessage(status: number, statusText: string, body: unknown): string {
  if (isRecord(body)) {
    for (const k of ['title', 'detail', 'message', 'error'] as const) if (typeof body[k] === 'string' && body[k]) return body[k];
  }
  return `the server answered ${status}${statusText ? ` ${statusText}` : ''}`;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
