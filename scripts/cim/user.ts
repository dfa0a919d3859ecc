// `cim user add NAME --role R [--department D] [--scope G1,G2] [--password P]`: a server account. Without --password a
// random one is generated and printed once (it is stored only as its argon2id hash).
import { DEFAULT_DB_DIR, openDatabase } from '../../server/db/open';
import { newPassword } from '../../server/auth/passwords';
import { addUser, UserError } from '../../server/auth/users';
import { CliError, parseFlags, printSummary } from './args';

export async function run(args: string[]): Promise<number> {
  const [sub, name, ...rest] = args;
  if (sub !== 'add' || !name || name.startsWith('--'))
    throw new CliError('usage: cim user add NAME --role ROLE [--department D] [--scope G1,G2] [--password P]');
  const flags = parseFlags(rest, {
    role: 'string',
    department: 'string',
    scope: 'string',
    password: 'string',
    replace: 'boolean',
    db: 'string',
    'database-url': 'string',
  });
  if (!flags.role) throw new CliError('--role is required');
  const generated = flags.password === undefined;
  const password = (flags.password as string | undefined) ?? newPassword();
  const db = await openDatabase({
    url: (flags['database-url'] as string | undefined) ?? process.env.DATABASE_URL ?? null,
    dir: (flags.db as string | undefined) ?? DEFAULT_DB_DIR,
  }).catch((err) => {
    throw new CliError((err as Error).message);
  });
  try {
    const scope = flags.scope
      ? String(flags.scope)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
    const user = await addUser(
      db,
      { name, password, role: String(flags.role), department: (flags.department as string) ?? null, scope },
      { replace: !!flags.replace },
    );
    await db.query("INSERT INTO audit (user_name, action, target, ok, detail) VALUES (NULL, 'user-add', $1, true, $2)", [
      user.name,
      JSON.stringify({ role: user.role, scope: user.scope, via: 'cim user add' }),
    ]);
    printSummary({ command: 'user add', ok: true, user, ...(generated ? { password } : {}) });
    return 0;
  } catch (err) {
    if (err instanceof UserError) throw new CliError(err.message);
    throw err;
  } finally {
    await db.close();
  }
}
