// An overlay drawn into one imagery tile (geographic tiling, 256 px) in the overlay worker: features smaller than a
// pixel are plotted straight into the tile's pixels (a city-wide tile holds hundreds of thousands), the others filled,
// stroked or dotted in their class colour on the canvas: polygons first, then lines, then points on top.
import { tileFrame, TILE_PX, type TileFrame } from './planTiles';
import { NO_CLASS } from '../src/core/style/fieldStyle';
import {
  KIND_LINE,
  KIND_MIXED,
  KIND_POINT,
  KIND_POLYGON,
  featureGeometry,
  featuresIn,
  visitGeometry,
  type OverlayData,
  type PartSink,
} from './overlayData';

/** The part of a 2D canvas context the tiles use (an OffscreenCanvas's in the worker). */
export type OverlayContext = Pick<
  OffscreenCanvasRenderingContext2D,
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'closePath'
  | 'arc'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineJoin'
>;

/** The features' classes and the classes' colours (RGBA bytes, and as CSS for the canvas). */
export interface TileStyle {
  classOf: Uint8Array;
  rgba: Uint8Array;
  css: string[];
}

const OUTLINE_CSS = 'rgba(30,30,30,0.75)';
/** Points are square dots far out (stamped into the tile's pixels), outlined circles from this zoom on. */
export const DOT_ZOOM = 14;
const SQUARE_DOT_PX = 4;
/** Polygons are outlined from this zoom on (below it outlines would be all one sees). */
const OUTLINE_ZOOM = 14;
/** Order in which kinds are drawn: fills, then lines, then points. */
const KIND_ORDER: Record<number, number> = { [KIND_POLYGON]: 0, [KIND_MIXED]: 1, [KIND_LINE]: 2, [KIND_POINT]: 3 };
const ROW_SPAN = 2 ** 24;

/** CSS of each class colour, for the canvas. */
export function classCss(rgba: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < rgba.length; i += 4) out.push(`rgba(${rgba[i]},${rgba[i + 1]},${rgba[i + 2]},${(rgba[i + 3] / 255).toFixed(3)})`);
  return out;
}

/** Writes a dot (SQUARE_DOT_PX square) of class `cls` centred at pixel (cx, cy) into `dots` (RGBA, TILE_PX square). */
function stamp(dots: Uint8ClampedArray, rgba: Uint8Array, cls: number, cx: number, cy: number): void {
  const x0 = Math.max(0, Math.round(cx - SQUARE_DOT_PX / 2));
  const x1 = Math.min(TILE_PX, Math.round(cx + SQUARE_DOT_PX / 2));
  const y0 = Math.max(0, Math.round(cy - SQUARE_DOT_PX / 2));
  const y1 = Math.min(TILE_PX, Math.round(cy + SQUARE_DOT_PX / 2));
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const o = 4 * (y * TILE_PX + x);
      dots[o] = rgba[4 * cls];
      dots[o + 1] = rgba[4 * cls + 1];
      dots[o + 2] = rgba[4 * cls + 2];
      dots[o + 3] = rgba[4 * cls + 3];
    }
}

/** Stamps every point of a geometry (a multipoint's several) as a dot. */
class StampSink implements PartSink {
  cls = 0;
  constructor(
    private readonly v: DataView,
    private readonly f: TileFrame,
    readonly dots: Uint8ClampedArray,
    private readonly rgba: Uint8Array,
  ) {}
  part(kind: number, xy: number, from: number, to: number): void {
    if (kind !== KIND_POINT) return;
    const { v, f } = this;
    for (let i = from; i < to; i++)
      stamp(
        this.dots,
        this.rgba,
        this.cls,
        (v.getFloat64(xy + 16 * i, true) - f.w) * f.sx,
        (f.n - v.getFloat64(xy + 16 * i + 8, true)) * f.sy,
      );
  }
}

