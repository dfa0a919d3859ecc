// Which sensor markers a view draws: individual sensors when few are in view, else the finest pyramid level whose
// cells are big enough on screen and whose clusters in view stay under a cap; alarms and warnings always individually.
import type { ClusterLevel } from './clusters';
import { STATE_ALARM, STATE_WARNING } from './states';

/** [west, south, east, north] degrees of the ground in view (west > east when it spans the antimeridian). */
export type ViewRectDeg = readonly [number, number, number, number];

export interface MarkerViewOptions {
  /** Most markers (clusters plus individual sensors) drawn; alerts come on top of these. */
  cap: number;
  /** Ground metres per screen pixel at the view's centre. */
  metresPerPixel: number;
  /** A cluster level is used only when its cells are at least this many pixels wide, so its markers do not overlap. */
  minCellPx: number;
}

export interface MarkerSelection {
  /** The pyramid level drawn, -1 for individual sensors. */
  level: number;
  /** Clusters of two or more in view (indices into the level's clusters). */
  clusters: number[];
  /** Sensors drawn individually, alerts excepted (they are drawn by `alertSensors`). */
  sensors: number[];
}

/** A sensor whose state is drawn individually on top at every view. */
export const isAlertState = (s: number): boolean => s === STATE_ALARM || s === STATE_WARNING;

/** Whether lon,lat lies in `rect`. */
export function inRect(rect: ViewRectDeg, lonDeg: number, latDeg: number): boolean {
  const [w, s, e, n] = rect;
  if (latDeg < s || latDeg > n) return false;
  return w <= e ? lonDeg >= w && lonDeg <= e : lonDeg >= w || lonDeg <= e;
}

/** How many of `count` lon,lat pairs lie in `rect`, counting no further than `limit + 1`. */
function countInRect(lonLatDeg: Float64Array, count: number, rect: ViewRectDeg, limit: number): number {
  let k = 0;
  for (let i = 0; i < count && k <= limit; i++) if (inRect(rect, lonLatDeg[2 * i], lonLatDeg[2 * i + 1])) k++;
  return k;
}

/** The markers for a view: never more than `cap` clusters and individual sensors together. */
export function selectMarkers(
  levels: readonly ClusterLevel[],
  lonLatDeg: Float64Array,
  states: Uint8Array | null,
  rect: ViewRectDeg,
  options: MarkerViewOptions,
): MarkerSelection {
  const n = lonLatDeg.length / 2;
  const isAlert = (i: number) => states !== null && isAlertState(states[i]);
  if (levels.length === 0 || countInRect(lonLatDeg, n, rect, options.cap) <= options.cap) {
    const sensors: number[] = [];
    for (let i = 0; i < n; i++) if (!isAlert(i) && inRect(rect, lonLatDeg[2 * i], lonLatDeg[2 * i + 1])) sensors.push(i);
    return { level: -1, clusters: [], sensors };
  }
  const minCellM = options.minCellPx * options.metresPerPixel;
  let level = levels.length - 1;
  for (let k = 0; k < levels.length - 1; k++) {
    const l = levels[k];
    if (l.cellM < minCellM) continue;
    if (countInRect(l.centresDeg, l.counts.length, rect, options.cap) <= options.cap) {
      level = k;
      break;
    }
  }
  const l = levels[level];
  const clusters: number[] = [];
  const sensors: number[] = [];
  for (let c = 0; c < l.counts.length; c++) {
    if (!inRect(rect, l.centresDeg[2 * c], l.centresDeg[2 * c + 1])) continue;
    if (l.counts[c] > 1) clusters.push(c);
    else if (!isAlert(l.firstMember[c])) sensors.push(l.firstMember[c]);
  }
  // Only a city wider than the coarsest cells times the cap gets here: its biggest clusters are kept.
  if (clusters.length + sensors.length > options.cap) {
    clusters.sort((a, b) => l.counts[b] - l.counts[a]);
    clusters.length = Math.min(clusters.length, options.cap);
    sensors.length = Math.min(sensors.length, options.cap - clusters.length);
  }
  return { level, clusters, sensors };
}

/** Sensors in alarm or warning, ascending. */
export function alertSensors(states: Uint8Array | null): number[] {
  const out: number[] = [];
  if (states) for (let i = 0; i < states.length; i++) if (isAlertState(states[i])) out.push(i);
  return out;
}

/** Per cluster of `level`, the most urgent alert state among its members (alarm over warning), or -1 for none. */
export function clusterAlertStates(level: ClusterLevel, states: Uint8Array | null): Int8Array {
  const worst = new Int8Array(level.counts.length).fill(-1);
  if (!states) return worst;
  for (let i = 0; i < level.clusterOf.length; i++) {
    const s = states[i];
    if (!isAlertState(s)) continue;
    const c = level.clusterOf[i];
    if (worst[c] !== STATE_ALARM) worst[c] = s;
  }
  return worst;
}
