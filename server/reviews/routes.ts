// The 多验合一 review API (server/reviews/README.md): a case per parcel with its measured review and every
// department's sign-offs, sign-offs by the item's own department only, archived reports and their verification.
import { departmentOfChecklist, maySignOff } from '../../src/core/access/roles';
import { MANUAL_ITEMS } from '../../src/core/planning/reviewParcel';
import { requireAction, type App, type AppCtx } from '../app';
import { HttpError, send } from '../http/router';
import { caseHtml, caseRecord, figuresOf, inputsSha256 } from './caseReport';
import {
  addSignOff,
  archivedReport,
  archiveReport,
  CASE_TAG,
  caseEtag,
  latestSignOffs,
  openCase,
  reportsOf,
  signOffs,
  StaleCase,
} from './caseStore';
import { expectedVersions } from '../http/ifMatch';
import { CaseDataError, measureCase, readParcel, type MeasuredCase } from './measureCase';

const MAX_COMMENT = 4000;
const MAX_ID = 200;

function parcelIdOf(ctx: AppCtx): string {
  const id = ctx.params.parcelId;
  if (!id || id.length > MAX_ID) throw new HttpError(404, `no parcel "${id.slice(0, MAX_ID)}…" in the city`);
  return id;
}

/** The measured case, or a 404 / 409 / 422 naming what is wrong. */
async function measured(app: App, parcelId: string): Promise<MeasuredCase> {
  let m: MeasuredCase | null;
  try {
    m = await measureCase(app.db, parcelId);
  } catch (err) {
    if (err instanceof CaseDataError) throw new HttpError(err.status, err.message);
    throw err;
  }
  if (!m) throw new HttpError(404, `no parcel "${parcelId}" in the city`);
  return m;
}

