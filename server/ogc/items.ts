// Items of a collection as GeoJSON features: one parameterised query per page (keyset paging by fid), bbox and equality
// filters in SQL, coordinates in the requested CRS. Grid items carry their version, who and when (gridItem is also
// what the grid's write side answers with).
import type { Queryable } from '../db/db';
import { HttpError } from '../http/router';
import type { FieldType } from '../load/layers';
import { GRID_FIELDS, type Collection } from './collections';
import { geometrySql, type OgcCrs } from './crs';
import type { ItemsQuery } from './params';

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface GridItemRow {
  fid: number;
  id: string;
  level: number;
  name: string;
  parent_id: string | null;
  l1_id: string | null;
  props: Record<string, unknown> | null;
  /** GeoJSON text (geometrySql), or null. */
  geometry: string | null;
  version: number;
  updated_by: string | null;
  updated_at: Date | string | null;
}

interface LayerItemRow {
  fid: number;
  id: string;
  props: Record<string, unknown>;
  geometry: string | null;
}

/** The columns a grid item is made of, with its geometry in `crs`: `SELECT ${gridItemColumns(crs)} FROM grid_cells …`. */
export function gridItemColumns(crs: OgcCrs): string {
  return `fid, id, level, name, parent_id, l1_id, props, ${geometrySql('geom', crs)} AS geometry, version, updated_by, updated_at`;
}

function pick(props: Record<string, unknown>, names: readonly string[] | null): Record<string, unknown> {
  if (!names) return props;
  const out: Record<string, unknown> = {};
  for (const n of names) if (n in props) out[n] = props[n];
  return out;
}

/** A grid_cells row as a GeoJSON feature: its extra properties, then name, level, parent, L1, version, who and when. */
export function gridItem(row: GridItemRow, properties: readonly string[] | null = null): Feature {
  const at = row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at ? new Date(row.updated_at).toISOString() : null;
  const props: Record<string, unknown> = {
    ...(row.props ?? {}),
    name: row.name,
    level: Number(row.level),
    parentId: row.parent_id,
    l1Id: row.l1_id,
    version: Number(row.version),
    updatedBy: row.updated_by,
    updatedAt: at,
  };
  return { type: 'Feature', id: row.id, geometry: row.geometry ? JSON.parse(row.geometry) : null, properties: pick(props, properties) };
}

/** The ETag of a grid item's version (what If-Match must repeat). */
export function gridEtag(version: number): string {
  return `"v${version}"`;
}

function layerItem(row: LayerItemRow, properties: readonly string[] | null): Feature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: row.geometry ? JSON.parse(row.geometry) : null,
    properties: pick(row.props ?? {}, properties),
  };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** `props -> name` compared as the field's type; the name and value are parameters. */
function propFilter(name: string, value: string, type: FieldType | FieldType[] | undefined, p: (v: unknown) => string): string {
  if (type === 'integer' || type === 'number') {
    if (!NUMBER.test(value)) throw new HttpError(400, `${name}: expected a number, got "${value}"`);
    return `props -> ${p(name)} = to_jsonb(${p(value)}::numeric)`;
  }
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new HttpError(400, `${name}: expected true or false, got "${value}"`);
    return `props -> ${p(name)} = to_jsonb(${p(value)}::boolean)`;
  }
  return `props ->> ${p(name)} = ${p(value)}`;
}

/** A grid column compared as its type (column names from GRID_FIELDS only). */
function gridFilter(name: string, value: string, p: (v: unknown) => string): string {
  const f = GRID_FIELDS[name];
  if (f.type === 'integer') {
    if (!/^-?\d{1,15}$/.test(value)) throw new HttpError(400, `${name}: expected an integer, got "${value}"`);
    return `${f.column} = ${p(value)}::bigint`;
  }
  if (name === 'updatedAt') {
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/.test(value) || Number.isNaN(Date.parse(value)))
      throw new HttpError(400, `${name}: expected an RFC 3339 time, got "${value}"`);
    return `${f.column} = ${p(value)}::timestamptz`;
  }
  return `${f.column} = ${p(value)}`;
}

function bboxFilter(bbox: NonNullable<ItemsQuery['bbox']>, p: (v: unknown) => string): string {
  const env = `ST_MakeEnvelope(${p(bbox.xmin)}::float8, ${p(bbox.ymin)}::float8, ${p(bbox.xmax)}::float8, ${p(bbox.ymax)}::float8, ${bbox.srid})`;
  if (bbox.srid === 4490) return `ST_Intersects(geom, ${env})`;
  // A GK box is curved in lon/lat: its edges densified before the transform (a vertex per ~1/500 of its perimeter).
  const step = Math.max(10, (bbox.xmax - bbox.xmin + bbox.ymax - bbox.ymin) / 500);
  return `ST_Intersects(geom, ST_Transform(ST_Segmentize(${env}, ${p(step)}::float8), 4490))`;
}

export interface Page {
  features: Feature[];
  /** The fid to continue after, when there are more. */
  next: number | null;
}

/** One page of a collection's items. */
export async function queryItems(db: Queryable, c: Collection, q: ItemsQuery): Promise<Page> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  let select: string;
  if (c.kind === 'grid') {
    select = `SELECT ${gridItemColumns(q.crs)} FROM grid_cells`;
    where.push(`level = ${p(c.level)}`, 'NOT deleted');
  } else {
    select = `SELECT fid, id, props, ${geometrySql('geom', q.crs)} AS geometry FROM features`;
    where.push(`layer = ${p(c.id)}`);
  }
  where.push(`fid > ${p(q.after)}`);
  if (q.bbox) where.push(bboxFilter(q.bbox, p));
  for (const f of q.filters) {
    if (c.kind === 'grid' && GRID_FIELDS[f.name]) where.push(gridFilter(f.name, f.value, p));
    else where.push(propFilter(f.name, f.value, c.kind === 'grid' ? 'string' : c.fields[f.name], p));
  }
  const rows = await db.query<GridItemRow & LayerItemRow>(
    `${select} WHERE ${where.join(' AND ')} ORDER BY fid LIMIT ${p(q.limit + 1)}`,
    params,
  );
  const more = rows.length > q.limit;
  if (more) rows.length = q.limit;
  const features = rows.map((r) => (c.kind === 'grid' ? gridItem(r, q.properties) : layerItem(r, q.properties)));
  return { features, next: more ? Number(rows[rows.length - 1].fid) : null };
}

/** The count of items a request without bbox or filters matches. */
export async function countItems(db: Queryable, c: Collection): Promise<number> {
  if (c.kind === 'layer' && c.count !== null) return c.count;
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_cells WHERE level = $1 AND NOT deleted', [c.level]);
  return Number(rows[0].n);
}

/** One item by its id, with the grid row's version; null when missing. */
export async function queryItem(
  db: Queryable,
  c: Collection,
  id: string,
  crs: OgcCrs,
): Promise<{ feature: Feature; version: number | null } | null> {
  if (c.kind === 'grid') {
    const rows = await db.query<GridItemRow>(
      `SELECT ${gridItemColumns(crs)} FROM grid_cells WHERE id = $1 AND level = $2 AND NOT deleted`,
      [id, c.level],
    );
    return rows.length ? { feature: gridItem(rows[0]), version: Number(rows[0].version) } : null;
  }
  const rows = await db.query<LayerItemRow>(
    `SELECT fid, id, props, ${geometrySql('geom', crs)} AS geometry FROM features WHERE layer = $1 AND id = $2`,
    [c.id, id],
  );
  return rows.length ? { feature: layerItem(rows[0], null), version: null } : null;
}
