// What a file declares (WKT1, ESRI .prj, WKT2, an EPSG code, URN or URL, a proj4 string, a GeoPackage srs) → one of
// the CRSs the project knows (known.ts), or a reason naming what was declared. By authority code first, else by
// datum, projection and parameters (ESRI .prj files carry no code).
import {
  GCJ02_ALIASES,
  GK3_ZONES,
  GK6_ZONES,
  geographicCrsOf,
  gkCrs,
  knownCrs,
  KNOWN_CRS_SUMMARY,
  type CrsDatum,
  type KnownCrs,
} from './known';
import { authorityOf, child, children, find, nameOf, numberArg, parseWkt, type WktNode } from './wkt';

export type CrsRecognition =
  | {
      ok: true;
      crs: KnownCrs;
      /** 'code': a code or URN was given; 'authority': the WKT named its EPSG code; 'parameters': read from datum and projection. */
      how: 'code' | 'authority' | 'parameters';
      /** A Xi'an 1980 / Beijing 1954 shift the declaration carries (WKT TOWGS84, proj4 +towgs84): reported, not applied. */
      declaredShift?: number[];
    }
  | { ok: false; reason: string };

const refuse = (reason: string): CrsRecognition => ({ ok: false, reason });

function fromCode(code: string, how: 'code' | 'authority', declared: string): CrsRecognition {
  const crs = knownCrs(code);
  if (crs) return { ok: true, crs, how };
  return refuse(`${declared.length > 80 ? code : declared} is not a CRS the project handles (it knows ${KNOWN_CRS_SUMMARY})`);
}

/** 'EPSG:4547', '4547', 'urn:ogc:def:crs:EPSG::4547', 'http://www.opengis.net/def/crs/EPSG/0/4547', 'CRS84' → a code, else null. */
function codeOf(text: string): string | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return `EPSG:${t}`;
  if (/^(EPSG|ESRI|OGC)\s*:\s*\w+$/i.test(t)) return t.replace(/\s/g, '').toUpperCase();
  if (
    /^(OGC:)?CRS84$/i.test(t) ||
    /^urn:ogc:def:crs:OGC:[\d.]*:CRS84$/i.test(t) ||
    /opengis\.net\/def\/crs\/OGC\/[\d.]+\/CRS84$/i.test(t)
  ) {
    return 'OGC:CRS84';
  }
  const urn = /^urn:ogc:def:crs:(EPSG|ESRI):[\d.]*:(\d+)$/i.exec(t);
  if (urn) return `${urn[1].toUpperCase()}:${urn[2]}`;
  const url = /opengis\.net\/def\/crs\/(EPSG|ESRI)\/[\d.]+\/(\d+)$/i.exec(t);
  if (url) return `${url[1].toUpperCase()}:${url[2]}`;
  return null;
}

/** The datum a name means: 'D_China_2000', 'China Geodetic Coordinate System 2000', 'Xian 1980', 'D_Beijing_1954'… */
export function datumFromName(name: string): CrsDatum | 'NewBeijing' | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  if (/new beijing/.test(n)) return 'NewBeijing';
  if (/cgcs ?2000|china ?2000|china geodetic coordinate system 2000/.test(n)) return 'CGCS2000';
  if (/xi ?an ?(19)?80\b/.test(n)) return 'Xian1980';
  if (/beijing ?(19)?54\b/.test(n)) return 'Beijing1954';
  if (/wgs ?(19)?84|world geodetic system 1984/.test(n)) return 'WGS84';
  return null;
}

/** The datum an ellipsoid means in China: GRS80 → CGCS2000, IAG 1975 → Xi'an 1980, Krassowsky → Beijing 1954, WGS84. */
function datumFromEllipsoid(aM: number, rf: number): CrsDatum | null {
  const near = (x: number, y: number, tol: number): boolean => Math.abs(x - y) <= tol;
  if (near(aM, 6378137, 1e-3) && near(rf, 298.257222101, 1e-6)) return 'CGCS2000';
  if (near(aM, 6378137, 1e-3) && near(rf, 298.257223563, 1e-6)) return 'WGS84';
  if (near(aM, 6378140, 1e-3) && near(rf, 298.257, 1e-6)) return 'Xian1980';
  if (near(aM, 6378245, 1e-3) && near(rf, 298.3, 1e-6)) return 'Beijing1954';
  return null;
}

