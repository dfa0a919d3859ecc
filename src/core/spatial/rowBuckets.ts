// Row buckets of the grid index: for each polygon and each raster row it spans, every edge that
// reaches the row band (with slack), in ring order. A horizontal ray at any height in the row can only
// cross edges of its bucket, so a point test never reads the rest of the polygon.

export interface RowBuckets {
  /** First bucket of each polygon; the bucket of raster row r is polyBucket[p] + r - polyRow0[p]. */
  polyBucket: Uint32Array;
  polyRow0: Uint32Array;
  bucketCount: number;
  /** Edges of bucket b: bucketEdge[bucketStart[b] .. bucketStart[b + 1]], as first vertex indices. */
  bucketStart: Uint32Array;
  bucketEdge: Uint32Array;
}

export interface RowRaster {
  minY: number;
  inv: number;
  marginM: number;
  nRows: number;
}

/** Buckets the edges of closed rings (edge i runs from vertex i to i + 1) by polygon and raster row. */
export function buildRowBuckets(
  coords: Float64Array,
  ringStart: Uint32Array,
  polyRingStart: Uint32Array,
  polyBbox: Float64Array,
  g: RowRaster,
): RowBuckets {
  const { minY, inv, marginM: m, nRows } = g;
  const nPolys = polyRingStart.length - 1;
  const last = nRows - 1;
  const polyBucket = new Uint32Array(nPolys);
  const polyRow0 = new Uint32Array(nPolys);
  let bucketCount = 0;
  for (let p = 0; p < nPolys; p++) {
    polyBucket[p] = bucketCount;
    if (!(polyBbox[p * 4] <= polyBbox[p * 4 + 2])) continue;
    polyRow0[p] = Math.min(last, Math.max(0, Math.floor((polyBbox[p * 4 + 1] - m - minY) * inv)));
    bucketCount += Math.min(last, Math.max(0, Math.floor((polyBbox[p * 4 + 3] + m - minY) * inv))) - polyRow0[p] + 1;
  }
  const bucketStart = new Uint32Array(bucketCount + 1);
  let bucketEdge = new Uint32Array(0);
  // Pass 0 counts, pass 1 fills; the row range of an edge is computed identically both times.
  for (let pass = 0; pass < 2; pass++) {
    for (let p = 0; p < nPolys; p++) {
      const base = polyBucket[p] - polyRow0[p];
      for (let ring = polyRingStart[p]; ring < polyRingStart[p + 1]; ring++) {
        for (let i = ringStart[ring]; i + 1 < ringStart[ring + 1]; i++) {
          const ay = coords[i * 2 + 1],
            by = coords[i * 2 + 3];
          const r0 = Math.min(last, Math.max(0, Math.floor(((ay < by ? ay : by) - m - minY) * inv)));
          const r1 = Math.min(last, Math.max(0, Math.floor(((ay < by ? by : ay) + m - minY) * inv)));
          for (let r = r0; r <= r1; r++) {
            if (pass === 0) bucketStart[base + r + 1]++;
            else bucketEdge[bucketStart[base + r]++] = i;
          }
        }
      }
    }
    if (pass === 0) {
      for (let b = 0; b < bucketCount; b++) bucketStart[b + 1] += bucketStart[b];
      bucketEdge = new Uint32Array(bucketStart[bucketCount]);
    } else {
      // The fill advanced each start to the next bucket's: shift back.
      for (let b = bucketCount; b > 0; b--) bucketStart[b] = bucketStart[b - 1];
      bucketStart[0] = 0;
    }
  }
  return { polyBucket, polyRow0, bucketCount, bucketStart, bucketEdge };
}
