// The app store: plain serialisable records and the actions that change them.
import type { BuildingStyle } from '../core/style/buildingStyles';
import type { ParcelReviewResult, PlanAnalysis, PlanSummary } from '../core/planning/cityPlan';
import type { LineColour, ManualEntry } from '../core/planning/types';
import { createStore } from 'zustand/vanilla';
import type { DemoManifest } from '../core/demo/manifest';
import type { FeatureProblem } from '../io/packGeoJson';
import type { LayerDataKey } from '../io/layerData';
import type { LayerId, LayerVisibility } from './layers';
import type { AppMode, CameraView, Lang, RenderPreset, UrlState } from './urlState';
import { gridEditActions, initialGridEdit, type GridEditState, type GridOverlay } from './slices/gridEdit';

export interface Selection {
  /** 'imported': a building of a file the user opened (its properties come with the pick). */
  layer: LayerDataKey | 'imported';
  index: number;
  properties: Record<string, unknown> | null;
}

export type LoadPhase = 'loading' | 'ready' | 'error';

/** Statistics of one grid at any level, from the building -> grid join. */
export interface GridStatsRecord {
  id: string;
  name: string;
  level: number;
  buildings: number;
  footprintAreaM2: number;
  floorAreaM2: number;
  /** Buildings per land-use code. */
  byUse: Record<string, number>;
}

export interface JoinState {
  phase: 'idle' | 'running' | 'done' | 'error';
  donePoints: number;
  totalPoints: number;
  error?: string;
  assigned?: number;
  unassigned?: number;
  joinMs?: number;
}

export interface AppState {
  lang: Lang;
  render: RenderPreset;
  layers: LayerVisibility;
  underground: boolean;
  camera: CameraView | null;
  dataUrl: string;
  manifest: DemoManifest | null;
  load: { phase: LoadPhase; step: string; error?: string };
  /** Features drawn per layer. */
  counts: Partial<Record<LayerDataKey, number>>;
  /** Buildings per land-use code, for the legend chart. */
  buildingsByUse: Record<string, number>;
  problems: FeatureProblem[];
  selection: Selection | null;
  mode: AppMode;
  join: JoinState;
  /** Colour buildings by land use or by their L3 grid. */
  buildingStyle: BuildingStyle;
  selectedGrid: GridStatsRecord | null;
  /** Feature index (in the grids layer) of the selected grid, for the outline highlight. */
  selectedGridIndex: number | null;
  /** The level a click in grid mode selects. */
  gridLevel: 1 | 2 | 3;
  /** Derived from the join for the scene: RGBA per building (by grid), and the selected grid's buildings. */
  buildingPalette: Uint8Array | null;
  buildingGroup: Uint32Array | null;
  /** Buildings outside every grid: index and id, for the list with fly-to. */
  unassigned: { index: number; id: string }[];
  /** Buildings whose footprint crosses a grid boundary, with the share inside their main grid. */
  straddlers: { index: number; id: string; share: number }[];
  /** A building file the user opened, tiled in the browser and drawn beside the city. */
  imported: ImportedFile | null;
  plan: PlanState;
  review: ReviewState;
  live: LiveState;
  /** Display state per sensor (SENSOR_STATES index, 255 unknown), replaced when any changes; null without a live feed. */
  sensorStates: Uint8Array | null;
  /** Buildings an analysis or review flags, by index, with their colour; null for none. */
  flagged: ReadonlyMap<number, [number, number, number]> | null;
  /** The flythrough being played (ops mode or a preview while authoring). */
  tour: TourPlayState;
  /** The ops screen's 24/7 record: WebGL contexts lost and recovered, alarms flown to, the alarm flight under way. */
  ops: {
    contextLosses: number;
    recoveries: number;
    alarmFlights: number;
    alarmFlight: { thingId: string; phase: 'away' | 'holding' | 'returning' } | null;
  };
  gridEdit: GridEditState;
  /** What the grid editor draws over the scene (lon/lat degrees). */
  gridOverlay: GridOverlay;
}

export interface TourPlayState {
  id: string | null;
  phase: 'idle' | 'loading' | 'playing' | 'paused' | 'error';
  error?: string;
  /** The keyframe being flown to or held at. */
  keyframe: number;
  keyframes: number;
  /** Play time (ms into the tour) the player last reported: where a rebuilt scene resumes. */
  elapsedMs: number;
  caption: { zh: string; en: string } | null;
  highlight: { grid?: string; parcel?: string } | null;
  /** Why it is paused: the operator, or an alarm it flew to. */
  pausedFor?: 'user' | 'alarm';
}

export interface ImportedFile {
  name: string;
  phase: 'tiling' | 'done' | 'error';
  buildings?: number;
  /** Features skipped as malformed. */
  problems?: number;
  error?: string;
}

export type PlanCompareMode = 'off' | 'swipe' | 'split';

/** Plan mode: the planning layers shown, the plan version and its comparison, and the one-map analyses. */
export interface PlanState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error?: string;
  summary: PlanSummary | null;
  landUse: boolean;
  lines: Record<LineColour, boolean>;
  heightLimits: boolean;
  /** The plan version drawn (left of the divider when comparing). */
  version: string;
  compare: { mode: PlanCompareMode; version: string; position: number };
  analysis: 'none' | 'height' | 'conflicts';
  result: PlanAnalysis | null;
}

/** Review mode (多验合一): the parcel under review, its computed review and the reviewers' sign-offs. */
export interface ReviewState {
  parcelId: string | null;
  phase: 'idle' | 'running' | 'done' | 'error';
  error?: string;
  result: ParcelReviewResult | null;
  /** Manual items signed so far, by item id. */
  entries: Record<string, ManualEntry>;
}

