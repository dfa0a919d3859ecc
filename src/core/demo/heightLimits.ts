// A handful of height-limit zones: heritage surroundings, the CBD, the lake view, the airport approach, the river corridor.
import { pointInRing } from '../geom/pointInPolygon';
import { pointSegmentDistance } from '../geom/segment';
import type { CityFrame } from './frame';
import { planToLonLat } from './emitGrid';
import type { FeatureSink } from './sink';
import { riverY, type CitySites } from './sites';

function circle(cx: number, cy: number, r: number, n = 64): number[] {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t = ((i % n) / n) * 2 * Math.PI;
    out.push(cx + r * Math.cos(t), cy + r * Math.sin(t));
  }
  return out;
}

function riverBand(s: CitySites, halfM: number, stepM = 50): number[] {
  const south: number[] = [];
  const north: number[] = [];
  for (let x = 0; x <= s.widthM; x = Math.min(s.widthM, x + stepM)) {
    south.push(x, riverY(s, x) - halfM);
    north.push(x, riverY(s, x) + halfM);
    if (x === s.widthM) break;
  }
  const ring = [...south];
  for (let i = north.length - 2; i >= 0; i -= 2) ring.push(north[i], north[i + 1]);
  ring.push(south[0], south[1]);
  return ring;
}

export interface PlanHeightZone {
  name: string;
  maxHeightM: number;
  /** Closed ring in plan metres. */
  ring: number[];
}

/** The zones in plan metres. */
export function planHeightZones(s: CitySites): PlanHeightZone[] {
  const { widthM: w, heightM: h } = s;
  const m = Math.min(w, h);
  const zones: [string, number, number[]][] = [
    ['商城遗址历史风貌保护区', 24, circle(s.heritage.x, s.heritage.y, 800)],
    ['CBD超高层建筑控制区', 300, circle(s.cbd.x, s.cbd.y, 1.1 * s.cbd.radiusM)],
    ['如意湖景观视廊控制区', 80, circle(s.cbd.x, s.cbd.y, 450)],
    ['机场净空限高区', 60, [w - 0.35 * m, 0, w, 0, w, 0.25 * m, w - 0.2 * m, 0.3 * m, w - 0.35 * m, 0]],
    ['滨河生态廊道控制区', 36, riverBand(s, 250)],
  ];
  return zones.map(([name, maxHeightM, ring]) => ({ name, maxHeightM, ring }));
}

/** Zones count as reaching this far beyond their edge when buildings are capped (the warp moves edges by metres). */
const CAP_MARGIN_M = 60;

/**
 * The strictest limit over a plan point: a zone counts when the point is inside it or within CAP_MARGIN_M of
 * its edge. With `exceptDeepInside`, zones the point is more than CAP_MARGIN_M inside do not count (a parcel
 * that predates them), so only breaches no warp can move out of the zone are left uncapped.
 */
export function planHeightLimitM(zones: readonly PlanHeightZone[], x: number, y: number, exceptDeepInside = false): number {
  let limit = Infinity;
  for (const z of zones) {
    if (z.maxHeightM >= limit) continue;
    const inside = pointInRing(x, y, z.ring, 0, z.ring.length / 2);
    const nearEdge = ringDistanceM(z.ring, x, y) < CAP_MARGIN_M;
    if ((inside || nearEdge) && !(exceptDeepInside && inside && !nearEdge)) limit = z.maxHeightM;
  }
  return limit;
}

function ringDistanceM(ring: number[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 2; i < ring.length; i += 2)
    best = Math.min(best, pointSegmentDistance(x, y, ring[i - 2], ring[i - 1], ring[i], ring[i + 1]));
  return best;
}

/** Writes the zones; returns how many. */
export function emitHeightLimits(frame: CityFrame, s: CitySites, sink: FeatureSink): number {
  const zones = planHeightZones(s);
  zones.forEach(({ name, maxHeightM, ring }, i) => {
    const coords = planToLonLat(frame, ring);
    sink.add({ type: 'Polygon', coords, ringEnds: [coords.length / 2] }, { id: `HL-${String(i + 1).padStart(2, '0')}`, name, maxHeightM });
  });
  return zones.length;
}
