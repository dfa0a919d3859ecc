// The buildings as the grid-editing worker keeps them: ids and the statistics' columns (floors, use,
// footprints in the join's metres), received once from the layers worker over a channel, so the page
// holds no building column and the working grid's statistics are computed here, by the join's one rule; after an edit the
// buildings near the changed cells are re-joined here too.
import { cellIndexMap, changedBoxesM } from '../src/core/grid/changes';
import type { OpApplied } from '../src/core/grid/gridOp';
import type { Grid } from '../src/core/grid/gridModel';
import { rejoinCells } from '../src/core/grid/rejoinCells';
import type { MovedBuilding } from './gridEditApi';
import type { State } from './gridEditState';
import { CGCS2000 } from '../src/core/crs/codes';
import { toMetric } from '../src/core/crs/metric';
import { withCoords, type PackedPolygons } from '../src/core/geom/packed';
import { gridStats, type GridStats } from '../src/core/spatial/gridStats';
import type { GridHierarchy } from '../src/core/spatial/hierarchy';
import type { BuildingsData } from '../src/io/layerData';

export interface EditBuildings {
  ids: readonly string[];
  floors: ArrayLike<number> | null;
  use: { codes: Uint16Array; table: string[] } | null;
  /** Footprints in the join's metres (the statistics' areas); null: no statistics here. */
  footprintsM: PackedPolygons | null;
}

/** Waits for the one message (the layers worker's building table) on `port`. */
export function receiveTable(port: MessagePort): Promise<BuildingsData> {
  return new Promise((ok) => {
    port.onmessage = (e: MessageEvent<BuildingsData>) => {
      port.close();
      ok(e.data);
    };
  });
}

/** The table's columns, its footprints projected into GK zone `zone` as the join's workers project them. */
export function editBuildingsOf(table: BuildingsData, zone: number, crs = CGCS2000): EditBuildings {
  const { polygons } = table;
  return {
    ids: polygons.ids,
    floors: table.floors,
    use: { codes: table.useIndex, table: table.useCodes },
    footprintsM: withCoords(polygons, toMetric(polygons.coords, crs, zone).xyM),
  };
}

/** Statistics of every grid feature for the working grid's join, or null without footprints. */
export function editStats(b: EditBuildings, hierarchy: GridHierarchy, l3OfBuilding: Int32Array): GridStats | null {
  if (!b.footprintsM) return null;
  return gridStats({ hierarchy, buildings: b.footprintsM, l3OfBuilding, floors: b.floors ?? undefined, use: b.use ?? undefined });
}

/** The ids of some buildings (by index), null past the end. */
export function idsOf(b: EditBuildings | null, indices: ArrayLike<number>): (string | null)[] {
  return Array.from(indices, (i) => b?.ids[i] ?? null);
}

/**
 * After an edit (`before` → `edit.grid`, already committed to `s`): the buildings near the changed cells re-joined in
 * place (only those cells are indexed), and the first `listed` that changed cell, named.
 */
export function rejoinAfterEdit(
  s: State,
  before: Grid,
  edit: OpApplied,
  buildings: EditBuildings | null,
  listed: number,
): { count: number; list: MovedBuilding[]; retested: number } {
  if (!s.pointsM || !s.cellOfBuilding) return { count: 0, list: [], retested: 0 };
  const j = rejoinCells(edit.grid, s.pointsM, s.cellOfBuilding, changedBoxesM(edit.changed), cellIndexMap(before, edit.grid), {
    inPlace: true,
  });
  const list = Array.from(j.changed.subarray(0, listed), (b, k) => {
    const from = j.changedFrom[k],
      to = j.assignment[b];
    return {
      building: b,
      id: buildings?.ids[b] ?? null,
      from: from >= 0 ? before.cells[from].id : null,
      to: to >= 0 ? edit.grid.cells[to].id : null,
    };
  });
  s.cellOfBuilding = j.assignment;
  return { count: j.changed.length, list, retested: j.retested };
}
