// Builds the grid index: a uniform raster over the L3 cells where each raster cell is interior to
// one feature (answer without a test), empty, or a short candidate list whose exact tests only read
// the candidate polygon's edges in that raster row.
import type { PackedPolygons } from '../geom/packed';
import { buildEdgeStream, rayRange } from './edgeStream';
import { allocateGridIndex, EMPTY_CELL, LEFTWARD, WHOLE_CELL, type GridIndex } from './gridIndexLayout';
import { rasterPairs, type Raster } from './rasterPairs';
import { buildRowBuckets } from './rowBuckets';

export interface GridIndexOptions {
  /** Raster cells per feature bbox on average: finer means more interior cells and more memory. Default 64. */
  cellsPerFeature?: number;
  /** Upper bound on the raster size (an outlier feature far away must not explode memory). Default 2^22 cells. */
  maxRasterCells?: number;
}

interface RasterExtent extends Raster {
  maxX: number;
  maxY: number;
}

// Closed copy of the rings so that edge i always runs from vertex i to i + 1.
function closeRings(cells: PackedPolygons) {
  const nPolys = cells.featurePolyStart[cells.ids.length];
  const nRings = cells.polyRingStart[nPolys];
  const src = cells.coords;
  let closedCount = 0;
  for (let r = 0; r < nRings; r++) {
    const n = cells.ringStart[r + 1] - cells.ringStart[r];
    closedCount += n > 0 ? n + 1 : 0;
  }
  const coords = new Float64Array(closedCount * 2);
  const ringStart = new Uint32Array(nRings + 1);
  let v = 0;
  for (let r = 0; r < nRings; r++) {
    ringStart[r] = v;
    const s = cells.ringStart[r];
    const e = cells.ringStart[r + 1];
    if (e === s) continue;
    for (let i = s; i < e; i++) {
      const x = src[i * 2],
        y = src[i * 2 + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new Error(`buildGridIndex: a ring of cells ${ringOwner(cells, r)} has a non-finite coordinate`);
      }
      coords[v * 2] = x;
      coords[v * 2 + 1] = y;
      v++;
    }
    coords[v * 2] = src[s * 2];
    coords[v * 2 + 1] = src[s * 2 + 1];
    v++;
  }
  ringStart[nRings] = v;
  return { coords, ringStart, nPolys, nRings, vertexCount: closedCount };
}

function ringOwner(cells: PackedPolygons, ring: number): string {
  for (let f = 0; f < cells.ids.length; f++) {
    if (cells.polyRingStart[cells.featurePolyStart[f + 1]] > ring) return `feature ${f} (${cells.ids[f]})`;
  }
  return `ring ${ring}`;
}

// Raster cell size from the mean feature bbox, capped so the raster stays bounded.
function chooseRaster(polyBbox: Float64Array, cells: PackedPolygons, o: GridIndexOptions): RasterExtent {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let p = 0; p * 4 < polyBbox.length; p++) {
    if (!(polyBbox[p * 4] <= polyBbox[p * 4 + 2])) continue;
    minX = Math.min(minX, polyBbox[p * 4]);
    minY = Math.min(minY, polyBbox[p * 4 + 1]);
    maxX = Math.max(maxX, polyBbox[p * 4 + 2]);
    maxY = Math.max(maxY, polyBbox[p * 4 + 3]);
  }
  if (minX > maxX) return { minX: 0, minY: 0, maxX: 0, maxY: 0, cellSizeM: 1, inv: 1, marginM: 1e-6, nCols: 1, nRows: 1 };
  const maxAbs = Math.max(Math.abs(minX), Math.abs(minY), Math.abs(maxX), Math.abs(maxY));
  let areaSum = 0;
  let n = 0;
  for (let f = 0; f < cells.ids.length; f++) {
    const s = cells.featurePolyStart[f],
      e = cells.featurePolyStart[f + 1];
    if (s === e) continue;
    let fx0 = Infinity,
      fy0 = Infinity,
      fx1 = -Infinity,
      fy1 = -Infinity;
    for (let p = s; p < e; p++) {
      fx0 = Math.min(fx0, polyBbox[p * 4]);
      fy0 = Math.min(fy0, polyBbox[p * 4 + 1]);
      fx1 = Math.max(fx1, polyBbox[p * 4 + 2]);
      fy1 = Math.max(fy1, polyBbox[p * 4 + 3]);
    }
    if (fx1 > fx0 && fy1 > fy0) {
      areaSum += (fx1 - fx0) * (fy1 - fy0);
      n++;
    }
  }
  const w = maxX - minX,
    h = maxY - minY;
  const maxCells = o.maxRasterCells ?? 1 << 22;
  let size = n > 0 ? Math.sqrt(areaSum / n / (o.cellsPerFeature ?? 64)) : Math.max(w, h, 1);
  if (!(size > 0)) size = Math.max(w, h, 1);
  while (Math.max(1, Math.ceil(w / size)) * Math.max(1, Math.ceil(h / size)) > maxCells) size *= 1.25;
  return {
    minX,
    minY,
    maxX,
    maxY,
    cellSizeM: size,
    inv: 1 / size,
    // Far above the rounding of floor((x - minX) / size), far below any real feature.
    marginM: Math.max(size * 1e-6, maxAbs * 1e-12),
    nCols: Math.max(1, Math.ceil(w / size)),
    nRows: Math.max(1, Math.ceil(h / size)),
  };
}

