// Session slice: whether a `cim serve` is behind the page (server mode) or not (the static deployment, read-only as
// ever), who is signed in, the session's CSRF token, and the log-in dialog. What the user may do is read from
// core/access/roles, the table the server enforces; `gridEditBlock` is the one gate of grid mode's edit tools.
import { may, type Principal } from '../../core/access/roles';
import type { SliceStore } from '../sliceStore';
import type { GridEditState } from './gridEdit';

export interface SessionState {
  /** 'probing' until `GET /api/session` answers; 'static' when no server answered it. */
  mode: 'probing' | 'static' | 'server';
  user: Principal | null;
  /** Echoed in X-CSRF-Token on every write; null without a session. */
  csrf: string | null;
  /** The log-in dialog: asked for by the user, or because the session ended under a request (401). */
  login: null | 'asked' | 'expired';
}

export interface SessionSlice {
  session: SessionState;
}

export function initialSession(): SessionSlice {
  return { session: { mode: 'probing', user: null, csrf: null, login: null } };
}

type Store = SliceStore<SessionSlice>;

export const sessionActions = {
  /** The probe's outcome: a server's session (user null: nobody signed in), or null for the static deployment. */
  sessionProbed(store: Store, found: { user: Principal | null; csrf: string | null } | null): void {
    store.setState((s) => ({
      session: found ? { ...s.session, mode: 'server', user: found.user, csrf: found.csrf } : { ...s.session, mode: 'static' },
    }));
  },
  signedIn(store: Store, user: Principal, csrf: string): void {
    store.setState((s) => ({ session: { ...s.session, user, csrf, login: null } }));
  },
  /** Signed out here, or the server no longer knows the session (`expired`: the dialog opens to sign in again). */
  signedOut(store: Store, expired = false): void {
    store.setState((s) => ({ session: { ...s.session, user: null, csrf: null, login: expired ? 'expired' : null } }));
  },
  showLogin(store: Store, open: boolean): void {
    store.setState((s) => ({ session: { ...s.session, login: open ? 'asked' : null } }));
  },
};

/** Why grid editing is not offered here: the editor's own reason, 'sign-in' or 'role' in server mode, or null. */
export type GridEditBlock = GridEditState['readOnly'] | 'sign-in';

/**
 * The one gate of grid mode's edit tools. Static mode keeps the local editor as it is (its own read-only reasons);
 * in server mode the tools are offered only to a signed-in user whose role may edit grids (a grid manager's scope
 * is the server's to check per grid). While the probe runs (milliseconds; the editor opens seconds later) the page is
 * taken as static.
 */
export function gridEditBlock(s: { session: SessionState; gridEdit: Pick<GridEditState, 'readOnly'> }): GridEditBlock {
  if (s.gridEdit.readOnly) return s.gridEdit.readOnly;
  if (s.session.mode !== 'server') return null;
  if (!s.session.user) return 'sign-in';
  return may(s.session.user, 'edit-grid') ? null : 'role';
}

/** Whether grid mode's edit tools work now: the editor is ready, not paused by storage, and not blocked. */
export function gridEditingOn(s: { session: SessionState; gridEdit: Pick<GridEditState, 'phase' | 'readOnly' | 'paused'> }): boolean {
  return s.gridEdit.phase === 'ready' && s.gridEdit.paused === null && gridEditBlock(s) === null;
}
