// A tileset built in the tiles worker and served from memory: each glb becomes a blob URL and the
// tileset JSON points at them, so Cesium streams it like any other tileset, with no server.
import type { Remote } from 'comlink';
import type { TileJson, TilesetCounts, TilesetJson } from '../core/tiles/tileset';
import type { TilesApi } from '../../workers/tiles.worker';
import { track } from './workers';

export interface MemoryTileset {
  /** Blob URL of tileset.json. */
  url: string;
  counts: TilesetCounts;
  /** Frees every blob (after the tileset is destroyed). */
  revoke(): void;
}

/** Pulls the worker's started job to the end and serves the result from blob URLs. */
export async function tilesetInMemory(tiles: Remote<TilesApi>): Promise<MemoryTileset> {
  const urlOf = new Map<string, string>();
  const revoke = () => {
    for (const u of urlOf.values()) URL.revokeObjectURL(u);
    urlOf.clear();
  };
  try {
    for (;;) {
      const batch = await track(tiles.next());
      for (const t of batch.tiles) urlOf.set(t.uri, URL.createObjectURL(new Blob([t.glb as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' })));
      if (!batch.result) continue;
      const rewrite = (tile: TileJson): TileJson => ({
        ...tile,
        ...(tile.content ? { content: { uri: urlOf.get(tile.content.uri) ?? tile.content.uri } } : {}),
        ...(tile.children ? { children: tile.children.map(rewrite) } : {}),
      });
      const tileset: TilesetJson = { ...batch.result.tileset, root: rewrite(batch.result.tileset.root) };
      const url = URL.createObjectURL(new Blob([JSON.stringify(tileset)], { type: 'application/json' }));
      urlOf.set('tileset.json', url);
      return { url, counts: batch.result.counts, revoke };
    }
  } catch (err) {
    revoke();
    throw err;
  }
}
