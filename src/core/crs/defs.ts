// proj4 definitions for the CRSs Chinese city data arrives in: every CRS of known.ts (CGCS2000, Xi'an 1980 and
// Beijing 1954 with their GK zones), and the optional city-specific datum shift of the two older datums.
import proj4 from 'proj4';
import { CGCS2000 } from './codes';
import { knownCrs, listKnownCrs, type CrsDatum, type KnownCrs } from './known';

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

/** The older datums whose shift to CGCS2000 has no public exact parameters. */
export type ShiftedDatum = Extract<CrsDatum, 'Xian1980' | 'Beijing1954'>;

/**
 * A Bursa-Wolf 7-parameter shift to CGCS2000 (taken as WGS84 at city scale), proj's +towgs84 convention (position
 * vector): translations in metres, rotations in arc-seconds, scale in ppm. Cities get these from their surveying
 * institute; without them the shift is approximate (latitude and longitude kept, as PROJ's "ballpark").
 */
export type DatumShift = readonly [dxM: number, dyM: number, dzM: number, rxSec?: number, rySec?: number, rzSec?: number, dsPpm?: number];

/** Ellipsoid of each datum, in proj4 terms: GRS80, IAG 1975 (Xi'an 1980), Krassowsky 1940 (Beijing 1954). */
const ELLIPSOID: Readonly<Record<CrsDatum, string>> = {
  CGCS2000: '+ellps=GRS80',
  WGS84: '+datum=WGS84',
  Xian1980: '+a=6378140 +rf=298.257',
  Beijing1954: '+ellps=krass',
  GCJ02: '+datum=WGS84',
};

const cityShifts = new Map<ShiftedDatum, DatumShift>();
let version = 0;

/** Sets (or clears, with null) the city's own shift from an older datum to CGCS2000; transforms use it from then on. */
export function setDatumShift(datum: ShiftedDatum, shift: DatumShift | null): void {
  if (shift && (shift.length < 3 || shift.length > 7 || shift.some((v) => !Number.isFinite(v)))) {
    throw new RangeError(`a datum shift is 3 to 7 finite numbers (dx,dy,dz[,rx,ry,rz,ds]), got ${shift.join(',')}`);
  }
  if (shift) cityShifts.set(datum, shift);
  else cityShifts.delete(datum);
  version++;
  registered = false;
}

/** The city's shift for a datum, or null when only the approximate shift is known. */
export function datumShiftOf(datum: CrsDatum): DatumShift | null {
  return datum === 'Xian1980' || datum === 'Beijing1954' ? (cityShifts.get(datum) ?? null) : null;
}

/** Changes whenever a datum shift changes: caches of proj4 converters compare it. */
export function defsVersion(): number {
  return version;
}

function towgs84(datum: CrsDatum): string {
  const shift = datumShiftOf(datum);
  return shift ? ` +towgs84=${[...shift, 0, 0, 0, 0].slice(0, 7).join(',')}` : '';
}

/** The proj4 string of a known CRS; null for GCJ-02, which is a formula (gcj02.ts), not a projection. */
export function proj4StringOf(crs: KnownCrs): string | null {
  if (crs.datum === 'GCJ02') return null;
  if (crs.kind === 'webMercator') return null;
  if (crs.kind === 'geographic') {
    return crs.datum === 'CGCS2000' ? CGCS2000_LONLAT : `+proj=longlat ${ELLIPSOID[crs.datum]}${towgs84(crs.datum)} +no_defs +type=crs`;
  }
  if (crs.datum === 'CGCS2000' && crs.kind === 'gk3') return gkProj4String(crs.zone!, crs.zoneInEasting);
  return (
    `+proj=tmerc +lat_0=0 +lon_0=${crs.centralMeridianDeg} +k=1 +x_0=${crs.falseEastingM} +y_0=0 ` +
    `${ELLIPSOID[crs.datum]}${towgs84(crs.datum)} +units=m +no_defs +type=crs`
  );
}

let registered = false;

/** Registers every known CRS with proj4 (4326 and 3857 are built in). Idempotent until a datum shift changes. */
export function registerCrsDefs(): void {
  if (registered) return;
  registered = true;
  for (const crs of listKnownCrs()) {
    if (crs.epsg === 4326) continue;
    const def = proj4StringOf(crs);
    if (def) proj4.defs(crs.code, def);
  }
  proj4.defs(CGCS2000, CGCS2000_LONLAT);
}

/** Normalises 'EPSG:4547', 'epsg:4547' or 4547 to 'EPSG:4547'. */
export function crsCode(crs: string | number): string {
  if (typeof crs === 'number') return `EPSG:${crs}`;
  const m = /^epsg:(\d+)$/i.exec(crs.trim());
  return m ? `EPSG:${m[1]}` : crs;
}

/** True for a CRS the project knows (known.ts), GCJ-02 included. */
export function isKnownCrs(crs: string | number): boolean {
  return knownCrs(crs) !== null;
}
