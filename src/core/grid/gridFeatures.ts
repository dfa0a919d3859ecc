// Grid features as imported: properties read by the data contract (id, level, parentId, name) and
// each ring checked for what makes it unusable (non-finite, too few points, unclosed, not a polygon).
import type { BBox } from './gridModel';
import { problem, type Problem } from './problems';

/** The GeoJSON shape the grid reads (structural, so core needs nothing from io). */
export interface GridFeatureLike {
  type?: string;
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: GridFeatureLike[];
}

export interface ParsedFeature {
  index: number;
  id: string;
  /** As given (1, 2, 3 are valid; anything else is a bad-parent problem). */
  level: number;
  parentId: string | null;
  name: string;
  props?: Record<string, unknown>;
  /** Polygons of open rings (flat x,y in the input CRS), first ring outer; null when absent or unusable. */
  polygons: number[][][] | null;
  /** Bbox of the feature's finite coordinates in the input CRS, or null. */
  finiteBox: BBox | null;
}

const CONTRACT_KEYS = new Set(['id', 'level', 'parentId', 'name']);

export function featureIdOf(f: GridFeatureLike | null | undefined, index: number): string {
  const id = f?.properties?.id ?? f?.id;
  return id === undefined || id === null || id === '' ? `#${index}` : String(id);
}

function isPosition(p: unknown): p is number[] {
  return Array.isArray(p) && p.length >= 2;
}

type RingRef = { id: string; polygon: number; ring: number };

// The first problem of one ring, or null; `where` names the ring.
function ringProblem(raw: unknown, where: RingRef): Problem | null {
  const at = (p: number[] | null | undefined): [number, number] | null => (p ? [p[0], p[1]] : null);
  if (!Array.isArray(raw)) return problem('bad-geometry', [where.id], null, 'ring-not-array', where);
  const ring = raw as unknown[];
  let firstFinite: number[] | null = null;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    if (!isPosition(p)) return problem('bad-geometry', [where.id], at(firstFinite), 'not-a-position', { ...where, index: i });
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      const near =
        firstFinite ?? (ring.find((q) => isPosition(q) && Number.isFinite(q[0]) && Number.isFinite(q[1])) as number[] | undefined);
      return problem('non-finite-coordinate', [where.id], at(near), 'non-finite-position', {
        ...where,
        index: i,
        value: `[${p[0]}, ${p[1]}]`,
      });
    }
    firstFinite ??= p;
  }
  if (ring.length < 4) return problem('too-few-points', [where.id], at(firstFinite), 'ring-short', { ...where, count: ring.length });
  const a = ring[0] as number[],
    b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) {
    return problem('unclosed-ring', [where.id], at(b), 'ring-unclosed', {
      ...where,
      start: `[${a[0]}, ${a[1]}]`,
      end: `[${b[0]}, ${b[1]}]`,
    });
  }
  let distinct = 1;
  for (let i = 1; i < ring.length - 1; i++) {
    const p = ring[i] as number[],
      q = ring[i - 1] as number[];
    if (p[0] !== q[0] || p[1] !== q[1]) distinct++;
  }
  if (distinct < 3) return problem('too-few-points', [where.id], at(firstFinite), 'ring-few-distinct', { ...where, count: distinct });
  return null;
}

function extendBox(box: BBox | null, coords: unknown): BBox | null {
  if (!Array.isArray(coords)) return box;
  if (isPosition(coords) && typeof coords[0] === 'number') {
    if (!Number.isFinite(coords[0]) || !Number.isFinite(coords[1])) return box;
    const b: BBox = box ?? [Infinity, Infinity, -Infinity, -Infinity];
    b[0] = Math.min(b[0], coords[0]);
    b[1] = Math.min(b[1], coords[1]);
    b[2] = Math.max(b[2], coords[0]);
    b[3] = Math.max(b[3], coords[1]);
    return b;
  }
  for (const c of coords) box = extendBox(box, c);
  return box;
}

/** Reads every feature; problems of geometry come back with the feature's id and a location in the input CRS. */
export function parseGridFeatures(features: GridFeatureLike[]): { parsed: ParsedFeature[]; problems: Problem[] } {
  const parsed: ParsedFeature[] = [];
  const problems: Problem[] = [];
  features.forEach((f, index) => {
    const id = featureIdOf(f, index);
    const p = f?.properties ?? {};
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) if (!CONTRACT_KEYS.has(k)) props[k] = v;
    const rawParent = p.parentId;
    const record: ParsedFeature = {
      index,
      id,
      level: Number(p.level),
      parentId: rawParent === undefined || rawParent === null || rawParent === '' ? null : String(rawParent),
      name: p.name === undefined || p.name === null ? '' : String(p.name),
      props: Object.keys(props).length ? props : undefined,
      polygons: null,
      finiteBox: extendBox(null, f?.geometry?.coordinates),
    };
    parsed.push(record);
    const g = f?.geometry;
    if (!g || (Array.isArray(g.coordinates) && g.coordinates.length === 0)) {
      if (record.level === 3) problems.push(problem('empty-cell', [id], null, 'no-geometry', { id }));
      return;
    }
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
    if (!Array.isArray(polys)) {
      problems.push(problem('bad-geometry', [id], null, 'geometry-type', { id, geometry: String(g.type) }));
      return;
    }
    const out: number[][][] = [];
    let bad = false;
    polys.forEach((poly, pi) => {
      if (!Array.isArray(poly) || poly.length === 0) {
        problems.push(problem('bad-geometry', [id], null, 'polygon-no-rings', { id, polygon: pi }));
        bad = true;
        return;
      }
      const rings: number[][] = [];
      poly.forEach((ring: unknown, ri: number) => {
        const found = ringProblem(ring, { id, polygon: polys.length > 1 ? pi : -1, ring: ri });
        if (found) {
          problems.push(found);
          bad = true;
          return;
        }
        const positions = ring as number[][];
        const flat: number[] = [];
        for (let i = 0; i < positions.length - 1; i++) flat.push(positions[i][0], positions[i][1]);
        rings.push(flat);
      });
      out.push(rings);
    });
    if (!bad) record.polygons = out;
  });
  return { parsed, problems };
}
