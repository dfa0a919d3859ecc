// The small demo city (seed 1: what `npm run demo` writes to data/) built in memory, for tests that need a realistic
// city and must pass on a fresh clone without data/. Generated once per test file (about 5 s).
import { beforeAll } from 'vitest';
import { demoConfig } from '../core/demo/config';
import { buildDemoOutput, type DemoOutput } from './demoOutput';

/** Time allowed for the build (a beforeAll hook): seconds alone, minutes on a loaded machine. */
export const DEMO_CITY_BUILD_TIMEOUT_MS = 300_000;

let output: DemoOutput | null = null;

/** The demo city's manifest and files. */
export function demoCity(): DemoOutput {
  output ??= buildDemoOutput(demoConfig('small', 1));
  return output;
}

/** One of the demo city's files as text, e.g. 'grids.geojson'. */
export function demoFileText(name: string): string {
  const file = demoCity().files.find((f) => f.name === name);
  if (!file) throw new Error(`the demo city has no ${name}`);
  return file.chunks.map((c) => (typeof c === 'string' ? c : new TextDecoder().decode(c))).join('');
}

/** One of the demo city's GeoJSON layers, parsed. */
export function demoGeoJson<T = { type: 'FeatureCollection'; features: unknown[] }>(name: string): T {
  return JSON.parse(demoFileText(name)) as T;
}

/** Builds the city before the file's tests, outside their own timeouts. */
export function buildDemoCityBeforeAll(): void {
  beforeAll(() => {
    demoCity();
  }, DEMO_CITY_BUILD_TIMEOUT_MS);
}
