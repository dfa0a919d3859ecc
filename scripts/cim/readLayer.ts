// Reading a polygon layer for the CLI: bytes -> features -> packed polygons, failing with the file
// and the first broken features named.
import { readFileSync } from 'node:fs';
import { DataFileError, readFeatures, type GeoJsonFeature } from '../../src/io/featureFile';
import { packPolygons, type PackResult } from '../../src/io/packGeoJson';
import type { PackedPolygons } from '../../src/core/geom/packed';
import { CliError } from './args';

export interface PolygonLayer extends PackResult<PackedPolygons> {
  features: GeoJsonFeature[];
}

/** The features of a GeoJSON or FlatGeobuf file; an unreadable file is a CliError naming it. */
export async function readFeatureFile(path: string): Promise<GeoJsonFeature[]> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return await readFeatures(bytes, path);
  } catch (err) {
    throw new CliError(err instanceof DataFileError ? err.message : `${path}: ${(err as Error).message}`);
  }
}

export async function readPolygonLayer(path: string): Promise<PolygonLayer> {
  const features = await readFeatureFile(path);
  const packed = packPolygons(features, path);
  if (packed.problems.length > 0) {
    const shown = packed.problems.slice(0, 5).map((p) => `${p.file}: feature ${p.index} (id ${p.id}): ${p.message}`);
    const more = packed.problems.length > 5 ? `\n… and ${packed.problems.length - 5} more` : '';
    throw new CliError(`${packed.problems.length} malformed feature(s):\n${shown.join('\n')}${more}`);
  }
  return { ...packed, features };
}
