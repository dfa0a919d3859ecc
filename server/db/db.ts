// One database interface for the server, over embedded PGlite (+ PostGIS in WebAssembly) or a PostgreSQL server
// through `pg`. The same SQL runs on both: parameters are always `$n` placeholders, never spliced into the text.

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1…$n` parameters. int8 and counts come back as numbers on both databases. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: the folder or the server URL without its password. */
  readonly where: string;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The first row, or null. */
export async function one<T = Row>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<T | null> {
  const rows = await q.query<T>(sql, params);
  return rows[0] ?? null;
}
