// The app store: plain serialisable records and the actions that change them, composed from one slice per
// mode (src/state/slices): each slice owns its fields and the only actions that write them.
import { createStore } from 'zustand/vanilla';
import { cityActions, initialCity, type CitySlice } from './slices/city';
import { initialJoin, joinActions, type JoinSlice } from './slices/join';
import { initialLive, liveActions, type LiveSlice } from './slices/live';
import { initialPlan, planActions, type PlanSlice } from './slices/plan';
import { initialReview, reviewActions, type ReviewSlice } from './slices/review';
import { initialTour, tourActions, type TourSlice } from './slices/tour';
import { initialView, viewActions, type ViewSlice } from './slices/view';
import type { Problem } from '../core/grid/problems';
import type { UrlState } from './urlState';

export type { ImportedFile, LoadPhase, Selection } from './slices/city';
export type { GridStatsRecord, JoinState } from './slices/join';
export type { LiveAlarmRecord, LiveState } from './slices/live';
export { NO_LINES, type PlanCompareMode, type PlanState } from './slices/plan';
export type { ReviewState } from './slices/review';
export type { TourPlayState } from './slices/tour';

/** Grid mode's editor (its own slice is being split out: the gridEdit and gridOverlay parts below). */
export interface GridEditSlice {
  gridEdit: GridEditState;
  /** What the grid editor draws over the scene (lon/lat degrees). */
  gridOverlay: GridOverlay;
}

export type AppState = ViewSlice & CitySlice & JoinSlice & PlanSlice & ReviewSlice & LiveSlice & TourSlice & GridEditSlice;

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
  /** The last refused edit: why and where. */
  refused: string | null;
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

export const EMPTY_OVERLAY: GridOverlay = {
  handles: [],
  cellRings: [],
  hoverEdge: null,
  hoverRings: [],
  preview: [],
  snap: null,
  markers: [],
};

export function createAppStore(initial: UrlState) {
  return createStore<AppState>()(() => ({
    ...initialView(initial),
    ...initialCity(initial),
    ...initialJoin(),
    ...initialPlan(),
    ...initialReview(),
    ...initialLive(),
    ...initialTour(),
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
    },
    gridOverlay: EMPTY_OVERLAY,
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const actions = {
  ...viewActions,
  ...cityActions,
  ...joinActions,
  ...planActions,
  ...reviewActions,
  ...liveActions,
  ...tourActions,
  setGridEdit(store: AppStore, patch: Partial<GridEditState>): void {
    store.setState((s) => ({ gridEdit: { ...s.gridEdit, ...patch } }));
  },
  setGridOverlay(store: AppStore, patch: Partial<GridOverlay>): void {
    store.setState((s) => ({ gridOverlay: { ...s.gridOverlay, ...patch } }));
  },
};

/** The URL-relevant slice of the state. */
export function urlStateOf(s: AppState): UrlState {
  return {
    camera: s.camera,
    layers: s.layers,
    lang: s.lang,
    render: s.render,
    underground: s.underground,
    data: s.dataUrl,
    mode: s.mode,
    buildingStyle: s.buildingStyle,
  };
}
