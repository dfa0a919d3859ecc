// `cim serve`: the shared city's server (README "The server"). The embedded database by default, PostgreSQL with
// DATABASE_URL (or --database-url). Prints one JSON line with its URL when it listens.
import { startServer } from '../../server/app';
import { DEFAULT_DB_DIR, openDatabase } from '../../server/db/open';
import { MODULES } from '../../server/modules';
import { CliError, parseFlags } from './args';

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    db: 'string',
    'database-url': 'string',
    host: 'string',
    port: 'number',
    app: 'string',
    data: 'string',
    'secure-cookies': 'boolean',
  });
  const url = (flags['database-url'] as string | undefined) ?? process.env.DATABASE_URL ?? null;
  const port = (flags.port as number | undefined) ?? Number(process.env.CIM_SERVER_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0…65535, got ${port}`);
  let db;
  try {
    db = await openDatabase({ url, dir: (flags.db as string | undefined) ?? DEFAULT_DB_DIR });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const server = await startServer({
    db,
    host: (flags.host as string | undefined) ?? '127.0.0.1',
    port,
    static: { app: flags.app as string | undefined, data: flags.data as string | undefined },
    secureCookies: !!flags['secure-cookies'],
    modules: MODULES,
  }).catch(async (err) => {
    await db.close();
    throw new CliError(`could not start the server: ${(err as Error).message}`);
  });
  process.stdout.write(`${JSON.stringify({ command: 'serve', url: server.url, db: db.kind, where: db.where })}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await db.close();
  return 0;
}
