// Grid records as rows of grid_cells: id, level, name, parent, the L1 it lies in, extra properties and the geometry as
// GeoJSON in CGCS2000 lon/lat (L1/L2 outlines derived from their cells, as the browser's export does).
import { gridToGeoJson } from '../../src/core/grid/gridGeoJson';
import type { Grid } from '../../src/core/grid/gridModel';
import type { Queryable } from '../db/db';

export interface GridRow {
  id: string;
  level: 1 | 2 | 3;
  name: string;
  parentId: string | null;
  l1Id: string | null;
  props: Record<string, unknown>;
  geometry: string | null;
}

const CONTRACT = new Set(['id', 'level', 'parentId', 'name']);

/** The L1 of every record (itself for an L1). */
export function l1Index(grid: Grid): Map<string, string | null> {
  const parent = new Map<string, string | null>();
  for (const a of grid.areas) parent.set(a.id, a.parentId);
  const out = new Map<string, string | null>();
  for (const a of grid.areas) out.set(a.id, a.level === 1 ? a.id : (a.parentId ?? null));
  for (const c of grid.cells) out.set(c.id, c.parentId ? (parent.get(c.parentId) ?? null) : null);
  return out;
}

/** Rows for `ids` (all records when omitted). */
export function gridRows(grid: Grid, ids?: ReadonlySet<string>): GridRow[] {
  const l1 = l1Index(grid);
  // For a few ids (an edit) only the cells they need are exported: an L1/L2 outline is the union of its cells.
  const fc = gridToGeoJson(ids ? subsetFor(grid, ids) : grid);
  const out: GridRow[] = [];
  for (const f of fc.features) {
    const p = f.properties as Record<string, unknown>;
    const id = String(p.id);
    if (ids && !ids.has(id)) continue;
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) if (!CONTRACT.has(k)) props[k] = v;
    out.push({
      id,
      level: Number(p.level) as 1 | 2 | 3,
      name: String(p.name ?? ''),
      parentId: (p.parentId as string | null) ?? null,
      l1Id: l1.get(id) ?? null,
      props,
      geometry: f.geometry ? JSON.stringify(f.geometry) : null,
    });
  }
  return out;
}

/**
 * The part of a grid an export of `ids` needs: the L3 cells named, and for each L1/L2 named all the L3 cells under it
 * (its outline is their union), and the L2 records under each L1 named. Node table shared, so geometry is unchanged.
 */
function subsetFor(grid: Grid, ids: ReadonlySet<string>): Grid {
  const l2Parent = new Map(grid.areas.filter((a) => a.level === 2).map((a) => [a.id, a.parentId]));
  const cells = grid.cells.filter((c) => ids.has(c.id) || (c.parentId && (ids.has(c.parentId) || ids.has(l2Parent.get(c.parentId) ?? ''))));
  // An L1 outline is derived through its L2 records: every L2 of a named L1 is kept (only named ids become rows).
  const areas = grid.areas.filter((a) => ids.has(a.id) || (a.parentId !== null && ids.has(a.parentId)));
  // Only the nodes these cells use, renumbered: the export projects its node table, which at city scale is the cost
  // of an edit's rows when it is the whole grid's.
  const slot = new Map<number, number>();
  const xy: number[] = [];
  const remapped = cells.map((c) => ({
    ...c,
    rings: c.rings.map((r) =>
      Int32Array.from(r, (v) => {
        let k = slot.get(v);
        if (k === undefined) {
          k = slot.size;
          slot.set(v, k);
          xy.push(grid.nodeXY[v * 2], grid.nodeXY[v * 2 + 1]);
        }
        return k;
      }),
    ),
  }));
  return { ...grid, nodeXY: Float64Array.from(xy), cells: remapped, areas };
}

const BATCH = 2000;

/** Upserts rows (version, who and when of the edit that made them). */
export async function writeGridRows(q: Queryable, rows: readonly GridRow[], version: number, user: string | null): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    await q.query(
      `INSERT INTO grid_cells (id, level, name, parent_id, l1_id, props, geom, version, updated_by, updated_at, deleted)
       SELECT r.id, r.level, r.name, r.parent_id, r.l1_id, r.props,
              CASE WHEN r.geom IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4490)) END,
              $8, $9, now(), false
       FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
         AS r(id, level, name, parent_id, l1_id, props, geom)
       ON CONFLICT (id) DO UPDATE SET level = EXCLUDED.level, name = EXCLUDED.name, parent_id = EXCLUDED.parent_id,
         l1_id = EXCLUDED.l1_id, props = EXCLUDED.props, geom = EXCLUDED.geom, version = EXCLUDED.version,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at, deleted = false`,
      [
        part.map((r) => r.id),
        part.map((r) => r.level),
        part.map((r) => r.name),
        part.map((r) => r.parentId),
        part.map((r) => r.l1Id),
        part.map((r) => JSON.stringify(r.props)),
        part.map((r) => r.geometry),
        version,
        user,
      ],
    );
  }
}
