// Land-use balance table (用地平衡表): area and count of land-use polygons per code.
import { areaM2 } from './metricPolygon';
import type { MetricPolygon } from './types';

export function landUseAreas(
  landUse: readonly { code: string; footprint: MetricPolygon }[],
): { code: string; areaM2: number; count: number }[] {
  const byCode = new Map<string, { code: string; areaM2: number; count: number }>();
  for (const l of landUse) {
    const code = String(l.code);
    let row = byCode.get(code);
    if (!row) byCode.set(code, (row = { code, areaM2: 0, count: 0 }));
    row.areaM2 += areaM2(l.footprint);
    row.count++;
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
