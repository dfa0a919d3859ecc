// Join worker: builds or receives the L3 grid index and assigns building points to grid cells.
// Runs in the browser (Web Worker) and in Node (worker_threads) unchanged.
import { expose, transfer } from 'comlink';
import type { PackedPolygons } from '../src/core/geom/packed';
import { assignOverlap, type OverlapAssignment } from '../src/core/spatial/assignOverlap';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { gridStats, type GridStats, type GridStatsInput } from '../src/core/spatial/gridStats';
import { toMetric, type MetricFrame } from '../src/core/crs/metric';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import { gridIndexFrom, type GridIndex } from '../src/core/spatial/gridIndexLayout';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import { workerEndpoint } from './endpoint';

let index: GridIndex | null = null;

function requireIndex(): GridIndex {
  if (!index) throw new Error('join worker has no grid index: call buildIndex or useIndex first');
  return index;
}

const api = {
  /** Answers once the worker has started (lets callers keep start-up out of their timings). */
  ping(): true {
    return true;
  },

  /** Builds the index over L3 cells (metres) and keeps it; returns a copy of its buffer for other workers. */
  buildIndex(cells: PackedPolygons): ArrayBuffer {
    index = buildGridIndex(cells);
    const copy = index.buffer.slice(0);
    return transfer(copy, [copy]);
  },

  /** Adopts an index built elsewhere (its buffer, transferred). */
  useIndex(buffer: ArrayBuffer): void {
    index = gridIndexFrom(buffer);
  },

  /** L3 feature index per point (x,y metres), -1 outside every cell. */
  assign(xyM: Float64Array): Int32Array {
    const cells = assignPoints(requireIndex(), xyM);
    return transfer(cells, [cells.buffer as ArrayBuffer]);
  },

  /** Overlap mode: per footprint (metres) the L3 cell with the largest share of its area. */
  assignOverlap(buildings: PackedPolygons): OverlapAssignment {
    const r = assignOverlap(requireIndex(), buildings);
    return transfer(r, [r.cell.buffer, r.share.buffer, r.straddlers.buffer] as ArrayBuffer[]);
  },

  /** Coordinates in `crs` projected into the GK zone that suits them (or `zone`), for metric work. */
  project(coords: Float64Array, crs: string, zone?: number): { xyM: Float64Array; frame: MetricFrame } {
    const r = toMetric(coords, crs, zone);
    return transfer(r, [r.xyM.buffer as ArrayBuffer]);
  },

  /** Per-grid statistics at every level from an assignment (footprints in metres). */
  stats(input: GridStatsInput): GridStats {
    const s = gridStats(input);
    const buffers = [s.buildingCount, s.footprintAreaM2, s.floorAreaM2, s.floorsMissing, s.straddlerCount, s.useCount, s.unassigned].map((a) => a.buffer);
    return transfer(s, buffers as ArrayBuffer[]);
  },

  /** A representative point inside each footprint (metres). */
  pointsOnSurface(buildings: PackedPolygons): Float64Array {
    const xy = pointsOnSurface(buildings);
    return transfer(xy, [xy.buffer as ArrayBuffer]);
  },
};

expose(api, workerEndpoint());
export type JoinApi = typeof api;