function reportIdOf(ctx: AppCtx): number {
  const raw = ctx.params.id;
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new HttpError(400, `a report id is a positive integer, got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

export function reviewRoutes(app: App): void {
  const { router, db } = app;

  router.get('/api/reviews/reports/:id', async (ctx) => {
    requireAction(ctx, 'archive-report');
    const r = await archivedReport(db, reportIdOf(ctx));
    if (!r) throw new HttpError(404, `no archived report ${ctx.params.id}`);
    if (ctx.query.get('format') === 'html') {
      // Archived HTML as printed; nothing in it may load or run.
      send(
        ctx.res,
        200,
        r.html,
        { 'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'" },
        'text/html',
      );
      return;
    }
    const { record, html, ...summary } = r;
    send(ctx.res, 200, { ...summary, report: JSON.parse(record), html });
  });

  router.get('/api/reviews/reports/:id/verify', async (ctx) => {
    requireAction(ctx, 'archive-report');
    const r = await archivedReport(db, reportIdOf(ctx));
    if (!r) throw new HttpError(404, `no archived report ${ctx.params.id}`);
    const archived = JSON.parse(r.record) as Record<string, unknown>;
    let m: MeasuredCase | null = null;
    let problem: string | null = null;
    try {
      m = await measureCase(db, r.parcelId);
      if (!m) problem = `the parcel "${r.parcelId}" is no longer in the city`;
    } catch (err) {
      if (!(err instanceof CaseDataError)) throw err;
      problem = err.message;
    }
    if (!m) {
      send(ctx.res, 200, {
        id: r.id,
        parcelId: r.parcelId,
        archivedSha256: r.inputsSha256,
        currentSha256: null,
        inputsMatch: false,
        figuresMatch: false,
        changed: [],
        problem,
      });
      return;
    }
    const latest = latestSignOffs(await signOffs(db, r.parcelId));
    const currentSha256 = inputsSha256(m, latest);
    const { record } = caseRecord(m, latest, String(archived.generatedAt));
    const now = JSON.parse(figuresOf(record)) as Record<string, unknown>;
    const then = JSON.parse(figuresOf(archived)) as Record<string, unknown>;
    const changed = [...new Set([...Object.keys(now), ...Object.keys(then)])]
      .filter((k) => JSON.stringify(now[k]) !== JSON.stringify(then[k]))
      .sort();
    send(ctx.res, 200, {
      id: r.id,
      parcelId: r.parcelId,
      archivedSha256: r.inputsSha256,
      currentSha256,
      inputsMatch: currentSha256 === r.inputsSha256,
      figuresMatch: changed.length === 0,
      changed,
      problem,
    });
  });

  router.get('/api/reviews/:parcelId', async (ctx) => {
    const user = requireAction(ctx, 'read-work');
    const parcelId = parcelIdOf(ctx);
    const m = await measured(app, parcelId);
    const c = await openCase(db, parcelId, user.name);
    const history = await signOffs(db, parcelId);
    const latest = latestSignOffs(history);
    const { report, record } = caseRecord(m, latest, new Date().toISOString());
    const byItem = new Map(latest.map((s) => [s.item, s]));
    send(
      ctx.res,
      200,
      {
        parcelId,
        version: c.version,
        openedBy: c.openedBy,
        openedAt: c.openedAt,
        updatedAt: c.updatedAt,
        parcel: { id: m.parcel.id, landUse: m.input.parcel.landUse, geometry: m.parcel.geometry },
        conditions: m.conditions,
        checklist: report.items.map((i) => ({
          id: i.id,
          department: i.department,
          mode: i.mode,
          verdict: i.verdict,
          signedBy: i.mode === 'manual' ? departmentOfChecklist(i.department) : null,
          signOff: byItem.get(i.id) ?? null,
        })),
        report: record,
        signOffs: history,
        inputsSha256: inputsSha256(m, latest),
        reports: await reportsOf(db, parcelId),
      },
      { ETag: caseEtag(c.version) },
    );
  });

  router.post('/api/reviews/:parcelId/signoffs', async (ctx) => {
    const user = requireAction(ctx, 'sign-off');
    const parcelId = parcelIdOf(ctx);
    const body = await ctx.json<{ item?: unknown; decision?: unknown; comment?: unknown }>(16384);
    const item = MANUAL_ITEMS.find((i) => i.id === body?.item);
    if (!item) throw new HttpError(422, `"item" must be a manual checklist item (one of ${MANUAL_ITEMS.map((i) => i.id).join(', ')})`);
    // The department is the item's, never the client's.
    const department = departmentOfChecklist(item.department)!;
    if (!maySignOff(user, department)) {
      await app.audit(ctx, { action: 'review-signoff', target: parcelId, ok: false, detail: { item: item.id, reason: 'department' } });
      throw new HttpError(403, `only a reviewer of the ${department} department may sign ${item.id}`);
    }
    if (body.decision !== 'pass' && body.decision !== 'fail') throw new HttpError(422, `"decision" must be "pass" or "fail"`);
    const comment = body.comment ?? '';
    if (typeof comment !== 'string' || comment.length > MAX_COMMENT)
      throw new HttpError(422, `"comment" must be text of at most ${MAX_COMMENT} characters`);
    if (!(await readParcel(db, parcelId))) throw new HttpError(404, `no parcel "${parcelId}" in the city`);
    try {
      const r = await addSignOff(
        db,
        parcelId,
        { item: item.id, department, decision: body.decision, comment, reviewer: user.name },
        expectedVersions(ctx.req, CASE_TAG),
      );
      await app.audit(ctx, {
        action: 'review-signoff',
        target: parcelId,
        ok: true,
        detail: { item: item.id, decision: body.decision, version: r.version },
      });
      send(ctx.res, 201, r, { ETag: caseEtag(r.version) });
    } catch (err) {
      if (err instanceof StaleCase) throw new HttpError(412, err.message, { ETag: caseEtag(err.version) }, { version: err.version });
      throw err;
    }
  });

  router.post('/api/reviews/:parcelId/reports', async (ctx) => {
    const user = requireAction(ctx, 'archive-report');
    const parcelId = parcelIdOf(ctx);
    const body = ctx.req.headers['content-type'] ? await ctx.json<{ lang?: unknown }>(1024) : {};
    const lang = body?.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new HttpError(422, `"lang" must be "zh" or "en"`);
    const m = await measured(app, parcelId);
    await openCase(db, parcelId, user.name);
    const history = await signOffs(db, parcelId);
    const latest = latestSignOffs(history);
    // The version the sign-offs read make: a sign-off landing meanwhile is in neither.
    const caseVersion = history.reduce((v, s) => Math.max(v, s.caseVersion), 0);
    const sha = inputsSha256(m, latest);
    const { report, record } = caseRecord(m, latest, new Date().toISOString());
    const summary = await archiveReport(db, {
      parcelId,
      caseVersion,
      inputsSha256: sha,
      lang,
      record: `${JSON.stringify(record, null, 2)}\n`,
      html: caseHtml(m, report, lang),
      createdBy: user.name,
    });
    await app.audit(ctx, { action: 'review-report', target: parcelId, ok: true, detail: { id: summary.id, sha256: sha } });
    send(ctx.res, 201, { ...summary, verdict: report.verdict }, { Location: `/api/reviews/reports/${summary.id}` });
  });
}
