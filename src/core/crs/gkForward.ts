// CGCS2000 lon/lat -> 3-degree GK zone (no zone in the easting), flat arrays, bit for bit what proj4's
// etmerc gives through transformFlat: the same constants (read off proj4's own projection) and the same
// operations in the same order, without proj4's per-point objects and checks. Projecting a city's
// footprints is most of `cim join`'s work without its inputs file, so this loop is kept lean.
import proj4 from 'proj4';
import { gkProj4String, registerCrsDefs } from './defs';

const D2R = Math.PI / 180; // the same double as proj4's D2R literal
const SPI = 3.14159265359; // proj4's adjust_lon bound
const TWO_PI = Math.PI * 2;

/** The series coefficients and offsets proj4's etmerc init derived for a zone. */
interface Etmerc {
  cbg: number[];
  gtu: number[];
  long0: number;
  a: number;
  Qn: number;
  Zb: number;
  x0: number;
  y0: number;
}

const cache = new Map<number, Etmerc>();

function etmerc(zone: number): Etmerc {
  let e = cache.get(zone);
  if (!e) {
    registerCrsDefs();
    const p = new proj4.Proj(gkProj4String(zone, false)) as unknown as Etmerc & { cbg?: number[]; gtu?: number[] };
    if (p.cbg?.length !== 6 || p.gtu?.length !== 6) throw new Error('proj4 did not set up etmerc for a GK zone');
    e = p;
    cache.set(zone, e);
  }
  return e;
}

/** proj4's hypot: max * sqrt(1 + (min / max)²). */
function hypot(x: number, y: number): number {
  x = Math.abs(x);
  y = Math.abs(y);
  const a = Math.max(x, y);
  const b = Math.min(x, y) / (a ? a : 1);
  return a * Math.sqrt(1 + Math.pow(b, 2));
}

/**
 * Flat lon,lat,lon,lat… degrees (CGCS2000) -> x,y,x,y… metres in GK zone `zone` (false easting 500 000 m);
 * result may be the input. A non-finite coordinate throws as proj4 does.
 */
export function gkForwardFlat(lonLatDeg: ArrayLike<number>, zone: number, result: Float64Array): Float64Array {
  const { cbg, gtu, long0, a, Qn, Zb, x0, y0 } = etmerc(zone);
  for (let k = 0, n = lonLatDeg.length; k < n; k += 2) {
    const lonDeg = lonLatDeg[k];
    const latDeg = lonLatDeg[k + 1];
    if (!Number.isFinite(lonDeg) || !Number.isFinite(latDeg)) throw new TypeError('coordinates must be finite numbers');
    const lat = latDeg * D2R;
    const dLon = lonDeg * D2R - long0;
    let Ce = Math.abs(dLon) <= SPI ? dLon : dLon - (dLon < 0 ? -1 : 1) * TWO_PI;
    // gatg(cbg, lat): geodetic to Gaussian latitude (Clenshaw summation).
    const cos2B = 2 * Math.cos(2 * lat);
    let h1 = cbg[5];
    let h2 = 0;
    let h = 0;
    for (let i = 4; i >= 0; i--) {
      h = -h2 + cos2B * h1 + cbg[i];
      h2 = h1;
      h1 = h;
    }
    let Cn = lat + h * Math.sin(2 * lat);
    const sinCn = Math.sin(Cn);
    const cosCn = Math.cos(Cn);
    const sinCe = Math.sin(Ce);
    const cosCe = Math.cos(Ce);
    Cn = Math.atan2(sinCn, cosCe * cosCn);
    Ce = Math.atan2(sinCe * cosCn, hypot(sinCn, cosCn * cosCe));
    // asinhy(tan(Ce)), with proj4's log1py.
    const t = Math.tan(Ce);
    const at = Math.abs(t);
    const y = at * (1 + at / (hypot(1, at) + 1));
    const y1 = 1 + y;
    const z = y1 - 1;
    const asinh = z === 0 ? y : (y * Math.log(y1)) / z;
    Ce = t < 0 ? -asinh : asinh;
    // clens_cmplx(gtu, 2Cn, 2Ce); sinh and cosh each call Math.exp on the same argument: one call serves both.
    const sinR = Math.sin(2 * Cn);
    const cosR = Math.cos(2 * Cn);
    const e = Math.exp(2 * Ce);
    const sinhI = (e - 1 / e) / 2;
    const coshI = (e + 1 / e) / 2;
    let r = 2 * cosR * coshI;
    let im = -2 * sinR * sinhI;
    let hr = gtu[5];
    let hi = 0;
    let hr1 = 0;
    let hi1 = 0;
    for (let j = 4; j >= 0; j--) {
      const hr2 = hr1;
      const hi2 = hi1;
      hr1 = hr;
      hi1 = hi;
      hr = -hr2 + r * hr1 - im * hi1 + gtu[j];
      hi = -hi2 + im * hr1 + r * hi1;
    }
    r = sinR * coshI;
    im = cosR * sinhI;
    Cn = Cn + (r * hr - im * hi);
    Ce = Ce + (r * hi + im * hr);
    if (Math.abs(Ce) <= 2.623395162778) {
      result[k] = a * (Qn * Ce) + x0;
      result[k + 1] = a * (Qn * Cn + Zb) + y0;
    } else {
      result[k] = Infinity;
      result[k + 1] = Infinity;
    }
  }
  return result;
}
