// One simulated editor's HTTP session: log-in (cookie and CSRF token kept), and grid edits sent with a time-out, so
// that a request whose answer does not come can be retried with the same client id.
export interface EditReply {
  status: number;
  body: {
    entry?: { version: number; clientId: string | null };
    duplicate?: boolean;
    version?: number;
    cells?: string[];
    problem?: { message?: string };
  };
}

export class TimedOut extends Error {}

export class Session {
  private cookie = '';
  private csrf = '';

  constructor(readonly base: string) {}

  async login(name: string, password: string): Promise<void> {
    const res = await fetch(`${this.base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const body = (await res.json()) as { csrf?: string; error?: string };
    if (res.status !== 200 || !body.csrf) throw new Error(`log-in of ${name} failed: ${res.status} ${JSON.stringify(body)}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = body.csrf;
  }

  /** POST /api/grid/edits; throws TimedOut when no answer comes within `timeoutMs` (or the connection fails). */
  async edit(payload: { op: unknown; baseVersion: number; clientId: string }, timeoutMs: number): Promise<EditReply> {
    try {
      const res = await fetch(`${this.base}/api/grid/edits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, body: (await res.json()) as EditReply['body'] };
    } catch (err) {
      throw new TimedOut((err as Error).message, { cause: err });
    }
  }
}