interface Projected {
  method: string;
  centralMeridianDeg: number;
  falseEastingM: number;
  falseNorthingM: number;
  scale: number;
  latOriginDeg: number;
  unitM: number;
}

/** GK (transverse Mercator, scale 1, on the equator, no false northing) → the known zone CRS of `datum`, or a reason. */
function gkFromParameters(p: Projected, datum: CrsDatum, name: string): KnownCrs | string {
  const what = `${name || 'the projection'} (central meridian ${p.centralMeridianDeg}°, false easting ${p.falseEastingM} m)`;
  if (Math.abs(p.scale - 1) > 1e-9 || Math.abs(p.latOriginDeg) > 1e-9 || Math.abs(p.falseNorthingM) > 1e-6) {
    return `${what} is a transverse Mercator but not a Chinese GK zone (scale ${p.scale}, false northing ${p.falseNorthingM} m)`;
  }
  if (Math.abs(p.unitM - 1) > 1e-9) return `${what} is in units of ${p.unitM} m, not metres`;
  const cm = p.centralMeridianDeg;
  const fe = p.falseEastingM;
  const zone3 = cm / 3;
  const zone6 = (cm + 3) / 6;
  const isZone = (z: number, r: { min: number; max: number }): boolean => Number.isInteger(z) && z >= r.min && z <= r.max;
  const has3 = isZone(zone3, GK3_ZONES);
  const has6 = isZone(zone6, GK6_ZONES);
  if (Math.abs(fe - 500_000) < 1e-3) {
    // One CM can be a 3° and a 6° zone (CM 117E): the same projection; the name says which (EPSG and ESRI names say
    // '3-degree' for 3° zones), 3° when there is no name.
    const says6 = /(^|[^0-9])6[ _-]?deg/i.test(name) || (/gauss|gk/i.test(name) && !/(^|[^0-9])3[ _-]?deg/i.test(name));
    const kind = has3 && !says6 ? 'gk3' : has6 ? 'gk6' : null;
    const crs = kind && gkCrs(datum, kind, kind === 'gk3' ? zone3 : zone6, false);
    return crs ?? `${what}: the central meridian is not one of a GK zone's`;
  }
  const zoneInFe = Math.floor(fe / 1e6);
  if (Math.abs(fe - zoneInFe * 1e6 - 500_000) < 1e-3) {
    if (has3 && zoneInFe === zone3) return gkCrs(datum, 'gk3', zone3, true) ?? what;
    if (has6 && zoneInFe === zone6) return gkCrs(datum, 'gk6', zone6, true) ?? what;
  }
  return `${what}: the false easting is neither 500 000 m nor the zone number followed by 500 000 m`;
}

const PARAM_ALIASES: Record<string, Exclude<keyof Projected, 'method'>> = {
  central_meridian: 'centralMeridianDeg',
  longitude_of_natural_origin: 'centralMeridianDeg',
  longitude_of_origin: 'centralMeridianDeg',
  false_easting: 'falseEastingM',
  false_northing: 'falseNorthingM',
  scale_factor: 'scale',
  scale_factor_at_natural_origin: 'scale',
  latitude_of_origin: 'latOriginDeg',
  latitude_of_natural_origin: 'latOriginDeg',
};

function projectedOf(root: WktNode): Projected {
  const method = nameOf(child(root, 'PROJECTION') ?? find(root, 'METHOD'));
  const p: Projected = { method, centralMeridianDeg: NaN, falseEastingM: 0, falseNorthingM: 0, scale: 1, latOriginDeg: 0, unitM: 1 };
  const conv = child(root, 'CONVERSION') ?? root;
  for (const param of children(conv, 'PARAMETER')) {
    const key =
      PARAM_ALIASES[
        nameOf(param)
          .toLowerCase()
          .replace(/[^a-z]+/g, '_')
      ];
    if (key) p[key] = numberArg(param);
  }
  // WKT1 puts the unit on the CRS; WKT2 on the CRS or on each AXIS.
  const axis = children(root, 'AXIS')[0];
  const unit = child(root, 'UNIT', 'LENGTHUNIT') ?? (axis ? child(axis, 'LENGTHUNIT') : null);
  if (unit) p.unitM = numberArg(unit);
  return p;
}

