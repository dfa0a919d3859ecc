// Pipelines as closed tubes (circular sections) or upright rectangular tubes (box sections) buried at
// their cover depth below the DEM, in a tile's local ENU frame: the pipe content of `cim tiles`.
import type { PackedLines } from '../geom/packed';
import { grow } from '../util/growable';
import { enuFrame } from './enu';
import type { FeatureMesh, TileOrigin } from './mesh';

/** Per-feature section and depth columns (indexed like the PackedLines features); NaN where absent. */
export interface PipeSections {
  /** Circular section diameter, mm. Wins over a box section when it is a positive number. */
  diameterMm: ArrayLike<number>;
  /** Box section width (horizontal) and height (vertical), mm. */
  widthMm?: ArrayLike<number>;
  heightMm?: ArrayLike<number>;
  /** Cover depth, ground to the pipe's top, at the first and last vertex (m); linear in length between. */
  startDepthM: ArrayLike<number>;
  endDepthM: ArrayLike<number>;
}

export interface PipeMeshOptions {
  origin: TileOrigin;
  sections: PipeSections;
  /** Ground height (m above the ellipsoid) at a lon/lat, e.g. sampleHeightM over the DEM. */
  groundM: (lonDeg: number, latDeg: number) => number;
  /** Sides of a circular tube; default 8. */
  segments?: number;
  /** Largest mitre stretch 1/cos(half bend) before a bend becomes a rounded knuckle; default 2 (120°). */
  maxMitreScale?: number;
}

export type PipeSkipReason = 'no such feature' | 'too few points' | 'no size' | 'bad size' | 'no depth' | 'no ground';

export interface PipeMeshResult {
  /** Feature id k is the k-th entry of `features`; a skipped feature keeps its id but has no vertices. */
  mesh: FeatureMesh;
  /** `index` is the PackedLines feature index. */
  skipped: { index: number; reason: PipeSkipReason }[];
}

/** Points closer than this (m) are one point. */
const WELD_M = 1e-3;

/**
 * Tubes for the `features` of `lines` (lon/lat degrees). Each part is its own tube with flat caps;
 * depth is interpolated along the feature's total plan length across its parts.
 */
