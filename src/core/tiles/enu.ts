// A tile's local east-north-up frame on the WGS84 ellipsoid (CGCS2000 differs by ~0.1 mm):
// lon/lat/h -> ECEF -> ENU in Float64, and the ENU -> ECEF matrix a tile's `transform` carries.
import type { TileOrigin } from './mesh';

const WGS84_A = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const RAD = Math.PI / 180;

/** Radians per degree, and metres per degree on the equatorial radius (a local scale for sizes and errors). */
export const DEG = RAD;
export const M_PER_DEG = WGS84_A * RAD;

/** Where results are written: any indexable numeric array. */
export type NumericArray = Float64Array | Float32Array | number[];

/** Earth-centred, earth-fixed metres of a geodetic position, written at `out[offset..offset+2]`. */
export function geodeticToEcef<T extends NumericArray = Float64Array>(
  lonDeg: number,
  latDeg: number,
  heightM: number,
  out: T = new Float64Array(3) as T,
  offset = 0,
): T {
  const lon = lonDeg * RAD,
    lat = latDeg * RAD;
  const sinLat = Math.sin(lat),
    cosLat = Math.cos(lat);
  const primeVerticalM = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  const r = (primeVerticalM + heightM) * cosLat;
  out[offset] = r * Math.cos(lon);
  out[offset + 1] = r * Math.sin(lon);
  out[offset + 2] = (primeVerticalM * (1 - WGS84_E2) + heightM) * sinLat;
  return out;
}

export interface EnuFrame {
  /** Local east, north, up metres of a geodetic position, written at `out[offset..offset+2]`. */
  toEnu<T extends NumericArray = Float64Array>(lonDeg: number, latDeg: number, heightM: number, out?: T, offset?: number): T;
  /** 4×4 column-major ENU -> ECEF (columns: east, north, up, origin), as 3D Tiles `transform` wants it. */
  enuToEcef: Float64Array;
}

/** The ENU frame whose origin is `origin` (x east, y north, z along the ellipsoid normal). */
export function enuFrame(origin: TileOrigin): EnuFrame {
  const lon = origin.lonDeg * RAD,
    lat = origin.latDeg * RAD;
  const sinLon = Math.sin(lon),
    cosLon = Math.cos(lon);
  const sinLat = Math.sin(lat),
    cosLat = Math.cos(lat);
  const o = geodeticToEcef(origin.lonDeg, origin.latDeg, origin.heightM);
  const ox = o[0],
    oy = o[1],
    oz = o[2];
  // Rows of ECEF -> ENU (the transpose of the rotation in enuToEcef).
  const ex = -sinLon,
    ey = cosLon;
  const nx = -sinLat * cosLon,
    ny = -sinLat * sinLon,
    nz = cosLat;
  const ux = cosLat * cosLon,
    uy = cosLat * sinLon,
    uz = sinLat;
  const enuToEcef = new Float64Array([ex, ey, 0, 0, nx, ny, nz, 0, ux, uy, uz, 0, ox, oy, oz, 1]);
  const p = new Float64Array(3);
  return {
    enuToEcef,
    toEnu<T extends NumericArray = Float64Array>(
      lonDeg: number,
      latDeg: number,
      heightM: number,
      out: T = new Float64Array(3) as T,
      offset = 0,
    ): T {
      geodeticToEcef(lonDeg, latDeg, heightM, p, 0);
      const dx = p[0] - ox,
        dy = p[1] - oy,
        dz = p[2] - oz;
      out[offset] = ex * dx + ey * dy;
      out[offset + 1] = nx * dx + ny * dy + nz * dz;
      out[offset + 2] = ux * dx + uy * dy + uz * dz;
      return out;
    },
  };
}
