// The shared grid's API: its base file, its edit log (with server-sent events for live edits), edits, history and
// restore of one grid's earlier state. Reading the grid is public (the static deployment shows it too); who made an
// edit is shown to signed-in users only; editing needs a grid manager's scope (checked per cell by GridService).
import { may } from '../../src/core/access/roles';
import type { WireOp } from '../../src/core/grid/wireOps';
import { requireAction, type App, type AppCtx } from '../app';
import { one } from '../db/db';
import { HttpError, send } from '../http/router';
import { GridService, type EditOutcome, type LogEntry } from './gridService';
import { gridOgcWrites } from './ogcWrite';

const HEARTBEAT_MS = 15_000;

/** The shared grid service of an App (opened with the server; reopened after `cim db load`). */
export interface GridHolder {
  get(): Promise<GridService>;
}

function publicEntry(ctx: AppCtx, e: LogEntry): LogEntry | Omit<LogEntry, 'user'> {
  if (may(ctx.user, 'read-work')) return e;
  const { user: _user, ...rest } = e;
  return rest;
}

function versionParam(ctx: AppCtx, name: string): number {
  const raw = ctx.query.get(name) ?? '0';
  const v = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(v)) throw new HttpError(400, `${name} must be a non-negative integer, got "${raw}"`);
  return v;
}

export function editStatus(outcome: EditOutcome): number {
  switch (outcome.status) {
    case 'applied':
      return outcome.duplicate ? 200 : 201;
    case 'conflict':
      return 409;
    case 'refused':
      return 422;
    case 'forbidden':
      return 403;
  }
}

export function gridHolder(app: App): GridHolder {
  let service: Promise<GridService | null> | null = null;
  return {
    async get() {
      service ??= GridService.open(app.db).catch((err) => {
        service = null;
        throw err;
      });
      const s = await service;
      if (!s) {
        service = null;
        throw new HttpError(404, 'no grid is loaded: run cim db load DIR');
      }
      return s;
    },
  };
}

export function gridRoutes(app: App, holder: GridHolder = gridHolder(app)): void {
  const { router } = app;
  gridOgcWrites(app, holder);
  const streams = new Set<() => void>();
  app.onClose(() => {
    for (const end of streams) end();
  });

  router.get('/api/grid', async (ctx) => {
    const g = await holder.get();
    const { grid, version } = g.current;
    send(ctx.res, 200, {
      version,
      hash: g.base.hash,
      crs: g.base.crs,
      zone: g.base.zone,
      cells: grid.cells.length,
      areas: grid.areas.length,
    });
  });

  router.get('/api/grid/base', async (ctx) => {
    const g = await holder.get();
    const etag = `"${g.base.hash}"`;
    if (ctx.req.headers['if-none-match'] === etag) {
      ctx.res.writeHead(304, { ETag: etag }).end();
      return;
    }
    const row = await one<{ file: Uint8Array }>(app.db, 'SELECT file FROM grid_base WHERE id = 1');
    if (!row) throw new HttpError(404, 'no grid is loaded');
    const bytes = Buffer.from(row.file);
    ctx.res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': bytes.length,
      ETag: etag,
      'Cache-Control': 'no-cache',
    });
    ctx.res.end(ctx.method === 'HEAD' ? undefined : bytes);
  });

  router.get('/api/grid/edits', async (ctx) => {
    const g = await holder.get();
    const since = versionParam(ctx, 'since');
    const entries = await g.entriesSince(since);
    send(ctx.res, 200, { version: g.current.version, entries: entries.map((e) => publicEntry(ctx, e)) });
  });

  router.post('/api/grid/edits', async (ctx) => {
    const user = requireAction(ctx, 'edit-grid');
    const body = await ctx.json<{ op?: WireOp; baseVersion?: unknown; clientId?: unknown }>(1 << 20);
    if (!body || typeof body.op !== 'object' || body.op === null || typeof (body.op as { type?: unknown }).type !== 'string')
      throw new HttpError(400, 'the body needs "op": an edit record');
    if (!Number.isSafeInteger(body.baseVersion) || (body.baseVersion as number) < 0)
      throw new HttpError(400, '"baseVersion" must be the grid version the edit was made on');
    if (body.clientId != null && (typeof body.clientId !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(body.clientId)))
      throw new HttpError(400, '"clientId" must be 8–100 letters, digits or _.:-');
    const g = await holder.get();
    const outcome = await g.edit(user, {
      op: body.op,
      baseVersion: body.baseVersion as number,
      clientId: (body.clientId as string) ?? null,
    });
    await app.audit(ctx, {
      action: 'grid-edit',
      target: outcome.status === 'applied' ? `v${outcome.entry.version}` : null,
      ok: outcome.status === 'applied',
      detail: { status: outcome.status, op: body.op.type, ...(outcome.status === 'forbidden' ? { cells: outcome.cells } : {}) },
    });
    send(ctx.res, editStatus(outcome), outcome);
  });

  router.get('/api/grid/history/:id', async (ctx) => {
    requireAction(ctx, 'read-work');
    const g = await holder.get();
    send(ctx.res, 200, { id: ctx.params.id, entries: await g.history(ctx.params.id) });
  });

  router.post('/api/grid/restore', async (ctx) => {
    const user = requireAction(ctx, 'edit-grid');
    const body = await ctx.json<{ id?: unknown; version?: unknown; baseVersion?: unknown; clientId?: unknown }>(4096);
    if (typeof body.id !== 'string' || !Number.isSafeInteger(body.version) || !Number.isSafeInteger(body.baseVersion))
      throw new HttpError(400, 'the body needs "id" (a grid id), "version" (to restore) and "baseVersion"');
    const g = await holder.get();
    const outcome = await g.restore(
      user,
      body.id,
      body.version as number,
      body.baseVersion as number,
      typeof body.clientId === 'string' ? body.clientId : null,
    );
    await app.audit(ctx, {
      action: 'grid-restore',
      target: body.id,
      ok: outcome.status === 'applied',
      detail: { status: outcome.status, version: body.version },
    });
    send(ctx.res, editStatus(outcome), outcome);
  });

  // Server-sent events: every edit after `since` (or Last-Event-ID), then each new edit as it commits.
  router.get('/api/grid/events', async (ctx) => {
    const g = await holder.get();
    const last = ctx.req.headers['last-event-id'];
    let since = typeof last === 'string' && /^\d{1,15}$/.test(last) ? Number(last) : versionParam(ctx, 'since');
    const res = ctx.res;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const write = (e: LogEntry) => {
      if (e.version <= since) return;
      since = e.version;
      res.write(`id: ${e.version}\nevent: edit\ndata: ${JSON.stringify(publicEntry(ctx, e))}\n\n`);
    };
    // Subscribe before reading the backlog: an edit committed in between is buffered, not lost.
    const buffered: LogEntry[] = [];
    let live = false;
    const unsubscribe = g.subscribe((e) => (live ? write(e) : buffered.push(e)));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    ctx.req.on('close', end);
    res.write(`event: hello\ndata: ${JSON.stringify({ version: g.current.version, hash: g.base.hash })}\n\n`);
    for (;;) {
      const backlog = await g.entriesSince(since, 1000);
      for (const e of backlog) write(e);
      if (backlog.length < 1000) break;
    }
    for (const e of buffered) write(e);
    live = true;
  });
}
