// GeoJSON features -> packed columns. Bad features are skipped and reported by file, index and id.
import { F64Builder, U32Builder } from '../core/util/growable';
import type { PackedLines, PackedPolygons } from '../core/geom/packed';
import type { GeoJsonFeature } from './featureFile';
import { featureProblemText, type FeatureProblemRef } from './dataFileText';

/** A skipped feature: `kind` and `params` for the catalogue (dataFileText.ts), `message` in English. */
export type FeatureProblem = {
  file: string;
  index: number;
  id: string;
  message: string;
} & FeatureProblemRef;

/** A skipped feature, its English message rendered from the catalogue. */
export const featureProblem = (file: string, index: number, id: string, ref: FeatureProblemRef): FeatureProblem => ({
  file,
  index,
  id,
  message: featureProblemText(ref, 'en'),
  ...ref,
});

export interface PackResult<T> {
  packed: T;
  /** Index into the source features of each packed feature (bad ones are skipped). */
  sourceIndex: Uint32Array;
  problems: FeatureProblem[];
}

export function featureId(f: GeoJsonFeature, index: number): string {
  const id = f.properties?.id ?? f.id;
  return id === undefined || id === null ? `#${index}` : String(id);
}

type Position = number[];

function checkRing(ring: unknown): FeatureProblemRef | null {
  if (!Array.isArray(ring)) return { kind: 'ring-not-array', params: {} };
  if (ring.length < 4) return { kind: 'ring-short', params: { count: ring.length } };
  for (const p of ring as Position[]) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { kind: 'non-finite', params: {} };
  }
  const a = ring[0] as Position;
  const b = ring[ring.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) return { kind: 'ring-unclosed', params: {} };
  return null;
}

export function packPolygons(features: GeoJsonFeature[], file: string): PackResult<PackedPolygons> {
  const coords = new F64Builder();
  const ringStart = new U32Builder();
  const polyRingStart = new U32Builder();
  const featurePolyStart = new U32Builder();
  const bbox = new F64Builder();
  const ids: string[] = [];
  const source = new U32Builder();
  const problems: FeatureProblem[] = [];

  features.forEach((f, index) => {
    const g = f?.geometry;
    const id = featureId(f, index);
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : null;
    if (!polys) {
      problems.push(
        featureProblem(file, index, id, {
          kind: 'geometry-type',
          params: { geometry: g?.type ?? 'missing', expected: 'Polygon or MultiPolygon' },
        }),
      );
      return;
    }
    for (const poly of polys) {
      const rings = poly as unknown[];
      const bad: FeatureProblemRef | null | undefined =
        !Array.isArray(rings) || rings.length === 0 ? { kind: 'polygon-no-rings', params: {} } : rings.map(checkRing).find((m) => m);
      if (bad) {
        problems.push(featureProblem(file, index, id, bad));
        return;
      }
    }
    featurePolyStart.push(polyRingStart.length);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const poly of polys as Position[][][]) {
      polyRingStart.push(ringStart.length);
      for (const ring of poly) {
        ringStart.push(coords.length / 2);
        for (let i = 0; i < ring.length - 1; i++) {
          const x = ring[i][0],
            y = ring[i][1];
          coords.push(x);
          coords.push(y);
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
    }
    bbox.push(minX);
    bbox.push(minY);
    bbox.push(maxX);
    bbox.push(maxY);
    ids.push(id);
    source.push(index);
  });
  ringStart.push(coords.length / 2);
  polyRingStart.push(ringStart.length - 1);
  featurePolyStart.push(polyRingStart.length - 1);
  return {
    packed: {
      coords: coords.finish(),
      ringStart: ringStart.finish(),
      polyRingStart: polyRingStart.finish(),
      featurePolyStart: featurePolyStart.finish(),
      bbox: bbox.finish(),
      ids,
    },
    sourceIndex: source.finish(),
    problems,
  };
}

export function packLines(features: GeoJsonFeature[], file: string): PackResult<PackedLines> {
  const coords = new F64Builder();
  const partStart = new U32Builder();
  const featurePartStart = new U32Builder();
  const bbox = new F64Builder();
  const ids: string[] = [];
  const source = new U32Builder();
  const problems: FeatureProblem[] = [];

  features.forEach((f, index) => {
    const g = f?.geometry;
    const id = featureId(f, index);
    const parts = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? (g.coordinates as unknown[]) : null;
    if (!parts) {
      problems.push(
        featureProblem(file, index, id, {
          kind: 'geometry-type',
          params: { geometry: g?.type ?? 'missing', expected: 'LineString or MultiLineString' },
        }),
      );
      return;
    }
    for (const part of parts) {
      if (!Array.isArray(part) || part.length < 2) {
        problems.push(featureProblem(file, index, id, { kind: 'line-short', params: {} }));
        return;
      }
      if ((part as Position[]).some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
        problems.push(featureProblem(file, index, id, { kind: 'non-finite', params: {} }));
        return;
      }
    }
    featurePartStart.push(partStart.length);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const part of parts as Position[][]) {
      partStart.push(coords.length / 2);
      for (const p of part) {
        coords.push(p[0]);
        coords.push(p[1]);
        if (p[0] < minX) minX = p[0];
        if (p[1] < minY) minY = p[1];
        if (p[0] > maxX) maxX = p[0];
        if (p[1] > maxY) maxY = p[1];
      }
    }
    bbox.push(minX);
    bbox.push(minY);
    bbox.push(maxX);
    bbox.push(maxY);
    ids.push(id);
    source.push(index);
  });
  partStart.push(coords.length / 2);
  featurePartStart.push(partStart.length - 1);
  return {
    packed: {
      coords: coords.finish(),
      partStart: partStart.finish(),
      featurePartStart: featurePartStart.finish(),
      bbox: bbox.finish(),
      ids,
    },
    sourceIndex: source.finish(),
    problems,
  };
}

/** A numeric property column; missing or non-numeric values become `fallback`. */
export function numberColumn(features: GeoJsonFeature[], sourceIndex: Uint32Array, key: string, fallback = NaN): Float32Array {
  const out = new Float32Array(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const v = Number(features[sourceIndex[i]].properties?.[key]);
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
  const values: string[] = [];
  const lookup = new Map<string, number>();
  const index = new Uint16Array(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const raw = features[sourceIndex[i]].properties?.[key];
    const v = raw === undefined || raw === null ? '' : String(raw);
    let k = lookup.get(v);
    if (k === undefined) {
      k = values.length;
      values.push(v);
      lookup.set(v, k);
    }
    index[i] = k;
  }
  return { index, values };
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