function polygonBboxes(coords: Float64Array, ringStart: Uint32Array, polyRingStart: Uint32Array, nPolys: number): Float64Array {
  const out = new Float64Array(nPolys * 4);
  for (let p = 0; p < nPolys; p++) {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (let i = ringStart[polyRingStart[p]]; i < ringStart[polyRingStart[p + 1]]; i++) {
      const x = coords[i * 2],
        y = coords[i * 2 + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    out[p * 4] = x0;
    out[p * 4 + 1] = y0;
    out[p * 4 + 2] = x1;
    out[p * 4 + 3] = y1;
  }
  return out;
}

/** Builds the point-in-polygon index over cells (projected metres); feature indices are the answers. */
export function buildGridIndex(cells: PackedPolygons, options: GridIndexOptions = {}): GridIndex {
  const featureCount = cells.ids.length;
  const { coords, ringStart, nPolys, nRings, vertexCount } = closeRings(cells);
  const polyRingStart = cells.polyRingStart.subarray(0, nPolys + 1);
  const polyBbox = polygonBboxes(coords, ringStart, polyRingStart, nPolys);
  const g = chooseRaster(polyBbox, cells, options);
  const { minX, cellSizeM: cs, marginM: m, nCols, nRows } = g;
  const polyFeature = new Uint32Array(nPolys);
  for (let f = 0; f < featureCount; f++) polyFeature.fill(f, cells.featurePolyStart[f], cells.featurePolyStart[f + 1]);
  const buckets = buildRowBuckets(coords, ringStart, polyRingStart, polyBbox, g);
  const pairs = rasterPairs(coords, buckets, g);

  // Group pairs by raster cell (a counting sort keeps polygon order), then classify each cell.
  const nCells = nCols * nRows;
  const cellStart = new Uint32Array(nCells + 1);
  const { cell: pc, entry: pe, count: nPairs } = pairs;
  for (let k = 0; k < nPairs; k++) cellStart[pc[k] + 1]++;
  for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
  const grouped = new Uint32Array(nPairs);
  const cursor = cellStart.slice(0, nCells);
  for (let k = 0; k < nPairs; k++) grouped[cursor[pc[k]]++] = pe[k];
  const cellValue = new Int32Array(nCells).fill(EMPTY_CELL);
  let candLength = 0;
  for (let c = 0; c < nCells; c++) {
    const s = cellStart[c],
      e = cellStart[c + 1];
    if (s === e) continue;
    const f = polyFeature[grouped[s] >> 2];
    let whole = true;
    for (let k = s; k < e && whole; k++) whole = (grouped[k] & WHOLE_CELL) !== 0 && polyFeature[grouped[k] >> 2] === f;
    if (whole) {
      cellValue[c] = f;
    } else {
      cellValue[c] = -2 - candLength;
      candLength += 1 + 3 * (e - s);
    }
  }
  const es = buildEdgeStream(buckets.bucketStart, buckets.bucketEdge, coords);

  const index = allocateGridIndex(
    {
      featureCount,
      polyCount: nPolys,
      ringCount: nRings,
      vertexCount,
      nCols,
      nRows,
      candLength,
      bucketCount: buckets.bucketCount,
      streamLength: es.stream.length,
    },
    { minX, minY: g.minY, maxX: g.maxX, maxY: g.maxY, cellSizeM: cs, marginM: m },
  );
  index.cellValue.set(cellValue);
  const { cand } = index;
  const { polyBucket, polyRow0 } = buckets;
  const range = new Uint32Array(2);
  for (let c = 0; c < nCells; c++) {
    if (cellValue[c] > -2) continue;
    const row = Math.floor(c / nCols);
    const x0 = minX + (c - row * nCols) * cs - m;
    let o = -2 - cellValue[c];
    cand[o++] = cellStart[c + 1] - cellStart[c];
    for (let k = cellStart[c]; k < cellStart[c + 1]; k++) {
      const p = grouped[k] >> 2;
      const leftward = rayRange(es, polyBucket[p] + row - polyRow0[p], x0, x0 + cs + 2 * m, range);
      cand[o++] = grouped[k] | (leftward ? LEFTWARD : 0);
      cand[o++] = range[0];
      cand[o++] = range[1];
    }
  }
  index.bucketStart.set(es.streamStart);
  index.edgeStream.set(es.stream);
  index.polyBucket.set(polyBucket);
  index.polyRow0.set(polyRow0);
  index.coords.set(coords);
  index.ringStart.set(ringStart);
  index.polyRingStart.set(polyRingStart);
  index.featurePolyStart.set(cells.featurePolyStart.subarray(0, featureCount + 1));
  index.polyFeature.set(polyFeature);
  index.polyBbox.set(polyBbox);
  return index;
}
