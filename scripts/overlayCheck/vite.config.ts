// Builds the overlay-worker check page alone (the worker as the app builds it).
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, '../../test-output/overlay-worker-page'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(import.meta.dirname, 'index.html') },
  },
});
