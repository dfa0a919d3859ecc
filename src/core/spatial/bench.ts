// Timing of the point join against a naive baseline (bbox scan + ray crossing over every cell).
import type { PackedPolygons } from '../geom/packed';
import { pointInRing } from '../geom/pointInPolygon';
import { assignOverlap } from './assignOverlap';
import { assignPoints } from './assignPoints';
import { buildGridIndex, type GridIndexOptions } from './gridIndex';
import { gridIndexFrom } from './gridIndexLayout';
import { pointsOnSurface } from './pointOnSurface';

export interface JoinBenchmark {
  cells: number;
  points: number;
  raster: { cols: number; rows: number; cellSizeM: number; interiorShare: number; candidateEntriesPerCell: number };
  indexBytes: number;
  buildMs: number;
  /** gridIndexFrom on a copy of the buffer: what a worker pays after the transfer. */
  reviveMs: number;
  /** Best of the repeats. */
  assignMs: number;
  pointsPerS: number;
  /** Points that hit an interior raster cell (no exact test). */
  interiorHitShare: number;
  assigned: number;
  naive: { sample: number; ms: number; pointsPerS: number; projectedMs: number; agreement: number };
  /** With options.buildings: pointsOnSurface and overlap mode over them. */
  buildings?: { count: number; pointsOnSurfaceMs: number; overlapMs: number; straddlers: number };
}

/** Naive point-in-polygon: every cell's bbox, then even-odd ray crossing (first hit wins). */
export function naiveAssign(cells: PackedPolygons, x: number, y: number): number {
  const b = cells.bbox;
  for (let f = 0; f < cells.ids.length; f++) {
    if (x < b[f * 4] || x > b[f * 4 + 2] || y < b[f * 4 + 1] || y > b[f * 4 + 3]) continue;
    for (let p = cells.featurePolyStart[f]; p < cells.featurePolyStart[f + 1]; p++) {
      let inside = false;
      for (let r = cells.polyRingStart[p]; r < cells.polyRingStart[p + 1]; r++) {
        if (pointInRing(x, y, cells.coords, cells.ringStart[r], cells.ringStart[r + 1])) inside = !inside;
      }
      if (inside) return f;
    }
  }
  return -1;
}

/** Builds the index over cells and assigns the points, timing each step; the baseline runs on a sample. */
export function benchJoin(
  cells: PackedPolygons,
  pointsXyM: Float64Array,
  options: GridIndexOptions & { repeats?: number; naiveSample?: number; buildings?: PackedPolygons } = {},
): JoinBenchmark {
  const n = pointsXyM.length >> 1;
  let t = performance.now();
  const index = buildGridIndex(cells, options);
  const buildMs = performance.now() - t;
  const copy = index.buffer.slice(0);
  t = performance.now();
  gridIndexFrom(copy);
  const reviveMs = performance.now() - t;
  const result = new Int32Array(n);
  let assignMs = Infinity;
  for (let k = 0; k < (options.repeats ?? 3); k++) {
    t = performance.now();
    assignPoints(index, pointsXyM, result);
    assignMs = Math.min(assignMs, performance.now() - t);
  }
  let interiorHits = 0;
  let assigned = 0;
  const inv = 1 / index.cellSizeM;
  for (let i = 0; i < n; i++) {
    if (result[i] >= 0) assigned++;
    const x = pointsXyM[i * 2],
      y = pointsXyM[i * 2 + 1];
    if (!(x >= index.minX && x <= index.maxX && y >= index.minY && y <= index.maxY)) continue;
    const col = Math.min(index.nCols - 1, Math.floor((x - index.minX) * inv));
    const row = Math.min(index.nRows - 1, Math.floor((y - index.minY) * inv));
    if (index.cellValue[row * index.nCols + col] >= 0) interiorHits++;
  }
  let interiorCells = 0,
    candCells = 0,
    candEntries = 0;
  for (let c = 0; c < index.cellValue.length; c++) {
    const v = index.cellValue[c];
    if (v >= 0) interiorCells++;
    if (v <= -2) {
      candCells++;
      candEntries += index.cand[-2 - v];
    }
  }
  const sample = Math.min(n, options.naiveSample ?? 20_000);
  const step = n / Math.max(1, sample);
  let agree = 0;
  t = performance.now();
  const naive = new Int32Array(sample);
  for (let s = 0; s < sample; s++) {
    const i = Math.floor(s * step);
    naive[s] = naiveAssign(cells, pointsXyM[i * 2], pointsXyM[i * 2 + 1]);
  }
  const naiveMs = performance.now() - t;
  for (let s = 0; s < sample; s++) if (naive[s] === result[Math.floor(s * step)]) agree++;
  let buildings: JoinBenchmark['buildings'];
  if (options.buildings) {
    t = performance.now();
    pointsOnSurface(options.buildings);
    const pointsOnSurfaceMs = performance.now() - t;
    t = performance.now();
    const overlap = assignOverlap(index, options.buildings);
    const overlapMs = performance.now() - t;
    buildings = { count: options.buildings.ids.length, pointsOnSurfaceMs, overlapMs, straddlers: overlap.straddlers.length };
  }
  return {
    buildings,
    cells: cells.ids.length,
    points: n,
    raster: {
      cols: index.nCols,
      rows: index.nRows,
      cellSizeM: index.cellSizeM,
      interiorShare: interiorCells / index.cellValue.length,
      candidateEntriesPerCell: candEntries / Math.max(1, candCells),
    },
    indexBytes: index.buffer.byteLength,
    buildMs,
    reviveMs,
    assignMs,
    pointsPerS: n / (assignMs / 1000),
    interiorHitShare: interiorHits / Math.max(1, n),
    assigned,
    naive: {
      sample,
      ms: naiveMs,
      pointsPerS: sample / (naiveMs / 1000),
      projectedMs: (naiveMs * n) / Math.max(1, sample),
      agreement: agree / Math.max(1, sample),
    },
  };
}
