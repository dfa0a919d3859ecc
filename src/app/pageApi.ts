// The page's test and tool API, as types only: window.cimDiagnostics (diagnostics.ts) and window.cimDebug (debugApi.ts).
// The app implements them; the browser tests and scripts (soak, benches) read them through the same declarations.
import type { MarkedLayer } from '../scene/primitiveLayers';
import type { SceneStats } from '../scene/sceneStats';
import type { JoinState } from '../state/store';
import type { CameraView } from '../state/urlState';

export interface CimDiagnostics {
  version: 1;
  /** Every layer built and the globe's tiles loaded: the city is on screen. */
  sceneReady: boolean;
  load: { phase: string; step: string; error?: string };
  /** ms from navigation start to the first rendered frame with the whole city (every layer, its tiles loaded). */
  firstCityFrameMs: number | null;
  /** ms from navigation start to the first rendered frame with something of the city (a building tile, a layer). */
  firstPartialCityFrameMs: number | null;
  frames: number;
  frameTimeMs: number;
  render: string;
  layers: Record<string, { features: number; visible: boolean }>;
  problems: number;
  /** Clicks on the 3D view whose handling (selection, review, grid tools) has finished. */
  clicks: number;
  workerJobs: { started: number; finished: number; failed: number; active: number };
  /** The live feed: connection, messages accepted/rejected, datastreams per state, open alarms. */
  sensors: {
    status: string;
    messages: number;
    accepted: number;
    rejected: number;
    duplicates: number;
    byState: Record<string, number>;
    alarms: number;
    alarmThings: string[];
    /** Sensors that may have missed data, and the SensorThings API backfill after the latest reconnect. */
    mayHaveMissed: number;
    backfill: { state: string; datastreams: number; done: number; failed: number; added: number } | null;
  };
  /** The building -> grid join of grid mode. */
  join: JoinState;
  /** Plan and Review modes: the planning layers' state, the analysis found, the parcel under review. */
  planning: {
    phase: string;
    exceedances: number;
    conflicts: number;
    flagged: number;
    review: { parcelId: string | null; phase: string; verdictFails: number; dimensions: number };
  };
  heapBytes: number | null;
  /** Grid mode's boundary editor: journal cursor and entries, read-only/paused state, the cell with handles. */
  gridEdit: {
    phase: string;
    readOnly: string | null;
    paused: boolean;
    cursor: number;
    entries: number;
    restored: number;
    shown: number;
    handles: number;
    cell: string | null;
    moved: number | null;
    /** The kind of the last refusal (EditRefusal). */
    refused: string | null;
    view2d: boolean;
  };
  /** The tour playing (ops mode or an authoring preview), and the ops screen's recoveries and alarm flights. */
  tour: { id: string | null; phase: string; keyframe: number; keyframes: number; elapsedMs: number; error?: string; pausedFor?: string };
  /** alarmFlight: the alarm flown to (away, holding there, returning to the tour), null when none. */
  ops: { contextLosses: number; recoveries: number; alarmFlights: number; alarmFlight: { thingId: string; phase: string } | null };
  scene: SceneStats | null;
}

/** A point on the canvas in CSS pixels. */
export interface ScreenPoint {
  x: number;
  y: number;
}

export interface CimDebug {
  /** Where a lon/lat/height point is on the canvas; null when it is behind the globe or off the view. */
  worldToScreen(lonDeg: number, latDeg: number, heightM: number): ScreenPoint | null;
  /** The terrain's height there as far as its tiles are loaded; null where none is. */
  groundHeightM(lonDeg: number, latDeg: number): number | null;
  requestRender(): void;
  camera(): CameraView;
  /** Puts the camera there at once (a test moving the view between captures) and returns the view as Cesium has it. */
  setCamera(view: CameraView): CameraView;
  globeTranslucent(): boolean;
  /** The underground view as Cesium has it: translucent globe, camera allowed below ground. */
  underground(): { translucent: boolean; collisionDetection: boolean };
  /** Per layer, whether Cesium shows any of its primitives (buildings, pipelines, sensors). */
  shownLayers(): Partial<Record<MarkedLayer, boolean>>;
  /** Stops (or restarts) Cesium's render loop, so main-thread measurements see only the page's own work. */
  pauseRendering(paused: boolean): void;
  /**
   * Runs the grid join synchronously on this thread (the baseline of bench:join-ui) and compares it
   * with the worker pool's result.
   */
  joinOnMainThread(): Promise<{ ms: number; buildings: number; mismatches: number }>;
  /** Grid mode's join as `cim join` writes it: `building_id,l3_id` lines (l3_id empty outside every grid), no header. */
  joinAssignments(): Promise<string>;
}

declare global {
  interface Window {
    /** Installed at start-up by installDiagnostics. */
    cimDiagnostics?: Readonly<CimDiagnostics>;
    /** Only with ?debug=1. */
    cimDebug?: Readonly<CimDebug>;
  }
}
