// Overlap mode of the building -> L3 join: each footprint goes to the cell holding the largest
// share of its area. Footprints inside one interior raster run skip clipping altogether.
import type { PackedPolygons } from '../geom/packed';
import type { GridIndex } from './gridIndexLayout';
import { locatePoint } from './locate';
import { crossingParity, EdgeList, edgesMeetBox, intersectionAreaM2 } from './overlapArea';
import { packedFeatureAreaM2 } from './packedArea';

export interface OverlapAssignment {
  /** L3 feature holding the largest share of each footprint, or -1. */
  cell: Int32Array;
  /** Share (0..1) of each footprint's area inside that cell. */
  share: Float32Array;
  /** Assigned buildings with share < 1 - 1e-9: they straddle cells or the grid's edge. */
  straddlers: Uint32Array;
}

/** Relative area difference under which two cells tie (the lower index wins). */
const TIE = 1e-9;

/**
 * For each building footprint, the L3 cell holding the largest share of its area (ties: lower index).
 * Zero-area footprints fall back to point mode at their bbox centre (share 1 when assigned).
 */
export function assignOverlap(index: GridIndex, buildings: PackedPolygons): OverlapAssignment {
  const n = buildings.ids.length;
  const cell = new Int32Array(n);
  const share = new Float32Array(n);
  const straddlers: number[] = [];
  const { minX, minY, maxX, maxY, nCols, nRows, cellValue, marginM: m } = index;
  const inv = 1 / index.cellSizeM;
  const stamp = new Int32Array(index.polyCount).fill(-1);
  // A polygon count bounds the candidates of one footprint.
  const polys = new Uint32Array(index.polyCount);
  let np: number;
  const a = new EdgeList();
  const b = new EdgeList();
  const bb = buildings.bbox;
  for (let f = 0; f < n; f++) {
    cell[f] = -1;
    const x0 = bb[f * 4],
      y0 = bb[f * 4 + 1],
      x1 = bb[f * 4 + 2],
      y1 = bb[f * 4 + 3];
    if (!(x1 >= minX && x0 <= maxX && y1 >= minY && y0 <= maxY)) continue;
    const c0 = Math.max(0, Math.floor((x0 - m - minX) * inv)),
      c1 = Math.min(nCols - 1, Math.floor((x1 + m - minX) * inv));
    const r0 = Math.max(0, Math.floor((y0 - m - minY) * inv)),
      r1 = Math.min(nRows - 1, Math.floor((y1 + m - minY) * inv));
    // Fast path: every raster cell under the bbox is interior to one and the same feature.
    let same = cellValue[r0 * nCols + c0];
    for (let r = r0; r <= r1 && same >= 0; r++) {
      for (let c = c0; c <= c1; c++) {
        if (cellValue[r * nCols + c] !== same) {
          same = -1;
          break;
        }
      }
    }
    if (same >= 0 && x0 >= minX && x1 <= maxX && y0 >= minY && y1 <= maxY) {
      cell[f] = same;
      share[f] = 1;
      continue;
    }
    const areaM2 = packedFeatureAreaM2(buildings, f);
    if (!(areaM2 > 0)) {
      cell[f] = locatePoint(index, (x0 + x1) / 2, (y0 + y1) / 2);
      share[f] = cell[f] >= 0 ? 1 : 0;
      continue;
    }
    // Candidate polygons under the bbox, ascending (so features ascend too).
    np = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const v = cellValue[r * nCols + c];
        if (v >= 0) {
          for (let p = index.featurePolyStart[v]; p < index.featurePolyStart[v + 1]; p++)
            np = addCandidate(index, p, f, bb, stamp, polys, np);
        } else if (v <= -2) {
          const rec = -2 - v;
          for (let k = rec + 1, ke = rec + 1 + 3 * index.cand[rec]; k < ke; k += 3)
            np = addCandidate(index, index.cand[k] >> 2, f, bb, stamp, polys, np);
        }
      }
    }
    sortPrefixU32(polys, np);
    // Footprint edges relative to its bbox corner: small numbers keep the slab sums precise.
    a.clear();
    pushFootprint(a, buildings, f, x0, y0);
    let best = -1,
      bestArea = 0,
      feature = -1,
      sum = 0;
    for (let k = 0; k <= np; k++) {
      const g = k < np ? index.polyFeature[polys[k]] : -1;
      if (g !== feature) {
        if (feature >= 0 && sum > bestArea + TIE * areaM2) {
          best = feature;
          bestArea = sum;
        }
        feature = g;
        sum = 0;
      }
      if (k === np) break;
      b.clear();
      pushCellEdges(b, index, polys[k], x0, y0, x1, y1, r0, r1);
      // No cell edge near the footprint: it lies wholly inside or outside (the kept edges are all to its left).
      if (edgesMeetBox(b, 0, 0, x1 - x0, y1 - y0)) sum += intersectionAreaM2(a, b);
      else if (crossingParity(b, (y1 - y0) / 2)) sum += areaM2;
    }
    if (best < 0) continue;
    cell[f] = best;
    share[f] = Math.min(1, bestArea / areaM2);
    if (share[f] < 1 - 1e-9) straddlers.push(f);
  }
  return { cell, share, straddlers: Uint32Array.from(straddlers) };
}

