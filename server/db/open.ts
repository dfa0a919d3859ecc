// Opens the server's database: PostgreSQL when a URL is given (DATABASE_URL), else the embedded PGlite folder; then
// brings its schema up to date.
import type { Db } from './db';
import { migrate } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export const DEFAULT_DB_DIR = 'data/city.pglite';

export interface DbChoice {
  /** PostgreSQL connection URL; wins over `dir`. */
  url?: string | null;
  /** The embedded database's folder (or memory://). */
  dir?: string | null;
}

export async function openDatabase(choice: DbChoice): Promise<Db> {
  const db = choice.url ? await openPostgres(choice.url) : await openPglite(choice.dir ?? DEFAULT_DB_DIR);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw new Error(`could not prepare the database ${db.where}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}
