// Areas of flat x,y rings in projected metres (shoelace); rings may be open or closed.

/**
 * Signed area of the ring in coords[start*2 .. end*2) (point indices), positive when counter-clockwise.
 * A closing point equal to the first adds nothing, so open and closed rings give the same value.
 */
export function ringSignedAreaM2(coords: ArrayLike<number>, start = 0, end = coords.length / 2): number {
  const n = end - start;
  if (n < 3) return 0;
  // Relative to the first point: keeps precision with GK coordinates in the millions.
  const ox = coords[start * 2];
  const oy = coords[start * 2 + 1];
  let sum = 0;
  let px = 0;
  let py = 0;
  for (let i = start + 1; i < end; i++) {
    const x = coords[i * 2] - ox;
    const y = coords[i * 2 + 1] - oy;
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return sum / 2;
}

/** Unsigned area of one ring. */
export function ringAreaM2(coords: ArrayLike<number>, start = 0, end = coords.length / 2): number {
  return Math.abs(ringSignedAreaM2(coords, start, end));
}

/** Area of a polygon: first ring minus the others; ringEnds are exclusive point indices of each ring's end. */
export function polygonAreaM2(coords: ArrayLike<number>, ringEnds: ArrayLike<number> = [coords.length / 2]): number {
  let area = 0;
  let start = 0;
  for (let r = 0; r < ringEnds.length; r++) {
    const a = ringAreaM2(coords, start, ringEnds[r]);
    area += r === 0 ? a : -a;
    start = ringEnds[r];
  }
  return area;
}

/** Length of a polyline in coords[start*2 .. end*2), metres. */
export function lineLengthM(coords: ArrayLike<number>, start = 0, end = coords.length / 2): number {
  let len = 0;
  for (let i = start + 1; i < end; i++) {
    len += Math.hypot(coords[i * 2] - coords[i * 2 - 2], coords[i * 2 + 1] - coords[i * 2 - 1]);
  }
  return len;
}
