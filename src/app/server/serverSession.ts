// The page's session with `cim serve`: the probe at start (server mode or static), log-in and log-out, and the client
// every server call goes through (its CSRF token from the store; a 401 on a signed-in request ends the session here
// and opens the log-in dialog).
import { actions, type AppStore } from '../../state/store';
import type { AuthActions } from '../../ui/auth/authActions';
import { createServerApi, principalOf, probeServer, ServerError, type ServerApi } from './serverApi';

export interface ServerSession {
  /** Shared by every server feature (grid edits, reviews, tours). */
  api: ServerApi;
  auth: AuthActions;
  /** Asks `GET /api/session` and puts the answer in the store (static mode when no server answers). */
  probe(): Promise<void>;
}

const apis = new WeakMap<AppStore, ServerApi>();

/** The page's one client of the server (tours, reviews and the session share it: its CSRF token, its 401 handling). */
export function serverApiOf(store: AppStore): ServerApi {
  let api = apis.get(store);
  if (!api) {
    api = createServerApi({ csrf: () => store.getState().session.csrf, onUnauthorized: () => actions.signedOut(store, true) });
    apis.set(store, api);
  }
  return api;
}

/** Resolves once the probe has told server mode from static mode. */
export function whenProbed(store: AppStore): Promise<'static' | 'server'> {
  return new Promise((ok) => {
    const now = store.getState().session.mode;
    if (now !== 'probing') return ok(now);
    const stop = store.subscribe((s) => {
      if (s.session.mode === 'probing') return;
      stop();
      ok(s.session.mode);
    });
  });
}

export function createServerSession(store: AppStore, fetchFn?: typeof fetch): ServerSession {
  const api = fetchFn
    ? createServerApi({ csrf: () => store.getState().session.csrf, onUnauthorized: () => actions.signedOut(store, true), fetch: fetchFn })
    : serverApiOf(store);
  return {
    api,
    async probe() {
      const found = await probeServer(fetchFn);
      actions.sessionProbed(store, found);
    },
    auth: {
      async login(name, password) {
        const answer = await api.fetchJson<{ user?: unknown; csrf?: unknown }>('/api/login', {
          method: 'POST',
          json: { name, password },
        });
        const user = principalOf(answer?.user);
        if (!user || typeof answer?.csrf !== 'string') throw new ServerError(200, 'the server answered the log-in without a session');
        actions.signedIn(store, user, answer.csrf);
      },
      async logout() {
        try {
          await api.fetchJson('/api/logout', { method: 'POST' });
        } catch (err) {
          // A session the server no longer knows is signed out all the same.
          if (!(err instanceof ServerError && err.status === 401)) throw err;
        }
        actions.signedOut(store);
      },
    },
  };
}