/**
 * Plots the lines and polygons of `rows` smaller than a pixel into `pixels` (RGBA, TILE_PX square) at their centre, in
 * their class colour, and, when `dots` is given (far zooms), the points as square dots into `dots` (drawn above the
 * rest: a path of a million dots takes the canvas seconds); returns the rows left for the canvas, in drawing order.
 */
export function plotTinyFeatures(
  d: OverlayData,
  style: TileStyle,
  rows: Uint32Array,
  f: TileFrame,
  pixels: Uint8ClampedArray,
  dots: Uint8ClampedArray | null = null,
): Uint32Array {
  const { box, kind } = d;
  const [ox, oy] = d.originDeg;
  const { classOf, rgba } = style;
  const keys = new Float64Array(rows.length);
  const stamps = dots ? new StampSink(d.view, f, dots, rgba) : null;
  let vector = 0;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const cls = classOf[row];
    if (cls === NO_CLASS) continue;
    const b = 4 * row;
    const wPx = (box[b + 2] - box[b]) * f.sx;
    const hPx = (box[b + 3] - box[b + 1]) * f.sy;
    if (stamps && kind[row] === KIND_POINT) {
      if (wPx === 0 && hPx === 0) stamp(stamps.dots, rgba, cls, (box[b] + ox - f.w) * f.sx, (f.n - (box[b + 1] + oy)) * f.sy);
      else {
        stamps.cls = cls;
        const { g, type } = featureGeometry(d, row);
        visitGeometry(d.tables, d.view, g, type, stamps);
      }
      continue;
    }
    if (kind[row] !== KIND_POINT && wPx < 1 && hPx < 1) {
      const px = Math.floor(((box[b] + box[b + 2]) / 2 + ox - f.w) * f.sx);
      const py = Math.floor((f.n - ((box[b + 1] + box[b + 3]) / 2 + oy)) * f.sy);
      if (px < 0 || py < 0 || px >= TILE_PX || py >= TILE_PX) continue;
      const o = 4 * (py * TILE_PX + px);
      pixels[o] = rgba[4 * cls];
      pixels[o + 1] = rgba[4 * cls + 1];
      pixels[o + 2] = rgba[4 * cls + 2];
      pixels[o + 3] = rgba[4 * cls + 3];
      continue;
    }
    keys[vector++] = (KIND_ORDER[kind[row]] * 256 + cls) * ROW_SPAN + row;
  }
  const sorted = keys.subarray(0, vector).sort();
  const out = new Uint32Array(vector);
  for (let k = 0; k < vector; k++) out[k] = sorted[k] % ROW_SPAN;
  return out;
}

/** Traces the parts of one kind into the canvas path (points as dots: squares or circles). */
class TraceSink implements PartSink {
  want = KIND_POLYGON;
  dotPx = 4;
  round = false;
  constructor(
    private readonly g: OverlayContext,
    private readonly v: DataView,
    private readonly f: TileFrame,
  ) {}
  part(kind: number, xy: number, from: number, to: number): void {
    if (kind !== this.want) return;
    const { g, v, f } = this;
    for (let i = from; i < to; i++) {
      const px = (v.getFloat64(xy + 16 * i, true) - f.w) * f.sx;
      const py = (f.n - v.getFloat64(xy + 16 * i + 8, true)) * f.sy;
      if (kind === KIND_POINT) {
        const r = this.dotPx / 2;
        g.moveTo(px + r, py);
        if (this.round) g.arc(px, py, r, 0, 2 * Math.PI);
        else g.rect(px - r, py - r, this.dotPx, this.dotPx);
      } else if (i === from) g.moveTo(px, py);
      else g.lineTo(px, py);
    }
    if (kind === KIND_POLYGON) g.closePath();
  }
}

