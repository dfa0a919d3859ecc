// Every read of CesiumJS internals (underscore fields, non-public API) in one place, for diagnostics and benches only.
// Each read is guarded: if a Cesium upgrade moves the field, it returns null and the caller shows "unknown",
// never throws; cesiumInternals.test.ts fails on such an upgrade, so the move is seen when Cesium is bumped.
// Checked on CesiumJS 1.145.

/** A draw command as the frame's command list holds it (the fields the frame cost reads). */
export interface DrawCommandLike {
  primitiveType?: number;
  count?: number;
  vertexArray?: { indexBuffer?: { numberOfIndices: number }; numberOfVertices?: number };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Tiles a tileset has loaded in all: its statistics object is private (only its memory total is public). */
export function tilesetLoadedTiles(tileset: object): number | null {
  const n = (tileset as { _statistics?: { numberOfLoadedTilesTotal?: unknown } })._statistics?.numberOfLoadedTilesTotal;
  return isCount(n) ? n : null;
}

/** A tileset's tiles requested and not yet arrived, and arrived and still being processed: its statistics are private. */
export function tilesetPendingTiles(tileset: object): number | null {
  const s = (tileset as { _statistics?: { numberOfPendingRequests?: unknown; numberOfTilesProcessing?: unknown } })._statistics;
  const requests = s?.numberOfPendingRequests;
  const processing = s?.numberOfTilesProcessing;
  return isCount(requests) && isCount(processing) ? requests + processing : null;
}

/** Globe (terrain + imagery) tiles cached and drawn last frame: the QuadtreePrimitive behind the globe is private. */
export function globeTileCounts(globe: object): { cached: number | null; rendered: number | null } {
  const surface = (globe as { _surface?: { _tileReplacementQueue?: { count?: unknown }; _tilesToRender?: unknown } })._surface;
  const cached = surface?._tileReplacementQueue?.count;
  const rendered = surface?._tilesToRender;
  return { cached: isCount(cached) ? cached : null, rendered: Array.isArray(rendered) ? rendered.length : null };
}

/** The draw commands Cesium collected for the last frame rendered: Scene.frameState is not public API. */
export function frameCommandList(scene: object): readonly DrawCommandLike[] | null {
  const list = (scene as { frameState?: { commandList?: unknown } }).frameState?.commandList;
  return Array.isArray(list) ? (list as DrawCommandLike[]) : null;
}

/** One imagery tile drawn on the globe: its zoom in its provider's tiling scheme and its rectangle (radians). */
export interface DrawnImagery {
  level: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

type TileImageryLike = { readyImagery?: { imageryLayer?: unknown; level?: unknown; rectangle?: Record<string, unknown> } };

/**
 * The tiles of `imageryLayer` drawn last frame (the ready imagery of each globe tile rendered: the tile's own zoom, or an
 * ancestor's while it loads); the globe's surface and its tiles' imagery lists are private.
 */
export function imageryDrawn(globe: object, imageryLayer: object): DrawnImagery[] | null {
  const tiles = (globe as { _surface?: { _tilesToRender?: unknown } })._surface?._tilesToRender;
  if (!Array.isArray(tiles)) return null;
  const seen = new Set<object>();
  const out: DrawnImagery[] = [];
  for (const tile of tiles as { data?: { imagery?: unknown } }[]) {
    const list = tile?.data?.imagery;
    if (!Array.isArray(list)) return null;
    for (const { readyImagery: im } of list as TileImageryLike[]) {
      if (!im || im.imageryLayer !== imageryLayer || seen.has(im)) continue;
      seen.add(im);
      const r = im.rectangle;
      if (!isCount(im.level) || !r || ![r.west, r.south, r.east, r.north].every(isCount)) return null;
      out.push({ level: im.level, west: r.west as number, south: r.south as number, east: r.east as number, north: r.north as number });
    }
  }
  return out;
}
