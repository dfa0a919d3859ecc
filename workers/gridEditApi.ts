// The grid-editing worker's API: holds the working grid (src/core/grid), applies edit records, answers the
// editor's cursor queries (snap, hover, cell under a point) and keeps every building's cell up to date
// with the incremental re-join. The page holds only what it draws; coordinates cross as lon/lat.
import { transfer } from 'comlink';
import { applyOp, describeOp } from '../src/core/grid/applyOp';
import { replayOps } from '../src/core/grid/replayOps';
import { joinFromFile, type FileJoin } from '../src/core/grid/fileJoin';
import { cellAreaM2, cellIndexById, type Grid } from '../src/core/grid/gridModel';
import type { GridFeatureCollection } from '../src/core/grid/gridFeatures';
import type { GridOp } from '../src/core/grid/gridOp';
import { fromWire, replayWire, toWire, WireOpError, type WireOp } from '../src/core/grid/wireOps';
import { problem as newProblem } from '../src/core/grid/problems';
import { gridToGeoJson } from '../src/core/grid/gridGeoJson';
import { toGridXY } from '../src/core/grid/gridCoords';
import { cellAtPoint, cellsNearBox, cellsOfNode, nearestEdgePoint, snapPoint, type Snap } from '../src/core/grid/gridPicking';
import { createLineSnapper, type LineSnapper } from '../src/core/grid/lineSnap';
import { gridTopology, edgeNodeIds } from '../src/core/grid/topology';
import { importGrid } from '../src/core/grid/validateGrid';
import type { Problem } from '../src/core/grid/problems';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { buildHierarchy, type GridHierarchy } from '../src/core/spatial/hierarchy';
import { fetchBytes } from '../src/io/fetchBytes';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import { gridsFromFeatures } from '../src/io/gridsData';
import { packLines } from '../src/io/packGeoJson';
import { packedBuffers } from '../src/core/geom/packed';
import type { GridsData } from '../src/io/layerData';
import {
  cellRecord,
  commit,
  fingerprint,
  indexOf,
  lonLatOf,
  ringLonLat,
  toLonLat,
  toXY,
  type CellRecord,
  type State,
} from './gridEditState';
import type { GridStats } from '../src/core/spatial/gridStats';
import { importThroughCache, indexedDbImportStore, type ImportStore } from './gridEditCache';
import { editBuildingsOf, editStats, idsOf, receiveTable, rejoinAfterEdit, type EditBuildings } from './gridEditBuildings';

/** Where the working grid came from: the city's file, or a file the editor imported in its place. */
export type GridSource = { kind: 'url'; url: string } | { kind: 'features'; name: string; features: GridFeatureCollection };

export interface CellArea {
  id: string;
  beforeM2: number | null;
  afterM2: number | null;
}

export interface MovedBuilding {
  building: number;
  /** The building's id (null before the worker has the buildings' ids). */
  id: string | null;
  from: string | null;
  to: string | null;
}

export type EditOutcome =
  | {
      ok: true;
      inverse: GridOp;
      /** The edit and its inverse as they travel to the shared grid's server (core/grid/wireOps). */
      wire: WireOp;
      inverseWire: WireOp;
      /** English description of the edit (describeOp). */
      text: string;
      cells: CellArea[];
      /** Buildings whose L3 cell changed, the first 200 listed. */
      moved: { count: number; list: MovedBuilding[]; retested: number };
    }
  | { ok: false; problem: Problem };

const MOVED_LISTED = 200;

export type { CellRecord };

/**
 * The editor's worker API over its own state (one working grid): the worker exposes one; tests call one in-process.
 * `importStore` keeps grid imports across opens (IndexedDB where there is one).
 */
