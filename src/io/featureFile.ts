// Reads a vector file's bytes (GeoJSON or FlatGeobuf) into GeoJSON features, naming the file on failure.
import { geojson as fgb } from 'flatgeobuf';

export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

export class DataFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'DataFileError';
  }
}

export function isFlatGeobuf(bytes: Uint8Array): boolean {
  // Magic bytes "fgb" followed by a major version byte.
  return bytes.length > 8 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62;
}

export function readFeatures(bytes: Uint8Array, file: string): GeoJsonFeature[] {
  if (isFlatGeobuf(bytes)) {
    try {
      const collection = fgb.deserialize(bytes) as unknown as { features: GeoJsonFeature[] };
      return collection.features;
    } catch (err) {
      throw new DataFileError(file, `not a readable FlatGeobuf file (${(err as Error).message})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new DataFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const collection = parsed as { type?: string; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new DataFileError(file, 'expected a GeoJSON FeatureCollection with a "features" array');
  }
  return collection.features as GeoJsonFeature[];
}
