// FlatGeobuf polygons straight into packed columns, without GeoJSON objects: the layout (header, feature
// offsets: fgbLayout) is read once, then feature ranges decode independently, so workers can each take one range.
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { F64Builder, U32Builder } from '../core/util/growable';
import type { PackedPolygons } from '../core/geom/packed';
import type { FgbLayout } from './featureFile';
import type { FeatureProblemRef } from './dataFileText';
import { PolygonColumns, type PackResult } from './featureColumns';
import { CategoryTable } from './categoryTable';

// The layout is read where readFeatures checks a file by it; the range decoders' callers import it from here.
export { fgbLayout, type FgbLayout } from './featureFile';

/** [start, end) feature ranges of about equal bytes, one per part. */
export function fgbRanges(layout: FgbLayout, parts: number): [number, number][] {
  const offs = layout.featureOffsets;
  const n = offs.length - 1;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let p = 1; p <= parts && start < n; p++) {
    const target = offs[0] + ((offs[n] - offs[0]) * p) / parts;
    let end = start;
    while (end < n && (offs[end + 1] <= target || p === parts)) end++;
    if (end === start) end = start + 1;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/** Property columns to decode beside the geometry: numbers (NaN/fallback when absent) and categories (indices + table). */
export interface FgbColumnRequest {
  numbers?: { name: string; fallback: number }[];
  categories?: string[];
}

export interface FgbPolygonRange extends PackResult<PackedPolygons> {
  numbers: Record<string, Float32Array>;
  categories: Record<string, { index: Uint16Array; values: string[] }>;
}

/** Reads little-endian flatbuffer tables at absolute offsets of one view (no per-feature objects). */
export class Tables {
  constructor(readonly v: DataView) {}
  /** Absolute position of field `slot` of the table at `t`, 0 when absent. */
  field(t: number, slot: number): number {
    const vt = t - this.v.getInt32(t, true);
    const o = 4 + 2 * slot < this.v.getUint16(vt, true) ? this.v.getUint16(vt + 4 + 2 * slot, true) : 0;
    return o === 0 ? 0 : t + o;
  }
  /** The table or vector an offset field points at. */
  deref(pos: number): number {
    return pos + this.v.getUint32(pos, true);
  }
}

const text = new TextDecoder();

/** UTF-8 bytes to a string; short ASCII (ids, codes) without TextDecoder, whose per-call cost dominates here. */
export function decodeUtf8(bytes: Uint8Array, from: number, to: number): string {
  if (to - from > 64) return text.decode(bytes.subarray(from, to));
  let s = '';
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b >= 0x80) return text.decode(bytes.subarray(from, to));
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * Decodes features [start, end) of a FlatGeobuf of polygons into packed lon/lat columns. Bad features are
 * skipped and named by file, index and id exactly as packPolygons names them; ids are the `id` column,
 * else the feature's index (as flatgeobuf's GeoJSON reader numbers them).
 */
