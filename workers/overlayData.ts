// An overlay layer as its worker holds it: the FlatGeobuf bytes as they came (geometry and properties are read from
// them when a tile or a click needs them, no per-feature objects), each feature's geometry kind and bbox, and a packed
// R-tree over the features that have a usable geometry. Any geometry: points, lines, polygons, their multi-parts.
import Flatbush from 'flatbush';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { fgbLayout, type FgbLayout } from '../src/io/featureFile';
import { featureProblem, type FeatureProblem } from '../src/io/featureColumns';
import { Tables, decodeUtf8 } from '../src/io/flatgeobufColumns';

/** A feature's geometry kind: what the tiles draw (dots, strokes, fills); MIXED for a collection of several. */
export const KIND_NONE = 0;
export const KIND_POINT = 1;
export const KIND_LINE = 2;
export const KIND_POLYGON = 3;
export const KIND_MIXED = 4;

export interface OverlayData {
  file: string;
  bytes: Uint8Array;
  view: DataView;
  tables: Tables;
  layout: FgbLayout;
  /** Features in the file (skipped ones included). */
  count: number;
  /** Geometry kind per feature; KIND_NONE for a skipped one. */
  kind: Uint8Array;
  /** Lon/lat the boxes are relative to, so float32 keeps centimetres. */
  originDeg: [number, number];
  /** minX, minY, maxX, maxY per feature (degrees from the origin). */
  box: Float32Array;
  /** R-tree over the kept features (degrees from the origin); item k is feature rows[k]. */
  index: Flatbush | null;
  rows: Uint32Array;
  bboxLonLatDeg: [number, number, number, number];
  problems: FeatureProblem[];
}

/** Receives a geometry's parts: vertices [from, to) of the xy vector whose first double is at byte `xy`. */
export interface PartSink {
  part(kind: number, xy: number, from: number, to: number): void;
}

/** The geometry table of a feature and its type (the header's, or the feature's own in a mixed file); 0 when absent. */
export function featureGeometry(d: Pick<OverlayData, 'tables' | 'view' | 'layout'>, row: number): { g: number; type: number } {
  const t = d.tables;
  const root = t.deref(d.layout.featureOffsets[row] + 4);
  const gPos = t.field(root, 0);
  if (!gPos) return { g: 0, type: GeometryType.Unknown };
  const g = t.deref(gPos);
  let type = d.layout.geometryType;
  if (type === GeometryType.Unknown) {
    const typePos = t.field(g, 6);
    type = typePos ? d.view.getUint8(typePos) : GeometryType.Unknown;
  }
  return { g, type };
}

const PART_KIND: Record<number, number> = {
  [GeometryType.Point]: KIND_POINT,
  [GeometryType.MultiPoint]: KIND_POINT,
  [GeometryType.LineString]: KIND_LINE,
  [GeometryType.MultiLineString]: KIND_LINE,
  [GeometryType.Polygon]: KIND_POLYGON,
};

/** Collections inside collections deeper than this are refused (a crafted file must not overflow the stack). */
const MAX_NESTING = 8;

/** Walks a geometry's parts (a polygon's rings, a multi-line's lines, a multi-point's points as one part); false when unreadable. */
export function visitGeometry(t: Tables, v: DataView, g: number, type: number, sink: PartSink, depth = 0): boolean {
  if (type === GeometryType.MultiPolygon || type === GeometryType.GeometryCollection) {
    if (depth >= MAX_NESTING) return false;
    const partsPos = t.field(g, 7);
    const vec = partsPos ? t.deref(partsPos) : 0;
    const n = vec ? v.getUint32(vec, true) : 0;
    if (n === 0) return false;
    for (let p = 0; p < n; p++) {
      const part = t.deref(vec + 4 + 4 * p);
      let partType: number = GeometryType.Polygon;
      if (type === GeometryType.GeometryCollection) {
        const typePos = t.field(part, 6);
        partType = typePos ? v.getUint8(typePos) : GeometryType.Unknown;
      }
      if (!visitGeometry(t, v, part, partType, sink, depth + 1)) return false;
    }
    return true;
  }
  const kind = PART_KIND[type];
  if (!kind) return false;
  const xyPos = t.field(g, 1);
  const xy = xyPos ? t.deref(xyPos) : 0;
  const nVerts = xy ? v.getUint32(xy, true) >> 1 : 0;
  if (nVerts === 0) return false;
  const endsPos = kind === KIND_POINT ? 0 : t.field(g, 0);
  const ends = endsPos ? t.deref(endsPos) : 0;
  const nParts = ends ? v.getUint32(ends, true) : 1;
  let from = 0;
  for (let r = 0; r < nParts; r++) {
    const to = ends ? Math.min(nVerts, v.getUint32(ends + 4 + 4 * r, true)) : nVerts;
    if (to > from) sink.part(kind, xy + 4, from, to);
    from = to;
  }
  return true;
}

