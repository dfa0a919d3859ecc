// Closest points between segments, rings and polylines: setbacks and fire spacing with the points that
// realise them, so the 3D view and the site plan can draw the dimension line.
import { SEGMENTS_DISJOINT, segmentFoot, segmentIntersection } from '../geom/segment';

/** Result slot: distance, then the closest point on the first shape and on the second. */
export interface Closest {
  distanceM: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

export function emptyClosest(): Closest {
  return { distanceM: Infinity, ax: NaN, ay: NaN, bx: NaN, by: NaN };
}

const foot = new Float64Array(2);

/** Updates `best` when segment ab (first shape) and cd (second) come closer than it; true if updated. */
export function closerSegments(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  best: Closest,
): boolean {
  // Cheap reject: the boxes alone are farther apart than the best so far.
  const gx = Math.max(0, Math.min(cx, dx) - Math.max(ax, bx), Math.min(ax, bx) - Math.max(cx, dx));
  const gy = Math.max(0, Math.min(cy, dy) - Math.max(ay, by), Math.min(ay, by) - Math.max(cy, dy));
  if (gx * gx + gy * gy >= best.distanceM * best.distanceM) return false;
  if (segmentIntersection(ax, ay, bx, by, cx, cy, dx, dy) !== SEGMENTS_DISJOINT) {
    // Touching or crossing: the meeting point (line intersection, or an endpoint when collinear).
    const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
    let x: number, y: number;
    if (den !== 0) {
      const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
      x = ax + t * (bx - ax);
      y = ay + t * (by - ay);
    } else {
      segmentFoot(ax, ay, cx, cy, dx, dy, foot);
      x = foot[0];
      y = foot[1];
    }
    best.distanceM = 0;
    best.ax = best.bx = x;
    best.ay = best.by = y;
    return true;
  }
  const before2 = best.distanceM * best.distanceM;
  // Endpoints of ab onto cd, then of cd onto ab (each foot is read right after segmentFoot writes it).
  let d2 = closerPair(best, before2, segmentFoot(ax, ay, cx, cy, dx, dy, foot), ax, ay, foot[0], foot[1]);
  d2 = closerPair(best, d2, segmentFoot(bx, by, cx, cy, dx, dy, foot), bx, by, foot[0], foot[1]);
  d2 = closerPair(best, d2, segmentFoot(cx, cy, ax, ay, bx, by, foot), foot[0], foot[1], cx, cy);
  d2 = closerPair(best, d2, segmentFoot(dx, dy, ax, ay, bx, by, foot), foot[0], foot[1], dx, dy);
  if (!(d2 < before2)) return false;
  best.distanceM = Math.sqrt(d2);
  return true;
}

/** Points p (first shape) and q (second) into `best` when their squared distance s beats d2; the squared distance kept. */
function closerPair(best: Closest, d2: number, s: number, px: number, py: number, qx: number, qy: number): number {
  if (!(s < d2)) return d2;
  best.ax = px;
  best.ay = py;
  best.bx = qx;
  best.by = qy;
  return s;
}

/**
 * Closest approach of ring a[aStart..aEnd) (closed through its last edge) to the polyline b[bStart..bEnd)
 * or, with bClosed, to a ring. Point indices; `best` is updated in place; true if it improved.
 */
export function closerRingToPath(
  a: ArrayLike<number>,
  aStart: number,
  aEnd: number,
  b: ArrayLike<number>,
  bStart: number,
  bEnd: number,
  bClosed: boolean,
  best: Closest,
): boolean {
  let hit = false;
  for (let i = aStart, j = aEnd - 1; i < aEnd; j = i++) {
    const ax = a[j * 2],
      ay = a[j * 2 + 1],
      bx = a[i * 2],
      by = a[i * 2 + 1];
    const k0 = bClosed ? bStart : bStart + 1;
    for (let k = k0; k < bEnd; k++) {
      const p = bClosed && k === bStart ? bEnd - 1 : k - 1;
      if (closerSegments(ax, ay, bx, by, b[p * 2], b[p * 2 + 1], b[k * 2], b[k * 2 + 1], best)) hit = true;
      if (best.distanceM === 0) return true;
    }
  }
  return hit;
}
