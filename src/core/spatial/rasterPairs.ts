// (raster cell, polygon) pairs of the grid index: the cells a polygon's edges touch (slack included),
// then the cells it covers wholly (untouched, centre inside: scanline at each row's centre).
import { U32Builder } from '../util/growable';
import { WHOLE_CELL } from './gridIndexLayout';
import type { RowBuckets } from './rowBuckets';
import { sortPrefix } from './sortPrefix';

export interface Raster {
  minX: number;
  minY: number;
  cellSizeM: number;
  inv: number;
  marginM: number;
  nCols: number;
  nRows: number;
}

/** Pairs in polygon order: cell index and polygon << 2 | WHOLE_CELL (no LEFTWARD yet). */
export function rasterPairs(
  coords: Float64Array,
  buckets: RowBuckets,
  g: Raster,
): { cell: Uint32Array; entry: Uint32Array; count: number } {
  const { minX, minY, cellSizeM: cs, inv, marginM: m, nCols } = g;
  const { polyBucket, polyRow0, bucketStart, bucketEdge, bucketCount } = buckets;
  const nPolys = polyBucket.length;
  const lastCol = nCols - 1;
  const stamp = new Int32Array(nCols * g.nRows).fill(-1);
  const pairCell = new U32Builder();
  const pairEntry = new U32Builder();
  let xs = new Float64Array(64);
  for (let p = 0; p < nPolys; p++) {
    const bEnd = p + 1 < nPolys ? polyBucket[p + 1] : bucketCount;
    for (let b = polyBucket[p], r = polyRow0[p]; b < bEnd; b++, r++) {
      const bandLo = minY + r * cs - m,
        bandHi = minY + (r + 1) * cs + m;
      const rowBase = r * nCols;
      // Touches: the x-range of each edge within the row band, grown by the slack.
      for (let k = bucketStart[b]; k < bucketStart[b + 1]; k++) {
        const i = bucketEdge[k] * 2;
        const ax = coords[i],
          ay = coords[i + 1],
          bx = coords[i + 2],
          by = coords[i + 3];
        let x0 = ax < bx ? ax : bx;
        let x1 = ax < bx ? bx : ax;
        if (ay !== by) {
          const t0 = Math.min(1, Math.max(0, (bandLo - ay) / (by - ay)));
          const t1 = Math.min(1, Math.max(0, (bandHi - ay) / (by - ay)));
          const xa = ax + t0 * (bx - ax),
            xb = ax + t1 * (bx - ax);
          x0 = xa < xb ? xa : xb;
          x1 = xa < xb ? xb : xa;
        }
        const c0 = Math.min(lastCol, Math.max(0, Math.floor((x0 - m - minX) * inv)));
        const c1 = Math.min(lastCol, Math.max(0, Math.floor((x1 + m - minX) * inv)));
        for (let c = c0; c <= c1; c++) {
          if (stamp[rowBase + c] === p) continue;
          stamp[rowBase + c] = p;
          pairCell.push(rowBase + c);
          pairEntry.push(p << 2);
        }
      }
      // Whole cells: untouched cells whose centre lies inside (crossings of the row's centre line).
      const yc = minY + (r + 0.5) * cs;
      let n = 0;
      for (let k = bucketStart[b]; k < bucketStart[b + 1]; k++) {
        const i = bucketEdge[k] * 2;
        const ax = coords[i],
          ay = coords[i + 1],
          bx = coords[i + 2],
          by = coords[i + 3];
        if (ay > yc === by > yc) continue;
        if (n === xs.length) {
          const next = new Float64Array(n * 2);
          next.set(xs);
          xs = next;
        }
        xs[n++] = ax + ((yc - ay) * (bx - ax)) / (by - ay);
      }
      sortPrefix(xs, n);
      for (let k = 0; k + 1 < n; k += 2) {
        const c0 = Math.max(0, Math.ceil((xs[k] - minX) * inv - 0.5));
        const c1 = Math.min(lastCol, Math.floor((xs[k + 1] - minX) * inv - 0.5));
        for (let c = c0; c <= c1; c++) {
          if (stamp[rowBase + c] === p) continue;
          pairCell.push(rowBase + c);
          pairEntry.push((p << 2) | WHOLE_CELL);
        }
      }
    }
  }
  return { cell: pairCell.data, entry: pairEntry.data, count: pairCell.length };
}
