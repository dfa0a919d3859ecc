// The EPSG codes the code names: written once here, so no file retypes 'EPSG:4490'.

/** CGCS2000 geographic lon/lat in degrees: the CRS of every city file and the default input CRS. */
export const CGCS2000 = 'EPSG:4490';
/** WGS84 geographic lon/lat in degrees (GeoTIFF DEMs, GeoJSON by default). */
export const WGS84 = 'EPSG:4326';
/** Web Mercator, metres. */
export const WEB_MERCATOR = 'EPSG:3857';

/** The lon/lat CRSs; at city scale CGCS2000 and WGS84 differ by centimetres, so they are used as one. */
export const LON_LAT_CRS: ReadonlySet<string> = new Set([WGS84, CGCS2000]);

/** True for a lon/lat CRS code ('EPSG:4326' or 'EPSG:4490'). */
export function isLonLatCrs(crs: string): boolean {
  return LON_LAT_CRS.has(crs);
}
