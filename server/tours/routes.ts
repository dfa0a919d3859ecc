// Tours on the server, shared by the authoring desk and the video wall: read by anyone (as in the static
// deployment), written by roles with `edit-tours` under optimistic concurrency (ETag / If-Match), audited.
import { TourError, validateTour } from '../../src/core/tour/tourSchema';
import type { Tour } from '../../src/core/tour/types';
import { requireAction, type App, type AppCtx } from '../app';
import { one } from '../db/db';
import { HttpError, send } from '../http/router';
import { etag, expectedVersions } from '../http/ifMatch';

const TAG = 'tour';
/** A tour id as the viewer's URL carries it (?tour=<id>): letters, digits, '.', '_', '-', at most 64. */
const TOUR_ID = /^[\p{L}\p{N}._-]{1,64}$/u;
const MAX_TOUR_BYTES = 1 << 20;

type TourRow = { id: string; tour: unknown; version: number; updated_by: string; updated_at: Date };

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function tourIdOf(ctx: AppCtx): string {
  const id = ctx.params.id;
  if (!TOUR_ID.test(id)) throw new HttpError(400, `a tour id has 1 to 64 letters, digits, ".", "_" or "-"`);
  return id;
}

export function tourRoutes(app: App): void {
  const { router, db } = app;

  router.get('/api/tours', async (ctx) => {
    const rows = await db.query<{ id: string; title: unknown; version: number; updated_by: string; updated_at: Date }>(
      `SELECT id, tour -> 'title' AS title, version, updated_by, updated_at FROM tours ORDER BY id`,
    );
    send(ctx.res, 200, {
      tours: rows.map((r) => ({
        id: r.id,
        name: r.title,
        version: Number(r.version),
        updatedBy: r.updated_by,
        updatedAt: iso(r.updated_at),
      })),
    });
  });

  router.get('/api/tours/:id', async (ctx) => {
    const id = tourIdOf(ctx);
    const row = await one<TourRow>(db, 'SELECT id, tour, version, updated_by, updated_at FROM tours WHERE id = $1', [id]);
    if (!row) throw new HttpError(404, `no tour "${id}"`);
    // Re-validated on the way out: a row written by an older server still reaches the viewer as a valid tour.
    let tour: Tour;
    try {
      tour = validateTour(row.tour, `tour ${id}`);
    } catch (err) {
      if (err instanceof TourError) throw new HttpError(409, `the stored tour "${id}" is no longer valid: ${err.message}`);
      throw err;
    }
    send(ctx.res, 200, tour, {
      ETag: etag(TAG, Number(row.version)),
      'Last-Modified': new Date(iso(row.updated_at)).toUTCString(),
      'X-Updated-By': encodeURIComponent(row.updated_by),
    });
  });

  router.put('/api/tours/:id', async (ctx) => {
    const user = requireAction(ctx, 'edit-tours');
    const id = tourIdOf(ctx);
    const body = await ctx.json(MAX_TOUR_BYTES);
    let tour: Tour;
    try {
      tour = validateTour(body, `tour ${id}`);
    } catch (err) {
      if (err instanceof TourError) throw new HttpError(422, err.message);
      throw err;
    }
    if (tour.id !== id) throw new HttpError(422, `the tour's id "${tour.id}" differs from the id in the path "${id}"`);
    const expected = expectedVersions(ctx.req, TAG);
    const saved = await db.transaction(async (tx) => {
      const row = await one<{ version: number }>(tx, 'SELECT version FROM tours WHERE id = $1 FOR UPDATE', [id]);
      if (!row) {
        if (expected !== null) throw new HttpError(412, `no tour "${id}" to match If-Match: send none to create it`);
        const made = await tx.query<TourRow>(
          `INSERT INTO tours (id, tour, updated_by) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING
           RETURNING id, version, updated_by, updated_at`,
          [id, JSON.stringify(tour), user.name],
        );
        if (!made.length) throw new HttpError(428, `the tour "${id}" was created meanwhile: read it and send If-Match`);
        return { row: made[0], created: true };
      }
      const current = Number(row.version);
      if (expected === null) throw new HttpError(428, `the tour "${id}" exists: send If-Match with its ETag`, { ETag: etag(TAG, current) });
      if (Array.isArray(expected) && !expected.includes(current))
        throw new HttpError(412, `the tour "${id}" changed since you read it: it is at version ${current}`, { ETag: etag(TAG, current) });
      const updated = await tx.query<TourRow>(
        `UPDATE tours SET tour = $2, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1
         RETURNING id, version, updated_by, updated_at`,
        [id, JSON.stringify(tour), user.name],
      );
      return { row: updated[0], created: false };
    });
    const version = Number(saved.row.version);
    await app.audit(ctx, { action: saved.created ? 'tour-create' : 'tour-update', target: id, ok: true, detail: { version } });
    send(
      ctx.res,
      saved.created ? 201 : 200,
      { id, version, updatedBy: saved.row.updated_by, updatedAt: iso(saved.row.updated_at) },
      { ETag: etag(TAG, version) },
    );
  });

  router.delete('/api/tours/:id', async (ctx) => {
    requireAction(ctx, 'edit-tours');
    const id = tourIdOf(ctx);
    const expected = expectedVersions(ctx.req, TAG);
    await db.transaction(async (tx) => {
      const row = await one<{ version: number }>(tx, 'SELECT version FROM tours WHERE id = $1 FOR UPDATE', [id]);
      if (!row) throw new HttpError(404, `no tour "${id}"`);
      const current = Number(row.version);
      if (Array.isArray(expected) && !expected.includes(current))
        throw new HttpError(412, `the tour "${id}" changed since you read it: it is at version ${current}`, { ETag: etag(TAG, current) });
      await tx.query('DELETE FROM tours WHERE id = $1', [id]);
    });
    await app.audit(ctx, { action: 'tour-delete', target: id, ok: true });
    send(ctx.res, 204, '');
  });
}
