// CGCS2000 lon/lat <-> 3-degree Gauss-Krüger zones, with allocation-free flat-array variants.
import proj4 from 'proj4';
import { GK_ZONE_MAX, GK_ZONE_MIN, gkProj4String, registerCrsDefs } from './defs';

const DEG = Math.PI / 180;

type Projection = InstanceType<typeof proj4.Proj>;
const cache = new Map<number, Projection>();

// Calls the projection directly in radians: same ellipsoid (GRS80) on both sides, so no datum step.
function projection(zone: number, zoneInEasting: boolean): Projection {
  const key = zoneInEasting ? -zone : zone;
  let p = cache.get(key);
  if (!p) {
    registerCrsDefs();
    p = new proj4.Proj(gkProj4String(zone, zoneInEasting));
    cache.set(key, p);
  }
  return p;
}

/** The 3-degree zone whose central meridian (3 * zone) is nearest to lon; 112.5 <= lon < 115.5 is zone 38. */
export function gkZoneForLonDeg(lonDeg: number): number {
  const zone = Math.floor((lonDeg + 1.5) / 3);
  if (zone < GK_ZONE_MIN || zone > GK_ZONE_MAX) {
    throw new RangeError(`longitude ${lonDeg} is outside the CGCS2000 3-degree zones (73.5..136.5)`);
  }
  return zone;
}

/** Central meridian of a 3-degree zone, degrees. */
export function gkCentralMeridianDeg(zone: number): number {
  return zone * 3;
}

const scratch = { x: 0, y: 0 };

/** lon/lat degrees (CGCS2000) -> GK easting/northing metres. */
export function toGk(
  lonLatDeg: ArrayLike<number>,
  zone: number,
  zoneInEasting = false,
  result: number[] | Float64Array = [0, 0],
): number[] | Float64Array {
  const p = projection(zone, zoneInEasting);
  scratch.x = lonLatDeg[0] * DEG;
  scratch.y = lonLatDeg[1] * DEG;
  const r = p.forward(scratch);
  result[0] = r.x;
  result[1] = r.y;
  return result;
}

/** GK easting/northing metres -> lon/lat degrees (CGCS2000). */
export function fromGk(
  xyM: ArrayLike<number>,
  zone: number,
  zoneInEasting = false,
  result: number[] | Float64Array = [0, 0],
): number[] | Float64Array {
  const p = projection(zone, zoneInEasting);
  scratch.x = xyM[0];
  scratch.y = xyM[1];
  const r = p.inverse(scratch);
  result[0] = r.x / DEG;
  result[1] = r.y / DEG;
  return result;
}

/** Flat lon,lat,lon,lat… degrees -> x,y,x,y… metres; result may be the input array. */
export function toGkFlat(
  lonLatDeg: ArrayLike<number>,
  zone: number,
  result: number[] | Float64Array,
  zoneInEasting = false,
): number[] | Float64Array {
  const p = projection(zone, zoneInEasting);
  for (let i = 0, n = lonLatDeg.length; i < n; i += 2) {
    scratch.x = lonLatDeg[i] * DEG;
    scratch.y = lonLatDeg[i + 1] * DEG;
    const r = p.forward(scratch);
    result[i] = r.x;
    result[i + 1] = r.y;
  }
  return result;
}

/** Flat x,y,x,y… metres -> lon,lat,lon,lat… degrees; result may be the input array. */
export function fromGkFlat(
  xyM: ArrayLike<number>,
  zone: number,
  result: number[] | Float64Array,
  zoneInEasting = false,
): number[] | Float64Array {
  const p = projection(zone, zoneInEasting);
  for (let i = 0, n = xyM.length; i < n; i += 2) {
    scratch.x = xyM[i];
    scratch.y = xyM[i + 1];
    const r = p.inverse(scratch);
    result[i] = r.x / DEG;
    result[i + 1] = r.y / DEG;
  }
  return result;
}
