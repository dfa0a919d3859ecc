import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOp } from './applyOp';
import type { GridFeatureCollection } from './gridFeatures';
import { contentHash, decodeImport, encodeImport, importCacheKey } from './importCache';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

const fileBytes = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', `${name}.geojson`));
const parse = (bytes: Uint8Array): GridFeatureCollection => JSON.parse(new TextDecoder().decode(bytes));
const OPTIONS = { crs: 'EPSG:4490', zone: 38 };

async function cached(name: string) {
  const bytes = fileBytes(name);
  const key = importCacheKey(await contentHash(bytes), OPTIONS);
  const fresh = importGrid(parse(bytes), OPTIONS);
  return { key, fresh, record: encodeImport(key, fresh) };
}

describe('import cache', () => {
  // Files with problems too: the problems found on import come back with the grid.
  for (const name of ['clean', 'overlap', 'gap', 'bad-parent', 'tiny-cell']) {
    it(`a hit on ${name} gives the grid, problems and snapped cells of a fresh import`, async () => {
      const { key, fresh, record } = await cached(name);
      const hit = decodeImport(key, record);
      expect(hit).not.toBeNull();
      expect(hit!.grid).toEqual(fresh.grid);
      expect(hit!.problems).toEqual(fresh.problems);
      expect(hit!.snapped).toEqual(fresh.snapped);
    });
  }

  it('edits the decoded grid as the imported one', async () => {
    const { key, fresh, record } = await cached('clean');
    const hit = decodeImport(key, record)!;
    const topo = gridTopology(fresh.grid);
    const node = topo.nodeDegree.findIndex((d) => d >= 3);
    const to: [number, number] = [fresh.grid.nodeXY[node * 2] + 0.5, fresh.grid.nodeXY[node * 2 + 1] - 0.3];
    const a = applyOp(fresh.grid, { type: 'moveVertex', node, to });
    const b = applyOp(hit.grid, { type: 'moveVertex', node, to });
    expect('grid' in a && 'grid' in b).toBe(true);
    if ('grid' in a && 'grid' in b) {
      expect(b.grid).toEqual(a.grid);
      expect(b.changed).toEqual(a.changed);
    }
  });

  it('misses for a changed file, other import options or another format version', async () => {
    const { record } = await cached('clean');
    const text = new TextDecoder().decode(fileBytes('clean'));
    const changed = new TextEncoder().encode(text.replace(/\d(?=\d*\])/, (d) => String((Number(d) + 1) % 10))); // one digit of a coordinate
    expect(changed).not.toEqual(fileBytes('clean'));
    expect(decodeImport(importCacheKey(await contentHash(changed), OPTIONS), record)).toBeNull();
    const hash = await contentHash(fileBytes('clean'));
    expect(decodeImport(importCacheKey(hash, { ...OPTIONS, zone: 39 }), record)).toBeNull();
    expect(decodeImport(importCacheKey(hash, { ...OPTIONS, snapM: 0.1 }), record)).toBeNull();
    const older = record.slice();
    new DataView(older.buffer).setUint32(4, 0, true);
    expect(decodeImport(importCacheKey(hash, OPTIONS), older)).toBeNull();
  });

  it('refuses a truncated or altered record', async () => {
    const { key, record } = await cached('overlap');
    expect(decodeImport(key, record.subarray(0, record.length - 9))).toBeNull();
    expect(decodeImport(key, new Uint8Array(0))).toBeNull();
    // Every region of the record: header, node coordinates, rings, checksum.
    for (const at of [40, record.length >> 1, record.length - 20, record.length - 1]) {
      const bad = record.slice();
      bad[at] ^= 0x10;
      expect(decodeImport(key, bad)).toBeNull();
    }
  });

  it('reads a record stored at an unaligned offset', async () => {
    const { key, fresh, record } = await cached('clean');
    const shifted = new Uint8Array(record.length + 3);
    shifted.set(record, 3);
    expect(decodeImport(key, shifted.subarray(3))!.grid).toEqual(fresh.grid);
  });
});
