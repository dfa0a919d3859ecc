// Where a sensor sits on its asset: the nearest point of its pipeline with the cover depth interpolated there.

export interface PipePoint {
  lonDeg: number;
  latDeg: number;
  /** Cover depth at that point, linear between the line's start and end depth by distance along it. */
  depthM: number;
  /** From the given position to the pipe, metres. */
  distanceM: number;
}

const M_PER_DEG = 111_320;

/** Snaps (lonDeg, latDeg) to the nearest point of a lon/lat polyline (flat pairs) in a local metric frame. */
export function snapToPipe(
  lineLonLatDeg: ArrayLike<number>,
  startDepthM: number,
  endDepthM: number,
  lonDeg: number,
  latDeg: number,
): PipePoint {
  const n = lineLonLatDeg.length / 2;
  if (n < 2) throw new Error(`a pipeline needs at least 2 points, got ${n}`);
  const kx = M_PER_DEG * Math.cos((latDeg * Math.PI) / 180);
  const ky = M_PER_DEG;
  let total = 0;
  let best = Infinity;
  let bestAlong = 0;
  let bestX = 0;
  let bestY = 0;
  for (let i = 0; i + 1 < n; i++) {
    const ax = (lineLonLatDeg[2 * i] - lonDeg) * kx,
      ay = (lineLonLatDeg[2 * i + 1] - latDeg) * ky;
    const bx = (lineLonLatDeg[2 * i + 2] - lonDeg) * kx,
      by = (lineLonLatDeg[2 * i + 3] - latDeg) * ky;
    const dx = bx - ax,
      dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
    const x = ax + t * dx,
      y = ay + t * dy;
    const d = Math.hypot(x, y);
    const len = Math.sqrt(len2);
    if (d < best) {
      best = d;
      bestAlong = total + t * len;
      bestX = x;
      bestY = y;
    }
    total += len;
  }
  const f = total > 0 ? bestAlong / total : 0;
  return { lonDeg: lonDeg + bestX / kx, latDeg: latDeg + bestY / ky, depthM: startDepthM + f * (endDepthM - startDepthM), distanceM: best };
}
