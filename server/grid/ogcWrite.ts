// OGC API Features Part 4 for the grid's L3 cells (collection grid_l3): create (POST), replace (PUT), update (PATCH,
// JSON merge patch of the properties and optionally the geometry) and delete, each one edit of the shared grid (checked,
// scoped, logged, broadcast). Optimistic concurrency: ETag "v<version>" of the cell; PUT/PATCH/DELETE need If-Match
// (428 without, 412 when the cell changed since).
import type { Principal } from '../../src/core/access/roles';
import { createCellOp, deleteCellOp, replaceCellOp, type CellFeature, type FeatureEdit } from '../../src/core/grid/featureEdit';
import { toGridXY } from '../../src/core/grid/gridCoords';
import { cellIndexById, type Grid } from '../../src/core/grid/gridModel';
import { requireAction, type App, type AppCtx } from '../app';
import { HttpError, send } from '../http/router';
import type { EditOutcome, GridService } from './gridService';
import type { GridHolder } from './routes';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const CGCS2000 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
const ITEMS = '/ogc/collections/grid_l3/items';

export const etagOf = (version: number) => `"v${version}"`;

/** The axis order of a request body's coordinates from its Content-Crs header (CRS84 lon/lat by default). */
function latFirst(ctx: AppCtx): boolean {
  const raw = String(ctx.req.headers['content-crs'] ?? '').replace(/^<|>$/g, '');
  if (!raw || raw === CRS84) return false;
  if (raw === CGCS2000) return true;
  throw new HttpError(400, `Content-Crs must be ${CRS84} or ${CGCS2000}, got "${raw}"`);
}

interface FeatureBody {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/** Rings of a Polygon or MultiPolygon in grid metres, with which are outer. */
function ringsOf(grid: Grid, geometry: FeatureBody['geometry'], swap: boolean): { rings: [number, number][][]; outer: boolean[] } {
  const polys =
    geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? (geometry.coordinates as unknown[]) : null;
  if (!polys || !Array.isArray(polys)) throw new HttpError(400, 'the geometry must be a Polygon or MultiPolygon');
  const rings: [number, number][][] = [];
  const outer: boolean[] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || !poly.length) throw new HttpError(400, 'a polygon needs at least one ring');
    poly.forEach((ring: unknown, i: number) => {
      if (!Array.isArray(ring) || ring.length > 100_000) throw new HttpError(400, 'a ring must be an array of positions');
      rings.push(
        ring.map((p: unknown) => {
          if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
            throw new HttpError(400, 'a position must be two finite numbers');
          const [lon, lat] = swap ? [p[1], p[0]] : [p[0], p[1]];
          if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw new HttpError(400, `position ${lon}, ${lat} is not lon/lat in degrees`);
          return toGridXY(grid, [lon, lat]);
        }),
      );
      outer.push(i === 0);
    });
  }
  return { rings, outer };
}

const CONTRACT = new Set(['id', 'level', 'parentId', 'name', 'version', 'updatedBy', 'updatedAt']);

function recordOf(
  id: string,
  props: Record<string, unknown>,
  fallback?: { name: string; parentId: string | null; props?: Record<string, unknown> },
) {
  const name = props.name ?? fallback?.name;
  const parentId = props.parentId === undefined ? fallback?.parentId : props.parentId;
  if (typeof name !== 'string' || !name) throw new HttpError(400, 'properties.name must be a non-empty string');
  if (parentId !== null && typeof parentId !== 'string') throw new HttpError(400, 'properties.parentId must be an L2 grid id');
  if (props.level !== undefined && props.level !== 3) throw new HttpError(400, 'grid_l3 holds level 3 cells only');
  const extra: Record<string, unknown> = { ...(fallback?.props ?? {}) };
  for (const [k, v] of Object.entries(props)) if (!CONTRACT.has(k)) extra[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v === null) delete extra[k];
  return { id, name, parentId: (parentId as string | null) ?? null, props: extra };
}

