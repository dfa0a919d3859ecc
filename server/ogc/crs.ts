// The CRSs of the OGC API (Part 2): CRS84 (lon/lat, the default), CGCS2000 EPSG:4490 and the city's Gauss-Krüger
// zone. Coordinates follow each CRS's axis order as EPSG defines it: 4490 is lat/lon, the CGCS2000 GK CRSs
// (EPSG 4513–4554) are northing/easting; only CRS84 is x/y = lon/lat. Geometry is stored in 4490 as lon/lat.
import { gkZoneForEpsg } from '../../src/core/crs/defs';
import { HttpError } from '../http/router';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_URI = 'http://www.opengis.net/def/crs/EPSG/0/';
export const CGCS2000_URI = `${EPSG_URI}4490`;

export interface OgcCrs {
  uri: string;
  /** The SRID coordinates are computed in (4490 for CRS84 too: CGCS2000 and WGS84 agree to centimetres here). */
  srid: number;
  /** True when the CRS's first axis is north (lat/lon, northing/easting): coordinates are swapped from PostGIS's x/y. */
  northFirst: boolean;
  /** Decimal places in the output (1e-9 degree, 0.1 mm). */
  decimals: number;
}

/** The city's GK zone as an EPSG code from the manifest's metricCrs ("EPSG:4547"), or null when it is not one. */
export function metricSrid(metricCrs: unknown): number | null {
  const m = typeof metricCrs === 'string' ? /^EPSG:(\d{4})$/.exec(metricCrs) : null;
  const code = m ? Number(m[1]) : NaN;
  return gkZoneForEpsg(code) ? code : null;
}

/** The CRSs every collection offers, the default first. */
export function supportedCrs(metric: number | null): OgcCrs[] {
  const out: OgcCrs[] = [
    { uri: CRS84, srid: 4490, northFirst: false, decimals: 9 },
    { uri: CGCS2000_URI, srid: 4490, northFirst: true, decimals: 9 },
  ];
  if (metric) out.push({ uri: `${EPSG_URI}${metric}`, srid: metric, northFirst: true, decimals: 4 });
  return out;
}

/** The CRS a `crs` or `bbox-crs` parameter names (CRS84 when absent), or a 400 listing those supported. */
export function pickCrs(param: string, value: string | null, supported: readonly OgcCrs[]): OgcCrs {
  if (value === null) return supported[0];
  const found = supported.find((c) => c.uri === value);
  if (!found) throw new HttpError(400, `${param}: unsupported CRS "${value}" (supported: ${supported.map((c) => c.uri).join(', ')})`);
  return found;
}

/**
 * The SQL expression of a geometry column as GeoJSON text in `crs`. Only fixed text: the SRID and precision are
 * numbers from the table above, never from the request.
 */
export function geometrySql(column: string, crs: OgcCrs): string {
  let g = crs.srid === 4490 ? column : `ST_Transform(${column}, ${crs.srid})`;
  if (crs.northFirst) g = `ST_FlipCoordinates(${g})`;
  return `ST_AsGeoJSON(${g}, ${crs.decimals})`;
}
