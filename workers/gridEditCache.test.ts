import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GridFeatureCollection } from '../src/core/grid/gridFeatures';
import { importGrid } from '../src/core/grid/validateGrid';
import { importThroughCache, type ImportStore } from './gridEditCache';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../src/core/grid/fixtures', `${name}.geojson`));
const OPTIONS = { crs: 'EPSG:4490', zone: 38 };

/** A store in memory that counts the file reads of the opens through it; `stored` resolves at each put. */
function memoryStore() {
  const records = new Map<string, Uint8Array>();
  let resolveStored: () => void = () => {};
  const store: ImportStore & { records: Map<string, Uint8Array>; stored: Promise<void>; reads: number } = {
    records,
    stored: Promise.resolve(),
    reads: 0,
    async get(key) {
      return records.get(key) ?? null;
    },
    async put(key, record) {
      records.set(key, record);
      resolveStored();
    },
  };
  const expectPut = () => {
    store.stored = new Promise<void>((r) => (resolveStored = r));
  };
  const open = (bytes: Uint8Array, options = OPTIONS) =>
    importThroughCache(store, bytes, options, async (b) => {
      store.reads++;
      return JSON.parse(new TextDecoder().decode(b)) as GridFeatureCollection;
    });
  return { store, expectPut, open };
}

describe('importThroughCache', () => {
  it('imports once, then gives the same grid and problems from the store without reading the file', async () => {
    const { store, expectPut, open } = memoryStore();
    const bytes = fixture('overlap');
    expectPut();
    const first = await open(bytes);
    await store.stored;
    const again = await open(bytes);
    expect([first.cached, again.cached, store.reads]).toEqual([false, true, 1]);
    const fresh = importGrid(JSON.parse(bytes.toString('utf8')), OPTIONS);
    expect(again.grid).toEqual(fresh.grid);
    expect(again.problems).toEqual(fresh.problems);
    expect(again.problems.map((p) => p.type)).toContain('overlap');
  });

  it('imports a changed file or other options again', async () => {
    const { store, expectPut, open } = memoryStore();
    expectPut();
    await open(fixture('clean'));
    await store.stored;
    expectPut();
    const other = await open(fixture('gap'));
    await store.stored;
    expect(other.cached).toBe(false);
    expect(other.problems.map((p) => p.type)).toEqual(
      importGrid(JSON.parse(fixture('gap').toString('utf8')), OPTIONS).problems.map((p) => p.type),
    );
    expect((await open(fixture('clean'), { ...OPTIONS, zone: 39 })).cached).toBe(false);
    expect(store.reads).toBe(3);
  });

  it('never trusts a damaged record: the file is imported and the record replaced', async () => {
    const { store, expectPut, open } = memoryStore();
    const bytes = fixture('clean');
    expectPut();
    await open(bytes);
    await store.stored;
    const [key, record] = [...store.records][0];
    const damaged = record.slice();
    damaged[damaged.length >> 1] ^= 0xff;
    store.records.set(key, damaged);
    expectPut();
    const reopened = await open(bytes);
    await store.stored;
    expect(reopened.cached).toBe(false);
    expect(reopened.grid).toEqual(importGrid(JSON.parse(bytes.toString('utf8')), OPTIONS).grid);
    expect(store.records.get(key)).toEqual(record);
  });

  it('imports every time without a store', async () => {
    const r = await importThroughCache(null, fixture('clean'), OPTIONS, async (b) => JSON.parse(new TextDecoder().decode(b)));
    expect(r.cached).toBe(false);
    expect(r.grid.cells.length).toBeGreaterThan(0);
  });
});
