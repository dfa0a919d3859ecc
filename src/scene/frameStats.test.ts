import { Event } from 'cesium';
import { describe, expect, it } from 'vitest';
import { trackFrames } from './frameStats';

describe('trackFrames', () => {
  it('counts frames and keeps a moving average of the time between them; stop ends the count', () => {
    const postRender = new Event();
    let clockMs = 1000;
    const { stats, stop } = trackFrames({ scene: { postRender } }, () => clockMs);
    const frame = (afterMs: number) => {
      clockMs += afterMs;
      postRender.raiseEvent();
    };
    frame(0);
    expect(stats).toEqual({ frames: 1, frameTimeMs: 0, lastFrameAtMs: 1000 });
    frame(20); // the first interval is the average
    expect(stats.frameTimeMs).toBe(20);
    frame(40); // then 90 % of the average and 10 % of the new interval
    expect(stats.frameTimeMs).toBeCloseTo(20 * 0.9 + 40 * 0.1, 10);
    frame(10);
    expect(stats.frameTimeMs).toBeCloseTo(22 * 0.9 + 10 * 0.1, 10);
    stop();
    frame(16);
    expect(stats.frames).toBe(4);
    expect(postRender.numberOfListeners).toBe(0);
  });
});
