// GeoJSON features -> packed columns. Bad features are skipped and reported by file, index and id.
import type { PackedLines, PackedPolygons } from '../core/geom/packed';
import type { GeoJsonFeature } from './featureFile';
import type { FeatureProblemRef } from './dataFileText';
import { LineColumns, PolygonColumns, type PackResult } from './featureColumns';
import { CategoryTable } from './categoryTable';

export { featureProblem, type FeatureProblem, type PackResult } from './featureColumns';

/** A feature whose id is an array or object is named by its index: String() of a deeply nested array overflows the stack. */
export function idProblem(f: GeoJsonFeature): FeatureProblemRef | null {
  const id = f?.properties?.id ?? f?.id;
  return id !== null && typeof id === 'object' ? { kind: 'id-not-scalar', params: {} } : null;
}

/** True when `coords` holds an array nested `maxDepth` arrays down (a MultiPolygon's positions sit 3 down); walked without recursion. */
export function coordinatesTooDeep(coords: unknown, maxDepth = 4): boolean {
  const stack: unknown[] = [coords];
  const depths: number[] = [0];
  while (stack.length) {
    const v = stack.pop();
    const d = depths.pop()!;
    if (!Array.isArray(v)) continue;
    if (d >= maxDepth) return true;
    for (const c of v)
      if (Array.isArray(c)) {
        stack.push(c);
        depths.push(d + 1);
      }
  }
  return false;
}

export function featureId(f: GeoJsonFeature, index: number): string {
  const id = f.properties?.id ?? f.id;
  return id === undefined || id === null ? `#${index}` : String(id);
}

type Position = number[];

/** The parts (polygons or lines) of a `single` or `multi` geometry; null for any other type. */
function geometryParts(f: GeoJsonFeature, single: string, multi: string): unknown[] | null {
  const g = f?.geometry;
  return g?.type === single ? [g.coordinates] : g?.type === multi ? (g.coordinates as unknown[]) : null;
}

/** Streams a position list into the builder; a position that is not an array of numbers reads as non-finite. */
function streamPositions(b: PolygonColumns | LineColumns, positions: unknown[]): void {
  for (const p of positions as Position[]) {
    // No coercion: Number() of an array nested 10,000 deep recurses out of stack.
    if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number') b.vertex(p[0], p[1]);
    else b.vertex(NaN, NaN);
  }
}

/** Streams one feature's polygons; why it is skipped, if it is. */
function streamPolygons(b: PolygonColumns, polys: unknown[]): FeatureProblemRef | null {
  for (const rings of polys) {
    if (!Array.isArray(rings) || rings.length === 0) return { kind: 'polygon-no-rings', params: {} };
    b.polygon();
    for (const ring of rings) {
      if (!Array.isArray(ring)) return { kind: 'ring-not-array', params: {} };
      b.ring();
      streamPositions(b, ring);
      const problem = b.endRing();
      if (problem) return problem;
    }
  }
  return null;
}

/** Streams one feature's lines; why it is skipped, if it is. */
function streamLines(b: LineColumns, parts: unknown[]): FeatureProblemRef | null {
  for (const part of parts) {
    b.line();
    if (Array.isArray(part)) streamPositions(b, part);
    const problem = b.endLine();
    if (problem) return problem;
  }
  return null;
}

/** Every feature whose geometry is `single` or `multi` streamed into `b` part by part; the others named as skipped. */
function packInto<B extends PolygonColumns | LineColumns>(
  features: GeoJsonFeature[],
  b: B,
  single: string,
  multi: string,
  streamParts: (b: B, parts: unknown[]) => FeatureProblemRef | null,
): B {
  features.forEach((f, index) => {
    const bad = idProblem(f);
    if (bad) return b.skip(index, `#${index}`, bad);
    const id = featureId(f, index);
    const parts = geometryParts(f, single, multi);
    if (!parts) return b.skip(index, id, b.wrongType(f?.geometry?.type ?? 'missing'));
    b.feature();
    const problem = streamParts(b, parts);
    if (problem) b.skip(index, id, problem);
    else b.keep(id, index);
  });
  return b;
}

export function packPolygons(features: GeoJsonFeature[], file: string): PackResult<PackedPolygons> {
  return packInto(features, new PolygonColumns(file), 'Polygon', 'MultiPolygon', streamPolygons).finish();
}

export function packLines(features: GeoJsonFeature[], file: string): PackResult<PackedLines> {
  return packInto(features, new LineColumns(file), 'LineString', 'MultiLineString', streamLines).finish();
}

/** A numeric property column; missing (absent, null, empty) or non-numeric values become `fallback` (never Number(null)'s 0). */
export function numberColumn(features: GeoJsonFeature[], sourceIndex: Uint32Array, key: string, fallback = NaN): Float32Array {
  const out = new Float32Array(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const raw = features[sourceIndex[i]].properties?.[key];
    const v = typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '') ? Number(raw) : NaN;
    out[i] = Number.isFinite(v) ? v : fallback;
  }
  return out;
}

/** A categorical property column as indexes into a table of distinct values (in order of appearance). */
export function categoryColumn(
  features: GeoJsonFeature[],
  sourceIndex: Uint32Array,
  key: string,
): { index: Uint16Array; values: string[] } {
  const table = new CategoryTable();
  const index = new Uint16Array(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const raw = features[sourceIndex[i]].properties?.[key];
    index[i] = table.indexOf(raw === undefined || raw === null ? '' : String(raw));
  }
  return { index, values: table.values };
}

/** A string property column; missing values become null. */
export function stringColumn(features: GeoJsonFeature[], sourceIndex: Uint32Array, key: string): (string | null)[] {
  const out = new Array<string | null>(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const v = features[sourceIndex[i]].properties?.[key];
    out[i] = v === undefined || v === null || v === '' ? null : String(v);
  }
  return out;
}

/** A polygon feature as the lines of its rings (control lines drawn around an area); other features as they are. */
export function ringsAsLines(f: GeoJsonFeature): GeoJsonFeature {
  const g = f?.geometry;
  if (g?.type === 'Polygon') return { ...f, geometry: { type: 'MultiLineString', coordinates: g.coordinates } };
  if (g?.type === 'MultiPolygon')
    return { ...f, geometry: { type: 'MultiLineString', coordinates: (g.coordinates as unknown[][]).flat() } };
  return f;
}
