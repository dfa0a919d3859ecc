// Point-in-polygon on flat x,y rings (even-odd rule), holes included.
import { pointSegmentDistance } from './segment';

/** True when (x, y) is inside the ring coords[start*2 .. end*2); points exactly on an edge may go either way. */
export function pointInRing(x: number, y: number, coords: ArrayLike<number>, start = 0, end = coords.length / 2): boolean {
  let inside = false;
  for (let i = start, j = end - 1; i < end; j = i++) {
    const xi = coords[i * 2];
    const yi = coords[i * 2 + 1];
    const xj = coords[j * 2];
    const yj = coords[j * 2 + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when (x, y) is inside the polygon (outer ring, minus holes); ringEnds are exclusive point indices. */
export function pointInPolygon(
  x: number,
  y: number,
  coords: ArrayLike<number>,
  ringEnds: ArrayLike<number> = [coords.length / 2],
): boolean {
  let inside = false;
  let start = 0;
  for (let r = 0; r < ringEnds.length; r++) {
    if (pointInRing(x, y, coords, start, ringEnds[r])) inside = !inside;
    start = ringEnds[r];
  }
  return inside;
}

/** Distance from (x, y) to the nearest edge of any ring of the polygon. */
export function distanceToPolygonBoundary(
  x: number,
  y: number,
  coords: ArrayLike<number>,
  ringEnds: ArrayLike<number> = [coords.length / 2],
): number {
  let best = Infinity;
  let start = 0;
  for (let r = 0; r < ringEnds.length; r++) {
    const end = ringEnds[r];
    for (let i = start, j = end - 1; i < end; j = i++) {
      const d = pointSegmentDistance(x, y, coords[j * 2], coords[j * 2 + 1], coords[i * 2], coords[i * 2 + 1]);
      if (d < best) best = d;
    }
    start = end;
  }
  return best;
}
