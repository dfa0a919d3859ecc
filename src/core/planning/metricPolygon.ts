// Small operations on MetricPolygon (flat coords + cumulative ring ends): bbox, area, overlap, packing.
import { lineLengthM, ringAreaM2 } from '../geom/area';
import { pointInPolygon } from '../geom/pointInPolygon';
import type { PackedPolygons } from '../geom/packed';
import { EdgeList, intersectionAreaM2 } from '../spatial/overlapArea';
import type { MetricPolygon } from './types';

export type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

/** Bounding box of flat x,y coordinates (a polygon's or a line's). */
export function coordsBbox(coords: ArrayLike<number>): Bbox {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i],
      y = coords[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Gap between two boxes (0 when they touch or overlap). */
export function bboxGap(a: Bbox, b: Bbox): number {
  const dx = Math.max(0, a[0] - b[2], b[0] - a[2]);
  const dy = Math.max(0, a[1] - b[3], b[1] - a[3]);
  return Math.hypot(dx, dy);
}

/** The exclusive ring index where each part ends (one part unless partEnds says otherwise). */
const partEndsOf = (p: MetricPolygon): readonly number[] => p.partEnds ?? [p.ringEnds.length];

/** Start and end point index of each part's outer ring, flat (start0, end0, start1, end1, …). */
export function outerRings(p: MetricPolygon): number[] {
  const out: number[] = [];
  let r = 0;
  for (const end of partEndsOf(p)) {
    if (end > r) out.push(r === 0 ? 0 : p.ringEnds[r - 1], p.ringEnds[r]);
    r = end;
  }
  return out;
}

/** Area of every part (its outer ring minus its holes), m². */
export function areaM2(p: MetricPolygon): number {
  let area = 0;
  let r = 0;
  for (const end of partEndsOf(p)) {
    let start = r === 0 ? 0 : p.ringEnds[r - 1];
    for (let k = r; k < end; k++) {
      const a = ringAreaM2(p.coords, start, p.ringEnds[k]);
      area += k === r ? a : -a;
      start = p.ringEnds[k];
    }
    r = end;
  }
  return area;
}

/** Length of every ring, metres. */
export function perimeterM(p: MetricPolygon): number {
  let len = 0;
  let start = 0;
  for (const end of p.ringEnds) {
    len += lineLengthM(p.coords, start, end);
    // Open rings: add the closing edge (zero for closed ones).
    const c = p.coords;
    len += Math.hypot(c[start * 2] - c[end * 2 - 2], c[start * 2 + 1] - c[end * 2 - 1]);
    start = end;
  }
  return len;
}

export function containsPoint(p: MetricPolygon, x: number, y: number): boolean {
  return pointInPolygon(x, y, p.coords, p.ringEnds);
}

// Every edge of every ring (the closing one included) relative to (ox, oy), for the slab overlap.
function pushEdges(e: EdgeList, p: MetricPolygon, ox: number, oy: number): void {
  const c = p.coords;
  let start = 0;
  for (const end of p.ringEnds) {
    for (let i = start, j = end - 1; i < end; j = i++) {
      if (c[j * 2] === c[i * 2] && c[j * 2 + 1] === c[i * 2 + 1]) continue;
      e.push(c[j * 2] - ox, c[j * 2 + 1] - oy, c[i * 2] - ox, c[i * 2 + 1] - oy);
    }
    start = end;
  }
}

const edgesA = new EdgeList();
const edgesB = new EdgeList();

/** Area of a ∩ b, m² (exact for simple polygons with holes). */
export function overlapAreaM2(a: MetricPolygon, b: MetricPolygon): number {
  if (a.coords.length < 6 || b.coords.length < 6) return 0;
  const ox = a.coords[0],
    oy = a.coords[1];
  edgesA.clear();
  edgesB.clear();
  pushEdges(edgesA, a, ox, oy);
  pushEdges(edgesB, b, ox, oy);
  return intersectionAreaM2(edgesA, edgesB);
}

/** PackedPolygons (open rings, as the spatial module wants) of MetricPolygons, each part a polygon of its feature. */
export function packMetricPolygons(polys: readonly MetricPolygon[], ids?: readonly string[]): PackedPolygons {
  let nRings = 0;
  let nParts = 0;
  let nVerts = 0;
  for (const p of polys) {
    nRings += p.ringEnds.length;
    nParts += partEndsOf(p).length;
    nVerts += p.ringEnds[p.ringEnds.length - 1] ?? 0;
  }
  const coords = new Float64Array(nVerts * 2);
  const ringStart = new Uint32Array(nRings + 1);
  const polyRingStart = new Uint32Array(nParts + 1);
  const featurePolyStart = new Uint32Array(polys.length + 1);
  const bbox = new Float64Array(polys.length * 4);
  let v = 0;
  let r = 0;
  let part = 0;
  polys.forEach((p, f) => {
    featurePolyStart[f] = part;
    const c = p.coords;
    let start = 0;
    let k = 0;
    for (const partEnd of partEndsOf(p)) {
      polyRingStart[part++] = r;
      for (; k < partEnd; k++) {
        const end = p.ringEnds[k];
        ringStart[r++] = v;
        // Drop the repeated closing vertex.
        const last = end > start + 1 && c[start * 2] === c[end * 2 - 2] && c[start * 2 + 1] === c[end * 2 - 1] ? end - 1 : end;
        coords.set(c.subarray(start * 2, last * 2), v * 2);
        v += last - start;
        start = end;
      }
    }
    // Holes lie inside their outer rings: the bbox of every vertex is the bbox of the outer rings.
    bbox.set(coordsBbox(c.subarray(0, start * 2)), f * 4);
  });
  ringStart[nRings] = v;
  polyRingStart[nParts] = r;
  featurePolyStart[polys.length] = nParts;
  return { coords: coords.subarray(0, v * 2), ringStart, polyRingStart, featurePolyStart, bbox, ids: ids ? [...ids] : polys.map(() => '') };
}

/** A closed single-ring MetricPolygon from x,y pairs (closing vertex added when missing). */
export function ringPolygon(xy: ArrayLike<number>): MetricPolygon {
  const n = xy.length;
  const closed = xy[0] === xy[n - 2] && xy[1] === xy[n - 1];
  const coords = new Float64Array(closed ? n : n + 2);
  for (let i = 0; i < n; i++) coords[i] = xy[i];
  if (!closed) {
    coords[n] = xy[0];
    coords[n + 1] = xy[1];
  }
  return { coords, ringEnds: [coords.length / 2] };
}

/**
 * Feature f of a packed layer as one closed MetricPolygon with every part of a MultiPolygon (a parcel in two
 * pieces counts both). `coords` replaces the layer's own (e.g. the same vertices projected to GK).
 */
export function polygonOfFeature(layer: PackedPolygons, f: number, coords: Float64Array = layer.coords): MetricPolygon {
  const p0 = layer.featurePolyStart[f],
    p1 = layer.featurePolyStart[f + 1];
  const r0 = layer.polyRingStart[p0],
    r1 = layer.polyRingStart[p1];
  const out = new Float64Array((layer.ringStart[r1] - layer.ringStart[r0] + (r1 - r0)) * 2);
  const ringEnds: number[] = [];
  let v = 0;
  for (let r = r0; r < r1; r++) {
    const s = layer.ringStart[r],
      e = layer.ringStart[r + 1];
    out.set(coords.subarray(s * 2, e * 2), v * 2);
    v += e - s;
    out[v * 2] = coords[s * 2];
    out[v * 2 + 1] = coords[s * 2 + 1];
    v++;
    ringEnds.push(v);
  }
  if (p1 - p0 <= 1) return { coords: out, ringEnds };
  const partEnds: number[] = [];
  for (let p = p0 + 1; p <= p1; p++) partEnds.push(layer.polyRingStart[p] - r0);
  return { coords: out, ringEnds, partEnds };
}

/** Indices of the features whose bbox (minX,minY,maxX,maxY per feature) comes within marginM of box. */
export function featuresNear(bbox: Float64Array, box: Bbox, marginM: number): number[] {
  const x0 = box[0] - marginM,
    y0 = box[1] - marginM,
    x1 = box[2] + marginM,
    y1 = box[3] + marginM;
  const out: number[] = [];
  for (let f = 0, n = bbox.length / 4; f < n; f++) {
    if (bbox[f * 4] > x1 || bbox[f * 4 + 2] < x0 || bbox[f * 4 + 1] > y1 || bbox[f * 4 + 3] < y0) continue;
    out.push(f);
  }
  return out;
}
