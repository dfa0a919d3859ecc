// Edge buckets as a coordinate stream: runs of consecutive edges stored as their vertices, so a
// point test reads one contiguous stretch of memory instead of chasing edge indices into coords.
// Run format: [edge count n, x0, y0, x1, y1, ..., xn, yn]; a bucket is its runs back to back,
// ordered by their smallest x so that the runs a leftward or rightward ray can meet are a prefix or a suffix.

export interface EdgeStream {
  /** Stream range of bucket b: streamStart[b] .. streamStart[b + 1]. */
  streamStart: Uint32Array;
  stream: Float64Array;
  /** Runs of bucket b: bucketRun[b] .. bucketRun[b + 1] (build-time metadata, not kept in the index). */
  bucketRun: Uint32Array;
  runOffset: Uint32Array;
  runMinX: Float64Array;
  runMaxX: Float64Array;
}

/** Stream of the buckets (edge start vertices, ascending within a bucket) over closed-ring coords. */
export function buildEdgeStream(bucketStart: Uint32Array, bucketEdge: Uint32Array, coords: Float64Array): EdgeStream {
  const nBuckets = bucketStart.length - 1;
  const streamStart = new Uint32Array(nBuckets + 1);
  const bucketRun = new Uint32Array(nBuckets + 1);
  let length = 0;
  let runs = 0;
  for (let b = 0; b < nBuckets; b++) {
    streamStart[b] = length;
    bucketRun[b] = runs;
    for (let k = bucketStart[b]; k < bucketStart[b + 1]; k++) {
      // A run starts wherever the edge does not continue the previous one.
      if (k === bucketStart[b] || bucketEdge[k] !== bucketEdge[k - 1] + 1) {
        length += 3;
        runs++;
      }
      length += 2;
    }
  }
  streamStart[nBuckets] = length;
  bucketRun[nBuckets] = runs;
  const stream = new Float64Array(length);
  const runOffset = new Uint32Array(runs);
  const runMinX = new Float64Array(runs);
  const runMaxX = new Float64Array(runs);
  // Per bucket scratch: runs as [first edge, last edge], sorted by their smallest x.
  let first = new Uint32Array(64),
    last = new Uint32Array(64),
    lo = new Float64Array(64),
    hi = new Float64Array(64);
  let order = new Uint32Array(64);
  let o = 0;
  for (let b = 0; b < nBuckets; b++) {
    const nRuns = bucketRun[b + 1] - bucketRun[b];
    if (nRuns > first.length) {
      first = new Uint32Array(nRuns * 2);
      last = new Uint32Array(nRuns * 2);
      lo = new Float64Array(nRuns * 2);
      hi = new Float64Array(nRuns * 2);
      order = new Uint32Array(nRuns * 2);
    }
    let r = -1;
    for (let k = bucketStart[b]; k < bucketStart[b + 1]; k++) {
      const i = bucketEdge[k];
      if (k === bucketStart[b] || i !== bucketEdge[k - 1] + 1) {
        first[++r] = i;
        lo[r] = hi[r] = coords[i * 2];
      }
      last[r] = i;
      const x = coords[i * 2 + 2];
      if (x < lo[r]) lo[r] = x;
      if (x > hi[r]) hi[r] = x;
    }
    for (let k = 0; k < nRuns; k++) {
      let j = k;
      while (j > 0 && lo[order[j - 1]] > lo[k]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = k;
    }
    for (let k = 0; k < nRuns; k++) {
      const run = order[k];
      const g = bucketRun[b] + k;
      runOffset[g] = o;
      runMinX[g] = lo[run];
      runMaxX[g] = hi[run];
      stream[o++] = last[run] - first[run] + 1;
      for (let v = first[run]; v <= last[run] + 1; v++) {
        stream[o++] = coords[v * 2];
        stream[o++] = coords[v * 2 + 1];
      }
    }
  }
  return { streamStart, stream, bucketRun, runOffset, runMinX, runMaxX };
}

/**
 * The shorter stream range of bucket b a point in [x0, x1] must test: the runs that can lie right of it
 * (a suffix, for the rightward ray) or left of it (a prefix, for the leftward ray). Returns 1 for leftward.
 */
export function rayRange(es: EdgeStream, b: number, x0: number, x1: number, out: Uint32Array): number {
  const start = es.streamStart[b],
    end = es.streamStart[b + 1];
  let suffix = end;
  let prefix = start;
  for (let g = es.bucketRun[b]; g < es.bucketRun[b + 1]; g++) {
    if (suffix === end && es.runMaxX[g] >= x0) suffix = es.runOffset[g];
    if (es.runMinX[g] <= x1) prefix = g + 1 < es.bucketRun[b + 1] ? es.runOffset[g + 1] : end;
  }
  if (prefix - start < end - suffix) {
    out[0] = start;
    out[1] = prefix;
    return 1;
  }
  out[0] = suffix;
  out[1] = end;
  return 0;
}
