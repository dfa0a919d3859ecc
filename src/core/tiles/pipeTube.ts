// Round pipe sections: a ring of vertices swept along the centreline, mitred at bends, flat end discs.
import type { MeshBuilder } from './meshBuilder';
import { bend, rotateFrame, uprightFrame, type Polyline } from './pipeFrames';

// Scratch: a frame is e1 (width / angle 0), e2 (height / angle 90°), with e1 × e2 = the segment direction.
const FRAME = new Float64Array(6);
const BEND = new Float64Array(4); // axis x, y, z, angle

/** A round tube: smooth rings, mitred at bends (or a spherical knuckle when too sharp), flat end discs. */
export function sweepTube(out: MeshBuilder, line: Polyline, r: number, cosSin: Float64Array, maxMitreScale: number): void {
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
