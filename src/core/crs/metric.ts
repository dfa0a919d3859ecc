// Metric work (areas, distances, joins) happens in the local CGCS2000 Gauss-Krüger zone: this picks
// the zone for a data set and projects its coordinates there.
import { crsCode, epsgForGkZone, gkZoneForEpsg, isKnownCrs } from './defs';
import { gkZoneForLonDeg } from './gk';
import { gkForwardFlat } from './gkForward';
import { transformFlat } from './transform';
import { WEB_MERCATOR, WGS84, isLonLatCrs } from './codes';

/** The input CRSs the CLI and the import dialog accept. */
export const SUPPORTED_INPUT_CRS = 'EPSG:4326, EPSG:4490, EPSG:3857 and the CGCS2000 3° GK zones EPSG:4513–4554';

export interface MetricFrame {
  /** The projected CRS, e.g. 'EPSG:4547'. */
  crs: string;
  zone: number;
}

/** Throws a clear error for CRSs the project does not handle. */
export function checkInputCrs(crs: string): string {
  const code = crsCode(crs);
  const n = Number(code.slice(5));
  if (!code.startsWith('EPSG:') || !(isLonLatCrs(code) || code === WEB_MERCATOR || gkZoneForEpsg(n)) || !isKnownCrs(code)) {
    throw new Error(`unsupported CRS "${crs}": expected ${SUPPORTED_INPUT_CRS}`);
  }
  return code;
}

/** Median of every `stride`-th value from `offset` (a robust centre for picking the zone). */
function medianOf(values: ArrayLike<number>, offset: number, stride: number): number {
  const n = Math.floor((values.length - offset + stride - 1) / stride);
  if (n <= 0) return NaN;
  const step = Math.max(1, Math.floor(n / 10_001));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) sample.push(values[offset + i * stride]);
  sample.sort((a, b) => a - b);
  return sample[sample.length >> 1];
}

/**
 * Projects x,y,x,y… in `crs` into the GK zone (without zone number in the easting) that suits the data:
 * data already in a GK zone stays in that zone; lon/lat and Web Mercator go to the zone of their median longitude.
 */
export function toMetric(coords: Float64Array, crs: string, zone?: number): { xyM: Float64Array; frame: MetricFrame } {
  const code = checkInputCrs(crs);
  const gk = gkZoneForEpsg(Number(code.slice(5)));
  if (gk && zone === undefined) {
    const target = `EPSG:${epsgForGkZone(gk.zone, false)}`;
    const xyM = target === code ? coords.slice() : (transformFlat(code, target, coords, new Float64Array(coords.length)) as Float64Array);
    return { xyM, frame: { crs: target, zone: gk.zone } };
  }
  const lonLat = isLonLatCrs(code) ? coords : (transformFlat(code, WGS84, coords, new Float64Array(coords.length)) as Float64Array);
  const z = zone ?? gkZoneForLonDeg(medianOf(lonLat, 0, 2));
  const target = `EPSG:${epsgForGkZone(z, false)}`;
  return {
    xyM: gkForwardFlat(lonLat, z, new Float64Array(coords.length)),
    frame: { crs: target, zone: z },
  };
}