export function pipeMesh(lines: PackedLines, features: ArrayLike<number>, options: PipeMeshOptions): PipeMeshResult {
  const { sections, groundM } = options;
  const sides = Math.max(3, Math.round(options.segments ?? 8));
  const maxMitreScale = options.maxMitreScale ?? 2;
  const toEnu = enuFrame(options.origin).toEnu;
  const { coords, partStart, featurePartStart } = lines;
  const featureTotal = featurePartStart.length - 1;
  const cosSin = new Float64Array(2 * sides);
  for (let j = 0; j < sides; j++) {
    cosSin[2 * j] = Math.cos((2 * Math.PI * j) / sides);
    cosSin[2 * j + 1] = Math.sin((2 * Math.PI * j) / sides);
  }
  const out = new MeshBuilder();
  const skipped: PipeMeshResult['skipped'] = [];
  let centres = new Float64Array(0);

  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    out.featureId = k;
    if (!(f >= 0 && f < featureTotal && Number.isInteger(f))) {
      skipped.push({ index: f, reason: 'no such feature' });
      continue;
    }
    const d = sections.diameterMm[f];
    const w = sections.widthMm ? sections.widthMm[f] : NaN;
    const h = sections.heightMm ? sections.heightMm[f] : NaN;
    const round = d > 0 && d < Infinity;
    if (!round && !(w > 0 && w < Infinity && h > 0 && h < Infinity)) {
      skipped.push({ index: f, reason: Number.isFinite(d) || Number.isFinite(w) || Number.isFinite(h) ? 'bad size' : 'no size' });
      continue;
    }
    const startDepthM = sections.startDepthM[f],
      endDepthM = sections.endDepthM[f];
    if (!Number.isFinite(startDepthM) || !Number.isFinite(endDepthM)) {
      skipped.push({ index: f, reason: 'no depth' });
      continue;
    }
    const dropM = round ? d / 2000 : h / 2000; // top of pipe -> centreline
    const v0 = partStart[featurePartStart[f]],
      v1 = partStart[featurePartStart[f + 1]];
    if (centres.length < 3 * (v1 - v0)) centres = new Float64Array(3 * 2 * (v1 - v0));

    // Plan length along the parts (ground-level ENU), then the centreline below the ground.
    let totalM = 0;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1]; q++) {
      for (let v = partStart[q]; v < partStart[q + 1]; v++) {
        toEnu(coords[2 * v], coords[2 * v + 1], 0, centres, 3 * (v - v0));
        if (v > partStart[q]) totalM += dist(centres, 3 * (v - v0 - 1), 3 * (v - v0));
      }
    }
    let alongM = 0,
      groundOk = true;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1] && groundOk; q++) {
      let px = 0,
        py = 0,
        pz = 0;
      for (let v = partStart[q]; v < partStart[q + 1]; v++) {
        const o = 3 * (v - v0);
        if (v > partStart[q]) alongM += Math.hypot(centres[o] - px, centres[o + 1] - py, centres[o + 2] - pz);
        px = centres[o];
        py = centres[o + 1];
        pz = centres[o + 2];
        const lon = coords[2 * v],
          lat = coords[2 * v + 1];
        const groundHeightM = groundM(lon, lat);
        if (!Number.isFinite(groundHeightM)) {
          groundOk = false;
          break;
        }
        const depthM = totalM > 0 ? startDepthM + ((endDepthM - startDepthM) * alongM) / totalM : startDepthM;
        toEnu(lon, lat, groundHeightM - depthM - dropM, centres, o);
      }
    }
    if (!groundOk) {
      skipped.push({ index: f, reason: 'no ground' });
      continue;
    }

    let drawn = false;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1]; q++) {
      const n = polyline.load(centres, 3 * (partStart[q] - v0), partStart[q + 1] - partStart[q]);
      if (n < 2) continue;
      if (round) sweepTube(out, polyline, d / 2000, cosSin, maxMitreScale);
      else sweepBox(out, polyline, w / 2000, h / 2000, maxMitreScale);
      drawn = true;
    }
    if (!drawn) skipped.push({ index: f, reason: 'too few points' });
  }
  return { mesh: out.finish(), skipped };
}