/** Draws `rows` (as plotTinyFeatures left them) on the canvas at zoom `level`; returns how many were drawn. */
export function drawVectorFeatures(
  g: OverlayContext,
  d: OverlayData,
  style: TileStyle,
  rows: Uint32Array,
  f: TileFrame,
  level: number,
): number {
  const sink = new TraceSink(g, d.view, f);
  sink.round = level >= DOT_ZOOM;
  sink.dotPx = level >= DOT_ZOOM ? 8 : 4;
  g.lineJoin = 'round';
  const lineWidthPx = level >= 16 ? 3 : 2;
  const trace = (row: number, want: number, begin: boolean) => {
    const { g: geom, type } = featureGeometry(d, row);
    sink.want = want;
    if (begin) g.beginPath();
    visitGeometry(d.tables, d.view, geom, type, sink);
  };
  // Lines and dots of one class go into one path, painted once (rows come sorted by kind, then class): a path per
  // feature made a far tile of a million points take seconds. Polygons are filled one by one (even-odd per feature).
  let open = -1;
  const finish = () => {
    if (open === KIND_LINE) g.stroke();
    else if (open === KIND_POINT) {
      g.fill();
      if (sink.round) g.stroke();
    }
    open = -1;
  };
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const cls = style.classOf[row];
    const css = style.css[cls];
    const kind = d.kind[row];
    const batched = kind === KIND_LINE || kind === KIND_POINT;
    if (batched && open === kind && cls === style.classOf[rows[k - 1]]) {
      trace(row, kind, false);
      continue;
    }
    finish();
    if (kind === KIND_POLYGON || kind === KIND_MIXED) {
      trace(row, KIND_POLYGON, true);
      g.fillStyle = css;
      g.fill('evenodd');
      if (level >= OUTLINE_ZOOM) {
        g.strokeStyle = OUTLINE_CSS;
        g.lineWidth = 1;
        g.stroke();
      }
    }
    if (kind === KIND_LINE || kind === KIND_MIXED) {
      trace(row, KIND_LINE, true);
      g.strokeStyle = css;
      g.lineWidth = lineWidthPx;
      if (kind === KIND_LINE) open = KIND_LINE;
      else g.stroke();
    }
    if (kind === KIND_POINT || kind === KIND_MIXED) {
      trace(row, KIND_POINT, true);
      g.fillStyle = css;
      g.strokeStyle = OUTLINE_CSS;
      g.lineWidth = 1;
      if (kind === KIND_POINT) open = KIND_POINT;
      else {
        g.fill();
        if (sink.round) g.stroke();
      }
    }
  }
  finish();
  return rows.length;
}

/** The rows a tile draws: features whose box meets it, grown by a few pixels so strokes and dots at its edges are whole. */
export function tileRows(d: OverlayData, f: TileFrame): Uint32Array {
  const padLon = 6 / f.sx;
  const padLat = 6 / f.sy;
  return featuresIn(d, f.w - padLon, f.s - padLat, f.e + padLon, f.n + padLat);
}

function anyAlpha(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true;
  return false;
}

/** One tile of the overlay: tiny features as pixels, the rest on the canvas above them. */
export function drawOverlayTile(d: OverlayData, style: TileStyle, x: number, y: number, level: number): ImageBitmap {
  const c = new OffscreenCanvas(TILE_PX, TILE_PX);
  const g = c.getContext('2d')!;
  const f = tileFrame(x, y, level);
  const rows = tileRows(d, f);
  if (rows.length > 0) {
    const pixels = new Uint8ClampedArray(4 * TILE_PX * TILE_PX);
    const dots = level < DOT_ZOOM ? new Uint8ClampedArray(4 * TILE_PX * TILE_PX) : null;
    const vector = plotTinyFeatures(d, style, rows, f, pixels, dots);
    if (vector.length < rows.length) g.putImageData(new ImageData(pixels, TILE_PX, TILE_PX), 0, 0);
    drawVectorFeatures(g, d, style, vector, f, level);
    if (dots && anyAlpha(dots)) {
      // putImageData replaces pixels; the dots go over the rest through a canvas of their own.
      const over = new OffscreenCanvas(TILE_PX, TILE_PX);
      over.getContext('2d')!.putImageData(new ImageData(dots, TILE_PX, TILE_PX), 0, 0);
      g.drawImage(over, 0, 0);
    }
  }
  return c.transferToImageBitmap();
}
