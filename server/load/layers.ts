// `cim db load`'s vector layers: every layer file of the city's manifest (and its sensors as points) into `layers` and
// `features`, one OGC API collection each. Features stream from the file in batches of one parameterised INSERT; a
// feature whose geometry cannot be stored is skipped and named in the summary, never aborting the city.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamFeatures, type GeoJsonFeature } from '../../src/io/featureFile';
import type { Queryable } from '../db/db';

/** The manifest's vector layer keys, in load order, with their collection titles. */
export const LAYER_TITLES: Readonly<Record<string, string>> = {
  buildings: 'Buildings',
  roads: 'Roads',
  controlLines: 'Control lines',
  parcels: 'Parcels',
  greenSpaces: 'Green spaces',
  landUse: 'Land use (current plan)',
  landUse2035: 'Land use (2035 plan)',
  heightLimits: 'Height limits',
  pipelines: 'Pipelines',
  sensors: 'Sensors',
};

/** A property's JSON Schema type; a list when the layer mixes types (nulls are left out). */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
export type Fields = Record<string, FieldType | FieldType[]>;

export interface LayerSummary {
  name: string;
  file: string;
  features: number;
  skipped: number;
  /** The first skipped features, named: "feature 12 (id B-0000013): no geometry". */
  skippedExamples: string[];
  ms: number;
}

const BATCH = 2000;
const SKIP_EXAMPLES = 10;
const GEOMETRY_DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** Why a geometry cannot be stored (ST_GeomFromGeoJSON would fail or store nothing useful), or null. */
export function storableProblem(g: unknown, depth = 0): string | null {
  if (!g || typeof g !== 'object') return 'no geometry';
  const { type, coordinates, geometries } = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (type === 'GeometryCollection') {
    if (depth > 4) return 'geometry collections nested too deep';
    if (!Array.isArray(geometries) || !geometries.length) return 'empty geometry collection';
    for (const part of geometries) {
      const p = storableProblem(part, depth + 1);
      if (p) return p;
    }
    return null;
  }
  const want = typeof type === 'string' ? GEOMETRY_DEPTH[type] : undefined;
  if (want === undefined) return `unknown geometry type ${JSON.stringify(type)}`;
  const ring = type === 'Polygon' || type === 'MultiPolygon';
  const minPoints = ring ? 4 : type === 'LineString' || type === 'MultiLineString' ? 2 : 1;
  return coordsProblem(coordinates, want, minPoints, ring);
}

function coordsProblem(c: unknown, depth: number, minPoints: number, ring: boolean): string | null {
  if (!Array.isArray(c)) return 'coordinates missing';
  if (depth === 0) return c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]) ? null : 'a position is not finite';
  if (!c.length) return 'empty coordinates';
  if (depth === 1) {
    if (c.length < minPoints) return `${c.length} points, fewer than ${minPoints}`;
    for (const p of c) if (coordsProblem(p, 0, minPoints, ring)) return 'a position is not finite';
    if (ring) {
      const a = c[0] as number[];
      const b = c[c.length - 1] as number[];
      if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring is not closed';
    }
    return null;
  }
  for (const part of c) {
    const p = coordsProblem(part, depth - 1, minPoints, ring);
    if (p) return p;
  }
  return null;
}

function jsonType(v: unknown): FieldType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as FieldType;
  return Array.isArray(v) ? 'array' : 'object';
}

/** Merges one value's type into a field's: integer and number make number, other mixes a list. */
function mergeType(had: FieldType | FieldType[] | undefined, t: FieldType): FieldType | FieldType[] {
  if (had === undefined || had === t) return t;
  const list = Array.isArray(had) ? had : [had];
  if (list.includes(t)) return had;
  if ((t === 'number' || t === 'integer') && (list.includes('number') || list.includes('integer'))) {
    const out = list.map((x) => (x === 'integer' ? 'number' : x));
    return out.length === 1 ? out[0] : out;
  }
  return [...list, t].sort();
}

/** Things of a SensorThings file (cim demo's sensors.json) as point features: id, name, type and the Thing's properties. */
export function thingFeatures(json: unknown): Iterable<GeoJsonFeature> {
  const things = (json as { Things?: unknown })?.Things;
  if (!Array.isArray(things)) throw new Error('not a SensorThings file (no "Things" array)');
  return thingsAsPoints(things as Record<string, unknown>[]);
}

function* thingsAsPoints(things: Record<string, unknown>[]): Generator<GeoJsonFeature> {
  for (const t of things) {
    const loc = (t?.Locations as { location?: GeoJsonFeature['geometry']; properties?: Record<string, unknown> }[] | undefined)?.[0];
    const streams = t?.Datastreams;
    yield {
      type: 'Feature',
      geometry: loc?.location ?? null,
      properties: {
        id: t?.['@iot.id'] === undefined ? undefined : String(t['@iot.id']),
        name: t?.name ?? null,
        description: t?.description ?? null,
        ...((t?.properties as Record<string, unknown>) ?? {}),
        ...(loc?.properties ?? {}),
        datastreams: Array.isArray(streams) ? streams.length : 0,
      },
    };
  }
}

