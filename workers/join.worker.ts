// Join worker: builds or receives the L3 grid index and assigns building points to grid cells.
// Runs in the browser (Web Worker) and in Node (worker_threads) unchanged.
import { expose, transfer } from 'comlink';
import { anonymousPolygons, selectPolygons, withCoords, type PackedPolygons, type PolygonBuffers } from '../src/core/geom/packed';
import { buildHierarchy, type GridHierarchy } from '../src/core/spatial/hierarchy';
import { assignOverlap, type OverlapAssignment } from '../src/core/spatial/assignOverlap';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { gridStats, type GridStats, type GridStatsInput } from '../src/core/spatial/gridStats';
import { toMetric, type MetricFrame } from '../src/core/crs/metric';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import { gridIndexFrom, type GridIndex } from '../src/core/spatial/gridIndexLayout';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import { paletteByCell } from '../src/core/grid/gridColors';
import { packedFeatureAreaM2 } from '../src/core/spatial/packedArea';
import { decodeFgbPolygons, type FgbColumnRequest, type FgbLayout, type FgbPolygonRange } from '../src/io/flatgeobufColumns';
import { decodeJoinInputs, type JoinInputsExpectation } from '../src/io/joinInputs';
import { fetchBytes } from '../src/io/fetchBytes';
import { workerEndpoint } from './endpoint';

let index: GridIndex | null = null;
/** The buildings' footprints in metres, kept here so they cross the thread boundary once. */
let footprints: PackedPolygons | null = null;
/** Footprints not yet projected: a join from a join-inputs file's points never needs them in metres. */
let unprojected: { lonLat: PackedPolygons; crs: string; zone: number } | null = null;
/** What the statistics need per building (from a join-inputs file, or computed here): kept like the footprints. */
let columns: { areaM2: Float64Array | null; floors: Float32Array | null; use: { codes: Uint16Array; table: string[] } | null } = {
  areaM2: null,
  floors: null,
  use: null,
};

function requireIndex(): GridIndex {
  if (!index) throw new Error('join worker has no grid index: call buildIndex or useIndex first');
  return index;
}

function requireBuildings(): PackedPolygons {
  if (unprojected) {
    const { lonLat, crs, zone } = unprojected;
    footprints = withCoords(lonLat, toMetric(lonLat.coords, crs, zone).xyM);
    unprojected = null;
  }
  if (!footprints) throw new Error('join worker has no buildings: call setBuildings first');
  return footprints;
}

/** Keeps footprints in `crs`, projected into GK zone `zone` when first needed. */
/** The kept footprints' interior points (metres) and areas (m²), into `out` if given; the areas are kept for the statistics too. */
function joinGeometry(out?: { pointsXyM: Float64Array; areaM2: Float64Array }): { pointsXyM: Float64Array; areaM2: Float64Array } {
  const b = requireBuildings();
  const pointsXyM = pointsOnSurface(b, out?.pointsXyM);
  const areaM2 = out?.areaM2 ?? new Float64Array(b.featurePolyStart.length - 1);
  for (let i = 0; i < areaM2.length; i++) areaM2[i] = packedFeatureAreaM2(b, i);
  columns.areaM2 = areaM2.slice();
  return { pointsXyM, areaM2 };
}

function keepFootprints(lonLat: PackedPolygons, crs: string, zone: number): void {
  footprints = null;
  unprojected = { lonLat, crs, zone };
  columns = { areaM2: null, floors: null, use: null };
}