/** Collects a feature's bbox and kinds while its parts are visited; `bad` when a coordinate is not finite. */
class BoxSink implements PartSink {
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  kinds = 0;
  bad = false;
  constructor(private readonly v: DataView) {}
  reset(): void {
    this.minX = this.minY = Infinity;
    this.maxX = this.maxY = -Infinity;
    this.kinds = 0;
    this.bad = false;
  }
  part(kind: number, xy: number, from: number, to: number): void {
    this.kinds |= 1 << kind;
    const v = this.v;
    for (let i = from; i < to; i++) {
      const x = v.getFloat64(xy + 16 * i, true);
      const y = v.getFloat64(xy + 16 * i + 8, true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) this.bad = true;
      if (x < this.minX) this.minX = x;
      if (x > this.maxX) this.maxX = x;
      if (y < this.minY) this.minY = y;
      if (y > this.maxY) this.maxY = y;
    }
  }
}

/** The `id` column's value of a feature, else its index (how a skipped feature is named). */
function featureId(d: OverlayData, row: number): string {
  const id = featureProperties(d, row).id;
  return id === null || id === undefined ? String(row) : String(id);
}

/** Reads a FlatGeobuf (taken over, not copied) into an overlay: kinds, boxes, the R-tree; bad features skipped and named. */
export function loadOverlay(bytes: Uint8Array, file: string): OverlayData {
  const layout = fgbLayout(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Tables(view);
  const count = layout.featureOffsets.length - 1;
  const kind = new Uint8Array(count);
  const box = new Float32Array(4 * count);
  const d: OverlayData = {
    file,
    bytes,
    view,
    tables,
    layout,
    count,
    kind,
    originDeg: [0, 0],
    box,
    index: null,
    rows: new Uint32Array(0),
    bboxLonLatDeg: [Infinity, Infinity, -Infinity, -Infinity],
    problems: [],
  };
  const sink = new BoxSink(view);
  const abs = new Float64Array(4 * count);
  let kept = 0;
  const bb = d.bboxLonLatDeg;
  for (let f = 0; f < count; f++) {
    const { g, type } = featureGeometry(d, f);
    sink.reset();
    const readable = g !== 0 && visitGeometry(tables, view, g, type, sink);
    if (!readable || sink.bad || sink.kinds === 0) {
      d.problems.push(featureProblem(file, f, featureId(d, f), { kind: 'non-finite', params: {} }));
      continue;
    }
    const single = sink.kinds & (sink.kinds - 1) ? KIND_MIXED : Math.log2(sink.kinds);
    kind[f] = single;
    abs[4 * f] = sink.minX;
    abs[4 * f + 1] = sink.minY;
    abs[4 * f + 2] = sink.maxX;
    abs[4 * f + 3] = sink.maxY;
    bb[0] = Math.min(bb[0], sink.minX);
    bb[1] = Math.min(bb[1], sink.minY);
    bb[2] = Math.max(bb[2], sink.maxX);
    bb[3] = Math.max(bb[3], sink.maxY);
    kept++;
  }
  if (kept === 0) return d;
  const ox = (d.originDeg[0] = bb[0]);
  const oy = (d.originDeg[1] = bb[1]);
  for (let i = 0; i < 4 * count; i += 4) {
    box[i] = abs[i] - ox;
    box[i + 1] = abs[i + 1] - oy;
    box[i + 2] = abs[i + 2] - ox;
    box[i + 3] = abs[i + 3] - oy;
  }
  const index = new Flatbush(kept, 16, Float32Array);
  const rows = new Uint32Array(kept);
  for (let f = 0, k = 0; f < count; f++) {
    if (kind[f] === KIND_NONE) continue;
    rows[k++] = f;
    index.add(box[4 * f], box[4 * f + 1], box[4 * f + 2], box[4 * f + 3]);
  }
  index.finish();
  d.index = index;
  d.rows = rows;
  return d;
}

/** Feature rows whose box meets the lon/lat rectangle, ascending (the order they are drawn in). */
export function featuresIn(d: OverlayData, w: number, s: number, e: number, n: number): Uint32Array {
  if (!d.index) return new Uint32Array(0);
  const [ox, oy] = d.originDeg;
  const items = d.index.search(w - ox, s - oy, e - ox, n - oy);
  const out = new Uint32Array(items.length);
  for (let k = 0; k < items.length; k++) out[k] = d.rows[items[k]];
  return out.sort();
}

let value: unknown = null;

/** Reads (when `want`) or skips the value of a column of `type` at byte `o`; returns the next offset, the value in `value`. */
function readValue(d: OverlayData, type: number, o: number, want: boolean): number {
  const v = d.view;
  switch (type) {
    case ColumnType.Bool:
      value = want ? v.getUint8(o) !== 0 : null;
      return o + 1;
    case ColumnType.UByte:
      value = v.getUint8(o);
      return o + 1;
    case ColumnType.Byte:
      value = v.getInt8(o);
      return o + 1;
    case ColumnType.Short:
      value = v.getInt16(o, true);
      return o + 2;
    case ColumnType.UShort:
      value = v.getUint16(o, true);
      return o + 2;
    case ColumnType.Int:
      value = v.getInt32(o, true);
      return o + 4;
    case ColumnType.UInt:
      value = v.getUint32(o, true);
      return o + 4;
    case ColumnType.Float:
      value = v.getFloat32(o, true);
      return o + 4;
    case ColumnType.Long:
      value = want ? Number(v.getBigInt64(o, true)) : null;
      return o + 8;
    case ColumnType.ULong:
      value = want ? Number(v.getBigUint64(o, true)) : null;
      return o + 8;
    case ColumnType.Double:
      value = v.getFloat64(o, true);
      return o + 8;
    default: {
      // String, DateTime, Json, Binary: a length and the bytes.
      const n = v.getUint32(o, true);
      value = want ? decodeUtf8(d.bytes, o + 4, o + 4 + n) : null;
      if (want && type === ColumnType.Json) value = parseJson(value as string);
      return o + 4 + n;
    }
  }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Calls `each(column, value)` for the properties a feature carries (absent ones are null, never visited). */
function forEachProperty(d: OverlayData, row: number, only: number, each: (c: number, v: unknown) => void): void {
  const t = d.tables;
  const root = t.deref(d.layout.featureOffsets[row] + 4);
  const propsPos = t.field(root, 1);
  if (!propsPos) return;
  const vec = t.deref(propsPos);
  const len = d.view.getUint32(vec, true);
  const cols = d.layout.columns;
  let o = vec + 4;
  const stop = o + len;
  while (o < stop) {
    const c = d.view.getUint16(o, true);
    if (c >= cols.length) return;
    const want = only < 0 || c === only;
    o = readValue(d, cols[c].type, o + 2, want);
    if (want) each(c, value);
  }
}

/** Every property of one feature under its column's name (null when the feature has none). */
export function featureProperties(d: OverlayData, row: number): Record<string, unknown> {
  const cols = d.layout.columns;
  const out: Record<string, unknown> = Object.fromEntries(cols.map((c) => [c.name, null]));
  forEachProperty(d, row, -1, (c, v) => (out[cols[c].name] = v));
  return out;
}

const NUMERIC = new Set<number>([
  ColumnType.Byte,
  ColumnType.UByte,
  ColumnType.Short,
  ColumnType.UShort,
  ColumnType.Int,
  ColumnType.UInt,
  ColumnType.Long,
  ColumnType.ULong,
  ColumnType.Float,
  ColumnType.Double,
]);

/** True when the column holds numbers. */
export function isNumericColumn(d: OverlayData, column: number): boolean {
  return NUMERIC.has(d.layout.columns[column].type);
}

/** The column of `name`; an error naming the file and the field when there is none. */
export function columnIndex(d: OverlayData, name: string): number {
  const c = d.layout.columns.findIndex((x) => x.name === name);
  if (c < 0) throw new Error(`${d.file}: no field "${name}" (fields: ${d.layout.columns.map((x) => x.name).join(', ')})`);
  return c;
}

/** One column's value per feature, in feature order (null where absent), passed to `each`; skipped features too. */
export function forEachValue(d: OverlayData, column: number, each: (row: number, v: unknown) => void): void {
  for (let f = 0; f < d.count; f++) {
    let found: unknown = null;
    forEachProperty(d, f, column, (_, v) => (found = v));
    each(f, found);
  }
}
