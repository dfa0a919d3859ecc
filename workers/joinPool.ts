// Main-thread side of the join workers: one index built once and copied to every worker, points
// assigned in chunks spread over the pool, with progress and cancellation between chunks. The
// footprints cross to the first worker once (transferred) and stay there for points, shares and
// statistics, so the calling thread only ever copies buffers, never walks features.
import { transfer, type Remote } from 'comlink';
import { packedBuffers, type PackedPolygons, type PolygonBuffers } from '../src/core/geom/packed';
import type { MetricFrame } from '../src/core/crs/metric';
import type { GridStatsInput } from '../src/core/spatial/gridStats';
import type { GridHierarchy } from '../src/core/spatial/hierarchy';
import type { JoinApi } from './join.worker';

export interface JoinOptions {
  signal?: AbortSignal;
  onProgress?: (donePoints: number, totalPoints: number) => void;
  /** Points per message; small enough to cancel quickly, large enough to amortise messaging. */
  chunkPoints?: number;
}

function abortError(): Error {
  const err = new Error('join cancelled');
  err.name = 'AbortError';
  return err;
}

export class JoinPool {
  constructor(private readonly workers: Remote<JoinApi>[]) {
    if (workers.length === 0) throw new Error('JoinPool needs at least one worker');
  }

  get size(): number {
    return this.workers.length;
  }

  /** The first worker, for whole-data tasks (projection, statistics) that are not split. */
  get first(): Remote<JoinApi> {
    return this.workers[0];
  }

  /**
   * Builds the L3 index on the first worker and hands a copy to the others. The cells' buffers are
   * transferred (the caller gives up `cells`); they are projected from `crs` there. Resolves with the
   * metric frame (GK zone) every later call works in.
   */
  async setCells(cells: PackedPolygons, crs: string): Promise<MetricFrame> {
    const { buffer, frame } = await this.workers[0].buildIndex(transfer(cells, packedBuffers(cells)), crs);
    await Promise.all(
      this.workers.slice(1).map((w) => {
        const copy = buffer.slice(0);
        return w.useIndex(transfer(copy, [copy]));
      }),
    );
    return frame;
  }

  /**
   * setCells for a whole grid layer (transferred): its hierarchy is resolved and its L3 cells are
   * selected and indexed on the first worker. Resolves with the frame and the hierarchy.
   */
  async setGridLayer(
    grids: { polygons: PackedPolygons; level: Uint8Array; parentId: (string | null)[] },
    crs: string,
  ): Promise<{ frame: MetricFrame; hierarchy: GridHierarchy }> {
    const { buffer, frame, hierarchy } = await this.workers[0].buildGridLayerIndex(
      transfer(grids, [...packedBuffers(grids.polygons), grids.level.buffer as ArrayBuffer]),
      crs,
    );
    await Promise.all(
      this.workers.slice(1).map((w) => {
        const copy = buffer.slice(0);
        return w.useIndex(transfer(copy, [copy]));
      }),
    );
    return { frame, hierarchy };
  }

  /** Hands the footprints' geometry (in `crs`, transferred: the caller gives it up) to the first worker. */
  async setBuildings(buildings: PolygonBuffers, crs: string, frame: MetricFrame): Promise<void> {
    await this.workers[0].setBuildings(transfer(buildings, packedBuffers(buildings)), crs, frame.zone);
  }

  /** L3 feature index per point (x,y metres), -1 outside every cell, in input order. */
  async assign(xyM: Float64Array, options: JoinOptions = {}): Promise<Int32Array> {
    const { signal, onProgress } = options;
    const total = xyM.length >> 1;
    const chunk = Math.max(1, options.chunkPoints ?? 131_072);
    const result = new Int32Array(total);
    let next = 0;
    let done = 0;
    const run = async (w: Remote<JoinApi>) => {
      while (next < total) {
        if (signal?.aborted) throw abortError();
        const start = next;
        const end = Math.min(total, start + chunk);
        next = end;
        const slice = xyM.slice(2 * start, 2 * end);
        const cells = await w.assign(transfer(slice, [slice.buffer]));
        if (signal?.aborted) throw abortError();
        result.set(cells, start);
        done += end - start;
        onProgress?.(done, total);
      }
    };
    await Promise.all(this.workers.map(run));
    return result;
  }

  /** Overlap mode over the buildings (footprint clipping; the point mode is the fast path). */
  async assignOverlap() {
    return this.workers[0].assignOverlap();
  }

  /** Representative points of the buildings (metres). */
  async pointsOnSurface(): Promise<Float64Array> {
    return this.workers[0].pointsOnSurface();
  }

  /** setBuildings with the geometry posted on `port` by another worker (the port is transferred). */
  async receiveBuildings(port: MessagePort, crs: string, frame: MetricFrame): Promise<void> {
    await this.workers[0].receiveBuildings(transfer(port, [port]), crs, frame.zone);
  }

  /** RGBA per building from its L3 cell (a copy of `cellOfBuilding` crosses over). */
  async palette(cellOfBuilding: Int32Array): Promise<Uint8Array> {
    const copy = cellOfBuilding.slice();
    return this.workers[0].palette(transfer(copy, [copy.buffer]));
  }

  /** Per-grid statistics of an assignment of the buildings. */
  async stats(input: Omit<GridStatsInput, 'buildings'>) {
    return this.workers[0].stats(input);
  }
}
