// Generic CRS transforms through proj4 (WGS84, CGCS2000, GK zones, Web Mercator), flat-array in and out.
import proj4, { type Converter } from 'proj4';
import { crsCode, registerCrsDefs } from './defs';
import { WEB_MERCATOR, WGS84 } from './codes';

const converters = new Map<string, Converter>();

function converter(from: string | number, to: string | number): Converter {
  const a = crsCode(from);
  const b = crsCode(to);
  const key = `${a}>${b}`;
  let c = converters.get(key);
  if (!c) {
    registerCrsDefs();
    if (!proj4.defs(a)) throw new Error(`unknown CRS ${a}`);
    if (!proj4.defs(b)) throw new Error(`unknown CRS ${b}`);
    c = proj4(a, b) as unknown as Converter;
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
