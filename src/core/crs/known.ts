// The CRSs the project knows, one record each: CGCS2000, Xi'an 1980 and Beijing 1954 with their 3° and 6° GK
// zones in both numberings, WGS84, Web Mercator and GCJ-02. EPSG ranges as in PROJ's proj.db (EPSG 10.x).
import { CGCS2000, WEB_MERCATOR, WGS84 } from './codes';

export type CrsKind = 'geographic' | 'gk3' | 'gk6' | 'webMercator';
export type CrsDatum = 'CGCS2000' | 'Xian1980' | 'Beijing1954' | 'WGS84' | 'GCJ02';

export interface KnownCrs {
  /** 'EPSG:4547', or 'GCJ02' (no EPSG code exists for it). */
  code: string;
  epsg: number | null;
  /** EPSG's name, e.g. 'CGCS2000 / 3-degree Gauss-Kruger CM 114E'. */
  name: string;
  kind: CrsKind;
  datum: CrsDatum;
  /** GK zone number (3°: 25..45, 6°: 13..23); null for geographic and Web Mercator. */
  zone: number | null;
  centralMeridianDeg: number | null;
  /** True when the false easting carries the zone number (zone 38 → 38 500 000 m). */
  zoneInEasting: boolean;
  falseEastingM: number;
  /** True when reaching CGCS2000 needs a datum shift known only approximately (Xi'an 1980, Beijing 1954, GCJ-02). */
  approximate: boolean;
  units: 'degree' | 'metre';
}

/** The code GCJ-02 lon/lat goes by: an explicit choice only, never recognised from a file. */
export const GCJ02 = 'GCJ02';
export const GCJ02_ALIASES: readonly string[] = ['GCJ02', 'GCJ-02', 'GCJ_02'];

export const DATUM_NAMES: Readonly<Record<CrsDatum, string>> = {
  CGCS2000: 'CGCS2000',
  Xian1980: 'Xian 1980',
  Beijing1954: 'Beijing 1954',
  WGS84: 'WGS 84',
  GCJ02: 'GCJ-02',
};

/** EPSG code of each datum's geographic lon/lat CRS. */
export const DATUM_GEOGRAPHIC_EPSG: Readonly<Partial<Record<CrsDatum, number>>> = {
  CGCS2000: 4490,
  Xian1980: 4610,
  Beijing1954: 4214,
  WGS84: 4326,
};

export const GK3_ZONES = { min: 25, max: 45 } as const;
export const GK6_ZONES = { min: 13, max: 23 } as const;

/** One EPSG run of consecutive GK zones: first code, datum, 3°/6°, whether the zone is in the easting. */
interface GkRange {
  first: number;
  datum: CrsDatum;
  kind: 'gk3' | 'gk6';
  zoneInEasting: boolean;
}

const GK_RANGES: readonly GkRange[] = [
  { first: 4513, datum: 'CGCS2000', kind: 'gk3', zoneInEasting: true },
  { first: 4534, datum: 'CGCS2000', kind: 'gk3', zoneInEasting: false },
  { first: 4491, datum: 'CGCS2000', kind: 'gk6', zoneInEasting: true },
  { first: 4502, datum: 'CGCS2000', kind: 'gk6', zoneInEasting: false },
  { first: 2349, datum: 'Xian1980', kind: 'gk3', zoneInEasting: true },
  { first: 2370, datum: 'Xian1980', kind: 'gk3', zoneInEasting: false },
  { first: 2327, datum: 'Xian1980', kind: 'gk6', zoneInEasting: true },
  { first: 2338, datum: 'Xian1980', kind: 'gk6', zoneInEasting: false },
  { first: 2401, datum: 'Beijing1954', kind: 'gk3', zoneInEasting: true },
  { first: 2422, datum: 'Beijing1954', kind: 'gk3', zoneInEasting: false },
  { first: 21413, datum: 'Beijing1954', kind: 'gk6', zoneInEasting: true },
  { first: 21453, datum: 'Beijing1954', kind: 'gk6', zoneInEasting: false },
];

/** Central meridian of a GK zone: 3° zones at 3·zone, 6° zones at 6·zone − 3. */
export function gkZoneCentralMeridianDeg(kind: 'gk3' | 'gk6', zone: number): number {
  return kind === 'gk3' ? zone * 3 : zone * 6 - 3;
}

function zonesOf(kind: 'gk3' | 'gk6'): { min: number; max: number } {
  return kind === 'gk3' ? GK3_ZONES : GK6_ZONES;
}

function gkRecord(range: GkRange, zone: number): KnownCrs {
  const epsg = range.first + zone - zonesOf(range.kind).min;
  const cm = gkZoneCentralMeridianDeg(range.kind, zone);
  const prefix = range.kind === 'gk3' ? '3-degree Gauss-Kruger' : 'Gauss-Kruger';
  return {
    code: `EPSG:${epsg}`,
    epsg,
    name: `${DATUM_NAMES[range.datum]} / ${prefix} ${range.zoneInEasting ? `zone ${zone}` : `CM ${cm}E`}`,
    kind: range.kind,
    datum: range.datum,
    zone,
    centralMeridianDeg: cm,
    zoneInEasting: range.zoneInEasting,
    falseEastingM: range.zoneInEasting ? zone * 1e6 + 500_000 : 500_000,
    approximate: range.datum !== 'CGCS2000',
    units: 'metre',
  };
}

