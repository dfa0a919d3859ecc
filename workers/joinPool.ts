// Main-thread side of the join workers: one index built once and copied to every worker, points
// assigned in chunks spread over the pool, with progress and cancellation between chunks.
import { transfer, type Remote } from 'comlink';
import type { PackedPolygons } from '../src/core/geom/packed';
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

  /** Builds the L3 index on the first worker and hands a copy to the others. */
  async setCells(cells: PackedPolygons): Promise<void> {
    const buffer = await this.workers[0].buildIndex(cells);
    await Promise.all(this.workers.slice(1).map((w) => {
      const copy = buffer.slice(0);
      return w.useIndex(transfer(copy, [copy]));
    }));
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

  /** Overlap mode on the first worker (footprint clipping; the point mode is the fast path). */
  async assignOverlap(buildings: PackedPolygons) {
    return this.workers[0].assignOverlap(buildings);
  }

  /** Representative points of footprints (metres). */
  async pointsOnSurface(buildings: PackedPolygons): Promise<Float64Array> {
    return this.workers[0].pointsOnSurface(buildings);
  }
}
