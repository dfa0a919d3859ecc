// Coordinates against a CRS's area of use (China, the project's GK frames): do the numbers fit what the file
// declares, and if not, which known CRS they look like. One rule for the CLI and the import dialog.
import { gkCrs, geographicCrsOf, knownCrs, type CrsDatum, type KnownCrs } from './known';

/** [minX, minY, maxX, maxY] in the CRS's own units. */
export type BboxXY = readonly [minX: number, minY: number, maxX: number, maxY: number];

/** The area the project works in: China and its seas, degrees (the CGCS2000 3° zones span 73.5–136.5°E). */
export const CHINA_LON_LAT_DEG = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 } as const;
/** How far from a zone's central meridian GK data may lie: half a zone plus a margin for data over its edge. */
export const GK3_HALF_WIDTH_M = 300_000;
export const GK6_HALF_WIDTH_M = 450_000;
/** GK northings of China, 3°N to 54°N (332 km to 5 985 km), with a margin. */
const NORTHING_RANGE_M = [300_000, 6_100_000] as const;

const R_MERC = 6378137;
const DEG = Math.PI / 180;
const mercX = (lonDeg: number): number => R_MERC * lonDeg * DEG;
const mercY = (latDeg: number): number => R_MERC * Math.log(Math.tan(Math.PI / 4 + (latDeg * DEG) / 2));

/** Bbox of flat x,y,x,y… coordinates, skipping non-finite values; null when there are none. */
export function bboxOfFlat(coords: ArrayLike<number>): BboxXY | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

const within = (lo: number, hi: number, min: number, max: number): boolean => lo >= min && hi <= max;

function fitsChinaDeg(b: BboxXY): boolean {
  const c = CHINA_LON_LAT_DEG;
  return within(b[0], b[2], c.minLon, c.maxLon) && within(b[1], b[3], c.minLat, c.maxLat);
}

function fitsWebMercator(b: BboxXY): boolean {
  const c = CHINA_LON_LAT_DEG;
  return within(b[0], b[2], mercX(c.minLon), mercX(c.maxLon)) && within(b[1], b[3], mercY(c.minLat), mercY(c.maxLat));
}

function fitsGk(b: BboxXY, falseEastingM: number, halfWidthM: number): boolean {
  return within(b[0], b[2], falseEastingM - halfWidthM, falseEastingM + halfWidthM) && within(b[1], b[3], ...NORTHING_RANGE_M);
}

/** True when the bbox, in `crs`'s units, lies where that CRS is used in China. */
export function fitsCrs(bbox: BboxXY, crs: KnownCrs): boolean {
  if (crs.kind === 'geographic') return fitsChinaDeg(bbox);
  if (crs.kind === 'webMercator') return fitsWebMercator(bbox);
  return fitsGk(bbox, crs.falseEastingM, crs.kind === 'gk3' ? GK3_HALF_WIDTH_M : GK6_HALF_WIDTH_M);
}

/** 'lon/lat degrees', 'GK zone 38 metres', "Xi'an 1980 6° GK zone 19 metres (zone number in the easting)"… */
export function describeCrs(crs: KnownCrs): string {
  if (crs.kind === 'geographic') return crs.datum === 'GCJ02' ? 'GCJ-02 lon/lat degrees' : 'lon/lat degrees';
  if (crs.kind === 'webMercator') return 'Web Mercator metres';
  const datum = crs.datum === 'CGCS2000' ? '' : crs.datum === 'Xian1980' ? "Xi'an 1980 " : 'Beijing 1954 ';
  const family = crs.kind === 'gk6' ? '6° GK' : 'GK';
  return `${datum}${family} zone ${crs.zone} metres${crs.zoneInEasting ? ' with the zone number in the easting' : ''}`;
}

export interface CoordinateReading {
  /** The known CRS the numbers look like; null when they fit none or the zone cannot be told. */
  crs: KnownCrs | null;
  /** What the numbers look like, for messages: 'GK zone 38 metres (EPSG:4547)', 'lon/lat degrees with latitude first'… */
  looksLike: string;
}

export interface ReadOptions {
  /** Longitude of the city or of the declared CRS's zone: picks the zone of GK metres without a zone number. */
  centreLonDeg?: number;
  /** The datum GK metres are taken to be on (the declared CRS's, when it is a GK datum); CGCS2000 by default. */
  datum?: CrsDatum;
}

const withCode = (crs: KnownCrs): CoordinateReading => ({ crs, looksLike: `${describeCrs(crs)} (${crs.code})` });

