// A PostgreSQL server through `pg` (DATABASE_URL). int8 (counts, versions) and numeric are read as numbers, as
// PGlite reads them, so the server's code sees the same values on both.
import pg from 'pg';
import type { Db, Queryable } from './db';

const INT8 = 20;
const NUMERIC = 1700;

function types() {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

export async function openPostgres(url: string, { max = 10 } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, types: types() });
  // A server that cannot be reached fails here, with its address, not at the first request.
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end();
    throw new Error(`could not connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  const on = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      return (await c.query(sql, params as unknown[] | undefined)).rows as T[];
    },
  });
  const base = on(pool);
  return {
    kind: 'postgres',
    where: redactUrl(url),
    query: base.query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(on(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