/** One part's centreline with repeated points dropped: points, unit segment directions, segment lengths. */
class Polyline {
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
const polyline = new Polyline();

// Scratch: a frame is e1 (width / angle 0), e2 (height / angle 90°), with e1 × e2 = the segment direction.
const FRAME = new Float64Array(6);
const FRAME_NEXT = new Float64Array(6);
const BEND = new Float64Array(4); // axis x, y, z, angle
const RING_A = new Float64Array(12);
const RING_B = new Float64Array(12);

/** A round tube: smooth rings, mitred at bends (or a spherical knuckle when too sharp), flat end discs. */
function sweepTube(out: MeshBuilder, line: Polyline, r: number, cosSin: Float64Array, maxMitreScale: number): void {
  const { p, dir, len, n } = line;
  const sides = cosSin.length / 2;
  const f = FRAME;
  uprightFrame(dir, 0, f, null);
  tubeCap(out, p, 0, f, r, cosSin, -dir[0], -dir[1], -dir[2]);
  let prev = tubeRing(out, p, 0, f, r, cosSin, null, 0);
  for (let i = 1; i < n - 1; i++) {
    const theta = bend(dir, i - 1, i, f, BEND);
    const halfTan = Math.tan(theta / 2);
    if (theta === 0) {
      const ring = tubeRing(out, p, i, f, r, cosSin, null, 0);
      tubeBand(out, prev, ring, sides);
      prev = ring;
    } else if (1 / Math.cos(theta / 2) <= maxMitreScale && r * halfTan <= 0.5 * Math.min(len[i - 1], len[i])) {
      const ring = tubeRing(out, p, i, f, r, cosSin, dir, i);
      tubeBand(out, prev, ring, sides);
      prev = ring;
      rotateFrame(f, BEND, theta, dir, i);
    } else {
      // Too sharp to mitre: sweep the ring about the bend axis through the vertex (a sphere zone).
      const steps = Math.ceil(theta / ((2 * Math.PI) / sides));
      for (let s = 0; s <= steps; s++) {
        if (s > 0) rotateFrame(f, BEND, theta / steps, s === steps ? dir : null, i);
        const ring = tubeRing(out, p, i, f, r, cosSin, null, 0);
        tubeBand(out, prev, ring, sides);
        prev = ring;
      }
    }
  }
  const last = n - 1;
  tubeBand(out, prev, tubeRing(out, p, last, f, r, cosSin, null, 0), sides);
  tubeCap(out, p, last, f, r, cosSin, dir[3 * last - 3], dir[3 * last - 2], dir[3 * last - 1]);
}

/**
 * The ring of tube vertices at point i; with `dir` given, on the mitre plane between segments i-1 and i
 * (each vertex slid along segment i-1 onto the plane, normal halfway between the two cylinders' normals).
 */
function tubeRing(
  out: MeshBuilder,
  p: Float64Array,
  i: number,
  f: Float64Array,
  r: number,
  cosSin: Float64Array,
  dir: Float64Array | null,
  seg: number,
): number {
  const first = out.vertexCount;
  const cx = p[3 * i],
    cy = p[3 * i + 1],
    cz = p[3 * i + 2];
  let mx = 0,
    my = 0,
    mz = 0,
    ax = 0,
    ay = 0,
    az = 0,
    cosHalf = 1;
  if (dir) {
    ax = dir[3 * seg - 3];
    ay = dir[3 * seg - 2];
    az = dir[3 * seg - 1];
    mx = ax + dir[3 * seg];
    my = ay + dir[3 * seg + 1];
    mz = az + dir[3 * seg + 2];
    const l = Math.hypot(mx, my, mz);
    mx /= l;
    my /= l;
    mz /= l;
    cosHalf = ax * mx + ay * my + az * mz;
  }
  for (let j = 0; j < cosSin.length; j += 2) {
    const c = cosSin[j],
      s = cosSin[j + 1];
    let nx = c * f[0] + s * f[3],
      ny = c * f[1] + s * f[4],
      nz = c * f[2] + s * f[5];
    let x = cx + r * nx,
      y = cy + r * ny,
      z = cz + r * nz;
    if (dir) {
      const along = nx * mx + ny * my + nz * mz;
      const t = (-r * along) / cosHalf;
      x += t * ax;
      y += t * ay;
      z += t * az;
      nx -= along * mx;
      ny -= along * my;
      nz -= along * mz;
      const l = Math.hypot(nx, ny, nz);
      nx /= l;
      ny /= l;
      nz /= l;
    }
    out.vertex(x, y, z, nx, ny, nz);
  }
  return first;
}

/** The side wall between two rings of `sides` vertices, counter-clockwise from outside. */
function tubeBand(out: MeshBuilder, a: number, b: number, sides: number): void {
  for (let j = 0; j < sides; j++) {
    const k = j + 1 === sides ? 0 : j + 1;
    out.triangle(a + j, a + k, b + j);
    out.triangle(a + k, b + k, b + j);
  }
}

/** A flat disc (fan over the ring's own vertices) facing (nx, ny, nz). */
function tubeCap(
  out: MeshBuilder,
  p: Float64Array,
  i: number,
  f: Float64Array,
  r: number,
  cosSin: Float64Array,
  nx: number,
  ny: number,
  nz: number,
): void {
  const first = out.vertexCount;
  for (let j = 0; j < cosSin.length; j += 2) {
    const c = cosSin[j] * r,
      s = cosSin[j + 1] * r;
    out.vertex(p[3 * i] + c * f[0] + s * f[3], p[3 * i + 1] + c * f[1] + s * f[4], p[3 * i + 2] + c * f[2] + s * f[5], nx, ny, nz);
  }
  // Ring order is counter-clockwise seen from +direction: the end cap keeps it, the start cap reverses.
  const facingForward = nx * (f[1] * f[5] - f[2] * f[4]) + ny * (f[2] * f[3] - f[0] * f[5]) + nz * (f[0] * f[4] - f[1] * f[3]) > 0;
  for (let j = 1; j + 1 < cosSin.length / 2; j++) {
    if (facingForward) out.triangle(first, first + j, first + j + 1);
    else out.triangle(first, first + j + 1, first + j);
  }
}

/** An upright box: width along the horizontal e1, height along e2, flat-shaded faces, mitred like tubes. */
function sweepBox(out: MeshBuilder, line: Polyline, halfW: number, halfH: number, maxMitreScale: number): void {
  const { p, dir, len, n } = line;
  const f = FRAME,
    g = FRAME_NEXT;
  const reach = Math.hypot(halfW, halfH);
  uprightFrame(dir, 0, f, null);
  let a = RING_A,
    b = RING_B;
  boxRing(p, 0, f, halfW, halfH, a);
  boxCap(out, a, -dir[0], -dir[1], -dir[2], false);
  for (let i = 1; i < n - 1; i++) {
    const theta = bend(dir, i - 1, i, f, BEND);
    uprightFrame(dir, i, g, f);
    if (theta === 0 || (1 / Math.cos(theta / 2) <= maxMitreScale && reach * Math.tan(theta / 2) <= 0.5 * Math.min(len[i - 1], len[i]))) {
      boxMitreRing(p, i, dir, f, g, halfW, halfH, b);
      boxBand(out, a, b);
      const t = a;
      a = b;
      b = t;
    } else {
      // Swing the section about the bend axis, ending on the next segment's own upright frame.
      const steps = Math.max(1, Math.ceil(theta / (Math.PI / 6)));
      for (let s = 0; s <= steps; s++) {
        if (s > 0 && s < steps) rotateFrame(f, BEND, theta / steps, null, i);
        boxRing(p, i, s === steps ? g : f, halfW, halfH, b);
        boxBand(out, a, b);
        const t = a;
        a = b;
        b = t;
      }
    }
    f.set(g);
  }
  boxRing(p, n - 1, f, halfW, halfH, b);
  boxBand(out, a, b);
  const l = 3 * (n - 2);
  boxCap(out, b, dir[l], dir[l + 1], dir[l + 2], true);
}

// Box corners in (e1, e2) half-size units, counter-clockwise seen from +direction.
const CORNERS = [1, -1, 1, 1, -1, 1, -1, -1];

/** The four corners at point i, in the plane perpendicular to frame f. */
function boxRing(p: Float64Array, i: number, f: Float64Array, halfW: number, halfH: number, ring: Float64Array): void {
  for (let j = 0; j < 4; j++) {
    const u = CORNERS[2 * j] * halfW,
      v = CORNERS[2 * j + 1] * halfH;
    for (let c = 0; c < 3; c++) ring[3 * j + c] = p[3 * i + c] + u * f[c] + v * f[3 + c];
  }
}

/** Corners on the mitre plane at point i: each slid onto it along both segments, and averaged (exact for plan bends). */
function boxMitreRing(
  p: Float64Array,
  i: number,
  dir: Float64Array,
  f: Float64Array,
  g: Float64Array,
  halfW: number,
  halfH: number,
  ring: Float64Array,
): void {
  const a = 3 * (i - 1),
    b = 3 * i;
  let mx = dir[a] + dir[b],
    my = dir[a + 1] + dir[b + 1],
    mz = dir[a + 2] + dir[b + 2];
  const l = Math.hypot(mx, my, mz);
  mx /= l;
  my /= l;
  mz /= l;
  const cosHalf = dir[a] * mx + dir[a + 1] * my + dir[a + 2] * mz;
  for (let j = 0; j < 4; j++) {
    const u = CORNERS[2 * j] * halfW,
      v = CORNERS[2 * j + 1] * halfH;
    const fx = u * f[0] + v * f[3],
      fy = u * f[1] + v * f[4],
      fz = u * f[2] + v * f[5];
    const gx = u * g[0] + v * g[3],
      gy = u * g[1] + v * g[4],
      gz = u * g[2] + v * g[5];
    const tf = -(fx * mx + fy * my + fz * mz) / cosHalf,
      tg = -(gx * mx + gy * my + gz * mz) / cosHalf;
    ring[3 * j] = p[3 * i] + (fx + tf * dir[a] + gx + tg * dir[b]) / 2;
    ring[3 * j + 1] = p[3 * i + 1] + (fy + tf * dir[a + 1] + gy + tg * dir[b + 1]) / 2;
    ring[3 * j + 2] = p[3 * i + 2] + (fz + tf * dir[a + 2] + gz + tg * dir[b + 2]) / 2;
  }
}

/** Four flat faces between corner rings a and b (own vertices, so normals stay per face). */
function boxBand(out: MeshBuilder, a: Float64Array, b: Float64Array): void {
  for (let j = 0; j < 4; j++) {
    const k = 3 * ((j + 1) % 4),
      o = 3 * j;
    // Quad a_j, a_k, b_k, b_j; its normal is the cross product of the diagonals.
    const d1x = b[k] - a[o],
      d1y = b[k + 1] - a[o + 1],
      d1z = b[k + 2] - a[o + 2];
    const d2x = b[o] - a[k],
      d2y = b[o + 1] - a[k + 1],
      d2z = b[o + 2] - a[k + 2];
    let nx = d1y * d2z - d1z * d2y,
      ny = d1z * d2x - d1x * d2z,
      nz = d1x * d2y - d1y * d2x;
    const l = Math.hypot(nx, ny, nz);
    if (l > 0) {
      nx /= l;
      ny /= l;
      nz /= l;
    } else {
      nx = 0;
      ny = 0;
      nz = 1;
    }
    const first = out.vertexCount;
    out.vertex(a[o], a[o + 1], a[o + 2], nx, ny, nz);
    out.vertex(a[k], a[k + 1], a[k + 2], nx, ny, nz);
    out.vertex(b[k], b[k + 1], b[k + 2], nx, ny, nz);
    out.vertex(b[o], b[o + 1], b[o + 2], nx, ny, nz);
    out.triangle(first, first + 1, first + 3);
    out.triangle(first + 1, first + 2, first + 3);
  }
}

function boxCap(out: MeshBuilder, ring: Float64Array, nx: number, ny: number, nz: number, facingForward: boolean): void {
  const first = out.vertexCount;
  for (let j = 0; j < 4; j++) out.vertex(ring[3 * j], ring[3 * j + 1], ring[3 * j + 2], nx, ny, nz);
  if (facingForward) {
    out.triangle(first, first + 1, first + 2);
    out.triangle(first, first + 2, first + 3);
  } else {
    out.triangle(first, first + 2, first + 1);
    out.triangle(first, first + 3, first + 2);
  }
}

/** Width axis horizontal (z × d), height axis d × e1; a vertical segment keeps `previous`'s e1 (or east). */
function uprightFrame(dir: Float64Array, seg: number, out: Float64Array, previous: Float64Array | null): void {
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
function bend(dir: Float64Array, a: number, b: number, f: Float64Array, out: Float64Array): number {
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
function rotateFrame(f: Float64Array, axis: Float64Array, angle: number, dir: Float64Array | null, seg: number): void {
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

function dist(a: Float64Array, i: number, j: number): number {
  return Math.hypot(a[i] - a[j], a[i + 1] - a[j + 1], a[i + 2] - a[j + 2]);
}

/** Growable vertex and index storage, written straight into typed arrays. */
class MeshBuilder {
  positions = new Float32Array(3 * 4096);
  normals = new Float32Array(3 * 4096);
  featureIds = new Uint32Array(4096);
  indices = new Uint32Array(3 * 4096);
  vertexCount = 0;
  indexCount = 0;
  featureId = 0;

  vertex(x: number, y: number, z: number, nx: number, ny: number, nz: number): void {
    const v = this.vertexCount;
    if (v === this.featureIds.length) {
      this.positions = grow(this.positions);
      this.normals = grow(this.normals);
      this.featureIds = grow(this.featureIds);
    }
    this.positions[3 * v] = x;
    this.positions[3 * v + 1] = y;
    this.positions[3 * v + 2] = z;
    this.normals[3 * v] = nx;
    this.normals[3 * v + 1] = ny;
    this.normals[3 * v + 2] = nz;
    this.featureIds[v] = this.featureId;
    this.vertexCount = v + 1;
  }

  triangle(a: number, b: number, c: number): void {
    if (this.indexCount + 3 > this.indices.length) this.indices = grow(this.indices);
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = b;
    this.indices[this.indexCount++] = c;
  }

  finish(): FeatureMesh {
    const v = this.vertexCount;
    return {
      positions: this.positions.slice(0, 3 * v),
      normals: this.normals.slice(0, 3 * v),
      featureIds: this.featureIds.slice(0, v),
      indices: this.indices.slice(0, this.indexCount),
    };
  }
}
