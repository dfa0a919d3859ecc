// Plays tours on the page: the scene's tour player, the keyframes' actions applied through the store (layers,
// underground, building style, caption, highlight outline), pause/resume, preview from a keyframe, and an
// interruption (fly elsewhere, come back, resume) for alarms.
import type { Viewer } from 'cesium';
import { buildTimeline, type TourTimeline } from '../core/tour/timeline';
import { actionsAt, type Tour } from '../core/tour/types';
import { createOutlineLayer } from '../scene/layers/outlineLayer';
import { createTourPlayer, flyToCamera, type TourPlayer } from '../scene/tourPlayer';
import type { BuildingStyle } from '../core/style/buildingStyles';
import { actions, type AppStore } from '../state/store';
import { background } from '../core/util/background';
import type { LoadedCity } from './loadCity';
import { createHighlightResolver } from './tourHighlight';

/** How often the play position is written to the store (what a rebuilt scene resumes from). */
const POSITION_EVERY_MS = 1000;

export interface TourSession {
  tour(): Tour | null;
  timeline(): TourTimeline | null;
  /** Play time now (ms into the tour), exact (the store's copy is written once a second). */
  elapsedMs(): number;
  /** Loads a tour and plays it from `fromMs` (paused there with `paused`). */
  start(tour: Tour, fromMs?: number, paused?: boolean): void;
  pause(reason?: 'user' | 'alarm'): void;
  resume(): void;
  /** Plays from keyframe k (its arrival); with `paused`, shows it and stays paused there (stepping through stops). */
  previewFrom(k: number, paused?: boolean): void;
  /**
   * Pauses and runs `away` (e.g. a fly-to, calling `arrived` when there); `holdMs` after the arrival flies back to the
   * tour and resumes. `onPhase` follows it (null: over, or cancelled by a resume, a step or a stop).
   */
  interrupt(away: (arrived: () => void) => void, holdMs: number, onPhase?: (phase: InterruptionPhase | null) => void): void;
  /**
   * Stops the play clock at the current position, in whole ms, and writes it to the store, whose phase stays as it
   * was: a page about to reload leaves exactly where it hands over. Null when no tour is loaded.
   */
  handOver(): number | null;
  /** Ends playback: camera stays, caption and highlight go. */
  stop(): void;
  destroy(): void;
}

export type InterruptionPhase = 'away' | 'holding' | 'returning';

