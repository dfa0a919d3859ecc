// The built app for a browser bench: dist/ rebuilt (with source maps, so a CPU profile names the project's functions)
// when it is missing, has no maps, or is older than any of the sources it is built from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under `paths` (files or folders, searched whole); 0 when none exist. */
export function newestMtimeMs(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (!s.isDirectory()) return void (newest = Math.max(newest, s.mtimeMs));
    for (const e of readdirSync(p)) if (e !== 'node_modules') visit(join(p, e));
  };
  paths.forEach(visit);
  return newest;
}

export const APP_SOURCES = ['src', 'workers', 'index.html', 'vite.config.ts', 'package.json', 'public'];

/** Why `distDir` needs building from `sources`, or null when it is up to date. */
export function staleReason(distDir: string, sources = APP_SOURCES): string | null {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return `${distDir} has no build`;
  const assets = join(distDir, 'assets');
  if (!existsSync(assets) || !readdirSync(assets).some((f) => f.endsWith('.js.map'))) return `${distDir} has no source maps`;
  if (newestMtimeMs(sources) > statSync(index).mtimeMs) return `${distDir} is older than the sources`;
  return null;
}

/** Builds the app into dist/ with source maps when staleReason says so; throws when the build fails. */
export function ensureBuilt(log: (line: string) => void): void {
  const reason = staleReason('dist');
  if (reason === null) return;
  log(`${reason}: building the app (vite build --sourcemap)…`);
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--sourcemap', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}
