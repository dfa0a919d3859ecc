// Segment predicates on plain numbers: intersection, the closest point of a segment, point-segment and segment-segment distance.

/** Twice the signed area of triangle abc: > 0 when c is left of a->b. */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

export const SEGMENTS_DISJOINT = 0;
/** The segments cross at a single point interior to both. */
export const SEGMENTS_CROSS = 1;
/** The segments touch at an endpoint or overlap collinearly. */
export const SEGMENTS_TOUCH = 2;

/**
 * How segment ab meets segment cd: SEGMENTS_DISJOINT, SEGMENTS_CROSS or SEGMENTS_TOUCH.
 * eps is an orientation tolerance in squared units (0 = exact floating arithmetic).
 */
export function segmentIntersection(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  eps = 0,
): number {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return SEGMENTS_DISJOINT;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return SEGMENTS_DISJOINT;
  const d1 = sign(orient2d(cx, cy, dx, dy, ax, ay), eps);
  const d2 = sign(orient2d(cx, cy, dx, dy, bx, by), eps);
  const d3 = sign(orient2d(ax, ay, bx, by, cx, cy), eps);
  const d4 = sign(orient2d(ax, ay, bx, by, dx, dy), eps);
  if (d1 * d2 < 0 && d3 * d4 < 0) return SEGMENTS_CROSS;
  if (
    (d1 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (d2 === 0 && onSegment(cx, cy, dx, dy, bx, by)) ||
    (d3 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (d4 === 0 && onSegment(ax, ay, bx, by, dx, dy))
  ) {
    return SEGMENTS_TOUCH;
  }
  return SEGMENTS_DISJOINT;
}

function sign(v: number, eps: number): number {
  return v > eps ? 1 : v < -eps ? -1 : 0;
}

// p is collinear with ab: is it within ab's bounding box?
function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

/** The point of segment ab closest to p (written into foot[0..1]); returns its squared distance to p. */
export function segmentFoot(px: number, py: number, ax: number, ay: number, bx: number, by: number, foot: Float64Array): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  foot[0] = ax + t * dx;
  foot[1] = ay + t * dy;
  return (px - foot[0]) ** 2 + (py - foot[1]) ** 2;
}

const scratchFoot = new Float64Array(2);

/** Distance from point p to segment ab. */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  segmentFoot(px, py, ax, ay, bx, by, scratchFoot);
  return Math.hypot(px - scratchFoot[0], py - scratchFoot[1]);
}

/** Shortest distance between segments ab and cd (0 when they intersect). */
export function segmentSegmentDistance(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  if (segmentIntersection(ax, ay, bx, by, cx, cy, dx, dy) !== SEGMENTS_DISJOINT) return 0;
  return Math.min(
    pointSegmentDistance(ax, ay, cx, cy, dx, dy),
    pointSegmentDistance(bx, by, cx, cy, dx, dy),
    pointSegmentDistance(cx, cy, ax, ay, bx, by),
    pointSegmentDistance(dx, dy, ax, ay, bx, by),
  );
}
