// The grid outlines drawn into one imagery tile (geographic tiling, 256 px) for the grids worker: the levels
// big enough at the tile's zoom, coarsest on top, each over a faint dark casing so it reads on any ground.
import { GRID_LEVELS, type GridLevel } from '../src/core/grid/levels';
import type { PolygonBuffers } from '../src/core/geom/packed';
import { degPerPx, GRID_TILE_PX, levelsAtZoom, type LevelIndex, type LevelMinZooms } from '../src/core/grid/gridView';
import { tileFrame, traceFeature } from './planTiles';

/** The part of a 2D canvas context the tiles use (an OffscreenCanvas's in the worker). */
export type TileContext = Pick<
  OffscreenCanvasRenderingContext2D,
  'beginPath' | 'moveTo' | 'lineTo' | 'closePath' | 'stroke' | 'strokeStyle' | 'lineWidth' | 'lineJoin'
>;

/** One grid layer as the tiles draw it. */
export interface GridTileSet {
  polygons: PolygonBuffers;
  indexes: Record<GridLevel, LevelIndex>;
  minZooms: LevelMinZooms;
  /** Each level's typical grid size (degrees): lines are kept thin against it. */
  sizesDeg: Record<GridLevel, number>;
}

const CASING_PX = 2;
/** A line is at most this fraction of its level's typical grid in the tile, so a far tile (magnified on screen) is no smear. */
const MAX_LINE_SHARE = 1 / 20;

/** The stroke width (tile px) of a level at a zoom: its style's width, thinner where its grids are few pixels across. */
export function lineWidthPx(set: GridTileSet, lv: GridLevel, zoom: number): number {
  return Math.min(GRID_LEVELS[lv].widthPx, Math.max(0.5, (set.sizesDeg[lv] / degPerPx(zoom)) * MAX_LINE_SHARE));
}

/** Strokes the grids of the levels drawn at this zoom among `on`; returns the levels drawn. */
export function drawGridTile(g: TileContext, set: GridTileSet, on: readonly GridLevel[], x: number, y: number, zoom: number): GridLevel[] {
  const levels = levelsAtZoom(set.minZooms, zoom, on);
  const { w, s, e, n, sx, sy } = tileFrame(x, y, zoom, GRID_TILE_PX);
  const p = set.polygons;
  g.lineJoin = 'round';
  // Finest first, so L1 lies over the L2 and L3 edges it shares.
  for (const lv of [...levels].reverse()) {
    const { features, index } = set.indexes[lv];
    if (!index) continue;
    const style = GRID_LEVELS[lv];
    const widthPx = lineWidthPx(set, lv, zoom);
    const casingPx = widthPx + Math.min(CASING_PX, widthPx);
    // Grids are found by their bbox grown by the stroke, so wide lines at tile edges are not cut.
    const pad = casingPx / sx;
    const hits = index.search(w - pad, s - pad, e + pad, n + pad);
    if (hits.length === 0) continue;
    g.beginPath();
    for (const k of hits) {
      traceFeature(g, p, features[k], w, n, sx, sy);
    }
    g.strokeStyle = 'rgba(0,0,0,0.35)';
    g.lineWidth = casingPx;
    g.stroke();
    g.strokeStyle = `rgb(${style.rgb.join(',')})`;
    g.lineWidth = widthPx;
    g.stroke();
  }
  return levels;
}
