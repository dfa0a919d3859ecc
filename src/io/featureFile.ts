// Reads a vector file's bytes (GeoJSON or FlatGeobuf) into GeoJSON features, naming the file on failure.
import * as flatbuffers from 'flatbuffers';
import { geojson as fgb } from 'flatgeobuf';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { dataFileProblemText, type DataFileProblemRef } from './dataFileText';

export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

/** A file that cannot be read: `kind` and `params` for the catalogue (dataFileText.ts), `message` in English. */
export class DataFileError extends Error {
  readonly kind: DataFileProblemRef['kind'];
  readonly params: DataFileProblemRef['params'];
  constructor(
    readonly file: string,
    problem: DataFileProblemRef,
  ) {
    super(`${file}: ${dataFileProblemText(problem, 'en')}`);
    this.name = 'DataFileError';
    this.kind = problem.kind;
    this.params = problem.params;
  }

  /** The problem as data, for dataFileProblemText. */
  get problem(): DataFileProblemRef {
    return { kind: this.kind, params: this.params } as DataFileProblemRef;
  }
}

export function isFlatGeobuf(bytes: Uint8Array): boolean {
  // Magic bytes "fgb" followed by a major version byte.
  return bytes.length > 8 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62;
}

/** Where a FlatGeobuf's features are: enough to decode any range of them on any thread. */
export interface FgbLayout {
  geometryType: number;
  columns: { name: string; type: number }[];
  /** Byte offset of each feature's size prefix, plus a final sentinel (the end of the last feature). */
  featureOffsets: Float64Array;
}

/** Bytes of a FlatGeobuf packed Hilbert R-tree index: every leaf and internal node, 40 bytes each. */
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

/** The header and every feature's offset; a truncated header or body is a DataFileError naming the file. */
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

/**
 * FlatGeobuf features. flatgeobuf itself loops forever on a truncated header and decodes a truncated
 * body into fewer or damaged features, so the layout is checked first.
 */
async function readFlatGeobuf(bytes: Uint8Array, file: string): Promise<GeoJsonFeature[]> {
  fgbLayout(bytes, file);
  const features: GeoJsonFeature[] = [];
  try {
    for await (const f of fgb.deserialize(bytes)) features.push(f as unknown as GeoJsonFeature);
  } catch (err) {
    throw new DataFileError(file, { kind: 'fgb-unreadable', params: { detail: (err as Error).message } });
  }
  return features;
}

export async function readFeatures(bytes: Uint8Array, file: string): Promise<GeoJsonFeature[]> {
  if (isFlatGeobuf(bytes)) return readFlatGeobuf(bytes, file);
  return parseGeoJson(bytes, file);
}

/** Features one at a time: a FlatGeobuf is decoded feature by feature, never held whole as GeoJSON objects. */
export async function* streamFeatures(bytes: Uint8Array, file: string): AsyncGenerator<GeoJsonFeature> {
  if (!isFlatGeobuf(bytes)) {
    yield* parseGeoJson(bytes, file);
    return;
  }
  fgbLayout(bytes, file);
  const it = fgb.deserialize(bytes)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await it.next();
    } catch (err) {
      throw new DataFileError(file, { kind: 'fgb-unreadable', params: { detail: (err as Error).message } });
    }
    if (next.done) return;
    yield next.value as GeoJsonFeature;
  }
}

function parseGeoJson(bytes: Uint8Array, file: string): GeoJsonFeature[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    // Past the engine's longest string (about 512 M characters) the text cannot even be decoded for JSON.parse.
    if (err instanceof RangeError && /string length/i.test(err.message))
      throw new DataFileError(file, { kind: 'geojson-too-large', params: { bytes: bytes.length } });
    throw new DataFileError(file, { kind: 'not-json', params: { detail: (err as Error).message } });
  }
  const collection = parsed as { type?: string; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new DataFileError(file, { kind: 'not-feature-collection', params: {} });
  }
  return collection.features as GeoJsonFeature[];
}