/** Which known CRS coordinates look like, from their numbers alone (and a centre longitude for GK without zone). */
export function readCoordinates(bbox: BboxXY, options: ReadOptions = {}): CoordinateReading {
  const datum = options.datum === 'Xian1980' || options.datum === 'Beijing1954' ? options.datum : 'CGCS2000';
  const [minX, minY, maxX, maxY] = bbox;
  if (fitsChinaDeg(bbox)) return withCode(geographicCrsOf('CGCS2000'));
  if (fitsChinaDeg([minY, minX, maxY, maxX])) return { crs: null, looksLike: 'lon/lat degrees with latitude first (axes swapped)' };
  if (Math.abs(minX) <= 180 && Math.abs(maxX) <= 180 && Math.abs(minY) <= 90 && Math.abs(maxY) <= 90) {
    return { crs: null, looksLike: `lon/lat degrees outside China (${minX.toFixed(3)}…${maxX.toFixed(3)}°E)` };
  }
  const zoneInFe = Math.floor(minX / 1e6);
  const prefixed =
    zoneInFe === Math.floor(maxX / 1e6) ? (gkCrs(datum, 'gk3', zoneInFe, true) ?? gkCrs(datum, 'gk6', zoneInFe, true)) : null;
  const gk6Prefixed = prefixed && fitsCrs(bbox, prefixed) ? prefixed : null;
  const merc = knownCrs(3857)!;
  if (gk6Prefixed && fitsWebMercator(bbox)) {
    // 6° zones 13–14 with the zone in the easting share numbers with Web Mercator over eastern China: the centre decides.
    const mercLonDeg = (minX + maxX) / 2 / R_MERC / DEG;
    const gkLonDeg = gk6Prefixed.centralMeridianDeg!;
    const c = options.centreLonDeg;
    const pick = c !== undefined && Math.abs(c - gkLonDeg) < Math.abs(c - mercLonDeg) ? gk6Prefixed : merc;
    const other = pick === merc ? gk6Prefixed : merc;
    return { crs: pick, looksLike: `${describeCrs(pick)} (${pick.code}; or ${describeCrs(other)}, ${other.code})` };
  }
  if (gk6Prefixed) return withCode(gk6Prefixed);
  if (fitsWebMercator(bbox)) return withCode(merc);
  if (fitsGk(bbox, 500_000, GK6_HALF_WIDTH_M)) {
    const c = options.centreLonDeg;
    const zone = c === undefined ? null : Math.floor((c + 1.5) / 3);
    const crs = zone === null ? null : gkCrs(datum, 'gk3', zone, false);
    if (crs) return withCode(crs);
    return {
      crs: null,
      looksLike:
        'GK metres without a zone number in the easting (the zone cannot be told from the numbers: 3° zones are EPSG:4534–4554, CM 75–135°E)',
    };
  }
  return { crs: null, looksLike: `numbers no known CRS uses in China (x ${fmt(minX)}…${fmt(maxX)}, y ${fmt(minY)}…${fmt(maxY)})` };
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(6))));

export interface CrsFit {
  fits: boolean;
  /** What the coordinates look like when they do not fit (null when they fit). */
  reading: CoordinateReading | null;
  /** 'buildings.shp: coordinates look like GK zone 38 metres (EPSG:4547), not lon/lat degrees as EPSG:4490 declares'. */
  message: string | null;
}

/**
 * Checks coordinates (their bbox, in the declared CRS's units) against the declared CRS. A mismatch names the file,
 * the declared CRS and what the numbers look like. No coordinates: nothing to check, fits.
 */
export function checkCrsFit(bbox: BboxXY | null, declared: KnownCrs, file = 'the data', options: ReadOptions = {}): CrsFit {
  if (bbox === null || fitsCrs(bbox, declared)) return { fits: true, reading: null, message: null };
  const centreLonDeg = options.centreLonDeg ?? declared.centralMeridianDeg ?? undefined;
  const datum = options.datum ?? declared.datum;
  const reading = readCoordinates(bbox, { centreLonDeg, datum });
  return {
    fits: false,
    reading,
    message: `${file}: coordinates look like ${reading.looksLike}, not ${describeCrs(declared)} as ${declared.code} declares`,
  };
}

export interface CrsGuess {
  /** The CRS to use: set only when the numbers are plainly lon/lat degrees in China (taken as CGCS2000). */
  crs: KnownCrs | null;
  reading: CoordinateReading;
  /** A warning when `crs` was assumed, else the refusal naming the guess. */
  message: string;
}

/**
 * For a file that declares no CRS: plain lon/lat degrees in China are taken as CGCS2000 (EPSG:4490; WGS84 differs by
 * centimetres), with a warning; anything else is refused with what the numbers look like. GCJ-02 cannot be told from
 * the numbers, so it must be declared.
 */
export function guessMissingCrs(bbox: BboxXY | null, file = 'the data', options: ReadOptions = {}): CrsGuess {
  if (bbox === null) {
    const crs = geographicCrsOf('CGCS2000');
    return { crs, reading: withCode(crs), message: `${file}: no CRS declared and no coordinates; taken as ${crs.code}` };
  }
  const reading = readCoordinates(bbox, options);
  if (reading.crs?.kind === 'geographic') {
    return {
      crs: reading.crs,
      reading,
      message: `${file}: no CRS declared; lon/lat degrees in China taken as CGCS2000 (${reading.crs.code}); declare GCJ02 for web-map data`,
    };
  }
  const hint = reading.crs ? `: declare it (${reading.crs.code})` : ': declare its CRS';
  return { crs: null, reading, message: `${file}: no CRS declared; coordinates look like ${reading.looksLike}${hint}` };
}

export interface FeaturesFit extends CrsFit {
  /** Features (indices) outside the CRS's area when most fit: a stray point at 0,0 is named, not taken for the CRS. */
  outliers: number[];
}

/**
 * checkCrsFit over features' boxes (minX, minY, maxX, maxY per feature; non-finite ones skipped): the CRS fits when
 * most features fit it, and those that do not are `outliers`; otherwise the message says what the others look like.
 */
export function checkFeatureBoxesFit(
  boxes: ArrayLike<number>,
  declared: KnownCrs,
  file = 'the data',
  options: ReadOptions = {},
): FeaturesFit {
  const outliers: number[] = [];
  const outside: number[] = [];
  let counted = 0;
  for (let f = 0; f * 4 + 3 < boxes.length; f++) {
    const b: BboxXY = [boxes[f * 4], boxes[f * 4 + 1], boxes[f * 4 + 2], boxes[f * 4 + 3]];
    if (!b.every(Number.isFinite)) continue;
    counted++;
    if (fitsCrs(b, declared)) continue;
    outliers.push(f);
    outside.push(...b);
  }
  if (outliers.length * 2 <= counted) return { fits: true, reading: null, message: null, outliers };
  return { ...checkCrsFit(bboxOfFlat(outside), declared, file, options), outliers: [] };
}
