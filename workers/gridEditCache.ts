// The grid-editing worker's import cache: importGrid's result for a grid file, stored in IndexedDB under the
// file's content hash and the import options, so reopening the same file (a reload with a journal) skips the
// parse, the snapping and the whole-grid validation. A record that does not decode to exactly that key is
// ignored and the file imported again; without IndexedDB (Node, tests) every open imports.
import { contentHash, decodeImport, encodeImport, importCacheKey, type ImportResult } from '../src/core/grid/importCache';
import { importGrid } from '../src/core/grid/validateGrid';
import type { GridFeatureCollection } from '../src/core/grid/gridFeatures';
import { background } from '../src/core/util/background';

/** Where import records are kept (IndexedDB in the browser; a Map or a folder elsewhere). */
export interface ImportStore {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, record: Uint8Array): Promise<void>;
}

const DB = 'cim-grid-import';
const STORE = 'imports';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** The IndexedDB store, or null where there is none. One record per file and options: older ones are replaced when the file changes. */
export function indexedDbImportStore(): ImportStore | null {
  if (typeof indexedDB === 'undefined') return null;
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
      // Another tab holding an older version would keep the open pending: the editor imports instead of waiting.
      r.onblocked = () => reject(new Error('the grid import cache is blocked by another tab'));
    }));
  // Stored under the options only (not the hash), so a changed file overwrites its stale record.
  const slot = (key: string) => (JSON.parse(key) as unknown[]).filter((_, i) => i !== 1).join('|');
  return {
    async get(key) {
      const value = await request((await open()).transaction(STORE).objectStore(STORE).get(slot(key)));
      return value instanceof ArrayBuffer ? new Uint8Array(value) : null;
    },
    async put(key, record) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      await request(tx.objectStore(STORE).put(record.buffer, slot(key)));
    },
  };
}

/**
 * importGrid of the file's bytes through the store: a record for these bytes and options when there is a valid one,
 * else the file parsed and imported (`read`) and its record stored in the background.
 */
export async function importThroughCache(
  store: ImportStore | null,
  bytes: Uint8Array,
  options: { crs: string; zone: number },
  read: (bytes: Uint8Array) => Promise<GridFeatureCollection>,
): Promise<ImportResult & { cached: boolean }> {
  const key = store ? importCacheKey(await contentHash(bytes), options) : '';
  const record = store ? await store.get(key).catch(() => null) : null;
  const hit = record ? decodeImport(key, record) : null;
  if (hit) return { ...hit, cached: true };
  const fresh = importGrid(await read(bytes), options);
  if (store) background(store.put(key, encodeImport(key, fresh)), 'storing the grid import in the cache');
  return { ...fresh, cached: false };
}
