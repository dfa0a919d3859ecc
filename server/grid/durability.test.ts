// An acknowledged grid edit survives kill -9 of the server: `cim serve` runs as a child process on a PGlite folder and
// on a PostgreSQL cluster, is killed with SIGKILL right after an edit's 201 arrives (and once with edits still in
// flight), and started again on the same database. Every acknowledged edit is then in the log at its version, the
// grid and grid_cells are the replay of that log, and an edit sent again with the same client id is not applied twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grid } from '../../src/core/grid/gridModel';
import type { WireOp } from '../../src/core/grid/wireOps';
import type { Ack } from '../../scripts/benchServe/editors';
import { startServeChild, type ServeChild } from '../../scripts/benchServe/serveChild';
import { Session, type EditReply } from '../../scripts/benchServe/session';
import { verifyRun } from '../../scripts/benchServe/verify';
import { addUser } from '../auth/users';
import { openDatabase, type DbChoice } from '../db/open';
import { startPgCluster, type PgCluster } from '../testing/pgCluster';
import { DATABASES } from '../testing/testDb';
import { importGridFile } from './gridFile';
import { loadGrid } from './loadGrid';

const NAME = 'clean.geojson';
const bytes = () => new Uint8Array(readFileSync(new URL('../../src/core/grid/fixtures/clean.geojson', import.meta.url)));
const PASSWORD = 'correct horse battery';
const TIMEOUT_MS = 30_000;

for (const kind of DATABASES) {
  describe(`kill -9 of cim serve on ${kind}`, () => {
    // Each start of the child opens the database (PGlite: its WebAssembly PostgreSQL, several seconds).
    let temp: string;
    let cluster: PgCluster | null = null;
    let choice: DbChoice;
    let base: Grid;
    let server: ServeChild | null = null;
    beforeAll(async () => {
      temp = mkdtempSync(join(tmpdir(), 'cim-durability-'));
      if (kind === 'postgres') cluster = startPgCluster();
      choice = cluster ? { url: cluster.url } : { dir: join(temp, 'city.pglite') };
      const db = await openDatabase(choice);
      try {
        await db.transaction((tx) => loadGrid(tx, bytes(), NAME));
        await addUser(db, { name: 'li', password: PASSWORD, role: 'grid-manager', scope: ['A'] });
      } finally {
        await db.close();
      }
      base = (await importGridFile(bytes(), NAME)).grid;
    }, 120_000);
    afterAll(async () => {
      await server?.kill9();
      cluster?.stop();
      rmSync(temp, { recursive: true, force: true });
    });

    it('keeps every acknowledged edit and applies a retried one once', async () => {
      const acks = new Map<string, Ack>();
      let known = 0;
      let n = 0;
      const start = async () => {
        server = await startServeChild(choice);
        const session = new Session(server.url);
        await session.login('li', PASSWORD);
        return session;
      };
      const gridVersion = () => fetch(`${server!.url}/api/grid`).then((r) => r.json() as Promise<{ version: number }>);
      // By default node 0 moved east half a metre more by each edit: every edit applies on whatever came before it.
      const nextEdit = (op?: WireOp) => {
        n++;
        op ??= { type: 'moveVertex', node: 0, to: [base.nodeXY[0] + n * 0.5, base.nodeXY[1]] };
        return { op, baseVersion: known, clientId: `durability-${kind}-${n}` };
      };
      const acknowledge = (payload: ReturnType<typeof nextEdit>, reply: EditReply) => {
        expect(reply.status, JSON.stringify(reply.body)).toBe(201);
        const version = reply.body.entry!.version;
        acks.set(payload.clientId, { clientId: payload.clientId, version, op: payload.op });
        known = Math.max(known, version);
        return version;
      };

      // Edits one after another, the server killed right after the last one's 201.
      let session = await start();
      for (let i = 0; i < 3; i++) {
        const payload = nextEdit();
        acknowledge(payload, await session.edit(payload, TIMEOUT_MS));
      }
      await server!.kill9();
      session = await start();
      expect((await gridVersion()).version).toBe(known);

      // Renames of the four cells in flight together (no two touch the same cell, so none conflicts), the server
      // killed as soon as the first is acknowledged. The others may or may not have committed: each is sent again
      // with its client id after the restart and applied once (201, or 200 when it had committed).
      const inFlight = base.cells.map((c) => nextEdit({ type: 'rename', id: c.id, name: `${c.id} 改` }));
      const first = await new Promise<{ payload: (typeof inFlight)[number]; reply: EditReply }>((resolve, reject) => {
        let left = inFlight.length;
        for (const payload of inFlight)
          session.edit(payload, TIMEOUT_MS).then(
            (reply) => resolve({ payload, reply }),
            // Cut off by the kill: unanswered.
            (err: Error) => --left === 0 && reject(err),
          );
      });
      acknowledge(first.payload, first.reply);
      await server!.kill9();
      session = await start();
      expect((await gridVersion()).version).toBeGreaterThanOrEqual(known);
      for (const payload of inFlight) {
        if (payload === first.payload) continue;
        const again = await session.edit({ ...payload, baseVersion: known }, TIMEOUT_MS);
        expect([200, 201]).toContain(again.status);
        acks.set(payload.clientId, { clientId: payload.clientId, version: again.body.entry!.version, op: payload.op });
        known = Math.max(known, again.body.entry!.version);
      }

      // Every acknowledged edit sent again: 200, the same version, nothing applied.
      for (const a of [...acks.values()]) {
        const reply = await session.edit({ op: a.op, baseVersion: 0, clientId: a.clientId }, TIMEOUT_MS);
        expect(reply.status).toBe(200);
        expect(reply.body.duplicate).toBe(true);
        expect(reply.body.entry!.version).toBe(a.version);
      }
      expect((await gridVersion()).version).toBe(acks.size);
      await server!.stop();
      server = null;

      const db = await openDatabase(choice);
      try {
        const verdict = await verifyRun(db, base, acks, new Set());
        expect(verdict.failures).toEqual([]);
        expect(verdict.logRows).toBe(n);
      } finally {
        await db.close();
      }
    }, 240_000);
  });
}
