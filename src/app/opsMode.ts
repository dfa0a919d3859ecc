// Ops mode (?mode=ops&tour=<id>): plays the tour on the big screen, flies to new alarms and back (alarmFly=1),
// answers the keyboard (space pauses, arrows step keyframes), and reloads itself every restartHours with the
// tour's position in the URL (tourAt=ms, and tourPaused=1 when the operator had paused it), so a wall runs for
// weeks without a slow leak growing.
import { actions, type AppStore, type LiveAlarmRecord } from '../state/store';
import { findTour } from './tourLibrary';
import type { TourSession } from './tourSession';

export interface OpsOptions {
  tourId: string | null;
  /** Pause the tour and fly to each new alarm, then come back. */
  alarmFly: boolean;
  /** Seconds spent at an alarm before the tour resumes. */
  alarmHoldS: number;
  restartHours: number | null;
  /** Where to start the tour (ms into it), as a restart left it. */
  tourAtMs: number | null;
  /** Start paused there (the operator had paused it before the restart). */
  tourPaused: boolean;
}

export function opsOptions(search: string): OpsOptions {
  const q = new URLSearchParams(search);
  const num = (k: string) => {
    const v = Number(q.get(k));
    return q.get(k) !== null && Number.isFinite(v) && v > 0 ? v : null;
  };
  return {
    tourId: q.get('tour') || null,
    alarmFly: q.get('alarmFly') === '1',
    alarmHoldS: num('alarmHoldS') ?? 15,
    restartHours: num('restartHours'),
    tourAtMs: num('tourAt'),
    tourPaused: q.get('tourPaused') === '1',
  };
}

/** Starts ops mode on a loaded city; returns its stop function. */
export function startOpsMode(store: AppStore, session: TourSession, flyToSensor: (thingId: string, arrived: () => void) => void, options: OpsOptions): () => void {
  const stops: (() => void)[] = [];
  const s0 = store.getState();
  if (options.tourId) {
    // After a rebuilt scene the store still holds the tour's position; after a restart the URL does.
    const rebuilt = s0.tour.id === options.tourId;
    const fromMs = rebuilt ? s0.tour.elapsedMs : options.tourAtMs ?? 0;
    const paused = rebuilt ? s0.tour.phase === 'paused' && s0.tour.pausedFor === 'user' : options.tourPaused;
    actions.setTour(store, { id: options.tourId, phase: 'loading' });
    let cancelled = false;
    findTour(options.tourId, s0.manifest, new URL(s0.dataUrl, location.href).href)
      .then((tour) => !cancelled && session.start(tour, fromMs, paused))
      .catch((err: Error) => !cancelled && actions.setTour(store, { phase: 'error', error: err.message }));
    stops.push(() => (cancelled = true));
  }

  if (options.alarmFly) {
    const seen = new Set(s0.live.alarms.map((a) => a.id));
    stops.push(store.subscribe((s, prev) => {
      if (s.live.alarms === prev.live.alarms) return;
      let newest: LiveAlarmRecord | null = null;
      for (const a of s.live.alarms) {
        if (seen.has(a.id)) continue;
        seen.add(a.id);
        if (a.severity === 'alarm' && a.clearedAtMs === null && (!newest || a.raisedAtMs > newest.raisedAtMs)) newest = a;
      }
      if (!newest || s.tour.phase !== 'playing') return;
      const thing = newest.thingId;
      actions.countOps(store, 'alarmFlights');
      session.interrupt(
        (arrived) => flyToSensor(thing, arrived),
        options.alarmHoldS * 1000,
        (phase) => store.setState((st) => ({ ops: { ...st.ops, alarmFlight: phase ? { thingId: thing, phase } : null } })),
      );
    }));
  }

  const onKey = (e: KeyboardEvent) => {
    const t = store.getState().tour;
    const n = session.tour()?.keyframes.length ?? 0;
    if (e.key === ' ') t.phase === 'playing' ? session.pause() : session.resume();
    else if (e.key === 'ArrowRight' && n) session.previewFrom((t.keyframe + 1) % n);
    else if (e.key === 'ArrowLeft' && n) session.previewFrom((t.keyframe - 1 + n) % n);
    else return;
    e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  stops.push(() => window.removeEventListener('keydown', onKey));

  if (options.restartHours) {
    const timer = setTimeout(() => {
      const url = new URL(location.href);
      const t = store.getState().tour;
      if (session.timeline()) {
        // The exact position (the store's copy lags up to a second); a tour paused for an alarm comes back playing.
        const atMs = Math.round(session.elapsedMs());
        actions.setTour(store, { elapsedMs: atMs });
        url.searchParams.set('tourAt', String(atMs));
        if (t.phase === 'paused' && t.pausedFor === 'user') url.searchParams.set('tourPaused', '1');
        else url.searchParams.delete('tourPaused');
      }
      location.replace(url.href);
    }, Math.min(options.restartHours * 3_600_000, 2 ** 31 - 1)); // setTimeout's ceiling is ~24.8 days
    stops.push(() => clearTimeout(timer));
  }
  return () => stops.forEach((f) => f());
}
