// The tour spline: passes through every keyframe at its time, is smooth (C1) across keyframes, turns the short
// way across north, holds, eases, loops, and depends on elapsed time only.
import { describe, expect, it } from 'vitest';
import { angleDeltaDeg, buildTimeline, type TourSample } from './timeline';
import { HEIGHT_DIP_100_110_1000, keyframe, PASS_THROUGH, tourOf } from './tours.fixture';
import type { TourCamera } from './types';

const M_PER_DEG = 6_378_137 * (Math.PI / 180);

/** Camera as metres east/north/up from a fixed origin, plus heading unwrapped around `nearHeading`, pitch. */
function vec(c: TourCamera, nearHeading = c.headingDeg): number[] {
  return [
    (c.lonDeg - 113.65) * M_PER_DEG * Math.cos(34.75 * (Math.PI / 180)),
    (c.latDeg - 34.75) * M_PER_DEG,
    c.heightM,
    nearHeading + angleDeltaDeg(nearHeading, c.headingDeg),
    c.pitchDeg,
  ];
}

const at = (tl: ReturnType<typeof buildTimeline>, ms: number): TourSample => tl.sample(ms);

describe('buildTimeline', () => {
  it('passes through every keyframe at its arrival time', () => {
    const tl = buildTimeline(PASS_THROUGH);
    expect(Array.from(tl.arriveMs)).toEqual([0, 5000, 8000, 16000, 20000]);
    expect(tl.totalMs).toBe(20000);
    PASS_THROUGH.keyframes.forEach((kf, k) => {
      const c = at(tl, tl.arriveMs[k]).camera;
      expect(c.lonDeg).toBeCloseTo(kf.camera.lonDeg, 9);
      expect(c.latDeg).toBeCloseTo(kf.camera.latDeg, 9);
      expect(c.heightM).toBeCloseTo(kf.camera.heightM, 6);
      expect(c.headingDeg).toBeCloseTo(kf.camera.headingDeg, 6);
      expect(c.pitchDeg).toBeCloseTo(kf.camera.pitchDeg, 6);
    });
  });

  it('has a continuous first derivative at interior keyframes (difference quotients either side agree)', () => {
    const tl = buildTimeline(PASS_THROUGH);
    const eps = 1; // ms
    for (const k of [1, 2, 3]) {
      const t = tl.arriveMs[k];
      const here = vec(at(tl, t).camera);
      const before = vec(at(tl, t - eps).camera, here[3]);
      const after = vec(at(tl, t + eps).camera, here[3]);
      let moving = 0;
      for (let d = 0; d < here.length; d++) {
        const left = (here[d] - before[d]) / eps;
        const right = (after[d] - here[d]) / eps;
        // The two one-sided slopes differ by O(eps × second derivative) only: no kink.
        expect(Math.abs(left - right), `keyframe ${k} component ${d}: ${left} vs ${right}`).toBeLessThan(
          1e-3 * Math.max(1, Math.abs(left)),
        );
        moving += Math.abs(left);
      }
      // And the camera really passes through, it does not stop there.
      expect(moving).toBeGreaterThan(0.01);
    }
  });

  it('a kink would be caught: the same check fails for straight segments joined at an angle', () => {
    // Guard for the test above: the linear interpolation between the same keyframes has a corner at keyframe 1.
    const tl = buildTimeline(PASS_THROUGH);
    const lerp = (t: number) => {
      const [t0, t1, t2] = [tl.arriveMs[0], tl.arriveMs[1], tl.arriveMs[2]];
      const [a, b, c] = [0, 1, 2].map((k) => vec(PASS_THROUGH.keyframes[k].camera));
      return t <= t1 ? a.map((v, d) => v + ((b[d] - v) * (t - t0)) / (t1 - t0)) : b.map((v, d) => v + ((c[d] - v) * (t - t1)) / (t2 - t1));
    };
    const t = tl.arriveMs[1];
    const left = (lerp(t)[0] - lerp(t - 1)[0]) / 1;
    const right = (lerp(t + 1)[0] - lerp(t)[0]) / 1;
    expect(Math.abs(left - right)).toBeGreaterThan(1e-3 * Math.abs(left));
  });

  it('turns the short way across north: 359° to 1° passes 0°, never 180°', () => {
    const tl = buildTimeline(tourOf([keyframe([113.65, 34.75, 500, 359, -30]), keyframe([113.66, 34.75, 500, 1, -30], 4)]));
    for (let ms = 0; ms <= 4000; ms += 50) {
      const h = at(tl, ms).camera.headingDeg;
      expect(h >= 358.999 || h <= 1.001, `heading ${h} at ${ms} ms`).toBe(true);
    }
    expect(Math.abs(angleDeltaDeg(0, at(tl, 2000).camera.headingDeg))).toBeLessThan(1e-6);
  });

  it('turns the short way the other way round too (10° to 350°) and across the loop seam', () => {
    const tl = buildTimeline(
      tourOf(
        [
          keyframe([113.65, 34.75, 500, 10, -30], 4),
          keyframe([113.66, 34.75, 500, 350, -30], 4),
          keyframe([113.66, 34.76, 500, 90, -30], 4),
        ],
        true,
      ),
    );
    for (let ms = 0; ms <= tl.totalMs; ms += 25) {
      const s = at(tl, ms);
      if (s.keyframe === 1)
        expect(Math.abs(angleDeltaDeg(0, s.camera.headingDeg)), `heading ${s.camera.headingDeg} at ${ms}`).toBeLessThanOrEqual(10.001);
    }
    // Closing flight 90° -> 10°: stays between them.
    for (let ms = tl.flightStartMs[0]; ms < tl.totalMs; ms += 25) {
      const h = at(tl, ms).camera.headingDeg;
      expect(h >= 9.999 && h <= 90.001, `closing heading ${h}`).toBe(true);
    }
  });

  it('holds still for holdS at a keyframe, then flies on', () => {
    const tl = buildTimeline(tourOf([keyframe([113.65, 34.75, 500, 0, -30], 0, 2), keyframe([113.66, 34.75, 400, 0, -30], 3, 1)]));
    expect(tl.totalMs).toBe(6000);
    const a = at(tl, 0).camera;
    expect(at(tl, 1999).camera).toEqual(a);
    expect(at(tl, 1999).holding).toBe(true);
    expect(at(tl, 2100).camera.lonDeg).toBeGreaterThan(a.lonDeg);
    expect(at(tl, 2100).keyframe).toBe(1);
    expect(at(tl, 5500).camera.lonDeg).toBeCloseTo(113.66, 9);
    expect(at(tl, 7000).done).toBe(true);
  });

  it('comes to rest where asked (ease out, hold) and not where the flight passes through (linear)', () => {
    const speed = (tl: ReturnType<typeof buildTimeline>, ms: number) =>
      Math.hypot(
        ...vec(at(tl, ms + 1).camera)
          .slice(0, 3)
          .map((v, d) => v - vec(at(tl, ms).camera)[d]),
      );
    const route = (easing: 'linear' | 'easeOut') =>
      buildTimeline(
        tourOf([
          keyframe([113.65, 34.75, 500, 0, -30]),
          keyframe([113.66, 34.75, 500, 0, -30], 4, 0, easing),
          keyframe([113.67, 34.75, 500, 0, -30], 4),
        ]),
      );
    expect(speed(route('easeOut'), 4000)).toBeLessThan(0.01);
    expect(speed(route('linear'), 4000)).toBeGreaterThan(0.1);
    // Ease-in-out between two rests is smoothstep: a quarter of the way at 15.6% of the time.
    const tl = buildTimeline(tourOf([keyframe([113.65, 34.75, 500, 0, -30]), keyframe([113.66, 34.75, 500, 0, -30], 4, 0, 'easeInOut')]));
    expect((at(tl, 1000).camera.lonDeg - 113.65) / 0.01).toBeCloseTo(0.15625, 6);
  });

  it('never dips below the lower of two keyframes (no overshoot in height at a turning point)', () => {
    const tl = buildTimeline(
      tourOf([
        keyframe([113.65, 34.75, 800, 0, -30]),
        keyframe([113.66, 34.75, 120, 0, -30], 3),
        keyframe([113.67, 34.75, 900, 0, -30], 3),
      ]),
    );
    for (let ms = 0; ms <= tl.totalMs; ms += 20) expect(at(tl, ms).camera.heightM).toBeGreaterThanOrEqual(120 - 1e-9);
  });

  it('climbs monotonically through a pass-through keyframe just above the start (no dip below 100 m on 100 -> 110 -> 1000)', () => {
    const tl = buildTimeline(HEIGHT_DIP_100_110_1000);
    // It does pass through 110 m without stopping there.
    expect(at(tl, 4000).camera.heightM).toBeCloseTo(110, 6);
    expect(at(tl, 4001).camera.heightM - at(tl, 3999).camera.heightM).toBeGreaterThan(0.001);
    let prev = -Infinity;
    for (let ms = 0; ms <= tl.totalMs; ms += 10) {
      const h = at(tl, ms).camera.heightM;
      expect(h, `height ${h} at ${ms} ms`).toBeGreaterThanOrEqual(Math.max(prev, 100) - 1e-9);
      expect(h).toBeLessThanOrEqual(1000 + 1e-9);
      // Never above the next keyframe before reaching it either.
      if (ms <= 4000) expect(h).toBeLessThanOrEqual(110 + 1e-9);
      prev = h;
    }
  });

  it('loops: after the last keyframe it flies back to the first over its durationS and starts again', () => {
    const tour = tourOf([keyframe([113.65, 34.75, 500, 0, -30], 5, 1), keyframe([113.66, 34.75, 500, 90, -30], 4, 1)], true);
    const tl = buildTimeline(tour);
    expect(tl.totalMs).toBe(1000 + 4000 + 1000 + 5000);
    expect(tl.flightStartMs[0]).toBe(6000);
    expect(at(tl, 8000).keyframe).toBe(0);
    expect(at(tl, tl.totalMs + 500).camera).toEqual(at(tl, 500).camera);
    expect(at(tl, 3 * tl.totalMs + 2500).camera).toEqual(at(tl, 2500).camera);
    expect(at(tl, 10 * tl.totalMs).done).toBe(false);
  });

  it('is a function of elapsed time only: any frame rate lands on the same camera', () => {
    const tl = buildTimeline(PASS_THROUGH);
    const target = 12_000;
    // 720 frames at 60 fps and 36 frames at 3 fps (SwiftShader) reach the same camera.
    let fast = 0;
    for (let f = 0; f < 720; f++) fast += 1000 / 60;
    let slow = 0;
    for (let f = 0; f < 36; f++) slow += 1000 / 3;
    expect(at(tl, fast).camera.lonDeg).toBeCloseTo(at(tl, slow).camera.lonDeg, 9);
    expect(at(tl, fast).camera.headingDeg).toBeCloseTo(at(tl, target).camera.headingDeg, 6);
    // Sampling is stateless: sampling other times in between changes nothing.
    const first = at(tl, target).camera;
    for (let t = 0; t < target; t += 333) tl.sample(t);
    expect(at(tl, target).camera).toEqual(first);
  });

  it('cuts when a flight takes 0 s, and a one-keyframe tour just holds', () => {
    const tl = buildTimeline(tourOf([keyframe([113.65, 34.75, 500, 0, -30], 0, 1), keyframe([113.66, 34.75, 500, 0, -30], 0, 1)]));
    expect(at(tl, 999).camera.lonDeg).toBeCloseTo(113.65, 9);
    expect(at(tl, 1000).camera.lonDeg).toBeCloseTo(113.66, 9);
    const one = buildTimeline(tourOf([keyframe([113.65, 34.75, 500, 45, -30], 0, 3)], true));
    expect(at(one, 2000).camera.headingDeg).toBe(45);
  });
});
