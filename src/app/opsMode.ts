// Ops mode (?mode=ops&tour=<id>): plays the tour on the big screen, flies to new alarms and back (alarmFly=1),
// answers the keyboard (space pauses, arrows step keyframes), and reloads itself every restartHours with the
// tour's position in the URL (tourAt=ms, and tourPaused=1 when the operator had paused it) and the alarms already
// open in sessionStorage, so a wall runs for weeks without a slow leak growing. The next page reads that handover
// once and drops it: a later reload, by the operator or after a crash, starts the wall as configured.
import { errorData } from '../io/errorData';
import { actions, type AppStore, type LiveAlarmRecord } from '../state/store';
import type { OpsOptions } from '../state/pageOptions';
import { tourLibraryOf } from './tourLibrary';
import { reloadPageWith, rewritePageSearch } from './pageUrl';
import type { TourSession } from './tourSession';

/** sessionStorage key: the alarms open at a self-restart, which the next page must not fly to again. */
export const CARRIED_ALARMS_KEY = 'cim.ops.carriedAlarms';

// Per document, so a scene rebuilt after a lost context (ops mode started again) keeps them.
/** When the page restarts itself (performance.now() ms), fixed by the first start. */
let restartAtMs: number | null = null;
/** Alarms the last restart handed over and the feed has not raised again yet. */
let carried: Set<string> | null = null;

/** An alarm as the next page's feed will raise it again (ids are numbered per page). */
const alarmKey = (a: LiveAlarmRecord) => `${a.datastreamId}|${a.cause}`;

/** Starts ops mode on a loaded city; returns its stop function. */
export function startOpsMode(
  store: AppStore,
  session: TourSession,
  flyToSensor: (thingId: string, arrived: () => void) => void,
  options: OpsOptions,
  manifestUrl: string,
): () => void {
  const stops: (() => void)[] = [];
  const s0 = store.getState();
  dropRestartParams();
  // Where the tour starts: after a rebuilt scene the store still holds its position; after a restart the URL does.
  const rebuilt = s0.tour.id === options.tourId;
  const start = rebuilt
    ? { atMs: s0.tour.elapsedMs, paused: s0.tour.phase === 'paused' && s0.tour.pausedFor === 'user' }
    : { atMs: options.tourAtMs ?? 0, paused: options.tourPaused };
  if (options.tourId) {
    actions.setTour(store, { id: options.tourId, phase: 'loading' });
    let cancelled = false;
    tourLibraryOf(store, manifestUrl)
      .find(options.tourId)
      .then((tour) => !cancelled && session.start(tour, start.atMs, start.paused))
      .catch((err: Error) => !cancelled && actions.setTour(store, { phase: 'error', error: err.message, errorData: errorData(err) }));
    stops.push(() => (cancelled = true));
  }

  if (options.alarmFly) {
    const seen = new Set(s0.live.alarms.map((a) => a.id));
    const before = (carried ??= takeCarriedAlarms());
    stops.push(
      store.subscribe((s, prev) => {
        if (s.live.alarms === prev.live.alarms) return;
        let newest: LiveAlarmRecord | null = null;
        for (const a of s.live.alarms) {
          if (seen.has(a.id)) continue;
          seen.add(a.id);
          if (before.delete(alarmKey(a))) continue; // open before the restart: flown to then
          if (a.severity === 'alarm' && a.clearedAtMs === null && (!newest || a.raisedAtMs > newest.raisedAtMs)) newest = a;
        }
        if (!newest || s.tour.phase !== 'playing') return;
        const thing = newest.thingId;
        actions.countOps(store, 'alarmFlights');
        session.interrupt(
          (arrived) => flyToSensor(thing, arrived),
          options.alarmHoldS * 1000,
          (phase) => actions.setAlarmFlight(store, phase ? { thingId: thing, phase } : null),
        );
      }),
    );
  }

  const onKey = (e: KeyboardEvent) => {
    const t = store.getState().tour;
    const n = session.tour()?.keyframes.length ?? 0;
    if (e.key === ' ') {
      if (t.phase === 'playing') session.pause();
      else session.resume();
    }
    // A step plays on from the stop, or shows it and stays paused when the tour was paused.
    else if (e.key === 'ArrowRight' && n) session.previewFrom((t.keyframe + 1) % n, t.phase === 'paused');
    else if (e.key === 'ArrowLeft' && n) session.previewFrom((t.keyframe - 1 + n) % n, t.phase === 'paused');
    else return;
    e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  stops.push(() => window.removeEventListener('keydown', onKey));

  if (options.restartHours) {
    // From the first start: a scene rebuilt after a lost context must not put the restart off.
    restartAtMs ??= performance.now() + options.restartHours * 3_600_000;
    const timer = setTimeout(
      () => {
        const t = store.getState().tour;
        if (options.alarmFly) carryAlarms(store.getState().live.alarms);
        // The exact position (the store's copy lags up to a second), where the clock stops: nothing plays on while
        // the page unloads. A tour paused for an alarm comes back playing. Not loaded yet (e.g. a rebuilt scene
        // still loading): where it was to start.
        const atMs = session.handOver();
        const at = atMs !== null ? { atMs, paused: t.phase === 'paused' && t.pausedFor === 'user' } : options.tourId ? start : null;
        if (at) actions.setTour(store, { elapsedMs: at.atMs });
        reloadPageWith((q) => {
          if (!at) return;
          q.set('tourAt', String(at.atMs));
          if (at.paused) q.set('tourPaused', '1');
          else q.delete('tourPaused');
        });
      },
      Math.min(Math.max(0, restartAtMs - performance.now()), 2 ** 31 - 1),
    ); // setTimeout's ceiling is ~24.8 days
    stops.push(() => clearTimeout(timer));
  }
  return () => stops.forEach((f) => f());
}

/** Removes the restart's tourAt and tourPaused from the URL (they have been read). */
function dropRestartParams(): void {
  rewritePageSearch((search) => {
    const q = new URLSearchParams(search);
    if (!q.has('tourAt') && !q.has('tourPaused')) return search;
    q.delete('tourAt');
    q.delete('tourPaused');
    const rest = q.toString().replace(/%2C/g, ',');
    return rest ? `?${rest}` : '';
  });
}

/** Hands the open alarms (and those handed over to this page and not raised again yet) to the next page. */
function carryAlarms(alarms: readonly LiveAlarmRecord[]): void {
  const keys = new Set(carried);
  for (const a of alarms) if (a.clearedAtMs === null) keys.add(alarmKey(a));
  try {
    sessionStorage.setItem(CARRIED_ALARMS_KEY, JSON.stringify([...keys]));
  } catch (err) {
    console.warn('[cim] ops: open alarms not handed to the restarted page:', (err as Error).message);
  }
}

/** The alarms the previous page handed over, read once. */
function takeCarriedAlarms(): Set<string> {
  try {
    const raw = sessionStorage.getItem(CARRIED_ALARMS_KEY);
    sessionStorage.removeItem(CARRIED_ALARMS_KEY);
    const keys: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}
