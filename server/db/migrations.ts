// Versioned migrations: server/db/migrations/NNN_name.sql, applied in order, each in its own transaction, recorded
// in schema_migrations. The same SQL runs on PGlite and PostgreSQL. A database newer than this code is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrations(dir = DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, file), 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.version}_${m.name} is out of sequence (expected ${i + 1})`);
  });
  return out;
}

/** Brings the database up to the newest migration; returns the versions applied now. */
export async function migrate(db: Db, list = migrations()): Promise<number[]> {
  // PostGIS first, outside the numbered list: on a PostgreSQL server it must already exist or the user be allowed to
  // create it (CREATE EXTENSION needs a superuser or the database owner with a trusted extension).
  await db.exec(`CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const newest = Math.max(0, ...done);
  if (newest > list.length)
    throw new Error(`the database ${db.where} is at schema version ${newest}, newer than this server (${list.length}): upgrade the server`);
  const applied: number[] = [];
  for (const m of list) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      // Each statement on its own: PGlite's query() takes one, and pg's extended protocol too.
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}

/**
 * The statements of a migration file. Statements end at a `;` at the end of a line; comments (`--`) are dropped.
 * Migrations write function bodies in `$$ … $$` on one statement's lines, never a `;` at a line's end inside them.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let inDollar = false;
  for (const raw of sql.split('\n')) {
    const line = inDollar ? raw : raw.replace(/--.*$/, '');
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollar = !inDollar;
    current.push(line);
    if (!inDollar && /;\s*$/.test(line)) {
      const s = current.join('\n').trim().replace(/;\s*$/, '');
      if (s) out.push(s);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) out.push(rest);
  return out;
}
