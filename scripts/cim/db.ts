// `cim db load DIR`: a city folder (from cim demo or cim import) into the server's database: every vector layer of its
// manifest as an OGC API collection, the grid as the editable base. Re-loading replaces the city (grid edits included).
import { resolve } from 'node:path';
import { DEFAULT_DB_DIR, openDatabase } from '../../server/db/open';
import { loadCity } from '../../server/load/loadCity';
import { CliError, parseFlags, printSummary } from './args';

export async function run(args: string[]): Promise<number> {
  const [sub, dir, ...rest] = args;
  if (sub !== 'load' || !dir || dir.startsWith('--')) throw new CliError('usage: cim db load DIR [--db DIR | --database-url URL]');
  const flags = parseFlags(rest, { db: 'string', 'database-url': 'string', quiet: 'boolean' });
  const db = await openDatabase({
    url: (flags['database-url'] as string | undefined) ?? process.env.DATABASE_URL ?? null,
    dir: (flags.db as string | undefined) ?? DEFAULT_DB_DIR,
  }).catch((err) => {
    throw new CliError((err as Error).message);
  });
  try {
    const summary = await loadCity(
      db,
      resolve(dir),
      flags.quiet ? () => {} : (line: string) => process.stderr.write(`[cim db load] ${line}\n`),
    ).catch((err: Error) => {
      // A missing or unreadable manifest or layer file is the input's fault: one line naming it; the load's
      // transaction rolled back, so the database is as it was.
      throw new CliError(`${err.message} (nothing was loaded)`);
    });
    printSummary({ command: 'db load', ok: true, db: db.kind, where: db.where, ...summary });
    return 0;
  } finally {
    await db.close();
  }
}