const api = {
  /** Answers once the worker has started (lets callers keep start-up out of their timings). */
  ping(): true {
    return true;
  },

  /**
   * Builds the index over L3 cells and keeps it; returns a copy of its buffer for other workers and
   * the metric frame. Cells in `crs` are projected into their GK zone first (or `zone`).
   */
  buildIndex(cells: PackedPolygons, crs: string, zone?: number): { buffer: ArrayBuffer; frame: MetricFrame } {
    const { xyM, frame } = toMetric(cells.coords, crs, zone);
    index = buildGridIndex(withCoords(cells, xyM));
    const copy = index.buffer.slice(0);
    return transfer({ buffer: copy, frame }, [copy]);
  },

  /**
   * buildIndex over a whole grid layer: resolves its hierarchy here and indexes its L3 cells, so the
   * caller's thread does neither. Returns the hierarchy (transferred) with the index copy and frame.
   */
  buildGridLayerIndex(
    grids: { polygons: PackedPolygons; level: Uint8Array; parentId: (string | null)[] },
    crs: string,
  ): { buffer: ArrayBuffer; frame: MetricFrame; hierarchy: GridHierarchy } {
    const hierarchy = buildHierarchy({ ids: grids.polygons.ids, level: grids.level, parentId: grids.parentId });
    const cells = selectPolygons(grids.polygons, hierarchy.l3);
    const { xyM, frame } = toMetric(cells.coords, crs);
    index = buildGridIndex(withCoords(cells, xyM));
    const buffer = index.buffer.slice(0);
    const arrays = [hierarchy.parentIndex, hierarchy.l3, hierarchy.l3ToL2, hierarchy.l3ToL1].map((a) => a.buffer as ArrayBuffer);
    return transfer({ buffer, frame, hierarchy }, [buffer, ...arrays]);
  },

  /**
   * Keeps the buildings' footprints, projected from `crs` into the GK zone `zone` (at once when `project`, else when
   * first needed), for the calls below. Their ids stay with the caller: everything here works by feature index.
   */
  setBuildings(buildings: PolygonBuffers, crs: string, zone: number, project = false): void {
    keepFootprints(anonymousPolygons(buildings), crs, zone);
    if (project) requireBuildings();
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

  /** Overlap mode: per kept footprint the L3 cell with the largest share of its area. */
  assignOverlap(): OverlapAssignment {
    const r = assignOverlap(requireIndex(), requireBuildings());
    return transfer(r, [r.cell.buffer, r.share.buffer, r.straddlers.buffer] as ArrayBuffer[]);
  },

  /**
   * Per-grid statistics at every level from an assignment of the kept buildings: their areas from the kept
   * column (join inputs) or footprints, floors and use as given or else the kept columns.
   */
  stats(input: Omit<GridStatsInput, 'buildings' | 'areaM2'>): GridStats {
    const floors = input.floors ?? columns.floors ?? undefined;
    const use = input.use ?? columns.use ?? undefined;
    const area = columns.areaM2 ? { areaM2: columns.areaM2 } : { buildings: requireBuildings() };
    const s = gridStats({ ...input, ...area, floors, use });
    const buffers = [s.buildingCount, s.footprintAreaM2, s.floorAreaM2, s.floorsMissing, s.straddlerCount, s.useCount, s.unassigned].map(
      (a) => a.buffer,
    );
    return transfer(s, buffers as ArrayBuffer[]);
  },

  /** Keeps the buildings' floors and use (transferred) for the statistics, when no join-inputs file gave them. */
  keepColumns(floors: Float32Array, use: { codes: Uint16Array; table: string[] }): void {
    columns = { ...columns, floors, use };
  },

  /**
   * Fetches and checks a join-inputs file (src/io/joinInputs.ts) and keeps its areas, floors and use for the
   * statistics; returns its points (metres) and zone. A stale or broken file rejects with a JoinInputsError.
   */
  async loadJoinInputs(url: string, expect: JoinInputsExpectation): Promise<{ pointsXyM: Float64Array; zone: number }> {
    const inputs = decodeJoinInputs(await fetchBytes(url), url, expect);
    columns = { areaM2: inputs.areaM2, floors: inputs.floors, use: { codes: inputs.useIndex, table: inputs.useTable } };
    return transfer({ pointsXyM: inputs.pointsXyM, zone: inputs.zone }, [inputs.pointsXyM.buffer as ArrayBuffer]);
  },

  /** setBuildings with the geometry arriving as the one message on `port` (e.g. from the layers worker). */
  async receiveBuildings(port: MessagePort, crs: string, zone: number): Promise<void> {
    const geometry = await new Promise<PolygonBuffers>((ok) => {
      port.onmessage = (e: MessageEvent<PolygonBuffers>) => ok(e.data);
    });
    port.close();
    const kept = columns;
    api.setBuildings(geometry, crs, zone);
    // Columns from a join-inputs file stay: they describe these same buildings.
    columns = kept;
  },

  /** RGBA per building from its L3 cell, for the "colour by grid" style. */
  palette(cellOfBuilding: Int32Array): Uint8Array {
    const rgba = paletteByCell(cellOfBuilding);
    return transfer(rgba, [rgba.buffer as ArrayBuffer]);
  },

  /** A representative point inside each kept footprint (metres). */
  pointsOnSurface(): Float64Array {
    const xy = pointsOnSurface(requireBuildings());
    return transfer(xy, [xy.buffer as ArrayBuffer]);
  },

  /** What the grid statistics need of each kept footprint: its interior point (metres) and its area (m²). */
  joinGeometry(): { pointsXyM: Float64Array; areaM2: Float64Array } {
    const r = joinGeometry();
    return transfer(r, [r.pointsXyM.buffer as ArrayBuffer, r.areaM2.buffer as ArrayBuffer]);
  },

  /** How many footprints this worker keeps. */
  buildingCount(): number {
    const b = footprints ?? unprojected?.lonLat;
    return b ? b.featurePolyStart.length - 1 : 0;
  },

  /**
   * joinGeometry and the L3 cell of each kept footprint's point, written into the caller's whole-city columns (shared
   * memory) from building `at` on: the points never cross threads to be assigned, nothing is posted back or concatenated.
   */
  joinAndAssignInto(out: { pointsXyM: Float64Array; areaM2: Float64Array; cells: Int32Array }, at: number): void {
    const n = api.buildingCount();
    const r = joinGeometry({ pointsXyM: out.pointsXyM.subarray(2 * at, 2 * (at + n)), areaM2: out.areaM2.subarray(at, at + n) });
    assignPoints(requireIndex(), r.pointsXyM, out.cells.subarray(at, at + n));
  },

  /**
   * Decodes features [start, end) of a FlatGeobuf of buildings (`bytes` shared, not copied) and keeps their
   * footprints as setBuildings does, projected at once when `project` (a join that will need them in metres);
   * returns ids, problems and property columns.
   */
  readBuildingRange(
    bytes: Uint8Array,
    layout: FgbLayout,
    file: string,
    range: [number, number],
    request: FgbColumnRequest,
    crs: string,
    zone: number,
    project = false,
  ): Omit<FgbPolygonRange, 'packed'> & { ids: string[] } {
    const { packed, ...rest } = decodeFgbPolygons(bytes, layout, file, range[0], range[1], request);
    keepFootprints(anonymousPolygons(packed), crs, zone);
    if (project) requireBuildings();
    const buffers = [rest.sourceIndex, ...Object.values(rest.numbers), ...Object.values(rest.categories).map((c) => c.index)];
    return transfer(
      { ...rest, ids: packed.ids },
      buffers.map((a) => a.buffer as ArrayBuffer),
    );
  },
};

expose(api, workerEndpoint());
export type JoinApi = typeof api;
