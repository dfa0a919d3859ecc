// proj4 definitions for the CRSs Chinese city data arrives in: CGCS2000 geographic and its 3-degree GK zones.
import proj4 from 'proj4';
import { CGCS2000 } from './codes';

/** CGCS2000 uses the GRS80 ellipsoid; at city scale it is within centimetres of WGS84, so no datum shift. */
export const CGCS2000_LONLAT = '+proj=longlat +ellps=GRS80 +no_defs +type=crs';

export const GK_ZONE_MIN = 25;
export const GK_ZONE_MAX = 45;
/** EPSG:4513–4533: 3-degree GK zones 25..45 with the zone number in the false easting. */
export const EPSG_GK_WITH_ZONE_FIRST = 4513;
/** EPSG:4534–4554: 3-degree GK zones 25..45 (CM 75..135), false easting 500 000 m only. */
export const EPSG_GK_NO_ZONE_FIRST = 4534;

/** proj4 string for a CGCS2000 3-degree Gauss-Krüger zone (CM = 3 * zone). */
export function gkProj4String(zone: number, zoneInEasting: boolean): string {
  assertZone(zone);
  const x0 = zoneInEasting ? zone * 1e6 + 500000 : 500000;
  return `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs`;
}

/** EPSG code of a GK zone: 4513+ (zone in easting) or 4534+ (no zone). */
export function epsgForGkZone(zone: number, zoneInEasting: boolean): number {
  assertZone(zone);
  return (zoneInEasting ? EPSG_GK_WITH_ZONE_FIRST : EPSG_GK_NO_ZONE_FIRST) + zone - GK_ZONE_MIN;
}

/** The GK zone and easting convention of an EPSG code in 4513–4554, or null. */
export function gkZoneForEpsg(code: number): { zone: number; zoneInEasting: boolean } | null {
  if (code >= EPSG_GK_WITH_ZONE_FIRST && code < EPSG_GK_NO_ZONE_FIRST) {
    return { zone: code - EPSG_GK_WITH_ZONE_FIRST + GK_ZONE_MIN, zoneInEasting: true };
  }
  if (code >= EPSG_GK_NO_ZONE_FIRST && code <= EPSG_GK_NO_ZONE_FIRST + GK_ZONE_MAX - GK_ZONE_MIN) {
    return { zone: code - EPSG_GK_NO_ZONE_FIRST + GK_ZONE_MIN, zoneInEasting: false };
  }
  return null;
}

function assertZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < GK_ZONE_MIN || zone > GK_ZONE_MAX) {
    throw new RangeError(`CGCS2000 3-degree GK zone must be an integer in ${GK_ZONE_MIN}..${GK_ZONE_MAX}, got ${zone}`);
  }
}

let registered = false;

/** Registers EPSG:4490 and EPSG:4513–4554 with proj4 (4326 and 3857 are built in). Idempotent. */
export function registerCrsDefs(): void {
  if (registered) return;
  registered = true;
  proj4.defs(CGCS2000, CGCS2000_LONLAT);
  for (let zone = GK_ZONE_MIN; zone <= GK_ZONE_MAX; zone++) {
    proj4.defs(`EPSG:${epsgForGkZone(zone, true)}`, gkProj4String(zone, true));
    proj4.defs(`EPSG:${epsgForGkZone(zone, false)}`, gkProj4String(zone, false));
  }
}

/** Normalises 'EPSG:4547', 'epsg:4547' or 4547 to 'EPSG:4547'. */
export function crsCode(crs: string | number): string {
  if (typeof crs === 'number') return `EPSG:${crs}`;
  const m = /^epsg:(\d+)$/i.exec(crs.trim());
  return m ? `EPSG:${m[1]}` : crs;
}

/** True when proj4 knows the CRS (after registration). */
export function isKnownCrs(crs: string | number): boolean {
  registerCrsDefs();
  return proj4.defs(crsCode(crs)) !== undefined;
}
