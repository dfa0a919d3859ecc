// A tileset served from memory for the page, made here in the tiles worker: each glb becomes a blob URL as its batch is
// pulled and the tileset JSON points at them. The page gets one URL; making a blob and a URL per tile on the page's
// thread was 240–600 ms a batch at a million buildings. Blob URLs are the origin's: the page and its Cesium fetch them
// while this worker lives (the tiles worker lives as long as the viewer), and this worker revokes them.

/** The part of a tile (buildings' or pipes') that names content. */
interface AnyTile {
  content?: { uri: string };
  children?: AnyTile[];
}

/** Blob URLs made for each job, by the tile URI they replace. */
const servedUrls = new Map<number, Map<string, string>>();

/** Serves `tiles` of `job` from blob URLs. */
export function serveTiles(job: number, tiles: readonly { uri: string; glb: Uint8Array }[]): void {
  let urls = servedUrls.get(job);
  if (!urls) servedUrls.set(job, (urls = new Map()));
  for (const t of tiles) urls.set(t.uri, URL.createObjectURL(new Blob([t.glb as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' })));
}

/** The blob URL of the finished job's tileset JSON, its tiles' content pointing at their blob URLs. */
export function serveTileset(job: number, tileset: { root: AnyTile }): string {
  const urls = servedUrls.get(job) ?? new Map<string, string>();
  servedUrls.set(job, urls);
  const rewrite = (tile: AnyTile): AnyTile => ({
    ...tile,
    ...(tile.content ? { content: { uri: urls.get(tile.content.uri) ?? tile.content.uri } } : {}),
    ...(tile.children ? { children: tile.children.map(rewrite) } : {}),
  });
  const url = URL.createObjectURL(new Blob([JSON.stringify({ ...tileset, root: rewrite(tileset.root) })], { type: 'application/json' }));
  urls.set('tileset.json', url);
  return url;
}

/** Frees every blob served for `job` (its tileset destroyed, or its tiling dropped). */
export function revokeServed(job: number): void {
  for (const u of servedUrls.get(job)?.values() ?? []) URL.revokeObjectURL(u);
  servedUrls.delete(job);
}
