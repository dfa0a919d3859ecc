// Tour playback as a pure function of elapsed time: a C1 cubic Hermite spline through the keyframes in a local
// metric frame, timed by the keyframes' flight and hold seconds, so a frame at any rate lands on the same path.
import type { Tour, TourCamera } from './types';

const EARTH_RADIUS_M = 6_378_137;
const RAD = Math.PI / 180;
/** Spline components: east m, north m, height m, heading°, pitch°, roll° (heading and roll unwrapped). */
const DIM = 6;
/** Components that never swing past a keyframe (monotone between keyframes): height, heading, pitch, roll. */
const MONOTONE = [false, false, true, true, true, true];

export interface TourSample {
  camera: TourCamera;
  /** The keyframe being flown to or held at. */
  keyframe: number;
  holding: boolean;
  /** Past the end of a tour that does not loop. */
  done: boolean;
}

export interface TourTimeline {
  /** One pass: to the last keyframe's end of hold, plus the flight back to the first when looping. */
  readonly totalMs: number;
  readonly loop: boolean;
  /** When the camera reaches keyframe k (the first pass; keyframe 0 at 0). */
  readonly arriveMs: Float64Array;
  /** When the flight towards keyframe k starts (keyframe 0 when looping: the closing flight, near the end). */
  readonly flightStartMs: Float64Array;
  /** Where the tour is after `elapsedMs` of play (wrapped into one pass when looping). */
  sample(elapsedMs: number): TourSample;
}

/** The signed difference b - a of two angles, in (-180, 180]. */
export function angleDeltaDeg(a: number, b: number): number {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  return d === -180 ? 180 : d;
}

const wrap360 = (deg: number) => ((deg % 360) + 360) % 360;

/** Spline nodes: keyframes in order, and for a looping tour keyframe 0 again at the end of the pass. */
interface Node {
  p: Float64Array;
  arriveMs: number;
  departMs: number;
  v: Float64Array;
}

