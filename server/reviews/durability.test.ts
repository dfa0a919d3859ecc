// A reviewer's sign-off survives the server and its database closing and reopening: an embedded PGlite folder in a
// temp dir, and a PostgreSQL cluster reconnected to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../app';
import { addUser } from '../auth/users';
import type { Db } from '../db/db';
import { openDatabase } from '../db/open';
import { MODULES } from '../modules';
import { TestClient } from '../testing/client';
import { startPgCluster, type PgCluster } from '../testing/pgCluster';
import { DATABASES } from '../testing/testDb';
import { demoFeatures, writeTestLayer } from './testLayers';

const PASSWORD = 'correct horse battery';
const PARCEL = 'P-000076';

for (const kind of DATABASES) {
  describe(kind, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-reviews-durable-'));
    let cluster: PgCluster | null = null;
    beforeAll(() => {
      if (kind === 'postgres') cluster = startPgCluster();
    });
    afterAll(() => {
      cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const open = (): Promise<Db> => openDatabase(cluster ? { url: cluster.url } : { dir: join(dir, 'city.pglite') });

    it('keeps a sign-off across a restart of the server and the database', async () => {
      const first = await open();
      await writeTestLayer(first, 'parcels', demoFeatures('parcels'));
      await writeTestLayer(first, 'buildings', demoFeatures('buildings'));
      await addUser(first, { name: 'land1', role: 'reviewer', department: 'land', password: PASSWORD });
      let server = await startServer({ db: first, modules: MODULES, log: () => {} });
      let client = new TestClient(server.url);
      expect((await client.login('land1', PASSWORD)).status).toBe(200);
      const signed = await client.post(`/api/reviews/${PARCEL}/signoffs`, { item: 'land.title', decision: 'fail', comment: '权属待核' });
      expect(signed.status).toBe(201);
      await server.close();
      await first.close();

      const second = await open();
      try {
        server = await startServer({ db: second, modules: MODULES, log: () => {} });
        client = new TestClient(server.url);
        expect((await client.login('land1', PASSWORD)).status).toBe(200);
        const c = await client.get<{ version: number; signOffs: { item: string; decision: string; reviewer: string; comment: string }[] }>(
          `/api/reviews/${PARCEL}`,
        );
        expect(c.status).toBe(200);
        expect(c.body.version).toBe(1);
        expect(c.body.signOffs).toEqual([
          expect.objectContaining({ item: 'land.title', decision: 'fail', reviewer: 'land1', comment: '权属待核' }),
        ]);
        await server.close();
      } finally {
        await second.close();
      }
    }, 120_000);
  });
}
