// The bench cities: data/bench/<scale> generated once (cim demo, cim join, cim tiles --manifest), for bench:city and
// the city-scale browser test. A step is skipped when its output is there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoManifest, DemoScale } from '../../src/core/demo/manifest';

export const SCALES: DemoScale[] = ['small', 'city', 'zhengzhou'];

export interface BenchCity {
  scale: DemoScale;
  /** The city's folder, under data/. */
  dir: string;
  /** The manifest's URL on the test server (which serves data/ under /data/). */
  manifestUrl: string;
}

function cim(args: string[], what: string): void {
  console.error(`[bench-city] ${what}…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`cim ${args[0]} failed (exit ${r.status}): ${what}`);
}

export function ensureBenchCity(scale: DemoScale): BenchCity {
  const dir = join('data', 'bench', scale);
  const manifestPath = join(dir, 'demo.json');
  if (!existsSync(manifestPath)) cim(['demo', '--scale', scale, '--out', dir, '--quiet'], `generating the ${scale} city into ${dir}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  const file = (name: keyof DemoManifest['files']) => join(dir, manifest.files[name]!);
  const assignments = join(dir, 'assignments.csv');
  if (!existsSync(assignments))
    cim(
      ['join', '--grids', file('grids'), '--buildings', file('buildings'), '--out', assignments],
      `joining the ${scale} city's buildings`,
    );
  if (!manifest.tiles?.buildings || !existsSync(join(dir, manifest.tiles.buildings)))
    cim(
      [
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
        manifestPath,
        '--quiet',
      ],
      `tiling the ${scale} city`,
    );
  return { scale, dir, manifestUrl: `/data/bench/${scale}/demo.json` };
}