export function buildTimeline(tour: Tour): TourTimeline {
  const kfs = tour.keyframes;
  const n = kfs.length;
  if (n === 0) throw new Error('a tour needs at least one keyframe');
  const lon0 = kfs[0].camera.lonDeg;
  const lat0 = kfs[0].camera.latDeg;
  const mPerDegLat = EARTH_RADIUS_M * RAD;
  const mPerDegLon = mPerDegLat * Math.cos(lat0 * RAD);
  const loop = tour.loop && n > 1;

  const nodes: Node[] = [];
  let t = 0;
  for (let k = 0; k <= (loop ? n : n - 1); k++) {
    const kf = kfs[k % n];
    const c = kf.camera;
    if (k > 0) t += kf.durationS * 1000;
    const prev = nodes[k - 1]?.p;
    const p = new Float64Array(DIM);
    p[0] = (c.lonDeg - lon0) * mPerDegLon;
    p[1] = (c.latDeg - lat0) * mPerDegLat;
    p[2] = c.heightM;
    p[3] = prev ? prev[3] + angleDeltaDeg(prev[3], c.headingDeg) : c.headingDeg;
    p[4] = c.pitchDeg;
    p[5] = prev ? prev[5] + angleDeltaDeg(prev[5], c.rollDeg) : c.rollDeg;
    // The closing node is keyframe 0 reached at the end of the pass; its hold is the next pass's start.
    const holdMs = k === n ? 0 : kf.holdS * 1000;
    nodes.push({ p, arriveMs: t, departMs: t + holdMs, v: new Float64Array(DIM) });
    t += holdMs;
  }
  const totalMs = t;
  const last = nodes.length - 1;
  const turn = loop ? nodes[last].p[3] - nodes[0].p[3] : 0;
  const rollTurn = loop ? nodes[last].p[5] - nodes[0].p[5] : 0;

  // Easing of the flight into node j (keyframe j % n), and whether the camera passes node j without stopping.
  const easingInto = (j: number) => kfs[j % n].easing;
  const passesThrough = (j: number): boolean => {
    if (!loop && (j === 0 || j === last)) return false;
    const k = j % n;
    if (kfs[k].holdS > 0) return false;
    const into = easingInto(loop && j === 0 ? n : j);
    const out = easingInto(loop && j === last ? 1 : j + 1);
    if (into === 'easeOut' || into === 'easeInOut' || out === 'easeIn' || out === 'easeInOut') return false;
    const durIn = kfs[k].durationS;
    const durOut = kfs[(k + 1) % n].durationS;
    return durIn > 0 && durOut > 0;
  };
  // Neighbours of node j with their times (and headings shifted by whole turns across the loop's seam).
  const neighbour = (j: number, side: -1 | 1): { p: Float64Array; ms: number } => {
    const i = j + side;
    if (i >= 0 && i <= last) return { p: nodes[i].p, ms: side < 0 ? nodes[i].departMs : nodes[i].arriveMs };
    const wrapped = nodes[side < 0 ? last - 1 : 1];
    const p = Float64Array.from(wrapped.p);
    p[3] += side * turn;
    p[5] += side * rollTurn;
    return { p, ms: (side < 0 ? wrapped.departMs : wrapped.arriveMs) + side * totalMs };
  };
  for (let j = 0; j <= last; j++) {
    if (!passesThrough(j)) continue;
    const a = neighbour(j, -1);
    const b = neighbour(j, 1);
    const dt = b.ms - a.ms;
    const dtIn = nodes[j].arriveMs - a.ms;
    const dtOut = b.ms - nodes[j].departMs;
    const p = nodes[j].p;
    for (let d = 0; d < DIM; d++) {
      const v = (b.p[d] - a.p[d]) / dt;
      if (!MONOTONE[d]) {
        nodes[j].v[d] = v;
        continue;
      }
      // No dive below a low keyframe, no turn past a heading: flat at a turning point, and elsewhere at most 3× the
      // gentler leg's slope (Fritsch–Carlson), so a leg never swings outside its two keyframes.
      const inSlope = (p[d] - a.p[d]) / dtIn;
      const outSlope = (b.p[d] - p[d]) / dtOut;
      const limit = 3 * Math.min(Math.abs(inSlope), Math.abs(outSlope));
      nodes[j].v[d] = inSlope * outSlope <= 0 ? 0 : Math.sign(v) * Math.min(Math.abs(v), limit);
    }
  }
  if (loop) nodes[last].v.set(nodes[0].v);

  const arriveMs = new Float64Array(n);
  const flightStartMs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const j = loop && k === 0 ? last : k;
    arriveMs[k] = nodes[k].arriveMs;
    flightStartMs[k] = j === 0 ? 0 : nodes[j - 1].departMs;
  }

  const out = new Float64Array(DIM);
  const cameraOf = (p: Float64Array): TourCamera => ({
    lonDeg: lon0 + p[0] / mPerDegLon,
    latDeg: lat0 + p[1] / mPerDegLat,
    heightM: p[2],
    headingDeg: wrap360(p[3]),
    pitchDeg: p[4],
    rollDeg: angleDeltaDeg(0, p[5]),
  });

  return {
    totalMs,
    loop,
    arriveMs,
    flightStartMs,
    sample(elapsedMs) {
      let tMs = Math.max(0, elapsedMs);
      let done = false;
      if (loop && totalMs > 0) tMs %= totalMs;
      else if (tMs >= totalMs) {
        tMs = totalMs;
        done = !loop;
      }
      // Holding at node j, or flying from node j to j + 1.
      let j = 0;
      while (j < last && tMs >= nodes[j + 1].arriveMs) j++;
      const a = nodes[j];
      if (j === last || tMs <= a.departMs) {
        return { camera: cameraOf(a.p), keyframe: j % n, holding: true, done };
      }
      const b = nodes[j + 1];
      const h = b.arriveMs - a.departMs;
      const s = (tMs - a.departMs) / h;
      const s2 = s * s;
      const s3 = s2 * s;
      const h00 = 2 * s3 - 3 * s2 + 1;
      const h10 = s3 - 2 * s2 + s;
      const h01 = -2 * s3 + 3 * s2;
      const h11 = s3 - s2;
      for (let d = 0; d < DIM; d++) out[d] = h00 * a.p[d] + h10 * h * a.v[d] + h01 * b.p[d] + h11 * h * b.v[d];
      return { camera: cameraOf(out), keyframe: (j + 1) % n, holding: false, done };
    },
  };
}