export function createGridEditApi(importStore: ImportStore | null = indexedDbImportStore()) {
  let state: State | null = null;
  /** Road centrelines for snapping: lon/lat as loaded, and their index in the working grid's metres (built on first use). */
  let roads: { lonLat: Float64Array; partStart: Uint32Array; snapper: LineSnapper | null } | null = null;
  /** The buildings' ids and statistics columns, and their arrival when they are on their way. */
  let buildings: EditBuildings | null = null;
  let buildingsArrive: Promise<void> | null = null;

  function roadSnapper(s: State): LineSnapper | null {
    if (!roads) return null;
    if (!roads.snapper) {
      const xy = new Float64Array(roads.lonLat.length);
      for (let v = 0; v < xy.length; v += 2) [xy[v], xy[v + 1]] = toGridXY(s.grid, roads.lonLat.subarray(v, v + 2));
      roads.snapper = createLineSnapper(xy, roads.partStart);
    }
    return roads.snapper;
  }

  function current(): State {
    if (!state) throw new Error('grid editor has no grid: call open first');
    return state;
  }

  const api = {
    /**
     * Loads the working grid (in `crs`, projected into GK zone `zone`, the join's) and reports what the
     * import found. The fingerprint identifies the source for the edit journal.
     */
    async open(
      source: GridSource,
      crs: string,
      zone: number,
    ): Promise<{ fingerprint: string; cells: number; areas: number; problems: Problem[] }> {
      let imported: { grid: Grid; problems: Problem[]; snapped: Uint8Array };
      let print: string;
      if (source.kind === 'url') {
        const bytes = await fetchBytes(source.url);
        // The city's file, reopened unchanged, comes from the import cache (no parse, snapping or validation).
        imported = await importThroughCache(importStore, bytes, { crs, zone }, async (b) => ({
          type: 'FeatureCollection',
          features: (await readFeatures(b, source.url)) as GridFeatureCollection['features'],
        }));
        print = fingerprint(bytes);
      } else {
        imported = importGrid(source.features, { crs, zone });
        print = fingerprint(new TextEncoder().encode(JSON.stringify(source.features)));
      }
      const { grid, problems, snapped } = imported;
      const opened = source.kind === 'url' ? { grid, snapped } : null;
      state = { grid, opened, lonLat: null, index: null, pointsM: null, cellOfBuilding: null };
      if (roads) roads.snapper = null; // re-indexed in the new grid's metres
      return { fingerprint: print, cells: grid.cells.length, areas: grid.areas.length, problems };
    },

    /** Re-applies journalled edits in order (after a reload); stops at the first that no longer applies. */
    replay(ops: GridOp[]): { applied: number; error: string | null } {
      const s = current();
      const r = replayOps(s.grid, ops);
      commit(s, r.grid);
      if (s.pointsM) s.cellOfBuilding = assignPoints(indexOf(s), s.pointsM);
      return { applied: r.applied, error: r.error?.message ?? null };
    },

    /** Loads the road centrelines a boundary point may snap to (after the grid's nodes and edges); returns their vertex count. */
    async setRoads(url: string): Promise<number> {
      const features = (await readFeatures(await fetchBytes(url), url)) as GeoJsonFeature[];
      // Other geometries are not snapping targets (packLines skips them).
      const { coords, partStart } = packLines(features, url).packed;
      roads = { lonLat: coords, partStart, snapper: null };
      return coords.length / 2;
    },

    /**
     * The buildings' table arrives on `port` (from the layers worker): ids and the statistics' columns stay
     * here, footprints projected into GK zone `zone`.
     */
    receiveBuildingTable(port: MessagePort, zone: number): Promise<void> {
      buildingsArrive = receiveTable(port).then((table) => void (buildings = editBuildingsOf(table, zone)));
      return buildingsArrive;
    },

    /** The buildings' ids and columns given directly (tests, or a page that has them). */
    setBuildingColumns(columns: EditBuildings): void {
      buildings = columns;
      buildingsArrive = null;
    },

    /** The ids of buildings by index (null for an index the worker has no id for). */
    buildingIds(indices: ArrayLike<number>): (string | null)[] {
      return idsOf(buildings, indices);
    },

    /**
     * The buildings' representative points (metres, the join's zone), assigned to the working grid here: from
     * `file`, grid mode's join of the city's grid file, when given and the grid was opened from that file
     * (only the points near snapped or edited cells are located again), else by a full join.
     */
    setBuildings(pointsM: Float64Array, file?: FileJoin): { fromFileJoin: boolean } {
      const s = current();
      s.pointsM = pointsM;
      const carried = file && s.opened ? joinFromFile(s.opened.grid, s.opened.snapped, s.grid, pointsM, file) : null;
      s.cellOfBuilding = carried ?? assignPoints(indexOf(s), pointsM);
      return { fromFileJoin: carried !== null };
    },

    /** Applies one edit: the new grid is kept and the buildings re-joined, or the refusal says why and where. */
    apply(op: GridOp): EditOutcome {
      const s = current();
      const before = s.grid;
      const r = applyOp(before, op);
      if ('error' in r) return { ok: false, problem: r.error };
      const oldIds = cellIndexById(before);
      const newIds = cellIndexById(r.grid);
      const area = (g: Grid, ids: Map<string, number>, id: string) => (ids.has(id) ? cellAreaM2(g, g.cells[ids.get(id)!]) : null);
      const cells = r.changed.cells.map((id) => ({ id, beforeM2: area(before, oldIds, id), afterM2: area(r.grid, newIds, id) }));
      commit(s, r.grid);
      const moved = rejoinAfterEdit(s, before, r, buildings, MOVED_LISTED);
      return {
        ok: true,
        inverse: r.inverse,
        wire: toWire(before, op),
        inverseWire: toWire(r.grid, r.inverse),
        text: describeOp(before, op),
        cells,
        moved,
      };
    },

    /** Applies an edit record in its wire form (from the shared grid's log, or a queued edit re-applied after others'). */
    applyWire(wire: WireOp): EditOutcome {
      let op: GridOp;
      try {
        op = fromWire(current().grid, wire);
      } catch (err) {
        if (!(err instanceof WireOpError)) throw err;
        return { ok: false, problem: { ...newProblem('bad-op', [], null, 'op-failed', { error: err.message }), message: err.message } };
      }
      return api.apply(op);
    },

    /** Replays the shared grid's log (wire records, in version order); stops at the first that does not apply. */
    replayWire(wires: WireOp[]): { applied: number; error: string | null } {
      const s = current();
      const r = replayWire(s.grid, wires);
      commit(s, r.grid);
      if (s.pointsM) s.cellOfBuilding = assignPoints(indexOf(s), s.pointsM);
      return { applied: r.applied, error: r.error };
    },

    /**
     * The working grid as the scene's grid layer (lon/lat), its hierarchy, each building's L3 feature
     * in that hierarchy's numbering (-1 outside every cell), and, once the buildings' table is here, the
     * statistics of every grid and the buildings in none.
     */
    async layer(): Promise<{
      grids: GridsData;
      hierarchy: GridHierarchy;
      cellOfBuilding: Int32Array | null;
      stats: GridStats | null;
      unassigned: { index: number; id: string | null }[];
    }> {
      // A table that failed to arrive is reported by its own call; the grid is drawn without its statistics.
      if (buildingsArrive) await buildingsArrive.catch(() => undefined);
      const s = current();
      const { data } = gridsFromFeatures(gridToGeoJson(s.grid).features as GeoJsonFeature[], 'working grid');
      const hierarchy = buildHierarchy({ ids: data.polygons.ids, level: data.level, parentId: data.parentId });
      let cellOfBuilding: Int32Array | null = null;
      if (s.cellOfBuilding) {
        // Grid cell index -> the hierarchy's L3 numbering (the same order unless a cell had no geometry).
        const l3ById = new Map<string, number>();
        hierarchy.l3.forEach((f, k) => l3ById.set(data.polygons.ids[f], k));
        const map = Int32Array.from(s.grid.cells, (c) => l3ById.get(c.id) ?? -1);
        cellOfBuilding = Int32Array.from(s.cellOfBuilding, (c) => (c >= 0 ? map[c] : -1));
      }
      const buffers = [
        ...packedBuffers(data.polygons),
        data.level.buffer,
        hierarchy.parentIndex.buffer,
        hierarchy.l3.buffer,
        hierarchy.l3ToL2.buffer,
        hierarchy.l3ToL1.buffer,
      ];
      const stats = buildings && cellOfBuilding ? editStats(buildings, hierarchy, cellOfBuilding) : null;
      const unassigned = stats ? Array.from(stats.unassigned, (index) => ({ index, id: buildings?.ids[index] ?? null })) : [];
      if (stats)
        for (const a of [
          stats.buildingCount,
          stats.footprintAreaM2,
          stats.floorAreaM2,
          stats.floorsMissing,
          stats.straddlerCount,
          stats.useCount,
        ])
          buffers.push(a.buffer);
      if (cellOfBuilding) buffers.push(cellOfBuilding.buffer);
      return transfer({ grids: data, hierarchy, cellOfBuilding, stats, unassigned }, buffers as ArrayBuffer[]);
    },

    /** The L3 cell at a lon/lat point with its rings and nodes (for handles), or null outside every cell. */
    cellAt(lonLat: [number, number]): CellRecord | null {
      const s = current();
      const [x, y] = toXY(s, lonLat);
      const c = cellAtPoint(s.grid, x, y);
      return c < 0 ? null : cellRecord(s, c);
    },

    cell(id: string): CellRecord | null {
      const s = current();
      const c = cellIndexById(s.grid).get(id);
      return c === undefined ? null : cellRecord(s, c);
    },

    /**
     * Where a dragged or drawn point lands: on a node within tolM, else on an edge, else where it is.
     * `excludeNode`: the node being dragged (it must not snap to itself or its own edges).
     */
    snap(lonLat: [number, number], tolM: number, excludeNode = -1, toRoads = false) {
      const s = current();
      const [x, y] = toXY(s, lonLat);
      let hit: Snap | { kind: 'road'; x: number; y: number } = snapPoint(s.grid, x, y, tolM, excludeNode);
      const road = hit.kind === 'free' && toRoads ? roadSnapper(s)?.nearest(x, y, tolM) : null;
      if (road) hit = { kind: 'road', x: road.x, y: road.y };
      return { ...hit, lonLat: toLonLat(s, hit.x, hit.y), xy: [hit.x, hit.y] as [number, number] };
    },

    /** The edge under the cursor (within tolM) with the cells on both sides, for the hover highlight. */
    hover(lonLat: [number, number], tolM: number) {
      const s = current();
      const [x, y] = toXY(s, lonLat);
      const hit = nearestEdgePoint(s.grid, x, y, tolM);
      if (!hit) return null;
      const topo = gridTopology(s.grid);
      const sides = [topo.edgeLeft[hit.edge], topo.edgeRight[hit.edge]].filter((c) => c >= 0);
      return {
        edge: hit.edge,
        index: hit.index,
        at: toLonLat(s, hit.x, hit.y),
        xy: [hit.x, hit.y] as [number, number],
        line: ringLonLat(lonLatOf(s), edgeNodeIds(topo, hit.edge)),
        cells: sides.map((c) => cellRecord(s, c)),
      };
    },

    /**
     * The L3 cells near the camera: those meeting the view rectangle (west, south, east, north in lon/lat)
     * and their topology neighbours, as closed lon/lat outlines; none when more than `limit` meet it.
     */
    cellsNear(viewLonLat: [number, number, number, number], limit: number): { ids: string[]; outlines: number[][]; tooMany: boolean } {
      const s = current();
      const [w, so, e, n] = viewLonLat;
      const corners = [toXY(s, [w, so]), toXY(s, [e, so]), toXY(s, [e, n]), toXY(s, [w, n])];
      const xs = corners.map((c) => c[0]),
        ys = corners.map((c) => c[1]);
      const near = cellsNearBox(s.grid, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys), limit);
      if (!near) return { ids: [], outlines: [], tooMany: true };
      const lonLat = lonLatOf(s);
      const ids: string[] = [],
        outlines: number[][] = [];
      for (const c of near) {
        ids.push(s.grid.cells[c].id);
        for (const r of s.grid.cells[c].rings) {
          const ring = ringLonLat(lonLat, r);
          ring.push(ring[0], ring[1]);
          outlines.push(ring);
        }
      }
      return { ids, outlines, tooMany: false };
    },

    /** The cells a drag of `node` reshapes, for the live preview. */
    incident(node: number): CellRecord[] {
      const s = current();
      return cellsOfNode(s.grid, node).map((c) => cellRecord(s, c));
    },

    /** A free id and name for the part a split creates. */
    newCellId(of: string): { id: string; name: string } {
      const s = current();
      const ids = cellIndexById(s.grid);
      let k = 2;
      while (ids.has(`${of}-${k}`)) k++;
      const name = s.grid.cells[ids.get(of) ?? 0]?.name ?? of;
      return { id: `${of}-${k}`, name: `${name} (${k})` };
    },

    /** Converts lon/lat points to grid metres (split lines are drawn in lon/lat). */
    toXY(points: [number, number][]): [number, number][] {
      const s = current();
      return points.map((p) => toXY(s, p));
    },

    /** The working grid as GeoJSON, all three levels, in its input CRS. */
    exportGeoJson(): string {
      return JSON.stringify(gridToGeoJson(current().grid));
    },

    /** Reads a grid file the editor chose (bytes, transferred) and validates it without adopting it. */
    async checkImport(
      bytes: Uint8Array,
      name: string,
      crs: string,
      zone: number,
    ): Promise<{ features: GridFeatureCollection; cells: number; problems: Problem[] }> {
      const features: GridFeatureCollection = {
        type: 'FeatureCollection',
        features: (await readFeatures(bytes, name)) as GridFeatureCollection['features'],
      };
      const { grid, problems } = importGrid(features, { crs, zone });
      return { features, cells: grid.cells.length, problems };
    },
  };
  return api;
}

export type GridEditApi = ReturnType<typeof createGridEditApi>;
