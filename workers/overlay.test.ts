// The overlay worker's parts in Node: a mixed FlatGeobuf loaded (a bad feature skipped and named), styled by a text and
// a number field, the feature under a point, and a tile's geometry to pixels (a recording 2D context stands in for
// the OffscreenCanvas Node lacks).
import { describe, expect, it } from 'vitest';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { FgbStreamWriter, joinChunks } from '../src/io/gdal/writeFgb';
import type { GeoJsonFeature } from '../src/io/featureFile';
import { NO_CLASS, classColours } from '../src/core/style/fieldStyle';
import { KIND_LINE, KIND_POINT, KIND_POLYGON, featureProperties, loadOverlay } from './overlayData';
import { featureAt } from './overlayPick';
import { styleOverlay } from './overlayStyle';
import { classCss, drawVectorFeatures, plotTinyFeatures, tileRows, type OverlayContext, type TileStyle } from './overlayTiles';
import { TILE_PX, tileFrame } from './planTiles';

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

function feature(geometry: GeoJsonFeature['geometry'], properties: Record<string, unknown>): GeoJsonFeature {
  return { type: 'Feature', geometry, properties };
}

/** A polygon with a hole, a two-part multipolygon, a line, a multipoint, a point and a point with NaN coordinates. */
function mixedFgb(): Uint8Array {
  const w = new FgbStreamWriter([
    { name: 'id', type: ColumnType.String },
    { name: 'use', type: ColumnType.String },
    { name: 'heightM', type: ColumnType.Double },
  ]);
  w.add(
    feature({ type: 'Polygon', coordinates: [square(114, 34, 0.01), square(114.004, 34.004, 0.002)] }, { id: 'P', use: 'a', heightM: 10 }),
  );
  w.add(
    feature(
      { type: 'MultiPolygon', coordinates: [[square(114.02, 34, 0.004)], [square(114.03, 34, 0.004)]] },
      { id: 'M', use: 'b', heightM: 20 },
    ),
  );
  w.add(
    feature(
      {
        type: 'LineString',
        coordinates: [
          [114, 34.012],
          [114.01, 34.012],
        ],
      },
      { id: 'L', use: 'a', heightM: null },
    ),
  );
  w.add(
    feature(
      {
        type: 'MultiPoint',
        coordinates: [
          [114.05, 34.05],
          [114.051, 34.05],
        ],
      },
      { id: 'MP', use: null, heightM: 30 },
    ),
  );
  w.add(feature({ type: 'Point', coordinates: [114.06, 34.06] }, { id: 'PT', use: 'c', heightM: 40 }));
  w.add(feature({ type: 'Point', coordinates: [NaN, NaN] }, { id: 'BAD', use: 'c', heightM: 50 }));
  return joinChunks(w.finish());
}

/** A 2D context that records each fill and stroke: its colour and the points of its path. */
function recorder() {
  const ops: { op: 'fill' | 'stroke'; style: string; points: [number, number][] }[] = [];
  let points: [number, number][] = [];
  const g = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    beginPath: () => (points = []),
    moveTo: (x: number, y: number) => points.push([x, y]),
    lineTo: (x: number, y: number) => points.push([x, y]),
    rect: (x: number, y: number) => points.push([x, y]),
    arc: (x: number, y: number) => points.push([x, y]),
    closePath: () => undefined,
    fill: () => ops.push({ op: 'fill', style: String(g.fillStyle), points }),
    stroke: () => ops.push({ op: 'stroke', style: String(g.strokeStyle), points }),
  };
  return { g: g as unknown as OverlayContext, ops };
}

/** The tile of Cesium's geographic tiling at `zoom` containing a lon/lat point. */
function tileAt(lon: number, lat: number, zoom: number): [number, number, number] {
  const d = 180 / 2 ** zoom;
  return [Math.floor((lon + 180) / d), Math.floor((90 - lat) / d), zoom];
}

