// A tileset built in the tiles worker and served from memory: each glb becomes a blob URL and the
// tileset JSON points at them, so Cesium streams it like any other tileset, with no server.
import type { Remote } from 'comlink';

import type { TilesApi } from '../../workers/tiles.worker';
import { background } from '../core/util/background';
import { track } from './workers';

/** The part of a tile (buildings' or pipes') that names content. */
interface AnyTile {
  content?: { uri: string };
  children?: AnyTile[];
}

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
export async function tilesetInMemory<
  C = Awaited<ReturnType<TilesApi['next']>>['result'] extends infer R ? (R extends { counts: infer K } ? K : never) : never,
>(tiles: Remote<TilesApi>, job: number, signal?: AbortSignal): Promise<MemoryTileset<C>> {
  const urlOf = new Map<string, string>();
  const revoke = () => {
    for (const u of urlOf.values()) URL.revokeObjectURL(u);
    urlOf.clear();
  };
  try {
    for (;;) {
      if (signal?.aborted) {
        background(tiles.cancel(job), 'dropping a cancelled tiling job');
        throw new DOMException('tiling cancelled', 'AbortError');
      }
      const batch = await track(tiles.next(job));
      for (const t of batch.tiles)
        urlOf.set(t.uri, URL.createObjectURL(new Blob([t.glb as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' })));
      if (!batch.result) continue;
      const rewrite = (tile: AnyTile): AnyTile => ({
        ...tile,
        ...(tile.content ? { content: { uri: urlOf.get(tile.content.uri) ?? tile.content.uri } } : {}),
        ...(tile.children ? { children: tile.children.map(rewrite) } : {}),
      });
      const tileset = { ...batch.result.tileset, root: rewrite(batch.result.tileset.root) };
      const url = URL.createObjectURL(new Blob([JSON.stringify(tileset)], { type: 'application/json' }));
      urlOf.set('tileset.json', url);
      return { url, counts: batch.result.counts as C, revoke };
    }
  } catch (err) {
    revoke();
    throw err;
  }
}
