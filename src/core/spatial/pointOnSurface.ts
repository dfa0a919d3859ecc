// One representative point per footprint, guaranteed inside it: the centroid when it is strictly
// inside, else the middle of the widest interior span on a scanline that avoids every vertex.
import type { PackedPolygons } from '../geom/packed';
import { packedPolygonAreaM2 } from './packedArea';
import { crossesRightRay, onSegment } from './predicates';
import { sortPrefix } from './sortPrefix';

let scratch = new Float64Array(256);

function grow(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** True when (x, y) is in polygon p and on none of its edges, decided exactly. */
function strictlyInside(b: PackedPolygons, p: number, x: number, y: number): boolean {
  const c = b.coords;
  let inside = false;
  for (let r = b.polyRingStart[p]; r < b.polyRingStart[p + 1]; r++) {
    const s = b.ringStart[r],
      e = b.ringStart[r + 1];
    for (let i = s, j = e - 1; i < e; j = i++) {
      const ax = c[j * 2],
        ay = c[j * 2 + 1],
        bx = c[i * 2],
        by = c[i * 2 + 1];
      if (onSegment(ax, ay, bx, by, x, y)) return false;
      if (crossesRightRay(ax, ay, bx, by, x, y)) inside = !inside;
    }
  }
  return inside;
}

// Area centroid of polygon p (holes subtracted), into out[o], out[o + 1]; false when the area is zero.
function centroid(b: PackedPolygons, p: number, out: Float64Array, o: number): boolean {
  const c = b.coords;
  const first = b.ringStart[b.polyRingStart[p]];
  const ox = c[first * 2],
    oy = c[first * 2 + 1];
  let sa = 0,
    sx = 0,
    sy = 0;
  for (let r = b.polyRingStart[p]; r < b.polyRingStart[p + 1]; r++) {
    const s = b.ringStart[r],
      e = b.ringStart[r + 1];
    let ra = 0,
      rx = 0,
      ry = 0;
    for (let i = s, j = e - 1; i < e; j = i++) {
      const x0 = c[j * 2] - ox,
        y0 = c[j * 2 + 1] - oy,
        x1 = c[i * 2] - ox,
        y1 = c[i * 2 + 1] - oy;
      const cross = x0 * y1 - x1 * y0;
      ra += cross;
      rx += (x0 + x1) * cross;
      ry += (y0 + y1) * cross;
    }
    // Outer ring counts positive, holes negative, whatever the stored orientation.
    const sign = (ra >= 0 ? 1 : -1) * (r === b.polyRingStart[p] ? 1 : -1);
    sa += sign * ra;
    sx += sign * rx;
    sy += sign * ry;
  }
  if (!(sa > 0)) return false;
  out[o] = ox + sx / (3 * sa);
  out[o + 1] = oy + sy / (3 * sa);
  return true;
}

// Middle of the widest interior span of polygon p on a horizontal line through no vertex.
function widestSpan(b: PackedPolygons, p: number, out: Float64Array, o: number): boolean {
  const c = b.coords;
  const vs = b.ringStart[b.polyRingStart[p]],
    ve = b.ringStart[b.polyRingStart[p + 1]];
  let minY = Infinity,
    maxY = -Infinity;
  for (let i = vs; i < ve; i++) {
    const y = c[i * 2 + 1];
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const midY = (minY + maxY) / 2;
  let lo = -Infinity,
    hi = Infinity;
  for (let i = vs; i < ve; i++) {
    const y = c[i * 2 + 1];
    if (y <= midY && y > lo) lo = y;
    if (y > midY && y < hi) hi = y;
  }
  if (!(hi < Infinity && lo > -Infinity)) return false;
  const scanY = (lo + hi) / 2;
  const xs = grow(ve - vs);
  let n = 0;
  for (let r = b.polyRingStart[p]; r < b.polyRingStart[p + 1]; r++) {
    const s = b.ringStart[r],
      e = b.ringStart[r + 1];
    for (let i = s, j = e - 1; i < e; j = i++) {
      const ay = c[j * 2 + 1],
        by = c[i * 2 + 1];
      if (ay > scanY === by > scanY) continue;
      const ax = c[j * 2],
        bx = c[i * 2];
      xs[n++] = ax + ((scanY - ay) * (bx - ax)) / (by - ay);
    }
  }
  sortPrefix(xs, n);
  const sorted = xs;
  let best = -1,
    bestW = 0;
  for (let k = 0; k + 1 < n; k += 2) {
    const w = sorted[k + 1] - sorted[k];
    if (w > bestW) {
      bestW = w;
      best = k;
    }
  }
  if (best < 0) return false;
  out[o] = (sorted[best] + sorted[best + 1]) / 2;
  out[o + 1] = scanY;
  return true;
}

/**
 * One point per feature (x,y interleaved) strictly inside its footprint; MultiPolygons use their largest part.
 * Zero-area footprints get their bbox centre; features without geometry get NaN.
 */
export function pointsOnSurface(buildings: PackedPolygons, result?: Float64Array): Float64Array {
  const n = buildings.ids.length;
  const out = result ?? new Float64Array(n * 2);
  if (out.length < n * 2) throw new Error(`pointsOnSurface: result holds ${out.length / 2} points, need ${n}`);
  for (let f = 0; f < n; f++) {
    const o = f * 2;
    let best = -1,
      bestArea = 0;
    for (let p = buildings.featurePolyStart[f]; p < buildings.featurePolyStart[f + 1]; p++) {
      const a = packedPolygonAreaM2(buildings, p);
      if (a > bestArea) {
        bestArea = a;
        best = p;
      }
    }
    if (best >= 0 && centroid(buildings, best, out, o) && strictlyInside(buildings, best, out[o], out[o + 1])) continue;
    if (best >= 0 && widestSpan(buildings, best, out, o)) continue;
    const bb = buildings.bbox;
    out[o] = (bb[f * 4] + bb[f * 4 + 2]) / 2;
    out[o + 1] = (bb[f * 4 + 1] + bb[f * 4 + 3]) / 2;
  }
  return out;
}
