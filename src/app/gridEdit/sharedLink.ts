// The grid editor's line to the shared grid's server (server/grid/routes.ts): the base file, the edit log, sending
// an edit, and the live stream of everyone's edits (server-sent events read with fetch, so it runs in browsers,
// workers and Node alike, and reconnects from the last version it saw).
import type { Problem } from '../../core/grid/problems';
import { background } from '../../core/util/background';
import type { WireOp } from '../../core/grid/wireOps';

export interface SharedEntry {
  version: number;
  op: WireOp;
  inverse: WireOp;
  text: string;
  cells: string[];
  clientId: string | null;
  /** Who made it (signed-in readers only). */
  user?: string;
  at: string;
}

export type SendResult =
  | { status: 'applied'; entry: SharedEntry; duplicate: boolean }
  | { status: 'conflict'; version: number; cells: string[]; since: SharedEntry[] }
  | { status: 'refused'; problem: Problem | { type: 'bad-op'; message: string } }
  | { status: 'forbidden'; cells: string[] }
  /** Not delivered (no network, the server down or restarting, the session expired): send again later. */
  | { status: 'offline'; message: string; signedOut: boolean };

export interface SharedGridLink {
  /** The base file's URL (what the editor's worker opens). */
  readonly baseUrl: string;
  entriesSince(version: number): Promise<{ version: number; entries: SharedEntry[] }>;
  send(op: WireOp, baseVersion: number, clientId: string): Promise<SendResult>;
  /** The edits that changed grid `id`, newest first (signed-in readers). */
  history(id: string): Promise<SharedEntry[]>;
  /** Gives L3 cell `id` the shape, name and parent it had at `version`, as one more edit of the log. */
  restore(id: string, version: number, baseVersion: number, clientId: string): Promise<SendResult>;
  /** Follows the log from `since`; `onState` says when the stream is up or down. Returns a stop function. */
  follow(since: number, onEntry: (e: SharedEntry) => void, onState: (connected: boolean) => void): () => void;
}

export interface SharedLinkOptions {
  /** The server's origin ('' for the page's own). */
  origin?: string;
  /** The session's CSRF token (sent on every write). */
  csrf(): string | null;
  /** Waits before reconnecting the stream (the page: a timer; tests may shorten it). */
  retryDelayMs?: number;
  /** Extra request headers (Node has no cookie jar: tests and benches pass the session cookie). */
  headers?(): Record<string, string>;
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`the server answered ${res.status} with no JSON: ${text.slice(0, 200)}`);
  }
}

export function createSharedLink(opts: SharedLinkOptions): SharedGridLink {
  const origin = opts.origin ?? '';
  const retryMs = opts.retryDelayMs ?? 2000;
  const extra = () => opts.headers?.() ?? {};
  async function post(path: string, payload: unknown): Promise<SendResult> {
    let res: Response;
    try {
      res = await fetch(`${origin}${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { ...extra(), 'Content-Type': 'application/json', 'X-CSRF-Token': opts.csrf() ?? '' },
        body: JSON.stringify(payload),
      });
    } catch (err) {
      return { status: 'offline', message: (err as Error).message, signedOut: false };
    }
    if (res.status === 401) return { status: 'offline', message: 'signed out: sign in again to send your edits', signedOut: true };
    if (res.status >= 500 || res.status === 408 || res.status === 429)
      return { status: 'offline', message: `the server answered ${res.status}`, signedOut: false };
    const body = await json<SendResult & { title?: string }>(res);
    if (res.status === 400 || (res.status === 403 && body.status !== 'forbidden'))
      return { status: 'refused', problem: { type: 'bad-op', message: body.title ?? `refused (${res.status})` } };
    return body;
  }

  return {
    baseUrl: `${origin}/api/grid/base`,

    async entriesSince(version) {
      const res = await fetch(`${origin}/api/grid/edits?since=${version}`, { credentials: 'same-origin', headers: extra() });
      if (!res.ok)
        throw new Error(
          `could not read the grid's edit log: ${res.status} ${(await json<{ title?: string }>(res).catch(() => ({}) as { title?: string })).title ?? ''}`,
        );
      return json(res);
    },

    async history(id) {
      const res = await fetch(`${origin}/api/grid/history/${encodeURIComponent(id)}`, { credentials: 'same-origin', headers: extra() });
      if (!res.ok) throw new Error(`could not read the history of ${id}: ${res.status}`);
      return (await json<{ entries: SharedEntry[] }>(res)).entries;
    },

    restore: (id, version, baseVersion, clientId) => post('/api/grid/restore', { id, version, baseVersion, clientId }),

    send: (op, baseVersion, clientId) => post('/api/grid/edits', { op, baseVersion, clientId }),

    follow(since, onEntry, onState) {
      let stopped = false;
      let last = since;
      let abort: AbortController | null = null;
      const run = async () => {
        while (!stopped) {
          abort = new AbortController();
          try {
            const res = await fetch(`${origin}/api/grid/events?since=${last}`, {
              credentials: 'same-origin',
              headers: extra(),
              signal: abort.signal,
            });
            if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
            onState(true);
            const reader = res.body.getReader();
            const decoder = new TextDecoder();
            let text = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              text += decoder.decode(value, { stream: true });
              let cut: number;
              while ((cut = text.indexOf('\n\n')) >= 0) {
                const block = text.slice(0, cut);
                text = text.slice(cut + 2);
                if (!/^event: edit$/m.test(block)) continue;
                const data = /^data: (.*)$/m.exec(block)?.[1];
                if (!data) continue;
                const entry = JSON.parse(data) as SharedEntry;
                last = Math.max(last, entry.version);
                onEntry(entry);
              }
            }
          } catch {
            // Reconnects below.
          }
          if (stopped) break;
          onState(false);
          await new Promise((ok) => setTimeout(ok, retryMs));
        }
      };
      background(run(), "following the shared grid's edits");
      return () => {
        stopped = true;
        abort?.abort();
      };
    },
  };
}
