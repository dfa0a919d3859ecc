// Editing the shared grid (server mode): the working grid is the server's log up to `version` plus this editor's own
// edits not yet in it (`pending`, in order, kept in IndexedDB so a reload or an outage loses none). Edits show at
// once and go to the server one at a time; everyone's edits arrive from the log's stream. An edit of someone else
// that lands first is applied under the pending ones (they are taken off, the other edit applied, they are applied
// again), so every editor's grid is the log replayed in the server's order. A refused pending edit is taken back and
// shown: a conflict (someone changed those cells since) with who and what, to rebase (send it again on the new grid)
// or drop; a refusal of the grid's checks or of the editor's scope with its reason.
import type { GridOp } from '../../core/grid/gridOp';
import { background } from '../../core/util/background';
import type { Problem } from '../../core/grid/problems';
import type { WireOp } from '../../core/grid/wireOps';
import type { EditOutcome } from '../../../workers/gridEditApi';
import type { SendResult, SharedEntry, SharedGridLink } from './sharedLink';

export interface PendingEdit {
  clientId: string;
  wire: WireOp;
  text: string;
  atMs: number;
  /** The local inverse (to take the edit off for a moment); recomputed when it is applied again. */
  inverse?: GridOp;
}

/** Where pending edits survive a reload (IndexedDB on the page). */
export interface PendingStore {
  load(): Promise<PendingEdit[]>;
  save(list: readonly PendingEdit[]): Promise<void>;
}

export interface SharedConflict {
  /** The edit the server did not take. */
  text: string;
  /** The edit to send again on rebase (null: a restore, asked for again from the history). */
  wire: WireOp | null;
  kind: 'conflict' | 'forbidden' | 'refused';
  cells: string[];
  /** Conflicts: the edits of others that changed those cells since. */
  since: { version: number; user: string | null; at: string; text: string }[];
  problem: Problem | { type: 'bad-op'; message: string } | null;
}

export interface SharedState {
  version: number;
  pending: number;
  connected: boolean;
  /** Why pending edits are not going out (offline, signed out), or null. */
  waiting: string | null;
  conflict: SharedConflict | null;
  canUndo: boolean;
  canRedo: boolean;
}

/** What the shared editor asks of the editing session. */
export interface SharedHost {
  apply(op: GridOp): Promise<EditOutcome>;
  applyWire(wire: WireOp): Promise<EditOutcome>;
  /** Runs `fn` after every edit already queued (the session's serial). */
  serial(fn: () => Promise<void>): Promise<void>;
  /** The working grid changed: show it (and its join) again. */
  changed(): void;
  state(state: SharedState, log: readonly SharedEntry[], pending: readonly PendingEdit[]): void;
  refused(problem: Problem): void;
  /** A new id for an edit (crypto.randomUUID on the page). */
  newId(): string;
}