describe('overlay worker', () => {
  const d = loadOverlay(mixedFgb(), 'mixed.fgb');

  it('loads every geometry kind and skips a feature with non-finite coordinates, naming it', () => {
    expect(d.count).toBe(6);
    expect(d.rows.length).toBe(5);
    expect(Array.from(d.kind)).toEqual([KIND_POLYGON, KIND_POLYGON, KIND_LINE, KIND_POINT, KIND_POINT, 0]);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({ file: 'mixed.fgb', index: 5, id: 'BAD', kind: 'non-finite' });
    expect(d.bboxLonLatDeg).toEqual([114, 34, 114.06, 34.06]);
    expect(featureProperties(d, 1)).toEqual({ id: 'M', use: 'b', heightM: 20 });
    expect(featureProperties(d, 3)).toEqual({ id: 'MP', use: null, heightM: 30 });
  });

  it('styles by a text field: categories by count, no value, the skipped feature uncounted', () => {
    const { style, classOf } = styleOverlay(d, { field: 'use', mode: 'categories' });
    expect(style.classes.map((c) => [c.kind, c.label, c.count])).toEqual([
      ['value', 'a', 2],
      ['value', 'b', 1],
      ['value', 'c', 1],
      ['none', '', 1],
    ]);
    expect(Array.from(classOf)).toEqual([0, 1, 0, 3, 2, NO_CLASS]);
  });

  it('styles by a number field on a ramp of equal intervals', () => {
    const { style, classOf } = styleOverlay(d, { field: 'heightM', mode: 'ramp', breaks: 'equal', classes: 3 });
    expect(style.breaks).toEqual([10, 20, 30, 40]);
    expect(style.classes.map((c) => c.count)).toEqual([1, 1, 2, 1]);
    expect(Array.from(classOf)).toEqual([0, 1, 3, 2, 2, NO_CLASS]);
  });

  it('refuses a field the file lacks, naming the file and the field', () => {
    expect(() => styleOverlay(d, { field: '高度', mode: 'ramp' })).toThrow(/mixed\.fgb: no field "高度"/);
  });

  it('finds the feature under a point: inside a polygon but not its hole, near a line, on a dot, in any part', () => {
    const tol = 0.0002;
    expect(featureAt(d, null, 114.002, 34.002, tol)).toBe(0);
    expect(featureAt(d, null, 114.005, 34.005, tol)).toBe(-1);
    expect(featureAt(d, null, 114.032, 34.002, tol)).toBe(1);
    expect(featureAt(d, null, 114.005, 34.0121, tol)).toBe(2);
    expect(featureAt(d, null, 114.005, 34.013, tol)).toBe(-1);
    expect(featureAt(d, null, 114.051, 34.05, tol)).toBe(3);
    expect(featureAt(d, null, 114.06, 34.06, tol)).toBe(4);
    // A feature not drawn (no class) is not found.
    const classOf = new Uint8Array(6).fill(0);
    classOf[4] = NO_CLASS;
    expect(featureAt(d, classOf, 114.06, 34.06, tol)).toBe(-1);
  });

  function tileStyle(): TileStyle {
    const { style, classOf } = styleOverlay(d, { field: 'use', mode: 'categories' });
    const rgba = classColours(style);
    return { classOf, rgba, css: classCss(rgba) };
  }

  it('draws a close tile: the polygon filled with its hole in its class colour, the line stroked, on the tile’s pixels', () => {
    const style = tileStyle();
    const [x, y, z] = tileAt(114.005, 34.005, 13);
    const frame = tileFrame(x, y, z);
    const rows = tileRows(d, frame);
    const pixels = new Uint8ClampedArray(4 * TILE_PX * TILE_PX);
    const vector = plotTinyFeatures(d, style, rows, frame, pixels);
    expect(pixels.some((b) => b !== 0)).toBe(false);
    const { g, ops } = recorder();
    drawVectorFeatures(g, d, style, vector, frame, z);
    const fill = ops.find((o) => o.op === 'fill' && o.points.length === 10)!;
    expect(fill.style).toBe(style.css[0]);
    // The outer ring's south-west corner, in the tile's pixels.
    expect(fill.points[0][0]).toBeCloseTo((114 - frame.w) * frame.sx, 6);
    expect(fill.points[0][1]).toBeCloseTo((frame.n - 34) * frame.sy, 6);
    // Fills come before strokes of lines (polygons are drawn first).
    const line = ops.findIndex((o) => o.op === 'stroke' && o.style === style.css[0]);
    expect(line).toBeGreaterThan(ops.indexOf(fill));
  });

  it('plots features smaller than a pixel into the tile’s pixels in their class colour', () => {
    const style = tileStyle();
    const [x, y, z] = tileAt(114.005, 34.005, 5);
    const frame = tileFrame(x, y, z);
    const pixels = new Uint8ClampedArray(4 * TILE_PX * TILE_PX);
    const vector = plotTinyFeatures(d, style, tileRows(d, frame), frame, pixels);
    // Points stay dots on the canvas (ordered by class); the polygons and the line became pixels.
    expect(Array.from(vector)).toEqual([4, 3]);
    const px = Math.floor((114.005 - frame.w) * frame.sx);
    const py = Math.floor((frame.n - 34.005) * frame.sy);
    expect(Array.from(pixels.subarray(4 * (py * TILE_PX + px), 4 * (py * TILE_PX + px) + 4))).toEqual(
      Array.from(style.rgba.subarray(0, 4)),
    );
  });

  it('paints the dots of one class as one path, and a new path for another class', () => {
    const styled = styleOverlay(d, { field: 'heightM', mode: 'ramp', breaks: 'equal', classes: 3 });
    const rgba = classColours(styled.style);
    const style = { classOf: styled.classOf, rgba, css: classCss(rgba) };
    const [x, y, z] = tileAt(114.055, 34.055, 10);
    const frame = tileFrame(x, y, z);
    const vector = plotTinyFeatures(d, style, tileRows(d, frame), frame, new Uint8ClampedArray(4 * TILE_PX * TILE_PX));
    const { g, ops } = recorder();
    drawVectorFeatures(g, d, style, vector, frame, z);
    // The multipoint's two dots and the point (both in class 2) in one fill; the line (no value) stroked alone.
    const dots = ops.filter((o) => o.op === 'fill' && o.style === style.css[2]);
    expect(dots).toHaveLength(1);
    expect(dots[0].points).toHaveLength(6);
    expect(ops.filter((o) => o.op === 'stroke' && o.style === style.css[3])).toHaveLength(1);
  });

  it('stamps points as square dots into their own pixels far out, every point of a multipoint', () => {
    const style = tileStyle();
    const [x, y, z] = tileAt(114.055, 34.055, 10);
    const frame = tileFrame(x, y, z);
    const dots = new Uint8ClampedArray(4 * TILE_PX * TILE_PX);
    const vector = plotTinyFeatures(d, style, tileRows(d, frame), frame, new Uint8ClampedArray(4 * TILE_PX * TILE_PX), dots);
    expect(Array.from(vector).filter((row) => d.kind[row] === KIND_POINT)).toEqual([]);
    const at = (lon: number, lat: number) => {
      const o = 4 * (Math.floor((frame.n - lat) * frame.sy) * TILE_PX + Math.floor((lon - frame.w) * frame.sx));
      return Array.from(dots.subarray(o, o + 4));
    };
    // The point is class 2 ('c'), the multipoint's two points have no value (class 3).
    expect(at(114.06, 34.06)).toEqual(Array.from(style.rgba.subarray(8, 12)));
    expect(at(114.05, 34.05)).toEqual(Array.from(style.rgba.subarray(12, 16)));
    expect(at(114.051, 34.05)).toEqual(Array.from(style.rgba.subarray(12, 16)));
    expect(at(114.0555, 34.055)).toEqual([0, 0, 0, 0]);
  });
});
