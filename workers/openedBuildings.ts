// The building file the user opened last, kept in the tiles worker: a picked building's whole record (its tiles carry
// only the tiled columns) and its representative point, the point the grid join assigns (core/spatial/pointOnSurface).
// A file becomes the opened one when its tiles are done: a Cancel during tiling keeps the one drawn before.
import type { PackedPolygons } from '../src/core/geom/packed';
import { pointsOnSurface } from '../src/core/spatial/pointOnSurface';
import type { GeoJsonFeature } from '../src/io/featureFile';

export interface OpenedBuilding {
  properties: Record<string, unknown>;
  /** The footprint's representative point (inside it), lon/lat degrees. */
  pointLonLatDeg: [number, number];
}

let opened = new Map<string, OpenedBuilding>();
/** The records of a file whose tiling is under way: they become the opened file's once its job finishes. */
let pending: { job: number; records: Map<string, OpenedBuilding> } | null = null;

/** The buildings of a file by id (`sourceIndex`: each polygon's feature), with their representative points. */
export function openedRecords(
  features: readonly GeoJsonFeature[],
  polygons: PackedPolygons,
  sourceIndex: Uint32Array,
): Map<string, OpenedBuilding> {
  const points = pointsOnSurface(polygons);
  const records = new Map<string, OpenedBuilding>();
  polygons.ids.forEach((id, i) => {
    if (records.has(id)) return; // a repeated id keeps its first building
    records.set(id, { properties: { ...features[sourceIndex[i]].properties }, pointLonLatDeg: [points[2 * i], points[2 * i + 1]] });
  });
  return records;
}

/** Holds `records` until tiling job `job` finishes; a cancelled job leaves the file opened before in place. */
export function stageOpened(job: number, records: Map<string, OpenedBuilding>): void {
  pending = { job, records };
}

/** Job `job` is over: finished (its file is now the opened one) or dropped. */
export function jobEnded(job: number, finished: boolean): void {
  if (pending?.job !== job) return;
  if (finished) opened = pending.records;
  pending = null;
}

export function openedBuilding(id: string): OpenedBuilding | null {
  return opened.get(id) ?? null;
}
