// Tile regions: west, south, east, north in degrees and min, max height in m, in a Float64Array of 6; what a
// tile's boundingVolume.region is made from and what its geometric error is measured on.
import { DEG, M_PER_DEG } from './enu';

/** A region (west, south, east, north in degrees, min and max height in m) that holds nothing yet. */
export function emptyRegion(): Float64Array {
  return Float64Array.of(Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity);
}

/** Grows `region` to hold `other` (both west, south, east, north degrees, min and max height m). */
export function growRegion(region: Float64Array, other: Float64Array): void {
  region[0] = Math.min(region[0], other[0]);
  region[1] = Math.min(region[1], other[1]);
  region[2] = Math.max(region[2], other[2]);
  region[3] = Math.max(region[3], other[3]);
  region[4] = Math.min(region[4], other[4]);
  region[5] = Math.max(region[5], other[5]);
}

/** A degree region as a 3D Tiles boundingVolume.region (radians, metres). */
export function regionJson(r: Float64Array): number[] {
  return [r[0] * DEG, r[1] * DEG, r[2] * DEG, r[3] * DEG, r[4], r[5]];
}

/** Plan diagonal of a degree region, metres (spherical, for geometric errors). */
export function regionDiagonalM(r: Float64Array): number {
  return Math.hypot((r[2] - r[0]) * M_PER_DEG * Math.cos(0.5 * (r[1] + r[3]) * DEG), (r[3] - r[1]) * M_PER_DEG);
}

/** Grows a content region by one position quantisation step (extent / 65535) plus 1 mm, so it holds the written vertices. */
export function padForQuantisation(region: Float64Array): void {
  const mPerDegLon = M_PER_DEG * Math.cos(0.5 * (region[1] + region[3]) * DEG);
  const extentM = Math.max((region[2] - region[0]) * mPerDegLon, (region[3] - region[1]) * M_PER_DEG, region[5] - region[4]);
  const padM = 0.001 + extentM / 65535;
  region[0] -= padM / mPerDegLon;
  region[2] += padM / mPerDegLon;
  region[1] -= padM / M_PER_DEG;
  region[3] += padM / M_PER_DEG;
  region[4] -= padM;
  region[5] += padM;
}
