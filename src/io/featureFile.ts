// Reads a vector file's bytes (GeoJSON or FlatGeobuf) into GeoJSON features, naming the file on failure.
import { geojson as fgb } from 'flatgeobuf';
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

/** Walks the size prefixes of every feature; false when the file ends before the last one does. */
function featuresFit(bytes: Uint8Array, offset: number, count: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    if (offset + 4 > bytes.length) return false;
    offset += 4 + view.getUint32(offset, true);
  }
  return offset <= bytes.length;
}

/**
 * FlatGeobuf features. flatgeobuf itself loops forever on a truncated header and decodes a truncated
 * body into fewer or damaged features, so the layout is checked first.
 */
async function readFlatGeobuf(bytes: Uint8Array, file: string): Promise<GeoJsonFeature[]> {
  const headerEnd = bytes.length >= 12 ? 12 + new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true) : Infinity;
  if (headerEnd > bytes.length) throw new DataFileError(file, { kind: 'fgb-header-truncated', params: { bytes: bytes.length } });
  const features: GeoJsonFeature[] = [];
  let truncated: DataFileProblemRef | null = null;
  try {
    const headerMetaFn = (meta: { featuresCount: number; indexNodeSize: number }) => {
      if (!featuresFit(bytes, headerEnd + rtreeBytes(meta.featuresCount, meta.indexNodeSize), meta.featuresCount)) {
        truncated = { kind: 'fgb-truncated', params: { features: meta.featuresCount, bytes: bytes.length } };
        throw new Error(dataFileProblemText(truncated, 'en'));
      }
    };
    for await (const f of fgb.deserialize(bytes, { headerMetaFn })) features.push(f as unknown as GeoJsonFeature);
  } catch (err) {
    throw new DataFileError(file, truncated ?? { kind: 'fgb-unreadable', params: { detail: (err as Error).message } });
  }
  return features;
}

export async function readFeatures(bytes: Uint8Array, file: string): Promise<GeoJsonFeature[]> {
  if (isFlatGeobuf(bytes)) return readFlatGeobuf(bytes, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new DataFileError(file, { kind: 'not-json', params: { detail: (err as Error).message } });
  }
  const collection = parsed as { type?: string; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new DataFileError(file, { kind: 'not-feature-collection', params: {} });
  }
  return collection.features as GeoJsonFeature[];
}
