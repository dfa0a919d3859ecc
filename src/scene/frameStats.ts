// Frames rendered and a moving average of frame time, read by window.cimDiagnostics.
import type { Event } from 'cesium';

export interface FrameStats {
  frames: number;
  frameTimeMs: number;
  lastFrameAtMs: number;
}

/** Counts the frames `viewer` renders; `nowMs` is the clock (performance.now by default). */
export function trackFrames(
  viewer: { scene: { postRender: Event } },
  nowMs: () => number = () => performance.now(),
): { stats: FrameStats; stop: () => void } {
  const stats: FrameStats = { frames: 0, frameTimeMs: 0, lastFrameAtMs: 0 };
  const remove = viewer.scene.postRender.addEventListener(() => {
    const now = nowMs();
    if (stats.lastFrameAtMs > 0) {
      const dt = now - stats.lastFrameAtMs;
      stats.frameTimeMs = stats.frames < 2 ? dt : stats.frameTimeMs * 0.9 + dt * 0.1;
    }
    stats.lastFrameAtMs = now;
    stats.frames++;
  });
  return { stats, stop: remove };
}
