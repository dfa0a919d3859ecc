// Server mode's opening of the editing session (session.ts): the server's base file in the worker, its log replayed,
// the buildings joined to that grid, and the shared editor (shared.ts) wired to the session's store and worker.
import type { EditOutcome } from '../../../workers/gridEditApi';
import type { GridOp } from '../../core/grid/gridOp';
import type { GridEditState, GridOverlay } from '../../state/slices/gridEdit';
import { pendingLogRecord, sharedLogRecord } from './records';
import { GRID_EDIT_CRS, problemRefusal, type GridEditSessionDeps, type GridEditWorkerApi } from './session';
import { createSharedEditor, type PendingStore, type SharedEditor } from './shared';
import type { SharedEntry, SharedGridLink } from './sharedLink';

export interface SharedOpenContext {
  deps: GridEditSessionDeps;
  api: GridEditWorkerApi;
  track<T>(p: Promise<T>): Promise<T>;
  set(patch: Partial<GridEditState>): void;
  overlay(patch: Partial<GridOverlay>): void;
  serial(fn: () => Promise<void>): Promise<void>;
  apply(op: GridOp): Promise<EditOutcome>;
  /** The working grid changed: show it again. */
  changed(): void;
}

/** The shared editor, not yet started, with the log it was opened at; null when the log does not apply (in the store). */
export async function openSharedGrid(
  ctx: SharedOpenContext,
  link: SharedGridLink,
  pendingStore: PendingStore,
  newId: () => string,
): Promise<{ editor: SharedEditor; version: number; entries: SharedEntry[] } | null> {
  const { deps, api, track, set } = ctx;
  const opened = await track(api.open({ kind: 'url', url: link.baseUrl }, GRID_EDIT_CRS, deps.zone));
  const { version, entries } = await link.entriesSince(0);
  const replay = await track(api.replayWire(entries.map((e) => e.op)));
  if (replay.error) {
    set({ phase: 'error', error: `edit ${replay.applied + 1} of the shared grid's log does not apply: ${replay.error}` });
    return null;
  }
  // The server's grid may differ from the city's file grid mode joined: the buildings are joined to it afresh.
  await track(api.setBuildings(deps.ownCopy ? deps.ownCopy(deps.points) : deps.points.slice()));
  const editor = createSharedEditor(
    {
      apply: ctx.apply,
      applyWire: (w) => track(api.applyWire(w)),
      serial: ctx.serial,
      changed: ctx.changed,
      state(state, log, pendingEdits) {
        const records = [...log.map(sharedLogRecord), ...pendingEdits.map((p, i) => pendingLogRecord(p, log.length + i, deps.shared!.who))];
        set({ shared: state, log: records, cursor: records.length });
      },
      refused: (problem) => set({ refused: problemRefusal(problem) }),
      newId,
    },
    link,
    pendingStore,
  );
  set({
    phase: 'ready',
    restored: version,
    problems: opened.problems,
    refused: null,
    readOnly: deps.canEdit ? null : 'role',
    who: deps.shared!.who,
  });
  ctx.overlay({ markers: opened.problems.flatMap((p) => (p.location ? [p.location] : [])) });
  return { editor, version, entries };
}
