// The review API against both databases, over the demo city's layers (data/): the case's figures are cim review's,
// sign-offs only by the item's department, If-Match, archived reports whose inputs hash a re-run reproduces, and ids
// that try SQL injection.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as cimReview } from '../../scripts/cim/review';
import { startServer, type RunningServer } from '../app';
import { addUser } from '../auth/users';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { DEMO_DIR, demoFeatures, writeTestLayer } from './testLayers';

const PASSWORD = 'correct horse battery';
/** Parcels of the demo city with planted violations: a red-line setback (P-000076) and a height (P-000011). */
const SETBACK_PARCEL = 'P-000076';
const HEIGHT_PARCEL = 'P-000011';
const LAYERS: [manifestKey: string, layer: string][] = [
  ['parcels', 'parcels'],
  ['buildings', 'buildings'],
  ['greenSpaces', 'greenSpaces'],
  ['controlLines', 'controlLines'],
  ['heightLimits', 'heightLimits'],
];

const out = mkdtempSync(join(tmpdir(), 'cim-reviews-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** `cim review`'s JSON record of a demo parcel, without the time it was generated (run once per parcel). */
const cliRecords = new Map<string, Promise<Record<string, unknown>>>();
const cliRecord = (parcelId: string) => {
  if (!cliRecords.has(parcelId)) cliRecords.set(parcelId, runCimReview(parcelId));
  return cliRecords.get(parcelId)!;
};

async function runCimReview(parcelId: string): Promise<Record<string, unknown>> {
  const manifest = JSON.parse(readFileSync(join(DEMO_DIR, 'demo.json'), 'utf8')) as { files: Record<string, string> };
  const file = (key: string) => join(DEMO_DIR, manifest.files[key]);
  const html = join(out, `${parcelId}.html`);
  // The command's one-line summary would only clutter the test's output.
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await cimReview([
    '--parcel',
    file('parcels'),
    '--id',
    parcelId,
    '--buildings',
    file('buildings'),
    '--greens',
    file('greenSpaces'),
    '--lines',
    file('controlLines'),
    '--height-limits',
    file('heightLimits'),
    '--out',
    html,
  ]).finally(() => quiet.mockRestore());
  // 1: the review found failures (the planted violations), no data faults.
  expect(code).toBe(1);
  const { generatedAt: _at, ...record } = JSON.parse(readFileSync(join(out, `${parcelId}.json`), 'utf8')) as Record<string, unknown>;
  return record;
}

interface Case {
  version: number;
  report: Record<string, unknown> & { items: { id: string; verdict: string; signOff?: { reviewer: string } }[]; verdict: string };
  signOffs: { item: string; decision: string; reviewer: string; department: string; comment: string; at: string }[];
  checklist: { id: string; signedBy: string | null; signOff: { decision: string } | null }[];
  inputsSha256: string;
  reports: { id: number }[];
}

for (const kind of DATABASES) {
  describe(kind, () => {
    let t: TestDb;
    let server: RunningServer;
    const as: Record<string, TestClient> = {};

    const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

    beforeAll(async () => {
      t = await openTestDb(kind);
      for (const [key, layer] of LAYERS) await writeTestLayer(t.db, layer, demoFeatures(key));
      const users = [
        { name: 'planner1', role: 'planner' },
        { name: 'land1', role: 'reviewer', department: 'land' },
        { name: 'fire1', role: 'reviewer', department: 'fire' },
        { name: 'shelter1', role: 'reviewer', department: 'civil-defence' },
        { name: 'viewer1', role: 'viewer' },
      ];
      for (const u of users) await addUser(t.db, { ...u, password: PASSWORD });
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
      for (const u of users) {
        as[u.name] = new TestClient(server.url);
        expect((await as[u.name].login(u.name, PASSWORD)).status).toBe(200);
      }
      as.anonymous = new TestClient(server.url);
    }, 180_000);

    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    beforeEach(async () => {
      await t.db.query('DELETE FROM review_cases');
    });

    it("gives cim review's figures for the same demo parcels, measured from the database", async () => {
      for (const parcelId of [SETBACK_PARCEL, HEIGHT_PARCEL]) {
        const r = await as.viewer1.get<Case>(`/api/reviews/${parcelId}`);
        expect(r.status).toBe(200);
        const { generatedAt: _at, ...record } = r.body.report;
        expect(record).toEqual(await cliRecord(parcelId));
      }
      // The planted violations are what fails, so the comparison is not of two empty reviews.
      const setback = (await as.viewer1.get<Case>(`/api/reviews/${SETBACK_PARCEL}`)).body.report.items;
      expect(setback.find((i) => i.id === 'planning.setbacksM.red')?.verdict).toBe('fail');
      const height = (await as.viewer1.get<Case>(`/api/reviews/${HEIGHT_PARCEL}`)).body.report.items;
      expect(height.find((i) => i.id === 'planning.heightMaxM')?.verdict).toBe('fail');
    });

    it('lets only a reviewer of the item’s department sign it, keeps the history, and counts the latest', async () => {
      const url = `/api/reviews/${SETBACK_PARCEL}/signoffs`;
      expect((await as.anonymous.post(url, { item: 'land.premium', decision: 'pass' })).status).toBe(401);
      expect((await as.viewer1.post(url, { item: 'land.premium', decision: 'pass' })).status).toBe(403);
      expect((await as.planner1.post(url, { item: 'land.premium', decision: 'pass' })).status).toBe(403);
      // A fire reviewer cannot sign a land item, whatever department the body claims.
      const forged = await as.fire1.post<{ title: string }>(url, { item: 'land.premium', decision: 'pass', department: 'fire' });
      expect(forged.status).toBe(403);
      expect(forged.body.title).toMatch(/land/);
      expect((await as.land1.post(url, { item: 'planning.farMax', decision: 'pass' })).status).toBe(422);
      expect((await as.land1.post(url, { item: 'land.premium', decision: 'maybe' })).status).toBe(422);
      expect(await count('review_signoffs')).toBe(0);

      const first = await as.land1.post<{ version: number }>(url, { item: 'land.premium', decision: 'fail', comment: '未缴清' });
      expect(first.status).toBe(201);
      const shelter = await as.shelter1.post(url, { item: 'civilDefence.shelterArea', decision: 'pass' });
      expect(shelter.status).toBe(201);
      const second = await as.land1.post<{ version: number }>(url, { item: 'land.premium', decision: 'pass', comment: '已缴清' });
      expect(second.status).toBe(201);
      expect(second.body.version).toBe(3);

      const c = (await as.fire1.get<Case>(`/api/reviews/${SETBACK_PARCEL}`)).body;
      expect(c.version).toBe(3);
      expect(c.signOffs.map((s) => [s.item, s.decision, s.reviewer, s.department])).toEqual([
        ['land.premium', 'fail', 'land1', 'land'],
        ['civilDefence.shelterArea', 'pass', 'shelter1', 'civil-defence'],
        ['land.premium', 'pass', 'land1', 'land'],
      ]);
      const premium = c.report.items.find((i) => i.id === 'land.premium')!;
      expect(premium.verdict).toBe('pass');
      expect(premium.signOff?.reviewer).toBe('land1');
      expect(c.checklist.find((i) => i.id === 'civilDefence.shelterArea')).toMatchObject({
        signedBy: 'civil-defence',
        signOff: { decision: 'pass' },
      });
      const audit = await t.db.query<{ user_name: string; ok: boolean }>(
        "SELECT user_name, ok FROM audit WHERE action = 'review-signoff' AND target = $1 ORDER BY id",
        [SETBACK_PARCEL],
      );
      expect(audit.filter((a) => a.ok).map((a) => a.user_name)).toEqual(['land1', 'shelter1', 'land1']);
      expect(audit.some((a) => !a.ok && a.user_name === 'fire1')).toBe(true);
    });

    it('refuses a sign-off made against a stale version with 412 and takes the current one', async () => {
      const got = await as.fire1.get<Case>(`/api/reviews/${SETBACK_PARCEL}`);
      const tag = got.headers.get('etag')!;
      expect(tag).toBe('"case-0"');
      const url = `/api/reviews/${SETBACK_PARCEL}/signoffs`;
      const a = await as.fire1.post(url, { item: 'fire.lanes', decision: 'pass' }, { 'if-match': tag });
      expect(a.status).toBe(201);
      expect(a.headers.get('etag')).toBe('"case-1"');
      const stale = await as.land1.post<{ version: number }>(url, { item: 'land.title', decision: 'pass' }, { 'if-match': tag });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe('"case-1"');
      expect(await count('review_signoffs')).toBe(1);
      const current = await as.land1.post(url, { item: 'land.title', decision: 'pass' }, { 'if-match': '"case-1"' });
      expect(current.status).toBe(201);
      // Two reviewers sending the same version at once: exactly one lands.
      const race = await Promise.all([
        as.land1.post(url, { item: 'land.premium', decision: 'pass' }, { 'if-match': '"case-2"' }),
        as.fire1.post(url, { item: 'fire.water', decision: 'pass' }, { 'if-match': '"case-2"' }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([201, 412]);
      expect(await count('review_signoffs')).toBe(3);
    });

    it('archives the report with the hash of its inputs; a re-run matches until a sign-off or a feature changes', async () => {
      const base = `/api/reviews/${HEIGHT_PARCEL}`;
      expect((await as.viewer1.post(`${base}/reports`, { lang: 'en' })).status).toBe(403);
      const first = await as.planner1.post<{ id: number; inputsSha256: string; createdBy: string }>(`${base}/reports`, { lang: 'en' });
      expect(first.status).toBe(201);
      expect(first.body.createdBy).toBe('planner1');
      expect(first.body.inputsSha256).toMatch(/^[0-9a-f]{64}$/);

      const archived = await as.planner1.get<{ report: Record<string, unknown>; html: string; inputsSha256: string }>(
        `/api/reviews/reports/${first.body.id}`,
      );
      expect(archived.status).toBe(200);
      expect(archived.body.html).toContain(HEIGHT_PARCEL);
      const { generatedAt: _at, ...figures } = archived.body.report;
      expect(figures).toEqual(await cliRecord(HEIGHT_PARCEL));
      expect((await as.viewer1.get(`/api/reviews/reports/${first.body.id}`)).status).toBe(403);
      const html = await as.planner1.get<string>(`/api/reviews/reports/${first.body.id}?format=html`);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.body).toBe(archived.body.html);

      type Verify = { inputsMatch: boolean; figuresMatch: boolean; currentSha256: string; changed: string[] };
      const verify = async (id: number) => (await as.planner1.get<Verify>(`/api/reviews/reports/${id}/verify`)).body;
      expect(await verify(first.body.id)).toMatchObject({ inputsMatch: true, figuresMatch: true, currentSha256: first.body.inputsSha256 });

      // A sign-off changes the inputs and the report's figures.
      expect((await as.fire1.post(`${base}/signoffs`, { item: 'fire.water', decision: 'fail', comment: 'no hydrant' })).status).toBe(201);
      const afterSign = await verify(first.body.id);
      expect(afterSign).toMatchObject({ inputsMatch: false, figuresMatch: false });
      expect(afterSign.changed).toEqual(expect.arrayContaining(['items', 'signOffs']));
      const second = await as.fire1.post<{ id: number; inputsSha256: string }>(`${base}/reports`, { lang: 'zh' });
      expect(second.status).toBe(201);
      expect(second.body.inputsSha256).not.toBe(first.body.inputsSha256);
      expect(second.body.inputsSha256).toBe(afterSign.currentSha256);
      expect(await verify(second.body.id)).toMatchObject({ inputsMatch: true, figuresMatch: true });

      // So does a building's height in the database (the parcel's tallest, the one over its limit).
      const tallest = (archived.body.report.metrics as { tallestBuildingId: string }).tallestBuildingId;
      const [{ props }] = await t.db.query<{ props: Record<string, unknown> }>(
        "SELECT props FROM features WHERE layer = 'buildings' AND id = $1",
        [tallest],
      );
      await t.db.query("UPDATE features SET props = props || $2::jsonb WHERE layer = 'buildings' AND id = $1", [
        tallest,
        JSON.stringify({ heightM: 3, floors: 1 }),
      ]);
      try {
        const afterEdit = await verify(second.body.id);
        expect(afterEdit).toMatchObject({ inputsMatch: false, figuresMatch: false });
        expect(afterEdit.changed).toContain('metrics');
      } finally {
        await t.db.query("UPDATE features SET props = $2::jsonb WHERE layer = 'buildings' AND id = $1", [tallest, JSON.stringify(props)]);
      }
      expect(await verify(second.body.id)).toMatchObject({ inputsMatch: true, figuresMatch: true });
      const audit = await t.db.query<{ user_name: string }>("SELECT user_name FROM audit WHERE action = 'review-report' ORDER BY id");
      expect(audit.map((a) => a.user_name).slice(-2)).toEqual(['planner1', 'fire1']);
    });

    it('answers unknown parcels with 404 and anonymous readers with 401', async () => {
      expect((await as.anonymous.get(`/api/reviews/${SETBACK_PARCEL}`)).status).toBe(401);
      const r = await as.viewer1.get<{ title: string }>('/api/reviews/P-999999');
      expect(r.status).toBe(404);
      expect(r.body.title).toContain('P-999999');
      expect(await count('review_cases')).toBe(0);
    });

    it('leaves the tables intact when parcel and report ids carry SQL', async () => {
      await as.land1.post(`/api/reviews/${SETBACK_PARCEL}/signoffs`, { item: 'land.premium', decision: 'pass' });
      const tables = ['features', 'layers', 'review_cases', 'review_signoffs', 'review_reports', 'users'];
      const before = await Promise.all(tables.map(count));
      const attacks = [
        `${SETBACK_PARCEL}' OR '1'='1`,
        "'; DROP TABLE review_signoffs; --",
        `${SETBACK_PARCEL}'; DELETE FROM features; --`,
        "x' UNION SELECT name, password_hash, role FROM users --",
        '1; TRUNCATE review_cases',
      ];
      for (const id of attacks) {
        const path = `/api/reviews/${encodeURIComponent(id)}`;
        expect((await as.viewer1.get(path)).status).toBe(404);
        expect((await as.land1.post(`${path}/signoffs`, { item: 'land.premium', decision: 'fail' })).status).toBe(404);
        expect((await as.planner1.post(`${path}/reports`, {})).status).toBe(404);
        expect((await as.planner1.get(`/api/reviews/reports/${encodeURIComponent(id)}`)).status).toBe(400);
        expect((await as.planner1.get(`/api/reviews/reports/${encodeURIComponent(id)}/verify`)).status).toBe(400);
      }
      expect(await Promise.all(tables.map(count))).toEqual(before);
      const signed = (await as.viewer1.get<Case>(`/api/reviews/${SETBACK_PARCEL}`)).body.signOffs;
      expect(signed.map((s) => s.decision)).toEqual(['pass']);
    });
  });
}
