// The two databases every server test runs against: embedded PGlite (in memory) and a private PostgreSQL cluster.
import type { Db } from '../db/db';
import { openDatabase } from '../db/open';
import { startPgCluster, type PgCluster } from './pgCluster';

export const DATABASES = ['pglite', 'postgres'] as const;
export type DbKind = (typeof DATABASES)[number];

export interface TestDb {
  db: Db;
  /** The PostgreSQL URL (postgres only), e.g. for a `cim serve` child process. */
  url: string | null;
  close(): Promise<void>;
}

/** A new, migrated, empty database of that kind. */
export async function openTestDb(kind: DbKind, dir = 'memory://'): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dir });
    return { db, url: null, close: () => db.close() };
  }
  const cluster: PgCluster = startPgCluster();
  try {
    const db = await openDatabase({ url: cluster.url });
    return {
      db,
      url: cluster.url,
      async close() {
        await db.close();
        cluster.stop();
      },
    };
  } catch (err) {
    cluster.stop();
    throw err;
  }
}