export function gridOgcWrites(app: App, holder: GridHolder): void {
  const { router } = app;

  async function run(ctx: AppCtx, user: Principal, g: GridService, edit: FeatureEdit, baseVersion: number, action: string, id: string) {
    if ('error' in edit) throw new HttpError(422, edit.error);
    const outcome: EditOutcome = await g.edit(user, { op: edit.op, baseVersion });
    await app.audit(ctx, { action, target: id, ok: outcome.status === 'applied', detail: { status: outcome.status } });
    switch (outcome.status) {
      case 'applied':
        return outcome.entry.version;
      case 'conflict':
        throw new HttpError(412, `${id} changed since version ${baseVersion}`, { ETag: etagOf(g.versionOf(id)) }, { since: outcome.since });
      case 'forbidden':
        throw new HttpError(403, `outside your grid scope: ${outcome.cells.join(', ')}`, {}, { cells: outcome.cells });
      case 'refused':
        throw new HttpError(422, outcome.problem.message, {}, { problem: outcome.problem });
    }
  }

  /** The version an If-Match names, checked against the cell's: 428 without, 412 when stale. */
  function ifMatch(ctx: AppCtx, g: GridService, id: string): number {
    if (!cellIndexById(g.current.grid).has(id)) throw new HttpError(404, `no L3 grid ${id}`);
    const header = ctx.req.headers['if-match'];
    if (typeof header !== 'string' || !header) throw new HttpError(428, 'If-Match with the ETag of the cell is required');
    const now = g.versionOf(id);
    const m = /^(?:W\/)?"v(\d{1,15})"$/.exec(header.trim());
    if (header.trim() !== '*' && (!m || Number(m[1]) !== now))
      throw new HttpError(412, `${id} is at ${etagOf(now)}, not ${header}`, { ETag: etagOf(now) });
    // Every edit after `now` left this cell alone: the edit is made on the current version.
    return g.current.version;
  }

  router.post(ITEMS, async (ctx) => {
    const user = requireAction(ctx, 'edit-grid');
    const g = await holder.get();
    const body = await ctx.json<FeatureBody>(8 << 20);
    if (body?.type !== 'Feature') throw new HttpError(400, 'the body must be a GeoJSON Feature');
    const id = body.id ?? body.properties?.id;
    if (typeof id !== 'string' || !/^[\p{L}\p{N}_.:-]{1,64}$/u.test(id))
      throw new HttpError(400, 'a new cell needs an id (1–64 letters, digits or _.:-)');
    const grid = g.current.grid;
    const record = recordOf(id, body.properties ?? {});
    const feature: CellFeature = { ...record, ...ringsOf(grid, body.geometry, latFirst(ctx)) };
    const version = await run(ctx, user, g, createCellOp(grid, feature), g.current.version, 'grid-create', id);
    send(ctx.res, 201, { id, version }, { Location: `${ITEMS}/${encodeURIComponent(id)}`, ETag: etagOf(version) });
  });

  const replace = (merge: boolean) => async (ctx: AppCtx) => {
    const user = requireAction(ctx, 'edit-grid');
    const g = await holder.get();
    const id = ctx.params.featureId;
    const base = ifMatch(ctx, g, id);
    const body = await ctx.json<FeatureBody>(8 << 20);
    if (!merge && body?.type !== 'Feature') throw new HttpError(400, 'the body must be a GeoJSON Feature');
    if (body?.id !== undefined && body.id !== id) throw new HttpError(400, `the body's id ${String(body.id)} is not ${id}`);
    const grid = g.current.grid;
    const cell = grid.cells[cellIndexById(grid).get(id)!];
    const record = recordOf(
      id,
      body.properties ?? {},
      merge ? { name: cell.name, parentId: cell.parentId, props: cell.props as Record<string, unknown> } : undefined,
    );
    const rings =
      body.geometry != null
        ? ringsOf(grid, body.geometry, latFirst(ctx))
        : merge
          ? {
              rings: cell.rings.map((r) => Array.from(r, (v) => [grid.nodeXY[v * 2], grid.nodeXY[v * 2 + 1]] as [number, number])),
              outer: [],
            }
          : null;
    if (!rings) throw new HttpError(400, 'a replacement needs its geometry');
    const version = await run(ctx, user, g, replaceCellOp(grid, { ...record, ...rings }), base, merge ? 'grid-update' : 'grid-replace', id);
    ctx.res.writeHead(204, { ETag: etagOf(version) }).end();
  };
  router.put(`${ITEMS}/:featureId`, replace(false));
  router.patch(`${ITEMS}/:featureId`, replace(true));

  router.delete(`${ITEMS}/:featureId`, async (ctx) => {
    const user = requireAction(ctx, 'edit-grid');
    const g = await holder.get();
    const id = ctx.params.featureId;
    const base = ifMatch(ctx, g, id);
    await run(ctx, user, g, deleteCellOp(g.current.grid, id), base, 'grid-delete', id);
    ctx.res.writeHead(204).end();
  });
}
