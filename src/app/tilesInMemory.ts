// A tileset built in the tiles worker and served from memory: the worker turns each glb into a blob URL and points the
// tileset JSON at them (workers/servedTiles.ts), so Cesium streams it like any other tileset, with no server, and the
// page's thread makes no blob per tile.
import type { Remote } from 'comlink';

import type { TilesApi } from '../../workers/tiles.worker';
import { background } from '../core/util/background';
import { track } from './workers';

export interface MemoryTileset<C> {
  /** Blob URL of tileset.json. */
  url: string;
  counts: C;
  /** Frees every blob (after the tileset is destroyed). */
  revoke(): void;
}

/**
 * Pulls the worker's started `job` to the end (C: its counts type) and serves the result from blob URLs; `signal` stops
 * it between batches (the job is dropped in the worker, the promise rejects with an AbortError).
 */
export async function tilesetInMemory<C>(tiles: Remote<TilesApi>, job: number, signal?: AbortSignal): Promise<MemoryTileset<C>> {
  const revoke = () => background(tiles.revokeServed(job), 'freeing a tileset served from memory');
  try {
    for (;;) {
      if (signal?.aborted) {
        background(tiles.cancel(job), 'dropping a cancelled tiling job');
        throw new DOMException('tiling cancelled', 'AbortError');
      }
      const batch = await track(tiles.serveNext(job));
      if (batch.url) return { url: batch.url, counts: batch.counts as C, revoke };
    }
  } catch (err) {
    revoke();
    throw err;
  }
}
