// Metric work (areas, distances, joins) happens in the local CGCS2000 Gauss-Krüger zone: this picks
// the zone for a data set and projects its coordinates there.
import { epsgForGkZone } from './defs';
import { gkZoneForLonDeg } from './gk';
import { gkForwardFlat } from './gkForward';
import { transformFlat } from './transform';
import { WGS84, isLonLatCrs } from './codes';
import { KNOWN_CRS_SUMMARY, knownCrs } from './known';

/** The input CRSs the CLI and the import dialog accept. */
export const SUPPORTED_INPUT_CRS = KNOWN_CRS_SUMMARY;

export interface MetricFrame {
  /** The projected CRS, e.g. 'EPSG:4547'. */
  crs: string;
  zone: number;
}

/** Throws a clear error for CRSs the project does not handle; returns the normalised code ('EPSG:4547', 'GCJ02'). */
export function checkInputCrs(crs: string): string {
  const known = knownCrs(crs);
  if (!known) throw new Error(`unsupported CRS "${crs}": expected ${SUPPORTED_INPUT_CRS}`);
  return known.code;
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
 * Projects x,y,x,y… in `crs` into the CGCS2000 GK zone (without zone number in the easting) that suits the data:
 * data already in a 3° GK zone stays in that zone's number; lon/lat, 6° zones and Web Mercator go to the zone of their
 * median longitude. Xi'an 1980, Beijing 1954 and GCJ-02 are shifted to CGCS2000 on the way (approximately, unless the
 * city set its own datum shift).
 */
export function toMetric(coords: Float64Array, crs: string, zone?: number): { xyM: Float64Array; frame: MetricFrame } {
  const code = checkInputCrs(crs);
  const known = knownCrs(code)!;
  if (known.kind === 'gk3' && zone === undefined) {
    const target = `EPSG:${epsgForGkZone(known.zone!, false)}`;
    const xyM = target === code ? coords.slice() : (transformFlat(code, target, coords, new Float64Array(coords.length)) as Float64Array);
    return { xyM, frame: { crs: target, zone: known.zone! } };
  }
  const lonLat = isLonLatCrs(code) ? coords : (transformFlat(code, WGS84, coords, new Float64Array(coords.length)) as Float64Array);
  const z = zone ?? gkZoneForLonDeg(medianOf(lonLat, 0, 2));
  const target = `EPSG:${epsgForGkZone(z, false)}`;
  return {
    xyM: gkForwardFlat(lonLat, z, new Float64Array(coords.length)),
    frame: { crs: target, zone: z },
  };
}
