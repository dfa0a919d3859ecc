// The bench build: the app plus tiles-bench.html and sensors-bench.html, the pages bench:tiles and bench:sensors
// measure in, into test-output/ so the production build (vite.config.ts) ships neither page.
import { defineConfig, mergeConfig } from 'vite';
import { resolve } from 'node:path';
import app from './vite.config.ts';

export const BENCH_DIST = 'test-output/bench/dist';

export default mergeConfig(
  app,
  defineConfig({
    build: {
      outDir: BENCH_DIST,
      emptyOutDir: true,
      rollupOptions: { input: { tilesBench: resolve('tiles-bench.html'), sensorsBench: resolve('sensors-bench.html') } },
    },
  }),
);
