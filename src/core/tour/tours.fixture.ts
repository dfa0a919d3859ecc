// Tours for the unit tests: built from plain camera tuples so each test reads as its numbers.
import type { Tour, TourEasing, TourKeyframe } from './types';

type Cam = [lonDeg: number, latDeg: number, heightM: number, headingDeg: number, pitchDeg: number];

export function keyframe(cam: Cam, durationS = 4, holdS = 0, easing: TourEasing = 'linear'): TourKeyframe {
  const [lonDeg, latDeg, heightM, headingDeg, pitchDeg] = cam;
  return { camera: { lonDeg, latDeg, heightM, headingDeg, pitchDeg, rollDeg: 0 }, durationS, holdS, easing };
}

export function tourOf(keyframes: TourKeyframe[], loop = false): Tour {
  return { version: 1, id: 'test', title: { zh: '测试', en: 'Test' }, loop, keyframes };
}

/** Five keyframes around a city block, passing through (no holds, linear) with unequal flight times. */
export const PASS_THROUGH: Tour = tourOf([
  keyframe([113.65, 34.75, 800, 10, -35]),
  keyframe([113.66, 34.755, 600, 40, -30], 5),
  keyframe([113.67, 34.76, 300, 90, -20], 3),
  keyframe([113.665, 34.77, 500, 180, -45], 8),
  keyframe([113.65, 34.765, 900, 270, -60], 4),
]);

/** Bug: passing 110 m on the way from 100 m up to 1000 m (4 s legs) dived to ~49 m mid first leg (unlimited tangent). */
export const HEIGHT_DIP_100_110_1000: Tour = tourOf([
  keyframe([113.65, 34.75, 100, 0, -30]),
  keyframe([113.655, 34.75, 110, 0, -30], 4),
  keyframe([113.66, 34.75, 1000, 0, -30], 4),
]);