// Adds polygon p to the footprint's candidates once (stamped with the footprint) when its bbox meets the footprint's.
function addCandidate(index: GridIndex, p: number, f: number, bb: Float64Array, stamp: Int32Array, polys: Uint32Array, np: number): number {
  if (stamp[p] === f) return np;
  stamp[p] = f;
  const pb = index.polyBbox;
  if (pb[p * 4] > bb[f * 4 + 2] || pb[p * 4 + 2] < bb[f * 4] || pb[p * 4 + 1] > bb[f * 4 + 3] || pb[p * 4 + 3] < bb[f * 4 + 1]) return np;
  polys[np] = p;
  return np + 1;
}

// Insertion sort of a short candidate list.
function sortPrefixU32(a: Uint32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

// All rings of building f (open rings) as edges relative to (ox, oy).
function pushFootprint(e: EdgeList, layer: PackedPolygons, f: number, ox: number, oy: number): void {
  const c = layer.coords;
  for (let r = layer.polyRingStart[layer.featurePolyStart[f]]; r < layer.polyRingStart[layer.featurePolyStart[f + 1]]; r++) {
    const s = layer.ringStart[r],
      end = layer.ringStart[r + 1];
    for (let i = s, j = end - 1; i < end; j = i++) {
      e.push(c[j * 2] - ox, c[j * 2 + 1] - oy, c[i * 2] - ox, c[i * 2 + 1] - oy);
    }
  }
}

// Edges of index polygon p that can cross a horizontal line through the window (from its row buckets,
// each edge once), relative to (x0, y0); edges wholly right of the window cannot bound its spans.
function pushCellEdges(
  e: EdgeList,
  index: GridIndex,
  p: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r0: number,
  r1: number,
): void {
  const { edgeStream: st, bucketStart, polyBucket, polyRow0, marginM: m, minY, nRows } = index;
  const inv = 1 / index.cellSizeM;
  const rowCount = (p + 1 < index.polyCount ? polyBucket[p + 1] : index.bucketCount) - polyBucket[p];
  const first = Math.max(r0, polyRow0[p]);
  const last = Math.min(r1, polyRow0[p] + rowCount - 1);
  for (let r = first; r <= last; r++) {
    const bucket = polyBucket[p] + r - polyRow0[p];
    for (let j = bucketStart[bucket], je = bucketStart[bucket + 1]; j < je;) {
      const runEnd = j + 3 + 2 * (st[j] | 0);
      for (let q = j + 3; q < runEnd; q += 2) {
        const ax = st[q - 2],
          ay = st[q - 1],
          bx = st[q],
          by = st[q + 1];
        if ((ay > y1 && by > y1) || (ay < y0 && by < y0) || (ax > x1 && bx > x1)) continue;
        // An edge sits in every row it reaches (as the builder computed them): keep it in the first one here.
        if (r > first && r !== Math.min(nRows - 1, Math.max(0, Math.floor((Math.min(ay, by) - m - minY) * inv)))) continue;
        e.push(ax - x0, ay - y0, bx - x0, by - y0);
      }
      j = runEnd;
    }
  }
}