function datumOf(root: WktNode): { datum: CrsDatum | 'NewBeijing' | null; name: string } {
  const datumNode = find(root, 'DATUM', 'GEODETICDATUM', 'TRF');
  const geog = find(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS', 'GEODCRS');
  const name = nameOf(datumNode) || nameOf(geog);
  const byName = datumFromName(nameOf(datumNode)) ?? datumFromName(nameOf(geog));
  if (byName) return { datum: byName, name };
  const sph = find(root, 'SPHEROID', 'ELLIPSOID');
  return { datum: sph ? datumFromEllipsoid(numberArg(sph, 0), numberArg(sph, 1)) : null, name };
}

function fromWkt(text: string): CrsRecognition {
  let root: WktNode;
  try {
    root = parseWkt(text);
  } catch (e) {
    return refuse(`unreadable CRS definition (${(e as Error).message}): ${text.slice(0, 60)}…`);
  }
  if (root.keyword === 'COMPD_CS' || root.keyword === 'COMPOUNDCRS') {
    const horizontal = root.args.find((a): a is WktNode => typeof a === 'object' && /^(PROJ|GEOG|GEOD)/.test(a.keyword));
    if (!horizontal) return refuse('a compound CRS without a horizontal part');
    root = horizontal;
  }
  const authority = authorityOf(root);
  if (authority && knownCrs(authority)) return fromCode(authority, 'authority', text);
  const crsName = nameOf(root);
  const { datum, name: datumName } = datumOf(root);
  const isProjected = /^PROJ/.test(root.keyword);
  if (isProjected) {
    const p = projectedOf(root);
    if (/pseudo.?mercator|mercator.?auxiliary.?sphere|popular.?visuali[sz]ation/i.test(`${p.method} ${crsName}`)) {
      return { ok: true, crs: knownCrs(3857)!, how: 'parameters' };
    }
    if (!/transverse.?mercator|gauss.?kr[uü]ger|^tmerc$/i.test(p.method)) {
      return refuse(
        `${crsName || 'the CRS'} uses the ${p.method || 'unnamed'} projection: the project handles GK (transverse Mercator) zones and Web Mercator`,
      );
    }
    if (datum === null || datum === 'NewBeijing' || datum === 'WGS84') {
      return refuse(
        `${crsName || 'the CRS'} is on the ${datumName || 'unnamed'} datum: GK zones are known on CGCS2000, Xi'an 1980 and Beijing 1954`,
      );
    }
    const gk = gkFromParameters(p, datum, crsName);
    return typeof gk === 'string' ? refuse(gk) : { ok: true, crs: gk, how: 'parameters' };
  }
  if (/^(GEOG|GEOD)/.test(root.keyword) && datum && datum !== 'NewBeijing') {
    return { ok: true, crs: geographicCrsOf(datum), how: 'parameters' };
  }
  if (authority) return fromCode(authority, 'authority', text);
  return refuse(
    `${crsName || root.keyword} (datum ${datumName || 'unnamed'}) is not a CRS the project handles (it knows ${KNOWN_CRS_SUMMARY})`,
  );
}

/** proj4 strings ('+proj=tmerc +lon_0=114 +x_0=500000 +ellps=GRS80 …'): read as the same parameters as a WKT. */
function fromProj4(text: string): CrsRecognition {
  const kv = new Map<string, string>();
  for (const m of text.matchAll(/\+(\w+)(?:=(\S+))?/g)) kv.set(m[1], m[2] ?? '');
  const proj = kv.get('proj') ?? '';
  const ellps = (kv.get('ellps') ?? kv.get('datum') ?? '').toLowerCase();
  const a = Number(kv.get('a'));
  const datum: CrsDatum | null =
    ellps === 'grs80'
      ? 'CGCS2000'
      : ellps === 'wgs84'
        ? 'WGS84'
        : ellps === 'krass'
          ? 'Beijing1954'
          : a === 6378140
            ? 'Xian1980'
            : a === 6378245
              ? 'Beijing1954'
              : null;
  if (proj === 'longlat' || proj === 'latlong') {
    return datum ? { ok: true, crs: geographicCrsOf(datum), how: 'parameters' } : refuse(`unknown datum in "${text}"`);
  }
  if (proj === 'merc' && Number(kv.get('a')) === 6378137 && Number(kv.get('b')) === 6378137) {
    return { ok: true, crs: knownCrs(3857)!, how: 'parameters' };
  }
  if (proj !== 'tmerc' || !datum || datum === 'WGS84') return refuse(`"${text}" is not a CRS the project handles`);
  const num = (k: string, d: number): number => (kv.has(k) ? Number(kv.get(k)) : d);
  const p: Projected = {
    method: 'tmerc',
    centralMeridianDeg: num('lon_0', 0),
    falseEastingM: num('x_0', 0),
    falseNorthingM: num('y_0', 0),
    scale: num('k', num('k_0', 1)),
    latOriginDeg: num('lat_0', 0),
    unitM: kv.has('units') && kv.get('units') !== 'm' ? NaN : 1,
  };
  const gk = gkFromParameters(p, datum, '');
  return typeof gk === 'string' ? refuse(gk) : { ok: true, crs: gk, how: 'parameters' };
}

/**
 * Recognises a declared CRS: a code ('EPSG:4547', 4547 as text, 'GCJ02'), a URN/URL, a proj4 string or WKT (WKT1,
 * ESRI .prj, WKT2). Never guesses from coordinates (see areaOfUse.ts); an empty declaration is refused.
 */
export function recogniseCrs(declared: string): CrsRecognition {
  const text = declared.replace(/^\uFEFF/, '').trim();
  if (text === '') return refuse('no CRS declared');
  if (GCJ02_ALIASES.includes(text.toUpperCase())) return { ok: true, crs: knownCrs('GCJ02')!, how: 'code' };
  const code = codeOf(text);
  if (code) return fromCode(code, 'code', text);
  const r = text.startsWith('+') ? fromProj4(text) : fromWkt(text);
  if (!r.ok || (r.crs.datum !== 'Xian1980' && r.crs.datum !== 'Beijing1954')) return r;
  const shift = declaredShiftOf(text);
  return shift ? { ...r, declaredShift: shift } : r;
}

/** The 3 or 7 numbers of a TOWGS84[…] node or +towgs84=…, when not all zero. */
function declaredShiftOf(text: string): number[] | null {
  const m = /TOWGS84\s*[[(]([^\])]*)[\])]/i.exec(text) ?? /\+towgs84=(\S+)/.exec(text);
  if (!m) return null;
  const values = m[1].split(',').map(Number);
  if ((values.length !== 3 && values.length !== 7) || values.some((v) => !Number.isFinite(v)) || values.every((v) => v === 0)) return null;
  return values;
}

