// What the tileset tests share about a written tree, buildings and pipes alike: every tile with its parent, depth and
// composed transform, contents referenced once, and each tile's vertices inside its region (in Cesium's frames).
import proj4 from 'proj4';
import { expect } from 'vitest';
import { multiplyMatrices } from './matrix4';

export const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m');
export const DEG = Math.PI / 180;
const IDENTITY = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);

/** What the walk needs of a tile: its transform (when it has one) and children. */
interface TreeTile<T> {
  transform?: number[];
  children?: T[];
}

export interface TileVisit<T> {
  tile: T;
  parent?: T;
  depth: number;
  /** The tile's transform composed with its ancestors' (tile frame -> ECEF). */
  computed: Float64Array;
}

/** Every tile of the tree, depth first, parents before children. */
export function walkTiles<T extends TreeTile<T>>(root: T): TileVisit<T>[] {
  const out: TileVisit<T>[] = [];
  const go = (tile: T, parent: T | undefined, depth: number, parentComputed: Float64Array | undefined) => {
    const own = tile.transform;
    const computed = own ? (parentComputed ? multiplyMatrices(parentComputed, own) : Float64Array.from(own)) : (parentComputed ?? IDENTITY);
    out.push({ tile, parent, depth, computed });
    for (const c of tile.children ?? []) go(c, tile, depth + 1, computed);
  };
  go(root, undefined, 0, undefined);
  return out;
}

export const isLeaf = (t: { children?: unknown[] }) => !t.children?.length;

/** Every content is referenced by exactly one tile, and every reference names a written content. */
export function expectContentsReferencedOnce(tiles: TileVisit<{ content?: { uri: string } }>[], contents: Map<string, unknown>): void {
  const uris = tiles.flatMap((t) => (t.tile.content ? [t.tile.content.uri] : []));
  expect(new Set(uris).size).toBe(uris.length);
  expect(new Set(uris)).toEqual(new Set(contents.keys()));
}

/**
 * Checks that ECEF positions `world` lie inside `region` ([w, s, e, n] radians, [lo, hi] metres) to 0.01 mm
 * (regions are padded for quantisation, not by this check); returns their own box in the region's units, for
 * tightness checks. `each` sees every vertex's lon/lat in degrees.
 */
export function expectInsideRegion(
  world: Float64Array,
  region: number[],
  each?: (vertex: number, lonDeg: number, latDeg: number) => void,
): { lo: number[]; hi: number[] } {
  const lo3 = [Infinity, Infinity, Infinity],
    hi3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < world.length; i += 3) {
    const [lon, lat, h] = toEcef.inverse([world[i], world[i + 1], world[i + 2]]);
    [lon * DEG, lat * DEG, h].forEach((v, c) => {
      lo3[c] = Math.min(lo3[c], v);
      hi3[c] = Math.max(hi3[c], v);
    });
    each?.(i / 3, lon, lat);
  }
  const [w, s, e, n, lo, hi] = region;
  const tol = 1e-5 / 6.4e6;
  expect(lo3[0]).toBeGreaterThanOrEqual(w - tol);
  expect(hi3[0]).toBeLessThanOrEqual(e + tol);
  expect(lo3[1]).toBeGreaterThanOrEqual(s - tol);
  expect(hi3[1]).toBeLessThanOrEqual(n + tol);
  expect(lo3[2]).toBeGreaterThanOrEqual(lo - 1e-5);
  expect(hi3[2]).toBeLessThanOrEqual(hi + 1e-5);
  return { lo: lo3, hi: hi3 };
}
