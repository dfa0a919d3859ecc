// Planning layers drawn as imagery tiles (geographic tiling, 256 px) in the planning worker, so land use
// and control lines drape on the terrain, cost the GPU one texture per tile, and can be swiped.
import Flatbush from 'flatbush';
import type { PackedLines, PackedPolygons } from '../src/core/geom/packed';
import { LINE_COLOUR_CSS } from '../src/core/planning/sitePlan';

export const TILE_PX = 256;

/** Fill and outline per feature, as CSS colours. */
export interface PolygonStyle {
  fill: (f: number) => string;
  stroke: string;
}

/** How Chinese planning maps draw each control line: colour, width and dash. */
export const CONTROL_LINE_STYLE: Record<string, { css: string; widthPx: number; dash: number[] }> = {
  red: { css: LINE_COLOUR_CSS.red, widthPx: 2.5, dash: [] },
  green: { css: LINE_COLOUR_CSS.green, widthPx: 2.5, dash: [10, 4] },
  blue: { css: LINE_COLOUR_CSS.blue, widthPx: 2.5, dash: [12, 3, 2, 3] },
  purple: { css: LINE_COLOUR_CSS.purple, widthPx: 2.5, dash: [8, 4] },
  yellow: { css: LINE_COLOUR_CSS.yellow, widthPx: 2.5, dash: [12, 3, 2, 3, 2, 3] },
};

/** Lon/lat rectangle of a tile of Cesium's GeographicTilingScheme (2 × 1 tiles at level 0). */
export function tileRectDeg(x: number, y: number, level: number): [number, number, number, number] {
  const dLon = 180 / 2 ** level;
  const dLat = 180 / 2 ** level;
  const w = -180 + x * dLon;
  const n = 90 - y * dLat;
  return [w, n - dLat, w + dLon, n];
}

export function bboxIndex(bbox: Float64Array): Flatbush | null {
  const n = bbox.length / 4;
  if (n === 0) return null;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) index.add(bbox[4 * i], bbox[4 * i + 1], bbox[4 * i + 2], bbox[4 * i + 3]);
  index.finish();
  return index;
}

/** A tile's edges (degrees) and scales (pixels per degree). */
export interface TileFrame {
  w: number;
  s: number;
  e: number;
  n: number;
  sx: number;
  sy: number;
}

/** The frame of a tile `px` pixels wide: `sx` pixels per degree east, `sy` per degree south. */
export function tileFrame(x: number, y: number, level: number, px = TILE_PX): TileFrame {
  const [w, s, e, n] = tileRectDeg(x, y, level);
  return { w, s, e, n, sx: px / (e - w), sy: px / (n - s) };
}

/** A blank tile canvas and its frame. */
function tileCanvas(x: number, y: number, level: number): { c: OffscreenCanvas; g: OffscreenCanvasRenderingContext2D } & TileFrame {
  const c = new OffscreenCanvas(TILE_PX, TILE_PX);
  return { c, g: c.getContext('2d')!, ...tileFrame(x, y, level) };
}

type PathContext = Pick<OffscreenCanvasRenderingContext2D, 'moveTo' | 'lineTo' | 'closePath'>;

/** Adds vertices [from, to) of `coords` to the canvas path as one subpath, mapped from degrees (tile west `w`, north `n`) to pixels. */
function tracePath(g: PathContext, coords: Float64Array, from: number, to: number, w: number, n: number, sx: number, sy: number): void {
  for (let v = from; v < to; v++) {
    const px = (coords[2 * v] - w) * sx;
    const py = (n - coords[2 * v + 1]) * sy;
    if (v === from) g.moveTo(px, py);
    else g.lineTo(px, py);
  }
}

/** Adds every ring of feature `f` to the canvas path, mapped from degrees (tile west `w`, north `n`) to pixels. */
export function traceFeature(
  g: PathContext,
  p: Pick<PackedPolygons, 'coords' | 'ringStart' | 'polyRingStart' | 'featurePolyStart'>,
  f: number,
  w: number,
  n: number,
  sx: number,
  sy: number,
): void {
  for (let poly = p.featurePolyStart[f]; poly < p.featurePolyStart[f + 1]; poly++) {
    for (let r = p.polyRingStart[poly]; r < p.polyRingStart[poly + 1]; r++) {
      tracePath(g, p.coords, p.ringStart[r], p.ringStart[r + 1], w, n, sx, sy);
      g.closePath();
    }
  }
}

/** Polygons filled and outlined into one tile; an empty tile when none touches it. */
export function drawPolygonTile(
  p: PackedPolygons,
  index: Flatbush | null,
  style: PolygonStyle,
  x: number,
  y: number,
  level: number,
): ImageBitmap {
  const { c, g, w, s, e, n, sx, sy } = tileCanvas(x, y, level);
  const hits = index ? index.search(w, s, e, n) : [];
  g.lineWidth = level >= 15 ? 1.5 : 1;
  g.strokeStyle = style.stroke;
  for (const f of hits) {
    g.beginPath();
    traceFeature(g, p, f, w, n, sx, sy);
    g.fillStyle = style.fill(f);
    g.fill('evenodd');
    if (level >= 14) g.stroke();
  }
  return c.transferToImageBitmap();
}

/** Lines of the features `keep` accepts, stroked in their kind's style. */
export function drawLineTile(
  l: PackedLines,
  index: Flatbush | null,
  kindOf: (f: number) => string,
  keep: (f: number) => boolean,
  x: number,
  y: number,
  level: number,
): ImageBitmap {
  const { c, g, w, s, e, n, sx, sy } = tileCanvas(x, y, level);
  // Lines are found by their bbox grown by a few pixels, so wide strokes at tile edges are not cut.
  const padLon = 4 / sx;
  const padLat = 4 / sy;
  const hits = index ? index.search(w - padLon, s - padLat, e + padLon, n + padLat) : [];
  g.lineJoin = 'round';
  for (const f of hits) {
    if (!keep(f)) continue;
    const st = CONTROL_LINE_STYLE[kindOf(f)] ?? CONTROL_LINE_STYLE.red;
    g.strokeStyle = st.css;
    g.lineWidth = level >= 16 ? st.widthPx + 1 : st.widthPx;
    g.setLineDash(st.dash);
    g.beginPath();
    for (let part = l.featurePartStart[f]; part < l.featurePartStart[f + 1]; part++) {
      tracePath(g, l.coords, l.partStart[part], l.partStart[part + 1], w, n, sx, sy);
    }
    g.stroke();
  }
  return c.transferToImageBitmap();
}
