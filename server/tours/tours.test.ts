// Tours on the server against both databases: a PUT/GET round trip of the demo city's tour, If-Match (412 stale, 428
// missing), roles (anyone reads, edit-tours writes), schema refusals naming the field, and ids that carry SQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tour } from '../../src/core/tour/types';
import { startServer, type RunningServer } from '../app';
import { addUser } from '../auth/users';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';

const PASSWORD = 'correct horse battery';
/** The demo city's own tour, as its file gives it (data/, made by npm run demo). */
const OVERVIEW = JSON.parse(readFileSync(join('data', 'tour-overview.json'), 'utf8')) as Tour;

for (const kind of DATABASES) {
  describe(kind, () => {
    let t: TestDb;
    let server: RunningServer;
    const as: Record<string, TestClient> = {};
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tours'))[0].n;

    beforeAll(async () => {
      t = await openTestDb(kind);
      const users = [
        { name: 'ops1', role: 'operations' },
        { name: 'planner1', role: 'planner' },
        { name: 'viewer1', role: 'viewer' },
        { name: 'land1', role: 'reviewer', department: 'land' },
      ];
      for (const u of users) await addUser(t.db, { ...u, password: PASSWORD });
      server = await startServer({ db: t.db, modules: MODULES, log: () => {} });
      for (const u of users) {
        as[u.name] = new TestClient(server.url);
        expect((await as[u.name].login(u.name, PASSWORD)).status).toBe(200);
      }
      as.anonymous = new TestClient(server.url);
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    beforeEach(async () => {
      await t.db.query('DELETE FROM tours');
    });

    const tour = (): Tour => structuredClone(OVERVIEW);

    it('round-trips a tour: PUT creates it, GET returns it with its ETag, the list names it, anyone reads it', async () => {
      const body = tour();
      const created = await as.ops1.put<{ version: number; updatedBy: string }>(`/api/tours/${body.id}`, body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ version: 1, updatedBy: 'ops1' });
      const tag = created.headers.get('etag');
      for (const who of ['anonymous', 'viewer1', 'land1']) {
        const got = await as[who].get<Tour>(`/api/tours/${body.id}`);
        expect(got.status).toBe(200);
        expect(got.body).toEqual(body);
        expect(got.headers.get('etag')).toBe(tag);
      }
      const list = await as.anonymous.get<{ tours: { id: string; name: unknown; version: number; updatedBy: string }[] }>('/api/tours');
      expect(list.body.tours).toEqual([expect.objectContaining({ id: body.id, name: body.title, version: 1, updatedBy: 'ops1' })]);
      const audit = await t.db.query<{ user_name: string; action: string }>('SELECT user_name, action FROM audit WHERE target = $1', [
        body.id,
      ]);
      expect(audit).toEqual([{ user_name: 'ops1', action: 'tour-create' }]);
    });

    it('takes an update only with the current ETag: 428 without If-Match, 412 when stale', async () => {
      const body = tour();
      const path = `/api/tours/${body.id}`;
      const v1 = (await as.ops1.put(path, body)).headers.get('etag')!;
      const edited = { ...body, title: { zh: '新标题', en: 'New title' } };
      expect((await as.planner1.put(path, edited)).status).toBe(428);
      const v2 = await as.planner1.put<{ version: number }>(path, edited, { 'if-match': v1 });
      expect(v2.status).toBe(200);
      expect(v2.body.version).toBe(2);
      const stale = await as.ops1.put(path, { ...body, loop: !body.loop }, { 'if-match': v1 });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe(v2.headers.get('etag'));

      // Two editors sending the same version at once: exactly one lands.
      const v2tag = v2.headers.get('etag')!;
      const race = await Promise.all([
        as.ops1.put(path, { ...edited, loop: !edited.loop }, { 'if-match': v2tag }),
        as.planner1.put(path, edited, { 'if-match': v2tag }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = race.find((r) => r.status === 200)!;
      const got = await as.anonymous.get<Tour>(path);
      expect(got.headers.get('etag')).toBe(winner.headers.get('etag'));
      expect(got.body.title).toEqual(edited.title);
      expect(got.headers.get('x-updated-by')).toBe(race[0].status === 200 ? 'ops1' : 'planner1');
      // If-Match on a tour that does not exist: nothing to match.
      expect((await as.ops1.put('/api/tours/fresh', { ...body, id: 'fresh' }, { 'if-match': v1 })).status).toBe(412);
      expect((await as.ops1.delete(path, { 'if-match': v1 })).status).toBe(412);
      expect((await as.ops1.delete(path, { 'if-match': winner.headers.get('etag')! })).status).toBe(204);
      expect((await as.anonymous.get(path)).status).toBe(404);
      expect((await as.ops1.delete(path)).status).toBe(404);
    });

    it('lets only roles with edit-tours write, and refuses bad tours naming the field', async () => {
      const body = tour();
      const path = `/api/tours/${body.id}`;
      expect((await as.anonymous.put(path, body)).status).toBe(401);
      expect((await as.viewer1.put(path, body)).status).toBe(403);
      expect((await as.land1.put(path, body)).status).toBe(403);
      const bad = structuredClone(body) as unknown as { keyframes: { camera: { latDeg: number } }[] };
      bad.keyframes[0].camera.latDeg = 95;
      const refused = await as.ops1.put<{ title: string }>(path, bad);
      expect(refused.status).toBe(422);
      expect(refused.body.title).toMatch(/latDeg/);
      expect((await as.ops1.put('/api/tours/other', body)).status).toBe(422);
      expect(await count()).toBe(0);
      expect((await as.ops1.put(path, body)).status).toBe(201);
      expect((await as.viewer1.delete(path)).status).toBe(403);
      expect(await count()).toBe(1);
    });

    it('leaves the table intact when tour ids carry SQL', async () => {
      const body = tour();
      await as.ops1.put(`/api/tours/${body.id}`, body);
      const attacks = ["x' OR '1'='1", "'; DROP TABLE tours; --", `${body.id}'; DELETE FROM tours; --`, '1 OR 1=1'];
      for (const id of attacks) {
        const path = `/api/tours/${encodeURIComponent(id)}`;
        expect((await as.anonymous.get(path)).status).toBe(400);
        expect((await as.ops1.put(path, { ...body, id })).status).toBe(400);
        expect((await as.ops1.delete(path)).status).toBe(400);
      }
      expect(await count()).toBe(1);
      expect((await as.anonymous.get<Tour>(`/api/tours/${body.id}`)).body).toEqual(body);
    });
  });
}
