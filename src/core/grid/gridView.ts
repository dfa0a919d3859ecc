// The grid outlines as the viewer draws them at any distance: which levels a map tile of a given zoom shows
// (a level whose grids would be only a few pixels across is left out, never drawn as a mesh of lines), and
// the grid under a lon/lat point at a level, found through a bbox index.
import Flatbush from 'flatbush';
import type { GridLevel } from './levels';
import type { PolygonBuffers } from '../geom/packed';
import { pointInRing } from '../geom/pointInPolygon';

/** L2 and L3 are drawn from the zoom where their typical grid is this many pixels across. */
export const MIN_GRID_PX = 32;
/** L1 shows at every zoom where the city is more than a dot: its typical grid at least this many pixels. */
export const MIN_L1_PX = 8;
/** Pixels across a tile of Cesium's GeographicTilingScheme (2 × 1 tiles of 180° at zoom 0). */
export const GRID_TILE_PX = 256;

export const LEVELS: readonly GridLevel[] = [1, 2, 3];

/** The first zoom from which each level is drawn. */
export type LevelMinZooms = Record<GridLevel, number>;

/** Degrees per pixel of a tile at `zoom`. */
export function degPerPx(zoom: number): number {
  return 180 / 2 ** zoom / GRID_TILE_PX;
}

/** A level's grid level, 3 for anything other than 1 and 2 (as the file reader does). */
export function levelOf(level: ArrayLike<number>, f: number): GridLevel {
  const lv = level[f];
  return lv === 1 || lv === 2 ? lv : 3;
}

/** The median size (√(width × height) of the bbox, degrees) of each level's grids; 0 for a level without any. */
export function medianSizesDeg(bbox: ArrayLike<number>, level: ArrayLike<number>): Record<GridLevel, number> {
  const sizes: Record<GridLevel, number[]> = { 1: [], 2: [], 3: [] };
  for (let f = 0; f < level.length; f++) {
    sizes[levelOf(level, f)].push(Math.sqrt(Math.max(0, bbox[4 * f + 2] - bbox[4 * f]) * Math.max(0, bbox[4 * f + 3] - bbox[4 * f + 1])));
  }
  const median = (a: number[]) => (a.length === 0 ? 0 : a.sort((x, y) => x - y)[a.length >> 1]);
  return { 1: median(sizes[1]), 2: median(sizes[2]), 3: median(sizes[3]) };
}

/** The smallest zoom at which a grid of `sizeDeg` is at least `minPx` pixels across (Infinity for size 0). */
export function minZoomFor(sizeDeg: number, minPx: number): number {
  if (!(sizeDeg > 0)) return Infinity;
  return Math.max(0, Math.ceil(Math.log2((180 * minPx) / (GRID_TILE_PX * sizeDeg))));
}

export function levelMinZooms(sizesDeg: Record<GridLevel, number>): LevelMinZooms {
  return { 1: minZoomFor(sizesDeg[1], MIN_L1_PX), 2: minZoomFor(sizesDeg[2], MIN_GRID_PX), 3: minZoomFor(sizesDeg[3], MIN_GRID_PX) };
}

/** The levels a tile at `zoom` draws: those switched on whose grids are big enough there, coarsest first. */
export function levelsAtZoom(minZooms: LevelMinZooms, zoom: number, on: readonly GridLevel[] = LEVELS): GridLevel[] {
  return LEVELS.filter((lv) => on.includes(lv) && zoom >= minZooms[lv]);
}

/** The grids of one level by bbox: the features' indices in the layer and a Flatbush over them. */
export interface LevelIndex {
  features: Uint32Array;
  index: Flatbush | null;
}

export function levelIndexes(p: PolygonBuffers, level: ArrayLike<number>): Record<GridLevel, LevelIndex> {
  const out = {} as Record<GridLevel, LevelIndex>;
  for (const lv of LEVELS) {
    const features: number[] = [];
    for (let f = 0; f < level.length; f++) if (levelOf(level, f) === lv) features.push(f);
    let index: Flatbush | null = null;
    if (features.length > 0) {
      index = new Flatbush(features.length);
      for (const f of features) index.add(p.bbox[4 * f], p.bbox[4 * f + 1], p.bbox[4 * f + 2], p.bbox[4 * f + 3]);
      index.finish();
    }
    out[lv] = { features: Uint32Array.from(features), index };
  }
  return out;
}

/** True when (x, y) is inside feature `f` (any of its polygons, holes excluded). */
export function featureContains(p: PolygonBuffers, f: number, x: number, y: number): boolean {
  for (let poly = p.featurePolyStart[f]; poly < p.featurePolyStart[f + 1]; poly++) {
    let inside = false;
    for (let r = p.polyRingStart[poly]; r < p.polyRingStart[poly + 1]; r++) {
      if (pointInRing(x, y, p.coords, p.ringStart[r], p.ringStart[r + 1])) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

/** The feature of level `lv` containing the point, -1 for none (the first in index order where grids overlap). */
export function gridAtPoint(p: PolygonBuffers, indexes: Record<GridLevel, LevelIndex>, lv: GridLevel, x: number, y: number): number {
  const { features, index } = indexes[lv];
  if (!index) return -1;
  const hits = index.search(x, y, x, y).sort((a, b) => a - b);
  for (const k of hits) if (featureContains(p, features[k], x, y)) return features[k];
  return -1;
}

/** The grid under the point at the finest of `levels` that has one there, -1 for none. */
export function finestGridAtPoint(
  p: PolygonBuffers,
  indexes: Record<GridLevel, LevelIndex>,
  levels: readonly GridLevel[],
  x: number,
  y: number,
): number {
  for (const lv of [...levels].sort((a, b) => b - a)) {
    const f = gridAtPoint(p, indexes, lv, x, y);
    if (f >= 0) return f;
  }
  return -1;
}
