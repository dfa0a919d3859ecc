// GCJ-02 ("Mars coordinates", used by Chinese web maps) <-> WGS84, the published public algorithm; inverse by iteration.

// Krasovsky 1940 ellipsoid, as the public GCJ-02 formula uses.
const A = 6378245.0;
const EE = 0.006693421622965943;
const DEG = Math.PI / 180;

/** GCJ-02 only shifts points inside this rough box around China; outside it is the identity. */
export function isOutsideChina(lonDeg: number, latDeg: number): boolean {
  return lonDeg < 72.004 || lonDeg > 137.8347 || latDeg < 0.8293 || latDeg > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS84 lon/lat degrees -> GCJ-02 lon/lat degrees. */
export function wgs84ToGcj02(lonDeg: number, latDeg: number, result: number[] | Float64Array = [0, 0]): number[] | Float64Array {
  if (isOutsideChina(lonDeg, latDeg)) {
    result[0] = lonDeg;
    result[1] = latDeg;
    return result;
  }
  const x = lonDeg - 105;
  const y = latDeg - 35;
  const radLat = latDeg * DEG;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(x, y) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(x, y) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  result[0] = lonDeg + dLon;
  result[1] = latDeg + dLat;
  return result;
}

const fwd = [0, 0];

/** GCJ-02 lon/lat degrees -> WGS84, by fixed-point iteration of the forward shift (converges to ~1e-12 deg). */
export function gcj02ToWgs84(lonDeg: number, latDeg: number, result: number[] | Float64Array = [0, 0]): number[] | Float64Array {
  if (isOutsideChina(lonDeg, latDeg)) {
    result[0] = lonDeg;
    result[1] = latDeg;
    return result;
  }
  let lon = lonDeg;
  let lat = latDeg;
  for (let i = 0; i < 30; i++) {
    wgs84ToGcj02(lon, lat, fwd);
    const dLon = fwd[0] - lonDeg;
    const dLat = fwd[1] - latDeg;
    lon -= dLon;
    lat -= dLat;
    if (Math.abs(dLon) < 1e-13 && Math.abs(dLat) < 1e-13) break;
  }
  result[0] = lon;
  result[1] = lat;
  return result;
}

const pt = [0, 0];

/** Flat lon,lat… WGS84 -> GCJ-02; result may be the input array. */
export function wgs84ToGcj02Flat(src: ArrayLike<number>, result: number[] | Float64Array): number[] | Float64Array {
  for (let i = 0, n = src.length; i < n; i += 2) {
    wgs84ToGcj02(src[i], src[i + 1], pt);
    result[i] = pt[0];
    result[i + 1] = pt[1];
  }
  return result;
}

/** Flat lon,lat… GCJ-02 -> WGS84; result may be the input array. */
export function gcj02ToWgs84Flat(src: ArrayLike<number>, result: number[] | Float64Array): number[] | Float64Array {
  for (let i = 0, n = src.length; i < n; i += 2) {
    gcj02ToWgs84(src[i], src[i + 1], pt);
    result[i] = pt[0];
    result[i + 1] = pt[1];
  }
  return result;
}
