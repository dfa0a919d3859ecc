// Generic CRS transforms through proj4 (every CRS of known.ts; GCJ-02 through its formula), flat-array in and out.
import proj4 from 'proj4';
import { crsCode, datumShiftOf, defsVersion, registerCrsDefs } from './defs';
import { WEB_MERCATOR, WGS84 } from './codes';
import { GCJ02, knownCrs } from './known';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';

interface Xy {
  x: number;
  y: number;
}
interface Step {
  forward(p: Xy): Xy;
}

const converters = new Map<string, Step>();
let convertersVersion = -1;

function proj4Step(a: string, b: string): Step {
  if (!proj4.defs(a)) throw new Error(`unknown CRS ${a}`);
  if (!proj4.defs(b)) throw new Error(`unknown CRS ${b}`);
  return proj4(a, b) as unknown as Step;
}

const gcjScratch = [0, 0];
const toGcj: Step = { forward: (p) => (wgs84ToGcj02(p.x, p.y, gcjScratch), { x: gcjScratch[0], y: gcjScratch[1] }) };
const fromGcj: Step = { forward: (p) => (gcj02ToWgs84(p.x, p.y, gcjScratch), { x: gcjScratch[0], y: gcjScratch[1] }) };
const chain = (s: Step, t: Step): Step => ({ forward: (p) => t.forward(s.forward(p)) });

/** True when a CRS's datum carries a city shift: proj4 applies it only against a WGS84-typed CRS, so route through 4326. */
const hasCityShift = (code: string): boolean => {
  const c = knownCrs(code);
  return c !== null && datumShiftOf(c.datum) !== null;
};

function build(a: string, b: string): Step {
  if (a === GCJ02) return b === GCJ02 ? chain(fromGcj, toGcj) : chain(fromGcj, build(WGS84, b));
  if (b === GCJ02) return chain(build(a, WGS84), toGcj);
  if ((hasCityShift(a) || hasCityShift(b)) && a !== WGS84 && b !== WGS84) return chain(proj4Step(a, WGS84), proj4Step(WGS84, b));
  return proj4Step(a, b);
}

function converter(from: string | number, to: string | number): Step {
  if (convertersVersion !== defsVersion()) {
    converters.clear();
    convertersVersion = defsVersion();
  }
  // Keyed by the codes as given: per-point callers pay one lookup, not the normalisation.
  const key = `${from}>${to}`;
  let c = converters.get(key);
  if (!c) {
    registerCrsDefs();
    c = build(knownCrs(from)?.code ?? crsCode(from), knownCrs(to)?.code ?? crsCode(to));
    converters.set(key, c);
  }
  return c;
}

const scratch = { x: 0, y: 0 };

/** One point from one CRS to another ('EPSG:4490', 4547, …); lon/lat in degrees, projected in metres. */
export function transformPoint(
  from: string | number,
  to: string | number,
  xy: ArrayLike<number>,
  result: number[] | Float64Array = [0, 0],
): number[] | Float64Array {
  const c = converter(from, to);
  scratch.x = xy[0];
  scratch.y = xy[1];
  const r = c.forward(scratch);
  result[0] = r.x;
  result[1] = r.y;
  return result;
}

/** Flat x,y,x,y… from one CRS to another; result may be the input array. */
export function transformFlat(
  from: string | number,
  to: string | number,
  src: ArrayLike<number>,
  result: number[] | Float64Array,
): number[] | Float64Array {
  const c = converter(from, to);
  for (let i = 0, n = src.length; i < n; i += 2) {
    scratch.x = src[i];
    scratch.y = src[i + 1];
    const r = c.forward(scratch);
    result[i] = r.x;
    result[i + 1] = r.y;
  }
  return result;
}

/** lon/lat degrees -> Web Mercator (EPSG:3857) metres. */
export function toWebMercator(lonLatDeg: ArrayLike<number>, result?: number[] | Float64Array): number[] | Float64Array {
  return transformPoint(WGS84, WEB_MERCATOR, lonLatDeg, result);
}

/** Web Mercator (EPSG:3857) metres -> lon/lat degrees. */
export function fromWebMercator(xyM: ArrayLike<number>, result?: number[] | Float64Array): number[] | Float64Array {
  return transformPoint(WEB_MERCATOR, WGS84, xyM, result);
}
