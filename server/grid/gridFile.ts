// The grid as the server holds it: the city's grid file imported by the same core code as the browser's editor
// (importGrid, CGCS2000 in, the GK zone of the coordinates' median longitude, as the join picks it), so node ids, edge
// ids and problems are the same on both sides.
import { CGCS2000 } from '../../src/core/crs/codes';
import { toMetric } from '../../src/core/crs/metric';
import { contentHash } from '../../src/core/grid/importCache';
import type { GridFeatureCollection } from '../../src/core/grid/gridFeatures';
import type { Grid } from '../../src/core/grid/gridModel';
import type { Problem } from '../../src/core/grid/problems';
import { importGrid } from '../../src/core/grid/validateGrid';
import { readFeatures } from '../../src/io/featureFile';

export interface GridFile {
  hash: string;
  crs: string;
  zone: number;
  grid: Grid;
  problems: Problem[];
}

function collectCoords(c: unknown, out: number[]): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') {
    if (Number.isFinite(c[0]) && Number.isFinite(c[1])) out.push(c[0], c[1]);
    return;
  }
  for (const x of c) collectCoords(x, out);
}

/** The zone the browser's join picks for these features (toMetric over their coordinates). */
export function zoneOf(features: GridFeatureCollection['features']): number {
  const coords: number[] = [];
  for (const f of features) collectCoords((f.geometry as { coordinates?: unknown } | null)?.coordinates, coords);
  if (!coords.length) throw new Error('the grid file has no coordinates');
  return toMetric(Float64Array.from(coords), CGCS2000).frame.zone;
}

export async function importGridFile(bytes: Uint8Array, name: string, zone?: number): Promise<GridFile> {
  const features = (await readFeatures(bytes, name)) as GridFeatureCollection['features'];
  const z = zone ?? zoneOf(features);
  const { grid, problems } = importGrid(features, { crs: CGCS2000, zone: z });
  return { hash: await contentHash(bytes), crs: CGCS2000, zone: z, grid, problems };
}
