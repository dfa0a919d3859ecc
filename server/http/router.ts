// A small router over node:http: routes by method and path pattern (`/collections/:id/items/:fid`), JSON bodies
// with a size limit, errors as JSON problems (RFC 7807 shape) and no stack traces to the client.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Ctx<U = unknown> {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The signed-in user, or null (set by the server's authenticate hook before the handler runs). */
  user: U | null;
  /** The session's CSRF token, when signed in. */
  csrf: string | null;
  /** The hash of the session's token, when signed in (log-out ends it). */
  sessionHash: string | null;
  /** The request body as JSON (at most `limit` bytes), or a 400/413. */
  json<T = unknown>(limit?: number): Promise<T>;
}

export type Handler<U = unknown> = (ctx: Ctx<U>) => Promise<void> | void;

interface Route<U> {
  method: string;
  parts: string[];
  handler: Handler<U>;
}

export class Router<U = unknown> {
  private readonly routes: Route<U>[] = [];

  on(method: string, pattern: string, handler: Handler<U>): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }
  get(p: string, h: Handler<U>) {
    return this.on('GET', p, h);
  }
  post(p: string, h: Handler<U>) {
    return this.on('POST', p, h);
  }
  put(p: string, h: Handler<U>) {
    return this.on('PUT', p, h);
  }
  patch(p: string, h: Handler<U>) {
    return this.on('PATCH', p, h);
  }
  delete(p: string, h: Handler<U>) {
    return this.on('DELETE', p, h);
  }

  /** The route for a request: its handler and path parameters, or the methods the path allows (for 405). */
  match(method: string, path: string): { handler: Handler<U>; params: Record<string, string> } | { allowed: string[] } | null {
    const segs = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const p = r.parts[i];
        let seg: string;
        try {
          seg = decodeURIComponent(segs[i]);
        } catch {
          throw new HttpError(400, `bad path segment "${segs[i]}"`);
        }
        if (p.startsWith(':')) params[p.slice(1)] = seg;
        else ok = p === seg;
      }
      if (!ok) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { handler: r.handler, params };
      allowed.push(r.method);
    }
    return allowed.length ? { allowed } : null;
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson<T>(req: IncomingMessage, limit = 1 << 20): Promise<T> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/([a-z+.-]*\+)?json|^application\/merge-patch\+json/.test(type))
    throw new HttpError(415, `expected a JSON body (Content-Type application/json or application/geo+json), got "${type || 'none'}"`);
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  type = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** An error as a JSON problem; 5xx details stay in the server's log. */
export function sendError(res: ServerResponse, err: unknown, log: (line: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    send(res, err.status, { status: err.status, title: err.message, ...err.detail }, err.headers, 'application/problem+json');
    return;
  }
  log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
  send(res, 500, { status: 500, title: 'internal server error' }, {}, 'application/problem+json');
}
