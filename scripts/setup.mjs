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

/** Generates the small demo city into data/ when absent or older than the generator's code. */
export function ensureDemo() {
  const manifest = 'data/demo.json';
  const tileset = 'data/tiles/buildings/tileset.json';
  const cim = (...args) => {
    const status = run(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args]);
    if (status !== 0) throw new Error(`cim ${args[0]} failed`);
  };
  if (!existsSync(manifest) || mtime(manifest) < Math.max(newestIn('src/core/demo'), newestIn('src/io'))) {
    console.error('[setup] generating the demo city (cim demo --scale small)…');
    cim('demo', '--scale', 'small', '--out', 'data/');
  }
  // The viewer's 3D Tiles, with each building's grid ids from the join in their metadata.
  const manifestJson = JSON.parse(readFileSync(manifest, 'utf8'));
  const file = (name) => `data/${manifestJson.files[name]}`;
  if (!manifestJson.tiles || !existsSync(tileset) || mtime(tileset) < Math.max(mtime(file('buildings')), newestIn('src/core/tiles'))) {
    console.error('[setup] building the demo 3D Tiles (cim join, cim tiles)…');
    cim('join', '--grids', file('grids'), '--buildings', file('buildings'), '--out', 'data/assignments.csv');
    cim(
      'tiles',
      '--buildings',
      file('buildings'),
      '--pipelines',
      file('pipelines'),
      '--dem',
      file('dem'),
      '--grids-assignment',
      'data/assignments.csv',
      '--out',
      'data/tiles',
      '--manifest',
      manifest,
      '--quiet',
    );
  }
}
