// One-map land-use check: every building whose actual use does not fit the planned use of the land under it.
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { isUseCompatible } from './landUseCompatibility';
import { packMetricPolygons } from './metricPolygon';
import type { LandUsePolygon, UseConflict } from './types';

/**
 * Buildings (one representative point each, same CRS as the land-use polygons) on land planned for a use
 * their own does not fit (isUseCompatible), in building order. Where land-use polygons overlap, the first
 * one in the list applies; buildings on no land-use polygon are not judged.
 */
export function useConflicts(pointsXY: Float64Array, useOf: (i: number) => string, landUse: readonly LandUsePolygon[]): UseConflict[] {
  if (landUse.length === 0) return [];
  const zoneOf = assignPoints(buildGridIndex(packMetricPolygons(landUse.map((l) => l.footprint))), pointsXY);
  // Verdicts cached per planned code and actual use: a city has few distinct pairs.
  const cache = new Map<string, Map<string, boolean>>();
  const out: UseConflict[] = [];
  for (let i = 0; i < zoneOf.length; i++) {
    const z = zoneOf[i];
    if (z < 0) continue;
    const planned = landUse[z].code;
    const actual = useOf(i);
    let byActual = cache.get(planned);
    if (!byActual) cache.set(planned, (byActual = new Map()));
    let ok = byActual.get(actual);
    if (ok === undefined) byActual.set(actual, (ok = isUseCompatible(planned, actual)));
    if (!ok) out.push({ index: i, landUseId: landUse[z].id, plannedUse: planned, actualUse: actual });
  }
  return out;
}