/** A GeoPackage gpkg_spatial_ref_sys row. */
export interface GpkgSrs {
  srsId: number;
  organization?: string | null;
  organizationCoordsysId?: number | null;
  definition?: string | null;
}

/** The CRS of a GeoPackage srs row: its organization's code when known, else its definition; srs_id 0/−1 is "undefined". */
export function recogniseGpkgSrs(srs: GpkgSrs): CrsRecognition {
  if (srs.srsId === 0 || srs.srsId === -1)
    return refuse(`the GeoPackage declares an undefined ${srs.srsId === 0 ? 'geographic' : 'Cartesian'} CRS`);
  const org = (srs.organization ?? '').trim().toUpperCase();
  if ((org === 'EPSG' || org === 'ESRI') && srs.organizationCoordsysId != null) {
    const byCode = fromCode(`${org}:${srs.organizationCoordsysId}`, 'code', `${org}:${srs.organizationCoordsysId}`);
    if (byCode.ok) return byCode;
  }
  const def = (srs.definition ?? '').trim();
  if (def !== '' && def.toLowerCase() !== 'undefined') return recogniseCrs(def);
  return refuse(
    `the GeoPackage srs ${srs.srsId} (${org || 'no organisation'} ${srs.organizationCoordsysId ?? ''}) has no definition the project knows`,
  );
}
