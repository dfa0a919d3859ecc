// The grid-editing session's types: what it is given (worker, journal, layers, storage, server mode's link) and what
// it offers the page and its pointer tools (session.ts builds it).
import type { FileJoin } from '../../core/grid/fileJoin';
import type { GridOp } from '../../core/grid/gridOp';
import type { GridEditSliceState, GridEditState, GridOverlay } from '../../state/slices/gridEdit';
import type { SliceStore } from '../../state/sliceStore';
import type { SessionSlice } from '../../state/slices/session';
import type { AppMode } from '../../state/urlState';
import type { CellRecord, GridEditApi } from '../../../workers/gridEditApi';
import type { GridJournal } from './journal';
import type { PendingStore } from './shared';
import type { SharedEntry, SharedGridLink } from './sharedLink';

/** The worker's API as the page calls it (comlink's Remote, or the API object in-process with its answers awaited). */
export type GridEditWorkerApi = {
  [K in keyof GridEditApi]: GridEditApi[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** The working grid as the worker hands it to be drawn. */
export type GridEditLayerData = Awaited<ReturnType<GridEditApi['layer']>>;

/** What the editor asks of the scene; the overlay (handles, previews, markers) goes through the store. */
export interface GridEditLayers {
  /** Draws the working grid and publishes its join; resolves once it is shown. */
  drawGrid(layer: GridEditLayerData): Promise<void>;
  /** Shows an applied edit at once (the cells near the camera), before the whole grid is drawn again. */
  showEdit?(): void;
  flyTo(lonLat: [number, number]): void;
  setTopDown(on: boolean): void;
}

/** The part of localStorage the editor uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type GridEditSessionStore = SliceStore<GridEditSliceState & SessionSlice & { mode: AppMode }>;

export interface GridEditSessionDeps {
  store: GridEditSessionStore;
  api: GridEditWorkerApi;
  openJournal(): Promise<GridJournal>;
  layers: GridEditLayers;
  storage: KeyValueStorage;
  download(name: string, text: string, type?: string): void;
  /** The city's grid file, and the journal's key (city and file). */
  gridsUrl: string;
  key: string;
  /** The city's road centrelines, for optional snapping (null: the city has none). */
  roadsUrl: string | null;
  /** False for the read-only role: the journal is only followed. */
  canEdit: boolean;
  /** The GK zone of the join, and each building's point (metres in it); ids and columns are the worker's. */
  zone: number;
  points: Float64Array;
  /** The editor's name from the page's URL (?user=), before the stored one. */
  user: string | null;
  /** Wraps every worker call (the page counts them for its diagnostics). */
  track?<T>(p: Promise<T>): Promise<T>;
  /** City scale: the whole grid and its join are drawn again once edits pause this long (0: after each edit). */
  publishIdleMs?: number;
  /** Makes a copy of the points the worker can own (the page transfers it). */
  ownCopy?(points: Float64Array): Float64Array;
  /** Grid mode's join of the city's grid file (a copy the worker can own), which the worker carries over to the working grid. */
  fileJoin?(): FileJoin;
  /**
   * Server mode: the grid is the server's shared grid (its base file and edit log) instead of the city's file and this
   * browser's journal; edits go to the server, everyone's edits come back. `who` is the signed-in user.
   */
  shared?: { link: SharedGridLink; pending: PendingStore; who: string; newId(): string };
}

/** The session's own state that its pointer tools share. */
export interface GridEditCore {
  readonly deps: GridEditSessionDeps;
  set(patch: Partial<GridEditState>): void;
  overlay(patch: Partial<GridOverlay>): void;
  /** The L3 cell with handles. */
  cell(): CellRecord | null;
  editable(): boolean;
  /** Edits run one at a time, in the order they were made. */
  serial(fn: () => Promise<void>): Promise<void>;
  /** Applies an edit, journals it, then shows it; false if refused or paused. */
  applyAndLog(op: GridOp): Promise<boolean>;
  showCell(id: string | null): Promise<void>;
}

export interface GridEditSession extends GridEditCore {
  /** Resolves once the journal is open and replayed (or the error is in the store). */
  readonly ready: Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  moveToParent(cell: string, parentId: string): Promise<void>;
  flyTo(lonLat: [number, number]): void;
  setTool(tool: GridEditState['tool']): void;
  setView2d(on: boolean): void;
  setSnapRoads(on: boolean): void;
  setWho(name: string): void;
  retry(): Promise<void>;
  /** Server mode: the refused edit sent again on the grid as it is now, or dropped. */
  rebase(): Promise<void>;
  dropConflict(): void;
  /** Server mode: the signed-in user changed (the log's names and the live stream follow the new session). */
  relink(): Promise<void>;
  /** Server mode: the edits that changed grid `id` (newest first), and giving an L3 cell back its state at a version. */
  history(id: string): Promise<SharedEntry[]>;
  restoreCell(id: string, version: number): Promise<void>;
  exportGrid(): Promise<void>;
  exportLog(nowMs: number): void;
  chooseImport(name: string, bytes: Uint8Array): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  startOver(): Promise<void>;
  /** Resolves when no edit is queued and the drawn grid has caught up. */
  settled(): Promise<void>;
  stop(): void;
}
