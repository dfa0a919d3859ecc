// Whether an imported feature's geometry can serve its role: the right type, finite coordinates, enough points.
// (Zero-area and invalid polygons are judged by the shared fault rules downstream; this only keeps out what cannot be read.)
import type { ImportRole } from './roles';

const POLYGONS = ['Polygon', 'MultiPolygon'];
const LINES = ['LineString', 'MultiLineString'];

/** Geometry types each role takes. */
export const ROLE_GEOMETRIES: Record<ImportRole, readonly string[] | null> = {
  buildings: POLYGONS,
  grids: POLYGONS,
  parcels: POLYGONS,
  heightLimits: POLYGONS,
  greenSpaces: POLYGONS,
  pipelines: LINES,
  controlLines: [...LINES, ...POLYGONS],
  overlay: null,
};

export type GeometryProblem = 'no-geometry' | 'wrong-type' | 'non-finite' | 'too-few-points';

/** Checks nested coordinate arrays: every position finite, every ring or line long enough. */
function checkCoords(coords: unknown, depth: number, minPoints: number): GeometryProblem | null {
  if (!Array.isArray(coords)) return 'non-finite';
  if (depth === 0) return coords.length >= 2 && Number.isFinite(coords[0]) && Number.isFinite(coords[1]) ? null : 'non-finite';
  if (depth === 1 && coords.length < minPoints) return 'too-few-points';
  if (depth > 1 && coords.length === 0) return 'too-few-points';
  for (const c of coords) {
    const p = checkCoords(c, depth - 1, minPoints);
    if (p) return p;
  }
  return null;
}

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** The reason a geometry cannot be imported for `role`, or null. */
export function geometryProblem(role: ImportRole, geometry: { type: string; coordinates?: unknown } | null): GeometryProblem | null {
  if (!geometry) return 'no-geometry';
  const allowed = ROLE_GEOMETRIES[role];
  if (allowed && !allowed.includes(geometry.type)) return 'wrong-type';
  const depth = DEPTH[geometry.type];
  if (depth === undefined) return allowed ? 'wrong-type' : null;
  const minPoints = geometry.type.endsWith('Polygon') ? 4 : geometry.type.endsWith('LineString') ? 2 : 1;
  return checkCoords(geometry.coordinates, depth, minPoints);
}
