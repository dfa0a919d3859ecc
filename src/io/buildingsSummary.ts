// The page's view of the city's buildings (count, counts by use, extent) and a building's place, computed
// where the columns are (the layers worker), so the page holds nothing per building.
import type { BuildingPlace, BuildingsData, BuildingsSummary } from './layerData';

export function buildingsSummary(data: BuildingsData): BuildingsSummary {
  const byUse: Record<string, number> = {};
  const counts = new Uint32Array(data.useCodes.length);
  for (let i = 0; i < data.useIndex.length; i++) counts[data.useIndex[i]]++;
  data.useCodes.forEach((code, k) => {
    if (counts[k]) byUse[code] = (byUse[code] ?? 0) + counts[k];
  });
  const b = data.polygons.bbox;
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (let i = 0; i < b.length; i += 4) {
    if (b[i] < w) w = b[i];
    if (b[i + 1] < s) s = b[i + 1];
    if (b[i + 2] > e) e = b[i + 2];
    if (b[i + 3] > n) n = b[i + 3];
  }
  return { count: data.polygons.ids.length, byUse, bboxLonLatDeg: [w, s, e, n], problems: data.problems };
}

/** Building `row`'s place, null for a row the columns do not have. */
export function buildingPlace(data: BuildingsData, row: number): BuildingPlace | null {
  if (!Number.isInteger(row) || row < 0 || row >= data.polygons.ids.length) return null;
  const [w, s, e, n] = data.polygons.bbox.subarray(4 * row, 4 * row + 4);
  return { lonDeg: (w + e) / 2, latDeg: (s + n) / 2, midHeightM: data.baseM[row] + data.heightM[row] / 2 };
}
