// Exact orientation and the half-open crossing rule every join in this folder shares.
// A float filter decides almost every call; only near-degenerate cases (a point on or within
// rounding of an edge) fall back to exact BigInt arithmetic, so shared edges classify identically
// whichever polygon they belong to and whichever direction they are walked.

const EPSILON = 2 ** -53;
/** Shewchuk's stage-A error bound for orient2d: beyond it the float sign is certain. */
export const ORIENT_ERR_BOUND = (3 + 16 * EPSILON) * EPSILON;

/** Sign of orient2d(a, b, c) computed exactly: 1 when c is left of a->b, -1 right, 0 collinear. */
export function orientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (bx - ax) * (cy - ay);
  const r = (by - ay) * (cx - ax);
  const det = l - r;
  const bound = ORIENT_ERR_BOUND * (Math.abs(l) + Math.abs(r));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  // Both products exactly zero means a coordinate difference was exactly zero: truly collinear.
  if (bound === 0) return 0;
  return orientSignExact(ax, ay, bx, by, cx, cy);
}

/**
 * Half-open crossing rule: does the ray from (x, y) towards +x cross edge a-b?
 * Vertices at the ray's height count as above it and points on the edge count as right of it,
 * which is the same as testing the point (x + ε, y + ε²): each point of a tiling lands in exactly one tile.
 */
export function crossesRightRay(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (ay > y === by > y) return false;
  // a below b: x is left of the crossing when (x, y) is left of a->b.
  const s = orientSign(ax, ay, bx, by, x, y);
  return by > ay ? s > 0 : s < 0;
}

/** True when (x, y) lies on the closed segment a-b, decided exactly. */
export function onSegment(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (x < (ax < bx ? ax : bx) || x > (ax > bx ? ax : bx)) return false;
  if (y < (ay < by ? ay : by) || y > (ay > by ? ay : by)) return false;
  return orientSign(ax, ay, bx, by, x, y) === 0;
}

// Smallest power-of-two exponent making v an integer (coordinates are finite doubles).
function integerExponent(v: number, k: number): number {
  while (k < 1100 && !Number.isInteger(v * 2 ** k)) k++;
  return k;
}

/** orient2d sign with every double scaled to an exact BigInt; the rare slow path of orientSign. */
export function orientSignExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  let k = integerExponent(ax, 0);
  k = integerExponent(ay, k);
  k = integerExponent(bx, k);
  k = integerExponent(by, k);
  k = integerExponent(cx, k);
  k = integerExponent(cy, k);
  const s = 2 ** k;
  const vals = [ax * s, ay * s, bx * s, by * s, cx * s, cy * s];
  if (k >= 1100 || !vals.every(Number.isFinite)) return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const [Ax, Ay, Bx, By, Cx, Cy] = vals.map(BigInt);
  const det = (Bx - Ax) * (Cy - Ay) - (By - Ay) * (Cx - Ax);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}