interface Batch {
  fid: number[];
  id: string[];
  props: string[];
  geom: string[];
}

async function insertBatch(tx: Queryable, layer: string, b: Batch): Promise<void> {
  if (!b.fid.length) return;
  // 2D on the way in: the column has no Z, and the city files' heights live in properties.
  await tx.query(
    `INSERT INTO features (layer, fid, id, props, geom)
     SELECT $1, r.fid, r.id, r.props, ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4490))
     FROM unnest($2::bigint[], $3::text[], $4::jsonb[], $5::text[]) AS r(fid, id, props, geom)`,
    [layer, b.fid, b.id, b.props, b.geom],
  );
  b.fid = [];
  b.id = [];
  b.props = [];
  b.geom = [];
}

function extendBox(c: unknown, box: number[]): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') {
    if (c[0] < box[0]) box[0] = c[0];
    if (c[1] < box[1]) box[1] = c[1];
    if (c[0] > box[2]) box[2] = c[0];
    if (c[1] > box[3]) box[3] = c[1];
    return;
  }
  for (const x of c) extendBox(x, box);
}

function geometryBox(g: { type: string; coordinates?: unknown; geometries?: unknown[] }, box: number[]): void {
  if (g.type === 'GeometryCollection') for (const part of g.geometries ?? []) geometryBox(part as typeof g, box);
  else extendBox(g.coordinates, box);
}

/** Loads one layer's features (the layers row first: features reference it). */
export async function loadLayer(
  tx: Queryable,
  name: string,
  file: string,
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>,
): Promise<LayerSummary> {
  const started = performance.now();
  await tx.query(
    `INSERT INTO layers (name, title, source_file, geometry_type, feature_count, extent, fields) VALUES ($1, $2, $3, 'Geometry', 0, '{}', '{}')`,
    [name, LAYER_TITLES[name] ?? name, file],
  );
  const batch: Batch = { fid: [], id: [], props: [], geom: [] };
  const seen = new Set<string>();
  const fields: Fields = {};
  const types = new Set<string>();
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const skippedExamples: string[] = [];
  let index = 0;
  let loaded = 0;
  let skipped = 0;
  for await (const f of features) {
    const fid = index++;
    const props = f?.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? f.properties : {};
    const raw = props.id ?? f?.id;
    const id = raw === undefined || raw === null || raw === '' ? String(fid) : String(raw);
    const problem = storableProblem(f?.geometry) ?? (seen.has(id) ? 'duplicate id' : null);
    if (problem) {
      skipped++;
      if (skippedExamples.length < SKIP_EXAMPLES) skippedExamples.push(`feature ${fid} (id ${id}): ${problem}`);
      continue;
    }
    seen.add(id);
    const g = f.geometry!;
    types.add(g.type);
    geometryBox(g, box);
    for (const [k, v] of Object.entries(props)) {
      const t = jsonType(v);
      if (t) fields[k] = mergeType(fields[k], t);
    }
    batch.fid.push(fid);
    batch.id.push(id);
    batch.props.push(JSON.stringify(props));
    batch.geom.push(JSON.stringify(g));
    loaded++;
    if (batch.fid.length >= BATCH) await insertBatch(tx, name, batch);
  }
  await insertBatch(tx, name, batch);
  const geometryType = types.size === 1 ? [...types][0] : 'Geometry';
  await tx.query(`UPDATE layers SET geometry_type = $2, feature_count = $3, extent = $4, fields = $5 WHERE name = $1`, [
    name,
    geometryType,
    loaded,
    loaded ? box : [],
    JSON.stringify(fields),
  ]);
  return { name, file, features: loaded, skipped, skippedExamples, ms: Math.round(performance.now() - started) };
}

/** Every vector layer of the manifest, replacing those loaded before. */
export async function loadLayers(
  tx: Queryable,
  dir: string,
  files: Readonly<Record<string, string>>,
  log: (line: string) => void,
): Promise<LayerSummary[]> {
  await tx.query('DELETE FROM features');
  await tx.query('DELETE FROM layers');
  const out: LayerSummary[] = [];
  for (const name of Object.keys(LAYER_TITLES)) {
    const file = files[name];
    if (!file) continue;
    const path = join(dir, file);
    const bytes = readFileSync(path);
    const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>;
    try {
      features = name === 'sensors' ? thingFeatures(JSON.parse(bytes.toString('utf8'))) : streamFeatures(u8, file);
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
    }
    const s = await loadLayer(tx, name, file, features);
    log(`${name}: ${s.features} features in ${s.ms} ms${s.skipped ? `, ${s.skipped} skipped (${s.skippedExamples.join('; ')})` : ''}`);
    out.push(s);
  }
  return out;
}