/** The live sensor feed (`?live=ws://…`): connection, counters and the open alarms. */
export interface LiveState {
  status: 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline' | 'error' | 'unauthorized';
  error?: string;
  /** Why the broker refused the connection (status unauthorized): the page asks for credentials. */
  authError?: string;
  /** The SensorThings API backfill after the latest reconnect. */
  backfill?: {
    state: 'idle' | 'running' | 'done' | 'error';
    datastreams: number;
    done: number;
    failed: number;
    observations: number;
    added: number;
    error?: string;
  };
  messages: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  outOfOrder: number;
  /** Datastreams per display state. */
  byState: Record<string, number>;
  /** The most urgent open alarms (at most a few hundred), newest first, with their sensor's Thing id, name, unit and type. */
  alarms: LiveAlarmRecord[];
  /** Counts over every open alarm (the list above may show only the most urgent). */
  alarmCounts?: { total: number; active: number; alarm: number; warning: number; silence: number; unacknowledged: number };
  /** Sensors that may have missed data while the connection was down (until they report again). */
  mayHaveMissed: number;
  /** Sensors, online and alarming sensors per level-1 grid. */
  grids: { id: string; name: string; lonLatDeg: [number, number]; sensors: number; online: number; alarm: number; warning: number }[];
}

export interface LiveAlarmRecord {
  id: string;
  thingId: string;
  datastreamId: string;
  name: string;
  unit: string;
  type: string;
  cause: 'value' | 'silence';
  severity: 'warning' | 'alarm';
  raisedAtMs: number;
  value: number;
  clearedAtMs: number | null;
  acknowledgedAtMs: number | null;
  acknowledgedBy: string | null;
  occurrences: number;
}

export const NO_LINES: Record<LineColour, boolean> = { red: false, green: false, blue: false, purple: false, yellow: false };

export function createAppStore(initial: UrlState) {
  return createStore<AppState>()(() => ({
    lang: initial.lang,
    render: initial.render,
    layers: initial.layers,
    underground: initial.underground,
    camera: initial.camera,
    dataUrl: initial.data,
    manifest: null,
    load: { phase: 'loading', step: 'manifest' },
    counts: {},
    buildingsByUse: {},
    problems: [],
    selection: null,
    mode: initial.mode,
    join: { phase: 'idle', donePoints: 0, totalPoints: 0 },
    buildingStyle: initial.buildingStyle,
    selectedGrid: null,
    selectedGridIndex: null,
    gridLevel: 3,
    buildingPalette: null,
    buildingGroup: null,
    unassigned: [],
    straddlers: [],
    imported: null,
    plan: {
      phase: 'idle',
      summary: null,
      landUse: false,
      lines: NO_LINES,
      heightLimits: false,
      version: 'current',
      compare: { mode: 'off', version: '2035', position: 0.5 },
      analysis: 'none',
      result: null,
    },
    review: { parcelId: null, phase: 'idle', result: null, entries: {} },
    flagged: null,
    live: {
      status: 'off',
      messages: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      outOfOrder: 0,
      byState: {},
      alarms: [],
      grids: [],
      mayHaveMissed: 0,
    },
    sensorStates: null,
    tour: { id: null, phase: 'idle', keyframe: 0, keyframes: 0, elapsedMs: 0, caption: null, highlight: null },
    ops: { contextLosses: 0, recoveries: 0, alarmFlights: 0, alarmFlight: null },
    ...initialGridEdit(),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const actions = {
  toggleLayer(store: AppStore, id: LayerId, on: boolean): void {
    store.setState((s) => ({ layers: { ...s.layers, [id]: on } }));
  },
  setUnderground(store: AppStore, on: boolean): void {
    store.setState({ underground: on });
  },
  setLang(store: AppStore, lang: Lang): void {
    store.setState({ lang });
  },
  setCamera(store: AppStore, camera: CameraView): void {
    store.setState({ camera });
  },
  select(store: AppStore, selection: Selection | null): void {
    store.setState({ selection });
  },
  loadStep(store: AppStore, step: string): void {
    store.setState({ load: { phase: 'loading', step } });
  },
  loadFailed(store: AppStore, error: string): void {
    store.setState((s) => ({ load: { phase: 'error', step: s.load.step, error } }));
  },
  setMode(store: AppStore, mode: AppMode): void {
    store.setState({ mode });
  },
  setGridLevel(store: AppStore, gridLevel: 1 | 2 | 3): void {
    store.setState({ gridLevel });
  },
  setBuildingStyle(store: AppStore, buildingStyle: BuildingStyle): void {
    store.setState({ buildingStyle });
  },
  setPlan(store: AppStore, patch: Partial<PlanState>): void {
    store.setState((s) => ({ plan: { ...s.plan, ...patch } }));
  },
  signItem(store: AppStore, entry: ManualEntry): void {
    store.setState((s) => ({ review: { ...s.review, entries: { ...s.review.entries, [entry.itemId]: entry } } }));
  },
  setTour(store: AppStore, patch: Partial<TourPlayState>): void {
    store.setState((s) => ({ tour: { ...s.tour, ...patch } }));
  },
  countOps(store: AppStore, key: 'contextLosses' | 'recoveries' | 'alarmFlights'): void {
    store.setState((s) => ({ ops: { ...s.ops, [key]: s.ops[key] + 1 } }));
  },
  ...gridEditActions,
  loaded(store: AppStore): void {
    store.setState({ load: { phase: 'ready', step: 'done' } });
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
