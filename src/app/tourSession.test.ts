// The tour session headless: a stand-in viewer whose frames the test runs at chosen play times.
import type { Viewer } from 'cesium';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyframe, tourOf } from '../core/tour/tours.fixture';
import { createAppStore } from '../state/store';
import { parseUrlState } from '../state/urlState';
import { createTourSession } from './tourSession';

/** A viewer with just what the session uses; `frame()` runs scene.preRender as Cesium would before a render. */
function fakeViewer() {
  const listeners = new Set<() => void>();
  const viewer = {
    isDestroyed: () => false,
    scene: {
      preRender: { addEventListener: (f: () => void) => (listeners.add(f), () => listeners.delete(f)) },
      groundPrimitives: { add: (p: unknown) => p, remove: () => true },
      requestRender: () => {},
    },
    camera: { setView: () => {}, cancelFlight: () => {}, flyTo: () => {} },
  };
  return { viewer: viewer as unknown as Viewer, frame: () => listeners.forEach((f) => f()) };
}

afterEach(() => vi.restoreAllMocks());

describe('createTourSession', () => {
  it('says a tour that does not loop has stopped on its last frame, however soon after the last position write', () => {
    let nowMs = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    const store = createAppStore(parseUrlState(''));
    const { viewer, frame } = fakeViewer();
    const session = createTourSession(
      viewer,
      store,
      () => null,
      () => null,
    );
    // Two keyframes, a 4 s flight: it ends at 4000 ms.
    const tour = tourOf([keyframe([113.65, 34.75, 500, 0, -30]), keyframe([113.66, 34.75, 500, 0, -30], 4)]);
    session.start(tour);
    expect(store.getState().tour.phase).toBe('playing');
    // Frames at 1 s, 2 s and 3.5 s write the position; the one at 4.1 s (0.6 s after the last write) is past the end.
    for (const t of [1000, 2000, 3500, 4100]) {
      nowMs = t;
      frame();
    }
    expect(store.getState().tour.phase).toBe('paused');
    expect(store.getState().tour.elapsedMs).toBeGreaterThanOrEqual(4000);
    // No further frame changes that (the player stopped).
    nowMs = 9000;
    frame();
    expect(store.getState().tour.phase).toBe('paused');
    session.destroy();
  });
  it('steps to a stop and stays paused there when paused, and plays on from it when playing', () => {
    let nowMs = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    const store = createAppStore(parseUrlState(''));
    const { viewer, frame } = fakeViewer();
    const views: unknown[] = [];
    (viewer.camera as unknown as { setView(v: unknown): void }).setView = (v) => views.push(v);
    const session = createTourSession(
      viewer,
      store,
      () => null,
      () => null,
    );
    const tour = tourOf([
      keyframe([113.65, 34.75, 500, 0, -30]),
      keyframe([113.66, 34.75, 500, 0, -30], 4),
      keyframe([113.67, 34.75, 500, 0, -30], 4),
    ]);
    session.start(tour);
    session.pause();
    session.previewFrom(2, true);
    const arrival = store.getState().tour.elapsedMs;
    expect(store.getState().tour).toMatchObject({ phase: 'paused', keyframe: 2 });
    expect(arrival).toBeGreaterThanOrEqual(8000);
    // However long the next frame takes, the paused tour does not move on.
    nowMs = 60_000;
    frame();
    expect(store.getState().tour).toMatchObject({ phase: 'paused', keyframe: 2, elapsedMs: arrival });
    expect(session.elapsedMs()).toBe(arrival);
    expect(views.length).toBeGreaterThan(0);
    session.previewFrom(1);
    expect(store.getState().tour).toMatchObject({ phase: 'playing', keyframe: 1 });
    const from = store.getState().tour.elapsedMs;
    nowMs = 61_000;
    frame();
    expect(session.elapsedMs()).toBeCloseTo(from + 1000, 0);
    session.destroy();
  });
});
