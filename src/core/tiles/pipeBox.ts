// Box pipe sections (culverts, cable trenches): four flat-shaded faces swept along the centreline, mitred like tubes.
import type { MeshBuilder } from './meshBuilder';
import { bend, rotateFrame, uprightFrame, type Polyline } from './pipeFrames';

// Scratch: a frame is e1 (width / angle 0), e2 (height / angle 90°), with e1 × e2 = the segment direction.
const FRAME = new Float64Array(6);
const FRAME_NEXT = new Float64Array(6);
const BEND = new Float64Array(4); // axis x, y, z, angle
const RING_A = new Float64Array(12);
const RING_B = new Float64Array(12);

/** An upright box: width along the horizontal e1, height along e2, flat-shaded faces, mitred like tubes. */
export function sweepBox(out: MeshBuilder, line: Polyline, halfW: number, halfH: number, maxMitreScale: number): void {
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