function geographic(epsg: number, datum: CrsDatum, name: string): KnownCrs {
  return {
    code: `EPSG:${epsg}`,
    epsg,
    name,
    kind: 'geographic',
    datum,
    zone: null,
    centralMeridianDeg: null,
    zoneInEasting: false,
    falseEastingM: 0,
    approximate: datum !== 'CGCS2000' && datum !== 'WGS84',
    units: 'degree',
  };
}

function buildTable(): Map<string, KnownCrs> {
  const table = new Map<string, KnownCrs>();
  const add = (c: KnownCrs): void => void table.set(c.code, c);
  add(geographic(4490, 'CGCS2000', 'China Geodetic Coordinate System 2000'));
  add(geographic(4326, 'WGS84', 'WGS 84'));
  add(geographic(4610, 'Xian1980', 'Xian 1980'));
  add(geographic(4214, 'Beijing1954', 'Beijing 1954'));
  add({ ...geographic(3857, 'WGS84', 'WGS 84 / Pseudo-Mercator'), kind: 'webMercator', units: 'metre' });
  add({ ...geographic(0, 'GCJ02', 'GCJ-02 (Chinese web maps, approximate)'), code: GCJ02, epsg: null, approximate: true });
  for (const range of GK_RANGES) {
    const { min, max } = zonesOf(range.kind);
    for (let zone = min; zone <= max; zone++) add(gkRecord(range, zone));
  }
  return table;
}

let table: Map<string, KnownCrs> | null = null;

function known(): Map<string, KnownCrs> {
  table ??= buildTable();
  return table;
}

/** Other codes for Web Mercator and WGS84 lon/lat that files still declare. */
const ALIASES: Readonly<Record<string, string>> = {
  'EPSG:900913': WEB_MERCATOR,
  'EPSG:3785': WEB_MERCATOR,
  'EPSG:102100': WEB_MERCATOR,
  'ESRI:102100': WEB_MERCATOR,
  'EPSG:102113': WEB_MERCATOR,
  'ESRI:102113': WEB_MERCATOR,
  'OGC:CRS84': WGS84,
  CRS84: WGS84,
};

/** The known CRS for 'EPSG:4547', 'epsg:4547', 4547, 'GCJ02' or an alias such as 'EPSG:900913'; else null. */
export function knownCrs(code: string | number): KnownCrs | null {
  if (typeof code === 'number') return known().get(`EPSG:${code}`) ?? null;
  const trimmed = code.trim().toUpperCase();
  if (GCJ02_ALIASES.includes(trimmed)) return known().get(GCJ02) ?? null;
  const m = /^(EPSG|ESRI|OGC):\s*(\w+)$/.exec(trimmed);
  const norm = m ? `${m[1]}:${m[2]}` : /^\d+$/.test(trimmed) ? `EPSG:${trimmed}` : trimmed;
  return known().get(ALIASES[norm] ?? norm) ?? null;
}

/** Every known CRS, geographic first, then the GK families. */
export function listKnownCrs(): KnownCrs[] {
  return [...known().values()];
}

/** The known GK CRS of a datum, kind, zone and numbering. */
export function gkCrs(datum: CrsDatum, kind: 'gk3' | 'gk6', zone: number, zoneInEasting: boolean): KnownCrs | null {
  const range = GK_RANGES.find((r) => r.datum === datum && r.kind === kind && r.zoneInEasting === zoneInEasting);
  const { min, max } = zonesOf(kind);
  if (!range || !Number.isInteger(zone) || zone < min || zone > max) return null;
  return knownCrs(range.first + zone - min);
}

/** The geographic lon/lat CRS of a datum (CGCS2000 → EPSG:4490). */
export function geographicCrsOf(datum: CrsDatum): KnownCrs {
  const epsg = DATUM_GEOGRAPHIC_EPSG[datum];
  const c = epsg === undefined ? knownCrs(GCJ02) : knownCrs(epsg);
  if (!c) throw new Error(`no geographic CRS for datum ${datum}`);
  return c;
}

/** One-line summary of every code the project accepts, for refusal messages. */
export const KNOWN_CRS_SUMMARY =
  `${WGS84} WGS84, ${CGCS2000} CGCS2000, ${WEB_MERCATOR} Web Mercator, EPSG:4610 Xi'an 1980, EPSG:4214 Beijing 1954, ` +
  "CGCS2000 GK EPSG:4491–4554 (6°: 4491–4512, 3°: 4513–4554), Xi'an 1980 GK EPSG:2327–2390, Beijing 1954 GK EPSG:2401–2442 and " +
  '21413–21423, 21453–21463, and GCJ02 (explicit, approximate)';
