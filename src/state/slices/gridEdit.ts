// Grid mode's editor in the store: the journal's state, the tool, what the last edit did, and what the
// editor draws over the scene. Its actions see only these two records.
import type { Problem } from '../../core/grid/problems';
import type { SliceStore } from '../sliceStore';

export type GridTool = 'select' | 'insert' | 'delete' | 'split' | 'merge';

export interface GridEditLogRecord {
  seq: number;
  /** The edit's kind and names (ids, node and edge numbers), for a description in the page's language. */
  what: { type: string } & Record<string, string | number | null>;
  text: string;
  who: string;
  atMs: number;
  /** Cells the edit changed, with their area before and after (null: did not exist). */
  cells: { id: string; beforeM2: number | null; afterM2: number | null }[];
  /** Buildings that changed grid. */
  moved: number;
  /** Server mode: made here, not yet in the shared log. */
  pending?: boolean;
}

/** Server mode's shared grid (see app/gridEdit/shared.ts). */
export interface SharedGridState {
  /** The shared log's version the working grid includes. */
  version: number;
  /** This editor's edits not yet in the log. */
  pending: number;
  /** The live stream of everyone's edits is up. */
  connected: boolean;
  /** Why pending edits are not going out (offline, signed out), or null. */
  waiting: string | null;
  /** The last edit the server did not take, with why (and, for a conflict, whose edits came first). */
  conflict: {
    text: string;
    /** Present when the edit can be sent again (rebase). */
    wire: unknown;
    kind: 'conflict' | 'forbidden' | 'refused';
    cells: string[];
    since: { version: number; user: string | null; at: string; text: string }[];
    problem: Problem | { type: 'bad-op'; message: string } | null;
  } | null;
  canUndo: boolean;
  canRedo: boolean;
}

/** Grid mode's editor: the journal's state, the tool, and what the last edit did. */
export interface GridEditState {
  phase: 'off' | 'loading' | 'ready' | 'error';
  error?: string;
  /** Why editing is off: the role (?role=viewer), or another tab is editing this grid. */
  readOnly: null | 'role' | 'other-tab';
  /** A storage failure: editing pauses until the pending edit is saved (retry). */
  paused: string | null;
  tool: GridTool;
  /** Top-down orthographic view. */
  view2d: boolean;
  /** Dragged and drawn points also snap to road centrelines (after the grid's own nodes and edges). */
  snapRoads: boolean;
  /** Entries log[0 .. cursor) are applied; the rest can be redone. */
  cursor: number;
  log: GridEditLogRecord[];
  /** The last refused edit: why (its location is marked in the overlay). */
  refused: EditRefusal | null;
  /** Buildings the last edit (or undo/redo) moved to another grid. */
  lastMoved: { count: number; list: { building: number; id: string; from: string | null; to: string | null }[] } | null;
  /** Problems the working grid's import found, with locations. */
  problems: Problem[];
  /** The L3 cell whose vertices have handles. */
  cell: { id: string; name: string; parentId: string | null; areaM2: number } | null;
  who: string;
  /** Edits replayed from the journal when the editor opened. */
  restored: number;
  /** The cursor the drawn grid, building counts and colours reflect (they follow an edit a moment later). */
  shown: number;
  /** A grid file chosen for import, waiting for the editor's confirmation. */
  importCandidate: { name: string; cells: number; problems: Problem[] } | null;
  /** Server mode: the shared grid's state; null when editing this browser's own journal. */
  shared: SharedGridState | null;
}

export interface GridOverlay {
  /** Vertex handles: node id and lon/lat. */
  handles: { node: number; lonLat: [number, number] }[];
  /** Outlines of the cell being edited, flat lon/lat per ring. */
  cellRings: number[][];
  /** The shared edge under the cursor and the rings of the cells on both sides. */
  hoverEdge: number[] | null;
  hoverRings: number[][];
  /** A drag's or a split line's preview; the snapped point (and what it snapped to). */
  preview: number[][];
  snap: { lonLat: [number, number]; kind: 'node' | 'edge' | 'road' | 'free' } | null;
  /** Problem markers. */
  markers: [number, number][];
}

/**
 * Why the editor did not make an edit, for the panel to say in the page's language: a click that hit
 * nothing to edit, a refusal by the grid's checks (`problem`), or a failure of the editor itself.
 */
export type EditRefusal =
  | { kind: 'insertMiss'; params: Record<string, never> }
  | { kind: 'deleteMiss'; params: Record<string, never> }
  | { kind: 'selectFirst'; params: Record<string, never> }
  | { kind: 'splitStart'; params: Record<string, never> }
  | { kind: 'problem'; params: { problem: Problem } }
  | { kind: 'failed'; params: { message: string } };

export type EditRefusalKind = EditRefusal['kind'];

export const EMPTY_OVERLAY: GridOverlay = {
  handles: [],
  cellRings: [],
  hoverEdge: null,
  hoverRings: [],
  preview: [],
  snap: null,
  markers: [],
};

/** The part of the app state this slice owns. */
export interface GridEditSliceState {
  gridEdit: GridEditState;
  /** What the grid editor draws over the scene (lon/lat degrees). */
  gridOverlay: GridOverlay;
}

export type GridEditStore = SliceStore<GridEditSliceState>;

export function initialGridEdit(): GridEditSliceState {
  return {
    gridEdit: {
      phase: 'off',
      readOnly: null,
      paused: null,
      tool: 'select',
      view2d: false,
      snapRoads: false,
      cursor: 0,
      log: [],
      refused: null,
      lastMoved: null,
      problems: [],
      cell: null,
      who: '',
      restored: 0,
      shown: 0,
      importCandidate: null,
      shared: null,
    },
    gridOverlay: EMPTY_OVERLAY,
  };
}

export const gridEditActions = {
  setGridEdit(store: GridEditStore, patch: Partial<GridEditState>): void {
    store.setState((s) => ({ gridEdit: { ...s.gridEdit, ...patch } }));
  },
  setGridOverlay(store: GridEditStore, patch: Partial<GridOverlay>): void {
    store.setState((s) => ({ gridOverlay: { ...s.gridOverlay, ...patch } }));
  },
};
