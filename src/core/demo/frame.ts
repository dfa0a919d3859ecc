// The city's plan frame: integer plan metres -> smoothly warped CGCS2000 GK zone 38 -> lon/lat.
import { fromGk, toGk } from '../crs/gk';
import { CENTER_LON_LAT_DEG, LAYOUT_GK_ZONE } from './config';
import { Rng } from '../util/random';
import { STREAM } from './streams';

/**
 * Plan space is an axis-aligned rectangle [0, widthM] x [0, heightM] whose centre sits on Zhengzhou.
 * One smooth warp (amplitude ~18 m, wavelengths 5–8 km) bends every straight plan line a little, so
 * shared plan vertices stay identical and containment is preserved while the grid looks organic.
 */
export class CityFrame {
  readonly widthM: number;
  readonly heightM: number;
  readonly centerGk: readonly [number, number];
  private readonly amp: number;
  private readonly k: Float64Array;
  private readonly p: Float64Array;
  private readonly gk = [0, 0];

  constructor(widthM: number, heightM: number, seed: number, ampM = 18) {
    this.widthM = widthM;
    this.heightM = heightM;
    const c = toGk(CENTER_LON_LAT_DEG, LAYOUT_GK_ZONE);
    this.centerGk = [c[0], c[1]];
    const rng = new Rng(seed, STREAM.warp);
    this.amp = ampM;
    this.k = new Float64Array(4).map(() => (2 * Math.PI) / rng.range(5000, 8000));
    this.p = new Float64Array(4).map(() => rng.range(0, 2 * Math.PI));
  }

  /** Warp displacement (dx, dy) in metres at plan (x, y). */
  displacement(x: number, y: number, out: number[]): number[] {
    const { amp: a, k, p } = this;
    out[0] = a * Math.sin(k[0] * y + p[0]) + 0.5 * a * Math.sin(k[2] * (x + y) + p[2]);
    out[1] = a * Math.sin(k[1] * x + p[1]) + 0.5 * a * Math.sin(k[3] * (x - y) + p[3]);
    return out;
  }

  /** Local rotation of the warp at plan (x, y), radians: half the curl of the displacement. */
  rotationRad(x: number, y: number): number {
    const { amp: a, k, p } = this;
    const duDy = a * k[0] * Math.cos(k[0] * y + p[0]) + 0.5 * a * k[2] * Math.cos(k[2] * (x + y) + p[2]);
    const dvDx = a * k[1] * Math.cos(k[1] * x + p[1]) + 0.5 * a * k[3] * Math.cos(k[3] * (x - y) + p[3]);
    return 0.5 * (dvDx - duDy);
  }

  private readonly d = [0, 0];

  /** Plan metres -> GK zone 38 metres (EPSG:4547). */
  toGk(x: number, y: number, out: number[] | Float64Array = [0, 0], offset = 0): number[] | Float64Array {
    this.displacement(x, y, this.d);
    out[offset] = this.centerGk[0] + (x - this.widthM / 2) + this.d[0];
    out[offset + 1] = this.centerGk[1] + (y - this.heightM / 2) + this.d[1];
    return out;
  }

  /** GK zone 38 metres -> lon/lat degrees. */
  gkToLonLat(gx: number, gy: number, out: number[] | Float64Array = [0, 0], offset = 0): number[] | Float64Array {
    this.gk[0] = gx;
    this.gk[1] = gy;
    const r = fromGk(this.gk, LAYOUT_GK_ZONE, false, this.gk);
    out[offset] = r[0];
    out[offset + 1] = r[1];
    return out;
  }

  /** Plan metres -> lon/lat degrees. */
  toLonLat(x: number, y: number, out: number[] | Float64Array = [0, 0], offset = 0): number[] | Float64Array {
    this.toGk(x, y, this.gk);
    return this.gkToLonLat(this.gk[0], this.gk[1], out, offset);
  }

  /** Warps every vertex of a flat plan array to GK. */
  flatToGk(plan: ArrayLike<number>): Float64Array {
    const out = new Float64Array(plan.length);
    for (let i = 0; i < plan.length; i += 2) this.toGk(plan[i], plan[i + 1], out, i);
    return out;
  }

  /**
   * Moves a plan shape rigidly to GK: translated by the warp at its centre and turned by the local
   * rotation, so rectangles stay rectangles (error vs. the full warp < 1 m for shapes under 80 m).
   */
  rigidToGk(plan: ArrayLike<number>, cx: number, cy: number): Float64Array {
    const c = this.toGk(cx, cy, [0, 0]);
    const th = this.rotationRad(cx, cy);
    const cs = Math.cos(th);
    const sn = Math.sin(th);
    const out = new Float64Array(plan.length);
    for (let i = 0; i < plan.length; i += 2) {
      const dx = plan[i] - cx;
      const dy = plan[i + 1] - cy;
      out[i] = c[0] + cs * dx - sn * dy;
      out[i + 1] = c[1] + sn * dx + cs * dy;
    }
    return out;
  }

  /** GK flat array -> lon/lat flat array. */
  gkFlatToLonLat(gk: ArrayLike<number>): Float64Array {
    const out = new Float64Array(gk.length);
    for (let i = 0; i < gk.length; i += 2) this.gkToLonLat(gk[i], gk[i + 1], out, i);
    return out;
  }
}
