// A private PostgreSQL cluster for tests and benches: Debian's postgresql-15 (+ postgis-3) binaries, a new data folder
// in a temp dir, a Unix socket there and no TCP, started in well under a second, removed afterwards. As root it runs
// as the `postgres` user (initdb refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** A connection URL to the `cim` database (PostGIS available). */
  url: string;
  stop(): void;
}

export function postgresBin(): string | null {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'pg_ctl'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .map(Number)
    .filter((v) => v >= 15)
    .sort((a, b) => b - a);
  for (const v of versions) {
    const bin = join(root, String(v), 'bin');
    if (existsSync(join(bin, 'pg_ctl')) && existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`)) return bin;
  }
  return null;
}

/** Why no cluster can start here, or null when one can. */
export function pgClusterMissing(): string | null {
  return postgresBin() ? null : 'PostgreSQL 15+ with PostGIS 3 is not installed (apt-get install postgresql-15-postgis-3)';
}

export function startPgCluster(): PgCluster {
  const bin = postgresBin();
  if (!bin) throw new Error(pgClusterMissing()!);
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cim-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const as = (cmd: string, args: string[]) => {
    const [c, a] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  as('initdb', ['-D', data, '-U', 'cim', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  as('pg_ctl', [
    '-D',
    data,
    '-w',
    '-s',
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses='' -c unix_socket_directories='${dir}' -c fsync=on`,
    'start',
  ]);
  const stop = () => {
    try {
      as('pg_ctl', ['-D', data, '-w', '-s', '-m', 'fast', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const psql = spawnSync(
      join(bin, 'psql'),
      ['-h', dir, '-U', 'cim', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE DATABASE cim'],
      {
        encoding: 'utf8',
      },
    );
    if (psql.status !== 0) throw new Error(`could not create the test database: ${psql.stderr}`);
  } catch (err) {
    stop();
    throw err;
  }
  return { url: `postgresql://cim@localhost/cim?host=${encodeURIComponent(dir)}`, stop };
}
