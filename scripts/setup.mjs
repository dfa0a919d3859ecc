// Set-up shared by `npm start` and `npm test` on a fresh clone: dependencies, then the demo city.
// Plain Node (no dependencies): it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function newestIn(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    newest = Math.max(newest, statSync(path).isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const installed = 'node_modules/.package-lock.json';
  if (existsSync(installed) && mtime(installed) >= mtime('package-lock.json')) return;
  console.error('[setup] installing dependencies (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
}

/** Generates the small demo city into data/ (what `npm start` and `npm test` open), remade when its code changed. */
export function ensureDemo() {
  ensureCity('data', 'small', { remakeWhenStale: true });
}

/**
 * A demo city in `dir`: `cim demo`, then `cim join` (the assignments CSV, and the buildings' join inputs named in
 * the manifest for the viewer's grid mode), then `cim tiles` (3D Tiles with each building's grid ids), each step
 * run when its output is missing. With `remakeWhenStale`, also when older than its inputs or its generator's code
 * (a big bench city is remade by deleting its folder).
 */
export function ensureCity(dir, scale, { remakeWhenStale = false } = {}) {
  const manifest = join(dir, 'demo.json');
  const cim = (what, ...args) => {
    console.error(`[setup] ${what} (cim ${args[0]})…`);
    const status = run(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args]);
    if (status !== 0) throw new Error(`cim ${args[0]} failed (exit ${status}): ${what}`);
  };
  const stale = (path, ...inputs) => !existsSync(path) || (remakeWhenStale && mtime(path) < Math.max(...inputs));
  if (stale(manifest, newestIn('src/core/demo'), newestIn('src/io')))
    cim(`generating the ${scale} demo city into ${dir}`, 'demo', '--scale', scale, '--out', dir, '--quiet');
  const read = () => JSON.parse(readFileSync(manifest, 'utf8'));
  const file = (name) => join(dir, read().files[name]);
  const assignments = join(dir, 'assignments.csv');
  const joinInputs = read().files.buildingJoin;
  if (stale(assignments, mtime(file('buildings')), mtime(file('grids'))) || !joinInputs || !existsSync(join(dir, joinInputs)))
    cim(
      `joining the ${scale} city's buildings to its grids`,
      'join',
      '--grids',
      file('grids'),
      '--buildings',
      file('buildings'),
      '--out',
      assignments,
      '--manifest',
      manifest,
    );
  const tileset = read().tiles?.buildings;
  if (!tileset || stale(join(dir, tileset), mtime(assignments), newestIn('src/core/tiles')))
    cim(
      `building the ${scale} city's 3D Tiles`,
      'tiles',
      '--buildings',
      file('buildings'),
      '--pipelines',
      file('pipelines'),
      '--dem',
      file('dem'),
      '--grids-assignment',
      assignments,
      '--out',
      join(dir, 'tiles'),
      '--manifest',
      manifest,
      '--quiet',
    );
}

/**
 * Prepares the server's database for `npm start` (the embedded PGlite folder `dbDir`, or DATABASE_URL): the demo city
 * in `cityDir` loaded when it holds none (`cim db load`), and on a database with no user a demo admin
 * (`cim user add admin --role admin`), whose generated password is returned to be shown once; it is stored only as
 * its hash. Throws when a step fails.
 */
export function ensureServerDb(dbDir, cityDir = 'data') {
  const where = process.env.DATABASE_URL ? [] : ['--db', dbDir];
  const state = serverDbState(dbDir);
  if (!state.city) {
    console.error(`[setup] loading the demo city into the server's database (cim db load ${cityDir})…`);
    const status = run(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'db', 'load', cityDir, ...where, '--quiet'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (status !== 0) throw new Error(`cim db load failed (exit ${status})`);
  }
  if (state.users > 0) return { adminPassword: null };
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'user', 'add', 'admin', '--role', 'admin', ...where], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`cim user add admin failed (exit ${res.status})`);
  return { adminPassword: JSON.parse(res.stdout.trim().split('\n').pop()).password ?? null };
}

/** Whether the server's database holds a city, and how many users (it is created and migrated when missing). */
function serverDbState(dbDir) {
  const script = `
    import { openDatabase } from './server/db/open.ts';
    const db = await openDatabase({ url: process.env.DATABASE_URL ?? null, dir: process.argv[1] });
    try {
      const [{ city }] = await db.query('SELECT count(*)::int AS city FROM city');
      const [{ users }] = await db.query('SELECT count(*)::int AS users FROM users');
      process.stdout.write(JSON.stringify({ city, users }));
    } finally {
      await db.close();
    }`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dbDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`could not open the server's database ${dbDir} (exit ${res.status})`);
  return JSON.parse(res.stdout);
}
