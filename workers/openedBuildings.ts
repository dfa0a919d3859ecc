// The building file the user opened last, kept in the tiles worker: a picked building's whole record (its tiles carry
// only the tiled columns) and its representative point, the point the grid join assigns (core/spatial/pointOnSurface).
import type { PackedPolygons } from '../src/core/geom/packed';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import type { GeoJsonFeature } from '../src/io/featureFile';

export interface OpenedBuilding {
  properties: Record<string, unknown>;
  /** The footprint's representative point (inside it), lon/lat degrees. */
  pointLonLatDeg: [number, number];
}

let opened = new Map<string, OpenedBuilding>();

/** Keeps the opened file's buildings by id (`sourceIndex`: each polygon's feature), replacing the previous file's. */
export function keepOpened(features: readonly GeoJsonFeature[], polygons: PackedPolygons, sourceIndex: Uint32Array): void {
  const points = pointsOnSurface(polygons);
  const next = new Map<string, OpenedBuilding>();
  polygons.ids.forEach((id, i) => {
    if (next.has(id)) return; // a repeated id keeps its first building
    next.set(id, { properties: { ...features[sourceIndex[i]].properties }, pointLonLatDeg: [points[2 * i], points[2 * i + 1]] });
  });
  opened = next;
}

export function openedBuilding(id: string): OpenedBuilding | null {
  return opened.get(id) ?? null;
}
