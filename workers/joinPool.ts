// Main-thread side of the join workers: one index built once and copied to every worker, points
// assigned in chunks spread over the pool, with progress and cancellation between chunks. The
// footprints cross to the first worker once (transferred) and stay there for points, shares and
// statistics, so the calling thread only ever copies buffers, never walks features.
import { transfer, type Remote } from 'comlink';
import { packedBuffers, type PackedPolygons, type PolygonBuffers } from '../src/core/geom/packed';
import type { MetricFrame } from '../src/core/crs/metric';
import type { GridStatsInput } from '../src/core/spatial/gridStats';
import type { GridHierarchy } from '../src/core/spatial/hierarchy';
import type { OverlapAssignment } from '../src/core/spatial/assignOverlap';
import type { JoinInputsExpectation } from '../src/io/joinInputs';
import type { JoinApi } from './join.worker';
import { fgbRanges, type FgbColumnRequest, type FgbLayout, type FgbPolygonRange } from '../src/io/flatgeobufColumns';
import { mergePolygonRanges } from '../src/io/mergePolygonRanges';

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
  /** The workers holding the buildings' footprints, each a consecutive range of them, in order. */
  private holders: Remote<JoinApi>[];

  constructor(private readonly workers: Remote<JoinApi>[]) {
    if (workers.length === 0) throw new Error('JoinPool needs at least one worker');
    this.holders = [workers[0]];
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

  /**
   * Hands the footprints' geometry (in `crs`, transferred: the caller gives it up) to the first worker, which projects
   * it at once when `project` (else when first needed).
   */
  async setBuildings(buildings: PolygonBuffers, crs: string, frame: MetricFrame, project = false): Promise<void> {
    this.holders = [this.workers[0]];
    await this.workers[0].setBuildings(transfer(buildings, packedBuffers(buildings)), crs, frame.zone, project);
  }

  /**
   * The buildings of a FlatGeobuf (its bytes in a SharedArrayBuffer, so no worker copies them), decoded in
   * parallel: each worker takes a range of about equal bytes and keeps its footprints in metres. Resolves
   * with the ids, problems and property columns of all of them, in file order.
   */
  async readFgbBuildings(
    bytes: Uint8Array,
    layout: FgbLayout,
    file: string,
    request: FgbColumnRequest,
    crs: string,
    frame: MetricFrame,
    project = false,
  ): Promise<Omit<FgbPolygonRange, 'packed'> & { ids: string[] }> {
    const ranges = fgbRanges(layout, this.workers.length);
    this.holders = this.workers.slice(0, ranges.length);
    const parts = await Promise.all(
      ranges.map((range, k) => this.workers[k].readBuildingRange(bytes, layout, file, range, request, crs, frame.zone, project)),
    );
    // Only the columns are merged here: the geometry stays in the workers.
    const empty = {
      coords: new Float64Array(0),
      ringStart: new Uint32Array(1),
      polyRingStart: new Uint32Array(1),
      bbox: new Float64Array(0),
    };
    const merged = mergePolygonRanges(
      parts.map((p) => ({ ...p, packed: { ...empty, featurePolyStart: new Uint32Array(p.sourceIndex.length + 1), ids: p.ids } })),
    );
    const { packed, ...rest } = merged;
    return { ...rest, ids: packed.ids };
  }

  /** Interior points (metres) and footprint areas (m²) of the buildings, computed where they are kept. */
  async joinGeometry(): Promise<{ pointsXyM: Float64Array; areaM2: Float64Array }> {
    const parts = await Promise.all(this.holders.map((w) => w.joinGeometry()));
    return { pointsXyM: concat(parts.map((p) => p.pointsXyM)), areaM2: concat(parts.map((p) => p.areaM2)) };
  }

  /**
   * joinGeometry and the L3 cell of every building's point (as assign gives it), each worker assigning the points of
   * the footprints it holds and writing all three into shared columns at its buildings' place: no point crosses
   * threads, nothing is concatenated here. Needs setCells first, and SharedArrayBuffer (Node, or an isolated page).
   */
  async joinAndAssign(): Promise<{ pointsXyM: Float64Array; areaM2: Float64Array; cellOfBuilding: Int32Array }> {
    const counts = await Promise.all(this.holders.map((w) => w.buildingCount()));
    const n = counts.reduce((s, c) => s + c, 0);
    const out = {
      pointsXyM: new Float64Array(new SharedArrayBuffer(16 * n)),
      areaM2: new Float64Array(new SharedArrayBuffer(8 * n)),
      cells: new Int32Array(new SharedArrayBuffer(4 * n)),
    };
    const starts = counts.map((_, k) => counts.slice(0, k).reduce((s, c) => s + c, 0));
    await Promise.all(this.holders.map((w, k) => w.joinAndAssignInto(out, starts[k])));
    return { pointsXyM: out.pointsXyM, areaM2: out.areaM2, cellOfBuilding: out.cells };
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

  /** Overlap mode over the buildings (footprint clipping; the point mode is the fast path), on every worker holding some. */
  async assignOverlap(): Promise<OverlapAssignment> {
    const parts = await Promise.all(this.holders.map((w) => w.assignOverlap()));
    if (parts.length === 1) return parts[0];
    const n = parts.reduce((s, p) => s + p.cell.length, 0);
    const cell = new Int32Array(n);
    const share = new Float32Array(n);
    const straddlers: number[] = [];
    let at = 0;
    for (const p of parts) {
      cell.set(p.cell, at);
      share.set(p.share, at);
      for (const i of p.straddlers) straddlers.push(i + at);
      at += p.cell.length;
    }
    return { cell, share, straddlers: Uint32Array.from(straddlers) };
  }

  /** Representative points of the buildings (metres). */
  async pointsOnSurface(): Promise<Float64Array> {
    return concat(await Promise.all(this.holders.map((w) => w.pointsOnSurface())));
  }

  /** setBuildings with the geometry posted on `port` by another worker (the port is transferred). */
  async receiveBuildings(port: MessagePort, crs: string, frame: MetricFrame): Promise<void> {
    this.holders = [this.workers[0]];
    await this.workers[0].receiveBuildings(transfer(port, [port]), crs, frame.zone);
  }

  /** RGBA per building from its L3 cell (a copy of `cellOfBuilding` crosses over). */
  async palette(cellOfBuilding: Int32Array): Promise<Uint8Array> {
    const copy = cellOfBuilding.slice();
    return this.workers[0].palette(transfer(copy, [copy.buffer]));
  }

  /** Per-grid statistics of an assignment of the buildings (floors and use default to the ones the first worker keeps). */
  async stats(input: Omit<GridStatsInput, 'buildings' | 'areaM2'>) {
    return this.workers[0].stats(input);
  }

  /**
   * The join-inputs file at `url` (absolute), fetched and checked by the first worker, which keeps its areas,
   * floors and use; resolves with its points (metres) and zone, rejects when it is stale or broken.
   */
  async loadJoinInputs(url: string, expect: JoinInputsExpectation): Promise<{ pointsXyM: Float64Array; zone: number }> {
    this.holders = [this.workers[0]];
    return this.workers[0].loadJoinInputs(url, expect);
  }

  /** Hands the buildings' floors and use (transferred) to the first worker, for statistics without a join-inputs file. */
  async keepColumns(floors: Float32Array, use: { codes: Uint16Array; table: string[] }): Promise<void> {
    await this.workers[0].keepColumns(transfer(floors, [floors.buffer as ArrayBuffer]), transfer(use, [use.codes.buffer as ArrayBuffer]));
  }
}

/** The parts end to end (the one part itself when there is one). */
function concat<T extends Float64Array | Int32Array>(parts: T[]): T {
  if (parts.length === 1) return parts[0];
  const out = new (parts[0].constructor as new (n: number) => T)(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
