// Plays a tour timeline on the Cesium camera: each frame (scene.preRender) sets the camera from the timeline at the
// elapsed play time, so a slow frame rate skips frames, never time. Pause, resume, seek; destroy removes the listener.
import { Cartesian3, Math as CesiumMath, type Viewer } from 'cesium';
import type { TourSample, TourTimeline } from '../core/tour/timeline';
import type { TourCamera } from '../core/tour/types';

export interface TourPlayer {
  /** Play time (ms into the tour) now. */
  elapsedMs(): number;
  playing(): boolean;
  /** Starts or continues from `fromMs` (default: where it is). */
  play(fromMs?: number): void;
  /** Stops at `atMs` (default: where it is) and shows that time's camera. */
  pause(atMs?: number): void;
  destroy(): void;
}

export function setCamera(viewer: Viewer, c: TourCamera): void {
  viewer.camera.setView({
    destination: Cartesian3.fromDegrees(c.lonDeg, c.latDeg, c.heightM),
    orientation: {
      heading: CesiumMath.toRadians(c.headingDeg),
      pitch: CesiumMath.toRadians(c.pitchDeg),
      roll: CesiumMath.toRadians(c.rollDeg),
    },
  });
}

/** Flies the camera to a tour camera over `durationS`, then calls `done` (also when the flight is cancelled). */
export function flyToCamera(viewer: Viewer, c: TourCamera, durationS: number, done: () => void): void {
  viewer.camera.flyTo({
    destination: Cartesian3.fromDegrees(c.lonDeg, c.latDeg, c.heightM),
    orientation: {
      heading: CesiumMath.toRadians(c.headingDeg),
      pitch: CesiumMath.toRadians(c.pitchDeg),
      roll: CesiumMath.toRadians(c.rollDeg),
    },
    duration: durationS,
    complete: done,
    cancel: done,
  });
}

/**
 * @param onSample called after each frame's camera is set (the app applies keyframe actions from it)
 */
export function createTourPlayer(viewer: Viewer, timeline: TourTimeline, onSample: (s: TourSample, elapsedMs: number) => void): TourPlayer {
  let baseMs = 0;
  let startedAt: number | null = null;
  const now = () => (startedAt === null ? baseMs : baseMs + performance.now() - startedAt);

  const removeFrame = viewer.scene.preRender.addEventListener(() => {
    if (startedAt === null) return;
    const elapsed = now();
    const s = timeline.sample(elapsed);
    setCamera(viewer, s.camera);
    onSample(s, elapsed);
    if (s.done) {
      baseMs = timeline.totalMs;
      startedAt = null;
    }
  });

  return {
    elapsedMs: now,
    playing: () => startedAt !== null,
    play(fromMs) {
      baseMs = fromMs ?? now();
      // A non-looping tour played past its end starts again from the top.
      if (!timeline.loop && baseMs >= timeline.totalMs) baseMs = 0;
      startedAt = performance.now();
      viewer.scene.requestRender();
    },
    pause(atMs) {
      baseMs = atMs ?? now();
      startedAt = null;
      // The paused view is exactly the tour's at that time, whether or not a frame ran since the last seek.
      setCamera(viewer, timeline.sample(baseMs).camera);
      viewer.scene.requestRender();
    },
    destroy() {
      startedAt = null;
      removeFrame();
    },
  };
}
