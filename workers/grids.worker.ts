// Grids worker: keeps the grid layers the viewer shows (the file's, then the editor's working grid) and
// draws their outlines as imagery tiles, and finds the grid under a point, so nothing per grid runs on the page.
import { expose, transfer } from 'comlink';
import type { GridLevel } from '../src/core/grid/levels';
import type { PolygonBuffers } from '../src/core/geom/packed';
import {
  finestGridAtPoint,
  levelIndexes,
  levelMinZooms,
  medianSizesDeg,
  GRID_TILE_PX,
  type LevelMinZooms,
} from '../src/core/grid/gridView';
import { workerEndpoint } from './endpoint';
import { drawGridTile, type GridTileSet } from './gridTiles';

const sets = new Map<number, GridTileSet>();

function requireSet(id: number): GridTileSet {
  const set = sets.get(id);
  if (!set) throw new Error(`grid layer ${id} not loaded`);
  return set;
}

const api = {
  /** Takes over a grid layer's geometry (lon/lat) and levels; returns from which zoom each level is drawn and its bbox. */
  setGrids(
    id: number,
    polygons: PolygonBuffers,
    level: Uint8Array,
  ): { minZooms: LevelMinZooms; bboxDeg: [number, number, number, number] } {
    const sizesDeg = medianSizesDeg(polygons.bbox, level);
    const minZooms = levelMinZooms(sizesDeg);
    sets.set(id, { polygons, indexes: levelIndexes(polygons, level), minZooms, sizesDeg });
    const b = polygons.bbox;
    const bboxDeg: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < b.length; i += 4) {
      bboxDeg[0] = Math.min(bboxDeg[0], b[i]);
      bboxDeg[1] = Math.min(bboxDeg[1], b[i + 1]);
      bboxDeg[2] = Math.max(bboxDeg[2], b[i + 2]);
      bboxDeg[3] = Math.max(bboxDeg[3], b[i + 3]);
    }
    return { minZooms, bboxDeg };
  },

  drop(id: number): void {
    sets.delete(id);
  },

  /** One tile of the outlines of the levels in `on` (each only where big enough at this zoom). */
  tile(id: number, on: GridLevel[], x: number, y: number, zoom: number): ImageBitmap {
    const c = new OffscreenCanvas(GRID_TILE_PX, GRID_TILE_PX);
    drawGridTile(c.getContext('2d')!, requireSet(id), on, x, y, zoom);
    const image = c.transferToImageBitmap();
    return transfer(image, [image]);
  },

  /** The grid (feature index) under a lon/lat point at the finest of `levels` with one there, -1 for none. */
  gridAt(id: number, lonLatDeg: [number, number], levels: GridLevel[]): number {
    const set = requireSet(id);
    return finestGridAtPoint(set.polygons, set.indexes, levels, lonLatDeg[0], lonLatDeg[1]);
  },
};

expose(api, workerEndpoint());
export type GridsApi = typeof api;
