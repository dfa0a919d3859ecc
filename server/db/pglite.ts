// The embedded database: PGlite (PostgreSQL in WebAssembly) with its PostGIS extension, stored in a folder.
// PGlite serves one process: the folder is locked (a `cim.lock` file with the owner's pid) while it is open.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db';

export class DbLockedError extends Error {}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; a lock left by a process that is gone (a crash, kill -9) is taken over. */
function lockFolder(dir: string): () => void {
  const file = join(dir, 'cim.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && pidAlive(owner))
        throw new DbLockedError(`the database ${dir} is in use by process ${owner} (its lock: ${file})`);
      unlinkSync(file);
    }
  }
  throw new DbLockedError(`could not lock the database ${dir}`);
}

function adapt(q: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      return (await q.query<T>(sql, params as unknown[] | undefined)).rows;
    },
  };
}

/** Opens (creating when missing) the embedded database in `dir`, or in memory for `memory://`. */
export async function openPglite(dir: string): Promise<Db> {
  const memory = dir === 'memory://';
  const path = memory ? dir : resolve(dir);
  let unlock = () => {};
  if (!memory) {
    if (!existsSync(path)) mkdirSync(path, { recursive: true });
    unlock = lockFolder(path);
  }
  let pg: PGlite;
  try {
    // PGlite keeps its cluster in a subfolder, next to the lock.
    pg = await PGlite.create(memory ? path : join(path, 'pgdata'), { extensions: { postgis } });
  } catch (err) {
    unlock();
    throw new Error(`could not open the embedded database ${path}: ${(err as Error).message}`, { cause: err });
  }
  const base = adapt(pg);
  let closed = false;
  return {
    kind: 'pglite',
    where: path,
    query: base.query,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction(fn) {
      return pg.transaction((tx) => fn(adapt(tx)));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
