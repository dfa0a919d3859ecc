// The OGC API collections: every loaded vector layer (table `layers`) and the grid's three levels (`grid_cells`), with
// the fields that may be filtered on or selected, read from the database per request (a reload shows at once).
import type { Queryable } from '../db/db';
import { LAYER_TITLES, type FieldType, type Fields } from '../load/layers';
import { metricSrid } from './crs';

export interface Collection {
  id: string;
  title: string;
  description: string;
  kind: 'layer' | 'grid';
  /** Grid collections: the level 1, 2 or 3. */
  level: number | null;
  geometryType: string;
  /** [minLon, minLat, maxLon, maxLat], or null when empty. */
  extent: number[] | null;
  /** The feature count when cheap (a layer's is recorded at load). */
  count: number | null;
  fields: Fields;
}

export const GRID_COLLECTIONS: Readonly<Record<string, number>> = { grid_l1: 1, grid_l2: 2, grid_l3: 3 };

/** The grid's columns as item properties, with their types: the filterable ones map to fixed SQL columns. */
export const GRID_FIELDS: Readonly<Record<string, { column: string; type: FieldType }>> = {
  name: { column: 'name', type: 'string' },
  level: { column: 'level', type: 'integer' },
  parentId: { column: 'parent_id', type: 'string' },
  l1Id: { column: 'l1_id', type: 'string' },
  version: { column: 'version', type: 'integer' },
  updatedBy: { column: 'updated_by', type: 'string' },
  updatedAt: { column: 'updated_at', type: 'string' },
};

interface LayerRow {
  name: string;
  title: string;
  source_file: string;
  geometry_type: string;
  feature_count: number;
  extent: number[];
  fields: Fields;
}

function layerCollection(r: LayerRow): Collection {
  return {
    id: r.name,
    title: r.title,
    description: `${r.title}: ${r.feature_count} features from the city's ${r.source_file}`,
    kind: 'layer',
    level: null,
    geometryType: r.geometry_type,
    extent: r.extent?.length === 4 ? r.extent.map(Number) : null,
    count: r.feature_count,
    fields: r.fields ?? {},
  };
}

async function gridFields(db: Queryable, level: number): Promise<Fields> {
  const fields: Fields = {};
  for (const [k, v] of Object.entries(GRID_FIELDS)) fields[k] = v.type;
  const keys = await db.query<{ k: string }>(
    'SELECT DISTINCT jsonb_object_keys(props) AS k FROM grid_cells WHERE level = $1 AND NOT deleted ORDER BY 1',
    [level],
  );
  for (const { k } of keys) if (!(k in fields)) fields[k] = 'string';
  return fields;
}

function gridCollection(id: string, level: number, fields: Fields, extent: number[] | null, count: number | null): Collection {
  const what = ['', 'level-1 grids (街道/乡镇)', 'level-2 grids (社区)', 'level-3 cells (网格)'][level];
  return {
    id,
    title: `Grid level ${level}`,
    description: `The shared grid map's ${what}, as edited on this server (each item has its version)`,
    kind: 'grid',
    level,
    geometryType: 'MultiPolygon',
    extent,
    count,
    fields,
  };
}

const layerOrder = (name: string) => {
  const i = Object.keys(LAYER_TITLES).indexOf(name);
  return i < 0 ? Infinity : i;
};

/** Every collection, with extents and counts. */
export async function listCollections(db: Queryable): Promise<Collection[]> {
  const layers = await db.query<LayerRow>('SELECT name, title, source_file, geometry_type, feature_count, extent, fields FROM layers');
  layers.sort((a, b) => layerOrder(a.name) - layerOrder(b.name) || a.name.localeCompare(b.name));
  const out = layers.map(layerCollection);
  const grid = await db.query<{ level: number; n: number; xmin: number | null; ymin: number; xmax: number; ymax: number }>(
    `SELECT level, count(*)::int AS n, ST_XMin(ST_Extent(geom)) AS xmin, ST_YMin(ST_Extent(geom)) AS ymin,
            ST_XMax(ST_Extent(geom)) AS xmax, ST_YMax(ST_Extent(geom)) AS ymax
     FROM grid_cells WHERE NOT deleted GROUP BY level`,
  );
  if ((await db.query('SELECT 1 FROM grid_base')).length)
    for (const [id, level] of Object.entries(GRID_COLLECTIONS)) {
      const g = grid.find((r) => Number(r.level) === level);
      const extent = g && g.xmin !== null ? [g.xmin, g.ymin, g.xmax, g.ymax].map(Number) : null;
      out.push(gridCollection(id, level, await gridFields(db, level), extent, g ? Number(g.n) : 0));
    }
  return out;
}

/** One collection without its extent (what an items request needs), or null. */
export async function findCollection(db: Queryable, id: string): Promise<Collection | null> {
  const level = GRID_COLLECTIONS[id];
  if (level) {
    if (!(await db.query('SELECT 1 FROM grid_base')).length) return null;
    return gridCollection(id, level, await gridFields(db, level), null, null);
  }
  const rows = await db.query<LayerRow>(
    'SELECT name, title, source_file, geometry_type, feature_count, extent, fields FROM layers WHERE name = $1',
    [id],
  );
  return rows.length ? layerCollection(rows[0]) : null;
}

/** The city's GK zone (EPSG code) from the loaded manifest, or null. */
export async function cityMetricSrid(db: Queryable): Promise<number | null> {
  const rows = await db.query<{ m: string | null }>(`SELECT manifest ->> 'metricCrs' AS m FROM city LIMIT 1`);
  return rows.length ? metricSrid(rows[0].m) : null;
}
