// FlatGeobuf polygons straight into packed columns, without GeoJSON objects: the layout (header, feature
// offsets) is read once, then feature ranges decode independently, so workers can each take one range.
import * as flatbuffers from 'flatbuffers';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { F64Builder, U32Builder } from '../core/util/growable';
import type { PackedPolygons } from '../core/geom/packed';
import { DataFileError } from './featureFile';
import type { FeatureProblemRef } from './dataFileText';
import { featureProblem, type FeatureProblem, type PackResult } from './packGeoJson';

/** Where a FlatGeobuf's features are: enough to decode any range of them on any thread. */
export interface FgbLayout {
  geometryType: number;
  columns: { name: string; type: number }[];
  /** Byte offset of each feature's size prefix, plus a final sentinel (the end of the last feature). */
  featureOffsets: Float64Array;
}

/** Bytes of a packed Hilbert R-tree index: every leaf and internal node, 40 bytes each. */
function rtreeBytes(featureCount: number, nodeSize: number): number {
  if (nodeSize < 2 || featureCount === 0) return 0;
  let nodes = featureCount;
  let total = featureCount;
  do {
    nodes = Math.ceil(nodes / nodeSize);
    total += nodes;
  } while (nodes > 1);
  return total * 40;
}

/** The header and every feature's offset; a truncated file is a DataFileError as in readFeatures. */
export function fgbLayout(bytes: Uint8Array, file: string): FgbLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerEnd = bytes.length >= 12 ? 12 + view.getUint32(8, true) : Infinity;
  if (headerEnd > bytes.length) throw new DataFileError(file, { kind: 'fgb-header-truncated', params: { bytes: bytes.length } });
  let meta: ReturnType<typeof fromByteBuffer>;
  try {
    meta = fromByteBuffer(new flatbuffers.ByteBuffer(bytes.subarray(8, headerEnd)));
  } catch (err) {
    throw new DataFileError(file, { kind: 'fgb-unreadable', params: { detail: (err as Error).message } });
  }
  const count = meta.featuresCount;
  const featureOffsets = new Float64Array(count + 1);
  let offset = headerEnd + rtreeBytes(count, meta.indexNodeSize);
  for (let i = 0; i < count; i++) {
    if (offset + 4 > bytes.length) break;
    featureOffsets[i] = offset;
    offset += 4 + view.getUint32(offset, true);
    if (i === count - 1) featureOffsets[count] = offset;
  }
  if (count > 0 && (featureOffsets[count] === 0 || offset > bytes.length)) {
    throw new DataFileError(file, { kind: 'fgb-truncated', params: { features: count, bytes: bytes.length } });
  }
  return { geometryType: meta.geometryType, columns: (meta.columns ?? []).map((c) => ({ name: c.name, type: c.type })), featureOffsets };
}

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
class Tables {
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
function decodeUtf8(bytes: Uint8Array, from: number, to: number): string {
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
  const coords = new F64Builder();
  const ringStart = new U32Builder();
  const polyRingStart = new U32Builder();
  const featurePolyStart = new U32Builder();
  const bbox = new F64Builder();
  const ids: string[] = [];
  const source = new U32Builder();
  const problems: FeatureProblem[] = [];
  const cols = layout.columns;
  const numberReq = request.numbers ?? [];
  const catReq = request.categories ?? [];
  const numberSlot = cols.map((c) => numberReq.findIndex((r) => r.name === c.name));
  const catSlot = cols.map((c) => catReq.indexOf(c.name));
  const idColumn = cols.findIndex((c) => c.name === 'id');
  const nums = numberReq.map(() => new F64Builder());
  const cats = catReq.map(() => ({ index: new U32Builder(), values: [] as string[], lookup: new Map<string, number>() }));
  const rowNum = new Float64Array(numberReq.length);
  const rowCat: string[] = new Array<string>(catReq.length);
  // Rings of the feature being read: [xyStart, vertexCount] pairs, checked before anything is kept.
  const rings: number[] = [];
  const ringPoly: number[] = [];

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

    const problem = readRings(t, v, root, layout.geometryType, rings, ringPoly);
    if (problem) {
      problems.push(featureProblem(file, f, id, problem));
      continue;
    }
    featurePolyStart.push(polyRingStart.length);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let r = 0; r < rings.length; r += 2) {
      if (ringPoly[r >> 1] === 1) polyRingStart.push(ringStart.length);
      ringStart.push(coords.length / 2);
      const at = rings[r];
      const n = rings[r + 1] - 1;
      for (let i = 0; i < n; i++) {
        const x = v.getFloat64(at + 16 * i, true);
        const y = v.getFloat64(at + 16 * i + 8, true);
        coords.push(x);
        coords.push(y);
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
    bbox.push(minX);
    bbox.push(minY);
    bbox.push(maxX);
    bbox.push(maxY);
    ids.push(id);
    source.push(f);
    for (let k = 0; k < numberReq.length; k++) {
      const x = rowNum[k];
      nums[k].push(Number.isFinite(x) ? x : numberReq[k].fallback);
    }
    for (let k = 0; k < catReq.length; k++) {
      const c = cats[k];
      let i = c.lookup.get(rowCat[k]);
      if (i === undefined) {
        i = c.values.length;
        c.values.push(rowCat[k]);
        c.lookup.set(rowCat[k], i);
      }
      c.index.push(i);
    }
  }
  ringStart.push(coords.length / 2);
  polyRingStart.push(ringStart.length - 1);
  featurePolyStart.push(polyRingStart.length - 1);
  return {
    packed: {
      coords: coords.finish(),
      ringStart: ringStart.finish(),
      polyRingStart: polyRingStart.finish(),
      featurePolyStart: featurePolyStart.finish(),
      bbox: bbox.finish(),
      ids,
    },
    sourceIndex: source.finish(),
    problems,
    numbers: Object.fromEntries(numberReq.map((r, k) => [r.name, Float32Array.from(nums[k].finish())])),
    categories: Object.fromEntries(
      catReq.map((name, k) => [name, { index: Uint16Array.from(cats[k].index.finish()), values: cats[k].values }]),
    ),
  };
}

/**
 * The rings of one feature as [xy byte offset, vertex count] pairs in `rings` (ringPoly: 1 where a polygon
 * starts), or why the feature is skipped, with packPolygons' checks (closed rings of ≥ 4 finite vertices).
 */
function readRings(
  t: Tables,
  v: DataView,
  root: number,
  headerType: number,
  rings: number[],
  ringPoly: number[],
): FeatureProblemRef | null {
  rings.length = 0;
  ringPoly.length = 0;
  const gPos = t.field(root, 0);
  if (!gPos) return { kind: 'geometry-type', params: { geometry: 'missing', expected: 'Polygon or MultiPolygon' } };
  const g = t.deref(gPos);
  let type = headerType;
  if (type === GeometryType.Unknown) {
    const typePos = t.field(g, 6);
    type = typePos ? v.getUint8(typePos) : GeometryType.Unknown;
  }
  if (type === GeometryType.Polygon) return polygonRings(t, v, g, rings, ringPoly);
  if (type === GeometryType.MultiPolygon) {
    const partsPos = t.field(g, 7);
    const vec = partsPos ? t.deref(partsPos) : 0;
    const n = vec ? v.getUint32(vec, true) : 0;
    if (n === 0) return { kind: 'polygon-no-rings', params: {} };
    for (let p = 0; p < n; p++) {
      const problem = polygonRings(t, v, t.deref(vec + 4 + 4 * p), rings, ringPoly);
      if (problem) return problem;
    }
    return null;
  }
  return { kind: 'geometry-type', params: { geometry: GeometryType[type] ?? 'Unknown', expected: 'Polygon or MultiPolygon' } };
}

function polygonRings(t: Tables, v: DataView, g: number, rings: number[], ringPoly: number[]): FeatureProblemRef | null {
  const xyPos = t.field(g, 1);
  const xy = xyPos ? t.deref(xyPos) : 0;
  const nVerts = xy ? v.getUint32(xy, true) >> 1 : 0;
  if (nVerts === 0) return { kind: 'polygon-no-rings', params: {} };
  const endsPos = t.field(g, 0);
  const ends = endsPos ? t.deref(endsPos) : 0;
  const nRings = ends ? v.getUint32(ends, true) : 1;
  let from = 0;
  for (let r = 0; r < nRings; r++) {
    const to = ends ? v.getUint32(ends + 4 + 4 * r, true) : nVerts;
    const count = to - from;
    if (count < 4) return { kind: 'ring-short', params: { count: Math.max(0, count) } };
    const at = xy + 4 + 16 * from;
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(v.getFloat64(at + 16 * i, true)) || !Number.isFinite(v.getFloat64(at + 16 * i + 8, true))) {
        return { kind: 'non-finite', params: {} };
      }
    }
    const last = at + 16 * (count - 1);
    if (v.getFloat64(at, true) !== v.getFloat64(last, true) || v.getFloat64(at + 8, true) !== v.getFloat64(last + 8, true)) {
      return { kind: 'ring-unclosed', params: {} };
    }
    ringPoly.push(r === 0 ? 1 : 0);
    rings.push(at, count);
    from = to;
  }
  return null;
}