export function decodeFgbPolygons(
  bytes: Uint8Array,
  layout: FgbLayout,
  file: string,
  start: number,
  end: number,
  request: FgbColumnRequest = {},
): FgbPolygonRange {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = new Tables(v);
  const b = new PolygonColumns(file);
  const cols = layout.columns;
  const numberReq = request.numbers ?? [];
  const catReq = request.categories ?? [];
  const numberSlot = cols.map((c) => numberReq.findIndex((r) => r.name === c.name));
  const catSlot = cols.map((c) => catReq.indexOf(c.name));
  const idColumn = cols.findIndex((c) => c.name === 'id');
  const nums = numberReq.map(() => new F64Builder());
  const cats = catReq.map(() => ({ index: new U32Builder(), table: new CategoryTable() }));
  const rowNum = new Float64Array(numberReq.length);
  const rowCat: string[] = new Array<string>(catReq.length);

  for (let f = start; f < end; f++) {
    const root = t.deref(layout.featureOffsets[f] + 4);
    // Properties first: the id names a bad feature.
    let id: string | null = null;
    rowNum.fill(NaN);
    rowCat.fill('');
    const propsPos = t.field(root, 1);
    if (propsPos) {
      const vec = t.deref(propsPos);
      const len = v.getUint32(vec, true);
      let o = vec + 4;
      const stop = o + len;
      while (o < stop) {
        const c = v.getUint16(o, true);
        o += 2;
        const type = cols[c].type;
        let num = NaN;
        let str: string | null = null;
        switch (type) {
          case ColumnType.Bool:
          case ColumnType.UByte:
            num = v.getUint8(o);
            o += 1;
            break;
          case ColumnType.Byte:
            num = v.getInt8(o);
            o += 1;
            break;
          case ColumnType.Short:
            num = v.getInt16(o, true);
            o += 2;
            break;
          case ColumnType.UShort:
            num = v.getUint16(o, true);
            o += 2;
            break;
          case ColumnType.Int:
            num = v.getInt32(o, true);
            o += 4;
            break;
          case ColumnType.UInt:
            num = v.getUint32(o, true);
            o += 4;
            break;
          case ColumnType.Float:
            num = v.getFloat32(o, true);
            o += 4;
            break;
          case ColumnType.Long:
            num = Number(v.getBigInt64(o, true));
            o += 8;
            break;
          case ColumnType.ULong:
            num = Number(v.getBigUint64(o, true));
            o += 8;
            break;
          case ColumnType.Double:
            num = v.getFloat64(o, true);
            o += 8;
            break;
          default: {
            // String, DateTime, Json, Binary: a length and the bytes.
            const n = v.getUint32(o, true);
            o += 4;
            if (c === idColumn || catSlot[c] >= 0 || numberSlot[c] >= 0) str = decodeUtf8(bytes, o, o + n);
            o += n;
          }
        }
        const value = str ?? num;
        if (c === idColumn) id = String(value);
        if (numberSlot[c] >= 0) rowNum[numberSlot[c]] = Number(value);
        if (catSlot[c] >= 0) rowCat[catSlot[c]] = String(value);
      }
    }
    if (id === null) id = String(f);

    const problem = streamGeometry(b, t, v, root, layout.geometryType);
    if (problem) {
      b.skip(f, id, problem);
      continue;
    }
    b.keep(id, f);
    for (let k = 0; k < numberReq.length; k++) {
      const x = rowNum[k];
      nums[k].push(Number.isFinite(x) ? x : numberReq[k].fallback);
    }
    for (let k = 0; k < catReq.length; k++) cats[k].index.push(cats[k].table.indexOf(rowCat[k]));
  }
  return {
    ...b.finish(),
    numbers: Object.fromEntries(numberReq.map((r, k) => [r.name, Float32Array.from(nums[k].finish())])),
    categories: Object.fromEntries(
      catReq.map((name, k) => [name, { index: Uint16Array.from(cats[k].index.finish()), values: cats[k].table.values }]),
    ),
  };
}

/** Streams one feature's polygons into `b`; why the feature is skipped, if it is. */
function streamGeometry(b: PolygonColumns, t: Tables, v: DataView, root: number, headerType: number): FeatureProblemRef | null {
  const gPos = t.field(root, 0);
  if (!gPos) return b.wrongType('missing');
  const g = t.deref(gPos);
  let type = headerType;
  if (type === GeometryType.Unknown) {
    const typePos = t.field(g, 6);
    type = typePos ? v.getUint8(typePos) : GeometryType.Unknown;
  }
  if (type === GeometryType.Polygon) {
    b.feature();
    return streamPolygon(b, t, v, g);
  }
  if (type === GeometryType.MultiPolygon) {
    const partsPos = t.field(g, 7);
    const vec = partsPos ? t.deref(partsPos) : 0;
    const n = vec ? v.getUint32(vec, true) : 0;
    if (n === 0) return { kind: 'polygon-no-rings', params: {} };
    b.feature();
    for (let p = 0; p < n; p++) {
      const problem = streamPolygon(b, t, v, t.deref(vec + 4 + 4 * p));
      if (problem) return problem;
    }
    return null;
  }
  return b.wrongType(GeometryType[type] ?? 'Unknown');
}

function streamPolygon(b: PolygonColumns, t: Tables, v: DataView, g: number): FeatureProblemRef | null {
  const xyPos = t.field(g, 1);
  const xy = xyPos ? t.deref(xyPos) : 0;
  const nVerts = xy ? v.getUint32(xy, true) >> 1 : 0;
  if (nVerts === 0) return { kind: 'polygon-no-rings', params: {} };
  const endsPos = t.field(g, 0);
  const ends = endsPos ? t.deref(endsPos) : 0;
  const nRings = ends ? v.getUint32(ends, true) : 1;
  b.polygon();
  let from = 0;
  for (let r = 0; r < nRings; r++) {
    const to = ends ? v.getUint32(ends + 4 + 4 * r, true) : nVerts;
    const at = xy + 4 + 16 * from;
    b.ring();
    for (let i = 0; i < to - from; i++) b.vertex(v.getFloat64(at + 16 * i, true), v.getFloat64(at + 16 * i + 8, true));
    const problem = b.endRing();
    if (problem) return problem;
    from = to;
  }
  return null;
}
