// The grid join run synchronously on the main thread: the baseline `npm run bench:join-ui` compares
// the worker pool with (how long the page would freeze). Loaded on demand from the debug API only.
import { toMetric } from '../core/crs/metric';
import { selectPolygons, withCoords } from '../core/geom/packed';
import { assignOverlap } from '../core/spatial/assignOverlap';
import { assignPoints } from '../core/spatial/assignPoints';
import { buildGridIndex } from '../core/spatial/gridIndex';
import { gridStats } from '../core/spatial/gridStats';
import { buildHierarchy } from '../core/spatial/hierarchy';
import { pointsOnSurface } from '../core/spatial/pointOnSurface';
import type { BuildingsData, GridsData } from '../io/layerData';
import { CGCS2000 } from '../core/crs/codes';

/** The same steps as runGridJoin, in one task; returns the L3 cell per building (hierarchy.l3 index). */
export function joinOnMainThread(grids: GridsData, buildings: BuildingsData): Int32Array {
  const hierarchy = buildHierarchy({ ids: grids.polygons.ids, level: grids.level, parentId: grids.parentId });
  const cells = selectPolygons(grids.polygons, hierarchy.l3);
  const cellsM = toMetric(cells.coords, CGCS2000);
  const index = buildGridIndex(withCoords(cells, cellsM.xyM));
  const footprints = withCoords(buildings.polygons, toMetric(buildings.polygons.coords, CGCS2000, cellsM.frame.zone).xyM);
  const cellOfBuilding = assignPoints(index, pointsOnSurface(footprints));
  gridStats({
    hierarchy,
    buildings: footprints,
    l3OfBuilding: cellOfBuilding,
    floors: buildings.floors,
    use: { codes: buildings.useIndex, table: buildings.useCodes },
  });
  assignOverlap(index, footprints);
  return cellOfBuilding;
}