export function createTourSession(
  viewer: Viewer,
  store: AppStore,
  city: () => LoadedCity | null,
  parcelsUrl: () => string | null,
): TourSession {
  const outline = createOutlineLayer(viewer);
  const resolveHighlight = createHighlightResolver(city, parcelsUrl);
  let tour: Tour | null = null;
  let timeline: TourTimeline | null = null;
  let player: TourPlayer | null = null;
  let keyframe = -1;
  let writtenAt = 0;
  let interruption: ReturnType<typeof setTimeout> | null = null;
  /** The interruption under way (its flights and hold), and whom to tell when it ends. */
  let interruptSeq = 0;
  let interruptPhase: ((phase: InterruptionPhase | null) => void) | null = null;
  let highlightSeq = 0;

  const applyKeyframe = (k: number, elapsedMs: number) => {
    keyframe = k;
    const a = actionsAt(tour!, k);
    actions.applyTourKeyframe(store, {
      layers: a.layers,
      underground: a.underground,
      buildingStyle: a.buildingStyle as BuildingStyle | undefined,
      keyframe: k,
      elapsedMs,
      caption: a.caption,
      highlight: a.highlight,
    });
    const seq = ++highlightSeq;
    background(
      resolveHighlight(a.highlight).then((rings) => {
        if (seq === highlightSeq) outline.show(rings);
      }),
      "outlining a keyframe's highlight",
    );
  };

  const clearInterruption = () => {
    if (interruption) clearTimeout(interruption);
    interruption = null;
    interruptSeq++;
    const tell = interruptPhase;
    interruptPhase = null;
    if (tell) {
      // A flight to or from the alarm would fight the tour's camera.
      if (!viewer.isDestroyed()) viewer.camera.cancelFlight();
      tell(null);
    }
  };

  const session: TourSession = {
    tour: () => tour,
    timeline: () => timeline,
    elapsedMs: () => player?.elapsedMs() ?? store.getState().tour.elapsedMs,
    start(t, fromMs = 0, paused = false) {
      session.stop();
      tour = t;
      timeline = buildTimeline(t);
      player = createTourPlayer(viewer, timeline, (s, elapsedMs) => {
        if (s.keyframe !== keyframe) applyKeyframe(s.keyframe, elapsedMs);
        // The last frame of a tour that does not loop is always written: no frame follows it to say it stopped.
        if (s.done || elapsedMs - writtenAt >= POSITION_EVERY_MS || elapsedMs < writtenAt) {
          writtenAt = elapsedMs;
          actions.setTour(store, { elapsedMs, phase: s.done ? 'paused' : store.getState().tour.phase });
        }
      });
      actions.setTour(store, {
        id: t.id,
        phase: paused ? 'paused' : 'playing',
        keyframes: t.keyframes.length,
        elapsedMs: fromMs,
        error: undefined,
        pausedFor: paused ? 'user' : undefined,
      });
      const s = timeline.sample(fromMs);
      applyKeyframe(s.keyframe, fromMs);
      // A paused start shows the camera at that point without playing a frame (a frame would move it on).
      if (paused) player.pause(fromMs);
      else player.play(fromMs);
    },
    pause(reason = 'user') {
      if (!player) return;
      player.pause();
      actions.setTour(store, { phase: 'paused', pausedFor: reason, elapsedMs: player.elapsedMs() });
    },
    resume() {
      if (!player) return;
      clearInterruption();
      player.play();
      actions.setTour(store, { phase: 'playing', pausedFor: undefined });
    },
    previewFrom(k, paused = false) {
      if (!player || !timeline) return;
      clearInterruption();
      const at = timeline.arriveMs[Math.max(0, Math.min(k, timeline.arriveMs.length - 1))];
      applyKeyframe(timeline.sample(at).keyframe, at);
      if (paused) player.pause(at);
      else player.play(at);
      actions.setTour(store, { phase: paused ? 'paused' : 'playing', pausedFor: paused ? 'user' : undefined, elapsedMs: at });
    },
    interrupt(away, holdMs, onPhase = () => {}) {
      if (!player || !timeline) return;
      const wasPlaying = player.playing();
      session.pause('alarm');
      clearInterruption();
      const seq = interruptSeq;
      const current = () => seq === interruptSeq && player !== null && timeline !== null;
      interruptPhase = onPhase;
      onPhase('away');
      // The hold starts on arrival: a slow frame rate lengthens the flight, never shortens the stay.
      away(() => {
        if (!current()) return;
        onPhase('holding');
        interruption = setTimeout(() => {
          interruption = null;
          if (!current()) return;
          onPhase('returning');
          flyToCamera(viewer, timeline!.sample(player!.elapsedMs()).camera, 2, () => {
            if (!current()) return;
            interruptPhase = null;
            onPhase(null);
            if (wasPlaying && store.getState().tour.pausedFor === 'alarm') session.resume();
          });
        }, holdMs);
      });
    },
    handOver() {
      if (!player) return null;
      const atMs = Math.round(player.elapsedMs());
      player.destroy();
      player = null;
      actions.setTour(store, { elapsedMs: atMs });
      return atMs;
    },
    stop() {
      clearInterruption();
      player?.destroy();
      player = null;
      tour = null;
      timeline = null;
      keyframe = -1;
      writtenAt = 0;
      highlightSeq++;
      outline.show(null);
      if (store.getState().tour.phase !== 'idle')
        actions.setTour(store, { id: null, phase: 'idle', caption: null, highlight: null, keyframe: 0, keyframes: 0 });
    },
    destroy() {
      // Keeps the store's tour record (id, position): a rebuilt scene resumes from it.
      clearInterruption();
      if (player) actions.setTour(store, { elapsedMs: player.elapsedMs() });
      player?.destroy();
      player = null;
      highlightSeq++;
      outline.destroy();
    },
  };
  return session;
}
