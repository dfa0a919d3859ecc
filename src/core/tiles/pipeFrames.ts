// A pipe's centreline and the frames swept along it: upright at the start, turned through each bend, so
// tubes and boxes (pipeTube.ts, pipeBox.ts) keep their width axis horizontal.

/** Points closer than this (m) are one point. */
const WELD_M = 1e-3;

/** One part's centreline with repeated points dropped: points, unit segment directions, segment lengths. */
export class Polyline {
  p = new Float64Array(3 * 64);
  dir = new Float64Array(3 * 64);
  len = new Float64Array(64);
  n = 0;
  load(src: Float64Array, offset: number, count: number): number {
    if (this.len.length < count) {
      this.p = new Float64Array(3 * 2 * count);
      this.dir = new Float64Array(3 * 2 * count);
      this.len = new Float64Array(2 * count);
    }
    const { p, dir, len } = this;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const x = src[offset + 3 * i],
        y = src[offset + 3 * i + 1],
        z = src[offset + 3 * i + 2];
      if (n > 0) {
        const dx = x - p[3 * n - 3],
          dy = y - p[3 * n - 2],
          dz = z - p[3 * n - 1];
        const l = Math.hypot(dx, dy, dz);
        if (!(l > WELD_M)) continue;
        dir[3 * n - 3] = dx / l;
        dir[3 * n - 2] = dy / l;
        dir[3 * n - 1] = dz / l;
        len[n - 1] = l;
      }
      p[3 * n] = x;
      p[3 * n + 1] = y;
      p[3 * n + 2] = z;
      n++;
    }
    return (this.n = n);
  }
}

/** Width axis horizontal (z × d), height axis d × e1; a vertical segment keeps `previous`'s e1 (or east). */
export function uprightFrame(dir: Float64Array, seg: number, out: Float64Array, previous: Float64Array | null): void {
  const dx = dir[3 * seg],
    dy = dir[3 * seg + 1],
    dz = dir[3 * seg + 2];
  let x = -dy,
    y = dx,
    z = 0;
  let l = Math.hypot(x, y);
  if (l < 1e-6) {
    [x, y, z] = previous ? [previous[0], previous[1], previous[2]] : [1, 0, 0];
    const along = x * dx + y * dy + z * dz;
    x -= along * dx;
    y -= along * dy;
    z -= along * dz;
    l = Math.hypot(x, y, z);
    if (l < 1e-6) {
      [x, y, z] = [0, 1, 0];
      l = 1;
    } // only when previous ran along this vertical
  }
  out[0] = x / l;
  out[1] = y / l;
  out[2] = z / l;
  out[3] = dy * out[2] - dz * out[1];
  out[4] = dz * out[0] - dx * out[2];
  out[5] = dx * out[1] - dy * out[0];
}

/** The turn from segment a to b: unit axis into `out`, angle returned (0 for straight on; a U-turn turns about e1). */
export function bend(dir: Float64Array, a: number, b: number, f: Float64Array, out: Float64Array): number {
  const ax = dir[3 * a],
    ay = dir[3 * a + 1],
    az = dir[3 * a + 2];
  const bx = dir[3 * b],
    by = dir[3 * b + 1],
    bz = dir[3 * b + 2];
  const cx = ay * bz - az * by,
    cy = az * bx - ax * bz,
    cz = ax * by - ay * bx;
  const sin = Math.hypot(cx, cy, cz),
    cos = ax * bx + ay * by + az * bz;
  if (sin < 1e-9) {
    out[0] = f[0];
    out[1] = f[1];
    out[2] = f[2];
    return cos > 0 ? 0 : Math.PI;
  }
  out[0] = cx / sin;
  out[1] = cy / sin;
  out[2] = cz / sin;
  return Math.atan2(sin, cos);
}

/** Rotates frame f about axis by angle (Rodrigues); with `dir`, re-squares it onto segment `seg` against drift. */
export function rotateFrame(f: Float64Array, axis: Float64Array, angle: number, dir: Float64Array | null, seg: number): void {
  const kx = axis[0],
    ky = axis[1],
    kz = axis[2];
  const c = Math.cos(angle),
    s = Math.sin(angle);
  for (let o = 0; o < 6; o += 3) {
    const vx = f[o],
      vy = f[o + 1],
      vz = f[o + 2];
    const kv = (kx * vx + ky * vy + kz * vz) * (1 - c);
    f[o] = vx * c + (ky * vz - kz * vy) * s + kx * kv;
    f[o + 1] = vy * c + (kz * vx - kx * vz) * s + ky * kv;
    f[o + 2] = vz * c + (kx * vy - ky * vx) * s + kz * kv;
  }
  if (!dir) return;
  const dx = dir[3 * seg],
    dy = dir[3 * seg + 1],
    dz = dir[3 * seg + 2];
  const along = f[0] * dx + f[1] * dy + f[2] * dz;
  let x = f[0] - along * dx,
    y = f[1] - along * dy,
    z = f[2] - along * dz;
  const l = Math.hypot(x, y, z);
  x /= l;
  y /= l;
  z /= l;
  f[0] = x;
  f[1] = y;
  f[2] = z;
  f[3] = dy * z - dz * y;
  f[4] = dz * x - dx * z;
  f[5] = dx * y - dy * x;
}