export interface SharedEditor {
  /** After the base and the log up to `version` are in the worker: re-applies stored pending edits, starts following. */
  start(version: number, log: SharedEntry[]): Promise<void>;
  /** A new edit made by this editor (`op` on the working grid): applied at once, sent in order. */
  edit(op: GridOp): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** The conflict's edit again, on the grid as it is now. */
  rebase(): Promise<void>;
  drop(): void;
  /**
   * The signed-in user changed: the log is read again (names of editors are shown to signed-in users only) and the
   * live stream opened again under the new session; pending edits are sent under it.
   */
  relink(): Promise<void>;
  /** The edits that changed grid `id`, newest first. */
  history(id: string): Promise<SharedEntry[]>;
  /**
   * Gives L3 cell `id` back its state at `version` (one more edit of the log, checked and scoped like any other):
   * sent at once; refused as the other edits are (shown as the conflict).
   */
  restore(id: string, version: number): Promise<void>;
  /** Resolves when every pending edit is in the log (or waiting on the network). */
  flushed(): Promise<void>;
  stop(): void;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

export function createSharedEditor(host: SharedHost, link: SharedGridLink, store: PendingStore): SharedEditor {
  let version = 0;
  let log: SharedEntry[] = [];
  let pending: PendingEdit[] = [];
  let conflict: SharedConflict | null = null;
  let connected = false;
  let waiting: string | null = null;
  let stopped = false;
  let stopFollow = () => {};
  /** This editor's own edits (wire form and inverse) for undo, and undone ones for redo. */
  const undoStack: { wire: WireOp; inverse: WireOp }[] = [];
  const redoStack: { wire: WireOp; inverse: WireOp }[] = [];
  let sending: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const publish = () =>
    host.state(
      { version, pending: pending.length, connected, waiting, conflict, canUndo: undoStack.length > 0, canRedo: redoStack.length > 0 },
      log,
      pending,
    );
  const persist = () => store.save(pending.map(({ inverse: _inverse, ...p }) => p));

  /** Takes every pending edit off the working grid (newest first). */
  async function takeOff(): Promise<void> {
    for (let i = pending.length - 1; i >= 0; i--) {
      const inv = pending[i].inverse;
      if (!inv) continue;
      const r = await host.apply(inv);
      if (!r.ok) throw new Error(`could not take back "${pending[i].text}": ${r.problem.message}`);
    }
  }

  /** Puts the pending edits back on (in order); one that no longer applies is dropped and shown. */
  async function putBack(): Promise<void> {
    const kept: PendingEdit[] = [];
    for (const p of pending) {
      const r = await host.applyWire(p.wire);
      if (r.ok) kept.push({ ...p, inverse: r.inverse });
      else {
        conflict = { text: p.text, wire: p.wire, kind: 'refused', cells: [], since: [], problem: r.problem };
        host.refused(r.problem);
      }
    }
    pending = kept;
  }

  /** An entry of the log, in version order (older ones are skipped; a gap is filled from the log first). */
  async function receive(entry: SharedEntry): Promise<void> {
    if (entry.version <= version) return;
    if (entry.version > version + 1) {
      const { entries } = await link.entriesSince(version);
      for (const e of entries) if (e.version < entry.version) await receive(e);
      if (entry.version !== version + 1) return;
    }
    if (pending[0] && entry.clientId === pending[0].clientId) {
      // Ours, and everything before it is applied under it: the grid is already right.
      pending.shift();
    } else {
      await takeOff();
      const r = await host.applyWire(entry.op);
      if (!r.ok) throw new Error(`the shared grid's edit ${entry.version} does not apply here: ${r.problem.message}; reload the page`);
      await putBack();
      host.changed();
    }
    version = entry.version;
    log = [...log, entry];
    await persist();
    publish();
  }

  /** The server did not take the first pending edit: it comes off, and is shown with why. */
  async function rejectHead(result: Exclude<SendResult, { status: 'applied' } | { status: 'offline' }>): Promise<void> {
    const head = pending[0];
    await takeOff();
    pending.shift();
    await putBack();
    const { entries } = await link.entriesSince(version);
    for (const e of entries) await receive(e);
    conflict = {
      text: head.text,
      wire: head.wire,
      kind: result.status,
      cells: 'cells' in result ? result.cells : [],
      since:
        result.status === 'conflict' ? result.since.map((e) => ({ version: e.version, user: e.user ?? null, at: e.at, text: e.text })) : [],
      problem: result.status === 'refused' ? result.problem : null,
    };
    // The undo entry of a refused edit goes too.
    const i = undoStack.findIndex((u) => u.wire === head.wire);
    if (i >= 0) undoStack.splice(i, 1);
    host.changed();
    await persist();
    publish();
  }

  /** Sends pending edits one at a time until none is left (waiting, with growing pauses, while offline). */
  function pump(): Promise<void> {
    if (sending) return sending;
    sending = (async () => {
      let attempt = 0;
      while (!stopped && pending.length) {
        const head = pending[0];
        const result = await link.send(head.wire, version, head.clientId);
        if (result.status === 'offline') {
          waiting = result.message;
          publish();
          await new Promise<void>((ok) => {
            const timer = setTimeout(ok, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
            wake = () => {
              clearTimeout(timer);
              ok();
            };
          });
          wake = null;
          continue;
        }
        attempt = 0;
        if (waiting) {
          waiting = null;
          publish();
        }
        if (result.status === 'applied') await host.serial(() => receive(result.entry));
        else await host.serial(() => rejectHead(result));
      }
    })().finally(() => (sending = null));
    return sending;
  }

  /** An edit applied here goes to the end of the pending ones, is kept, shown and sent. */
  async function queue(r: Extract<EditOutcome, { ok: true }>): Promise<void> {
    pending.push({ clientId: host.newId(), wire: r.wire, text: r.text, atMs: Date.now(), inverse: r.inverse });
    await persist();
    host.changed();
    publish();
    background(pump(), 'sending grid edits');
  }

  async function makeEdit(op: GridOp): Promise<EditOutcome> {
    const r = await host.apply(op);
    if (r.ok) await queue(r);
    return r;
  }

  function follow(): void {
    stopFollow();
    stopFollow = link.follow(
      version,
      (e) =>
        background(
          host.serial(() => receive(e)),
          'applying an edit of the shared grid',
        ),
      (up) => {
        connected = up;
        // Back online: pending edits go now, not at the end of the pause.
        if (up) wake?.();
        publish();
      },
    );
  }

  return {
    async start(v, entries) {
      version = v;
      log = entries;
      // Edits made before a reload or while the server was away: those the log has are done, the rest go again.
      const done = new Set(entries.map((e) => e.clientId).filter(Boolean));
      pending = [];
      for (const p of await store.load()) {
        if (done.has(p.clientId)) continue;
        const r = await host.applyWire(p.wire);
        if (r.ok) pending.push({ ...p, inverse: r.inverse });
        else host.refused(r.problem);
      }
      await persist();
      if (pending.length) host.changed();
      publish();
      follow();
      background(pump(), 'sending grid edits');
    },
    relink: () =>
      host.serial(async () => {
        if (stopped) return;
        const { entries } = await link.entriesSince(0);
        const byVersion = new Map(entries.map((e) => [e.version, e]));
        log = log.map((e) => byVersion.get(e.version) ?? e);
        publish();
        follow();
        wake?.();
      }),
    history: (id) => link.history(id),
    async restore(id, v) {
      // After this editor's own pending edits, so the restore is made on the grid they are in.
      while (pending.length && !waiting && !stopped) await pump();
      const text = `restoring ${id} to version ${v}`;
      const result = await link.restore(id, v, version, host.newId());
      await host.serial(async () => {
        if (result.status === 'applied') return receive(result.entry);
        conflict = {
          text,
          wire: null,
          // A restore is not sent again by "rebase": it is asked for again from the history.
          kind: result.status === 'forbidden' ? 'forbidden' : 'refused',
          cells: 'cells' in result ? result.cells : [id],
          since:
            result.status === 'conflict'
              ? result.since.map((e) => ({ version: e.version, user: e.user ?? null, at: e.at, text: e.text }))
              : [],
          problem:
            result.status === 'refused'
              ? result.problem
              : result.status === 'offline'
                ? { type: 'bad-op', message: result.message }
                : result.status === 'conflict'
                  ? { type: 'bad-op', message: `${id} changed since version ${version}` }
                  : null,
        };
        publish();
      });
    },
    async edit(op) {
      const r = await makeEdit(op);
      if (!r.ok) {
        host.refused(r.problem);
        return false;
      }
      conflict = null;
      undoStack.push({ wire: r.wire, inverse: r.inverseWire });
      redoStack.length = 0;
      publish();
      return true;
    },
    async undo() {
      const last = undoStack.pop();
      if (!last) return;
      const r = await host.applyWire(last.inverse);
      if (!r.ok) {
        undoStack.push(last);
        host.refused(r.problem);
        return;
      }
      redoStack.push({ wire: r.wire, inverse: r.inverseWire });
      await queue(r);
    },
    async redo() {
      const next = redoStack.pop();
      if (!next) return;
      const r = await host.applyWire(next.inverse);
      if (!r.ok) {
        host.refused(r.problem);
        return;
      }
      undoStack.push({ wire: r.wire, inverse: r.inverseWire });
      await queue(r);
    },
    async rebase() {
      const c = conflict;
      if (!c?.wire) return;
      conflict = null;
      const r = await host.applyWire(c.wire);
      if (!r.ok) {
        conflict = { ...c, kind: 'refused', problem: r.problem };
        host.refused(r.problem);
        publish();
        return;
      }
      undoStack.push({ wire: r.wire, inverse: r.inverseWire });
      await queue(r);
    },
    drop() {
      conflict = null;
      publish();
    },
    async flushed() {
      while (pending.length && !waiting && !stopped) await pump();
    },
    stop() {
      stopped = true;
      stopFollow();
      wake?.();
    },
  };
}
