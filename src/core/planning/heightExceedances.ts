// One-map height check (一张图): every building above the strictest height-limit zone its point lies in.
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { packMetricPolygons } from './metricPolygon';
import type { HeightExceedance, HeightZone } from './types';

/**
 * Buildings (one representative point each, x,y in the zones' CRS) taller than the lowest limit among the
 * zones containing them, sorted by excess, largest first. No tolerance: this is a screening list.
 */
export function heightExceedances(pointsXY: Float64Array, heightM: ArrayLike<number>, zones: readonly HeightZone[]): HeightExceedance[] {
  if (zones.length === 0) return [];
  // Zones in ascending limit: the index answers the lowest feature index on overlaps, i.e. the strictest zone.
  const order = zones.map((_, i) => i).sort((a, b) => zones[a].maxHeightM - zones[b].maxHeightM || a - b);
  const index = buildGridIndex(packMetricPolygons(order.map((i) => zones[i].footprint)));
  const zoneOf = assignPoints(index, pointsXY);
  const out: HeightExceedance[] = [];
  for (let i = 0; i < zoneOf.length; i++) {
    const z = zoneOf[i];
    if (z < 0) continue;
    const zone = zones[order[z]];
    const excessM = heightM[i] - zone.maxHeightM;
    if (excessM > 0) out.push({ index: i, zoneId: zone.id, limitM: zone.maxHeightM, heightM: heightM[i], excessM });
  }
  return out.sort((a, b) => b.excessM - a.excessM || a.index - b.index);
}
