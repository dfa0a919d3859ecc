// The viewer's clients of shared tours and review cases headless against the real `cim serve` app on both databases,
// each "page" with its own cookie jar: a tour saved on one desk is read on another; a save over a version changed
// meanwhile is refused (412) until the page reads the server's copy again; a tour on the server never read here is
// not overwritten (428); a stale delete is refused. A sign-off against a case changed meanwhile is a StaleCaseError
// and lands nothing; an archived report verifies.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { addUser } from '../../../server/auth/users';
import { MODULES } from '../../../server/modules';
import { demoFeatures, writeTestLayer } from '../../../server/reviews/testLayers';
import { DATABASES, openTestDb, type TestDb } from '../../../server/testing/testDb';
import type { Tour } from '../../core/tour/types';
import { StaleCaseError } from '../../ui/review/serverCase';
import { createReviewClient } from './reviewClient';
import { createServerApi, ServerError, type ServerApi } from './serverApi';
import { createTourClient, type TourClient } from './tourClient';

const PASSWORD = 'correct horse battery';
const PARCEL = 'P-000076';
const LAYERS: [manifestKey: string, layer: string][] = [
  ['parcels', 'parcels'],
  ['buildings', 'buildings'],
  ['greenSpaces', 'greenSpaces'],
  ['controlLines', 'controlLines'],
  ['heightLimits', 'heightLimits'],
];

const tour = (title: string): Tour => ({
  version: 1,
  id: 'desk-tour',
  title: { zh: title, en: title },
  loop: true,
  keyframes: [
    {
      camera: { lonDeg: 113.6, latDeg: 34.7, heightM: 800, headingDeg: 0, pitchDeg: -40, rollDeg: 0 },
      durationS: 0,
      holdS: 2,
      easing: 'linear',
    },
  ],
});

/** A browser tab on `base`: its own cookie jar, its CSRF token once signed in as `name`. */
async function tab(base: string, name: string): Promise<{ api: ServerApi; fetch: typeof fetch }> {
  let cookie: string | null = null;
  let csrf: string | null = null;
  const f: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('Cookie', cookie);
    // The server checks a write's Origin as a browser sends it.
    if (init.method && init.method !== 'GET') headers.set('Origin', base);
    const res = await fetch(new URL(String(input), `${base}/`), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return res;
  };
  const api = createServerApi({ csrf: () => csrf, fetch: f });
  const answer = await api.fetchJson<{ csrf: string }>('/api/login', { method: 'POST', json: { name, password: PASSWORD } });
  csrf = answer.csrf;
  return { api, fetch: f };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

for (const kind of DATABASES) {
  describe(kind, () => {
    let t: TestDb;
    let server: RunningServer;

    beforeAll(async () => {
      t = await openTestDb(kind);
      for (const [key, layer] of LAYERS) await writeTestLayer(t.db, layer, demoFeatures(key));
      await addUser(t.db, { name: 'desk', password: PASSWORD, role: 'planner' });
      await addUser(t.db, { name: 'wall', password: PASSWORD, role: 'operations' });
      await addUser(t.db, { name: 'fire1', password: PASSWORD, role: 'reviewer', department: 'fire' });
      await addUser(t.db, { name: 'fire2', password: PASSWORD, role: 'reviewer', department: 'fire' });
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });
    beforeEach(async () => {
      for (const table of ['tours', 'review_signoffs', 'review_reports', 'review_cases']) await t.db.query(`DELETE FROM ${table}`);
    });

    it('tours: shared between pages; a stale save or delete is refused until the server copy is read again', async () => {
      const deskTab = await tab(server.url, 'desk');
      const wallTab = await tab(server.url, 'wall');
      const desk: TourClient = createTourClient(deskTab.api, deskTab.fetch);
      const wall: TourClient = createTourClient(wallTab.api, wallTab.fetch);

      await desk.put(tour('first'));
      expect((await wall.list()).map((e) => [e.id, e.updatedBy, e.version])).toEqual([['desk-tour', 'desk', 1]]);
      expect((await wall.get('desk-tour'))?.title.en).toBe('first');
      expect(await wall.get('no-such-tour')).toBeNull();

      await wall.put(tour('edited on the wall'));
      const stale = await refusal(desk.put(tour('second')));
      expect(stale).toBeInstanceOf(ServerError);
      expect((stale as ServerError).status).toBe(412);
      expect((await wall.get('desk-tour'))?.title.en).toBe('edited on the wall');

      // Read again, the desk's save lands.
      expect((await desk.get('desk-tour'))?.title.en).toBe('edited on the wall');
      await desk.put(tour('second'));
      expect((await wall.list())[0]).toMatchObject({ version: 3, updatedBy: 'desk' });

      // A page that never read it does not overwrite it.
      const fresh = createTourClient(deskTab.api, deskTab.fetch);
      expect(((await refusal(fresh.put(tour('blind')))) as ServerError).status).toBe(428);

      expect(((await refusal(wall.remove('desk-tour'))) as ServerError).status).toBe(412);
      await wall.get('desk-tour');
      await wall.remove('desk-tour');
      expect(await desk.list()).toEqual([]);
    });

    it('reviews: a sign-off on a case changed meanwhile is a StaleCaseError and lands nothing; an archive verifies', async () => {
      const one = createReviewClient((await tab(server.url, 'fire1')).api);
      const two = createReviewClient((await tab(server.url, 'fire2')).api);
      const seen = await two.load(PARCEL);
      const before = await one.load(PARCEL);
      await one.signOff(PARCEL, before.version, { item: 'fire.lanes', decision: 'pass', comment: 'checked' });

      const stale = await refusal(two.signOff(PARCEL, seen.version, { item: 'fire.lanes', decision: 'fail', comment: 'late' }));
      expect(stale).toBeInstanceOf(StaleCaseError);
      const now = await two.load(PARCEL);
      expect(now.version).toBe(before.version + 1);
      expect(now.signOffs.map((s) => [s.item, s.reviewer, s.decision, s.comment])).toEqual([['fire.lanes', 'fire1', 'pass', 'checked']]);
      expect(now.checklist.find((c) => c.id === 'fire.lanes')?.signOff?.reviewer).toBe('fire1');

      const archived = await two.archive(PARCEL, 'en');
      expect(archived.inputsSha256).toBe(now.inputsSha256);
      expect((await one.load(PARCEL)).reports.map((r) => r.id)).toEqual([archived.id]);
      expect(await one.verify(archived.id)).toMatchObject({ inputsMatch: true, figuresMatch: true, changed: [] });
    });
  });
}
