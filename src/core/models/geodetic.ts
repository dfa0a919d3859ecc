// The way back from a local east-north-up frame to lon/lat/height (WGS84 ellipsoid, as enu.ts): ECEF -> geodetic by
// fixed-point iteration on the latitude (sub-millimetre after four steps anywhere near the surface).
import { DEG } from '../tiles/enu';

const A = 6_378_137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);

/** lon, lat degrees and height m of an ECEF point, written at out[offset..offset+2]. */
export function ecefToGeodetic(x: number, y: number, z: number, out: Float64Array | number[], offset = 0): void {
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - E2)),
    h = 0;
  for (let i = 0; i < 5; i++) {
    const s = Math.sin(lat);
    const n = A / Math.sqrt(1 - E2 * s * s);
    h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (E2 * n) / (n + h)));
  }
  out[offset] = Math.atan2(y, x) / DEG;
  out[offset + 1] = lat / DEG;
  out[offset + 2] = h;
}

/** lon, lat degrees and height m of a point given in the ENU frame whose ENU -> ECEF matrix is `enuToEcef`. */
export function enuToGeodetic(
  enuToEcef: ArrayLike<number>,
  e: number,
  n: number,
  u: number,
  out: Float64Array | number[],
  offset = 0,
): void {
  const m = enuToEcef;
  ecefToGeodetic(
    m[0] * e + m[4] * n + m[8] * u + m[12],
    m[1] * e + m[5] * n + m[9] * u + m[13],
    m[2] * e + m[6] * n + m[10] * u + m[14],
    out,
    offset,
  );
}
