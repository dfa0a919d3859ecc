// The bench cities: data/bench/<scale> generated once (cim demo, cim join, cim tiles --manifest; scripts/setup.mjs), for
// bench:city and the city-scale browser test. A step is skipped when its output is there.
import { join } from 'node:path';
import type { DemoScale } from '../../src/core/demo/manifest';
import { ensureCity } from '../setup.mjs';

export const SCALES: DemoScale[] = ['small', 'city', 'zhengzhou'];

export interface BenchCity {
  scale: DemoScale;
  /** The city's folder, under data/. */
  dir: string;
  /** The manifest's URL on the test server (which serves data/ under /data/). */
  manifestUrl: string;
}

export function ensureBenchCity(scale: DemoScale): BenchCity {
  const dir = join('data', 'bench', scale);
  ensureCity(dir, scale);
  return { scale, dir, manifestUrl: `/data/bench/${scale}/demo.json` };
}
