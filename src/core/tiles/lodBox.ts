// Simplified footprints for coarse tiles: each building's smallest-area oriented rectangle among its edge
// directions (the optimum for rectilinear footprints), in lon/lat so the same extrusion code builds it.
import type { PackedPolygons } from '../geom/packed';
import { DEG, M_PER_DEG } from './enu';

/** At most this many edge directions are tried per footprint. */
const MAX_DIRECTIONS = 64;
// Scratch extents [u0, u1, v0, v1] of the best and the current direction.
const best = new Float64Array(4),
  trial = new Float64Array(4);

export interface BoxFootprints {
  /** One 4-vertex ring per feature, counter-clockwise, ids copied. */
  polygons: PackedPolygons;
  /** Per feature: box area minus net footprint area, m² (how much the box adds). */
  addedAreaM2: Float64Array;
}

/** The oriented boxes of `features` (row k = features[k]). */
export function boxFootprints(p: PackedPolygons, features: ArrayLike<number>): BoxFootprints {
  const n = features.length;
  const coords = new Float64Array(8 * n);
  const bbox = new Float64Array(4 * n);
  const ringStart = new Uint32Array(n + 1),
    polyRingStart = new Uint32Array(n + 1),
    featurePolyStart = new Uint32Array(n + 1);
  const addedAreaM2 = new Float64Array(n);
  for (let k = 0; k <= n; k++) {
    ringStart[k] = 4 * k;
    polyRingStart[k] = k;
    featurePolyStart[k] = k;
  }
  for (let k = 0; k < n; k++) {
    addedAreaM2[k] = orientedBox(p, features[k], coords, 8 * k);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let c = 0; c < 4; c++) {
      const x = coords[8 * k + 2 * c],
        y = coords[8 * k + 2 * c + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    bbox[4 * k] = minX;
    bbox[4 * k + 1] = minY;
    bbox[4 * k + 2] = maxX;
    bbox[4 * k + 3] = maxY;
  }
  const ids = new Array<string>(n);
  for (let k = 0; k < n; k++) ids[k] = p.ids[features[k]];
  return { polygons: { coords, ringStart, polyRingStart, featurePolyStart, bbox, ids }, addedAreaM2 };
}

/**
 * Writes the box corners of feature f (lon/lat, counter-clockwise) to out[o..o+7] and returns the box
 * area minus the net footprint area (m²). Works in a local equirectangular frame at the bbox centre:
 * the map is affine, so a box containing the footprint there contains it in lon/lat too.
 */
function orientedBox(p: PackedPolygons, f: number, out: Float64Array, o: number): number {
  const lon0 = 0.5 * (p.bbox[4 * f] + p.bbox[4 * f + 2]),
    lat0 = 0.5 * (p.bbox[4 * f + 1] + p.bbox[4 * f + 3]);
  const kx = M_PER_DEG * Math.cos(lat0 * DEG),
    ky = M_PER_DEG;
  const q0 = p.featurePolyStart[f],
    q1 = p.featurePolyStart[f + 1];

  // Net area (outer rings minus holes) and the number of outer-ring edges.
  let area = 0,
    outerEdges = 0;
  for (let q = q0; q < q1; q++) {
    for (let r = p.polyRingStart[q]; r < p.polyRingStart[q + 1]; r++) {
      const v0 = p.ringStart[r],
        v1 = p.ringStart[r + 1];
      let s = 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        s += (p.coords[2 * v] - lon0) * (p.coords[2 * w + 1] - lat0) - (p.coords[2 * w] - lon0) * (p.coords[2 * v + 1] - lat0);
      }
      const a = Math.abs(0.5 * s * kx * ky);
      area += r === p.polyRingStart[q] ? a : -a;
      if (r === p.polyRingStart[q]) outerEdges += v1 - v0;
    }
  }

  // Try the axes and the directions of (up to MAX_DIRECTIONS) outer edges; keep the smallest box.
  const step = Math.max(1, Math.ceil(outerEdges / MAX_DIRECTIONS));
  let bestArea = extents(p, f, lon0, lat0, kx, ky, 1, 0, best);
  let bc = 1,
    bs = 0;
  let e = 0;
  for (let q = q0; q < q1; q++) {
    const v0 = p.ringStart[p.polyRingStart[q]],
      v1 = p.ringStart[p.polyRingStart[q] + 1];
    for (let v = v0; v < v1; v++, e++) {
      if (e % step !== 0) continue;
      const w = v + 1 < v1 ? v + 1 : v0;
      const dx = (p.coords[2 * w] - p.coords[2 * v]) * kx,
        dy = (p.coords[2 * w + 1] - p.coords[2 * v + 1]) * ky;
      const len = Math.hypot(dx, dy);
      if (!(len > 0)) continue;
      const a = extents(p, f, lon0, lat0, kx, ky, dx / len, dy / len, trial);
      if (a < bestArea) {
        bestArea = a;
        bc = dx / len;
        bs = dy / len;
        best.set(trial);
      }
    }
  }
  // Corners (u, v) = (u0, v0), (u1, v0), (u1, v1), (u0, v1): counter-clockwise.
  for (let i = 0; i < 4; i++) {
    const u = i === 0 || i === 3 ? best[0] : best[1];
    const t = i < 2 ? best[2] : best[3];
    out[o + 2 * i] = lon0 + (u * bc - t * bs) / kx;
    out[o + 2 * i + 1] = lat0 + (u * bs + t * bc) / ky;
  }
  return Math.max(0, bestArea - area);
}

/** Extents [u0, u1, v0, v1] of f's outer rings along (c, s) and its normal, into ext; returns the box area (m²). */
function extents(
  p: PackedPolygons,
  f: number,
  lon0: number,
  lat0: number,
  kx: number,
  ky: number,
  c: number,
  s: number,
  ext: Float64Array,
): number {
  let u0 = Infinity,
    u1 = -Infinity,
    w0 = Infinity,
    w1 = -Infinity;
  for (let q = p.featurePolyStart[f]; q < p.featurePolyStart[f + 1]; q++) {
    const r = p.polyRingStart[q];
    for (let v = p.ringStart[r]; v < p.ringStart[r + 1]; v++) {
      const x = (p.coords[2 * v] - lon0) * kx,
        y = (p.coords[2 * v + 1] - lat0) * ky;
      const u = x * c + y * s,
        t = y * c - x * s;
      if (u < u0) u0 = u;
      if (u > u1) u1 = u;
      if (t < w0) w0 = t;
      if (t > w1) w1 = t;
    }
  }
  ext[0] = u0;
  ext[1] = u1;
  ext[2] = w0;
  ext[3] = w1;
  return (u1 - u0) * (w1 - w0);
}
