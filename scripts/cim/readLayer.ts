// Reading a polygon layer for the CLI: bytes -> features -> packed polygons, failing with the file
// and the first broken features named. Buildings for the join: FlatGeobuf decoded in the join workers.
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DataFileError, isFlatGeobuf, readFeatures, type GeoJsonFeature } from '../../src/io/featureFile';
import { fgbLayout } from '../../src/io/flatgeobufColumns';
import { categoryColumn, numberColumn, packPolygons, type FeatureProblem, type PackResult } from '../../src/io/packGeoJson';
import type { PackedPolygons } from '../../src/core/geom/packed';
import type { MetricFrame } from '../../src/core/crs/metric';
import type { JoinPool } from '../../workers/joinPool';
import { CliError } from './args';
import { fgbSampleBoxes } from './crsFlag';

export interface PolygonLayer extends PackResult<PackedPolygons> {
  features: GeoJsonFeature[];
}

/**
 * A file's bytes in a SharedArrayBuffer, so workers read them without a copy; read off the main thread
 * (libuv's pool) so it overlaps parsing the grids. An unreadable file is a CliError.
 */
export async function readFileShared(path: string): Promise<Uint8Array> {
  try {
    const file = await open(path, 'r');
    try {
      const size = (await file.stat()).size;
      const bytes = new Uint8Array(new SharedArrayBuffer(size));
      for (let at = 0; at < size;) {
        const { bytesRead } = await file.read(bytes, at, Math.min(size - at, 1 << 26), at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return bytes;
    } finally {
      await file.close();
    }
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The features of a GeoJSON or FlatGeobuf file; an unreadable file is a CliError naming it. */
export async function readFeatureFile(path: string, bytes?: Uint8Array): Promise<GeoJsonFeature[]> {
  if (!bytes) {
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
    }
  }
  try {
    return await readFeatures(bytes, path);
  } catch (err) {
    throw new CliError(err instanceof DataFileError ? err.message : `${path}: ${(err as Error).message}`);
  }
}

/** The CLI refuses a layer with broken features, naming the first five by file, index and id. */
function malformed(problems: FeatureProblem[]): CliError {
  const shown = problems.slice(0, 5).map((p) => `${p.file}: feature ${p.index} (id ${p.id}): ${p.message}`);
  const more = problems.length > 5 ? `\n… and ${problems.length - 5} more` : '';
  return new CliError(`${problems.length} malformed feature(s):\n${shown.join('\n')}${more}`);
}

export async function readPolygonLayer(path: string, bytes?: Uint8Array): Promise<PolygonLayer> {
  const features = await readFeatureFile(path, bytes);
  const packed = packPolygons(features, path);
  if (packed.problems.length > 0) throw malformed(packed.problems);
  return { ...packed, features };
}

/** The buildings' columns the CLI keeps on its own thread: their footprints stay in the join workers. */
export interface JoinBuildings {
  ids: string[];
  floors: Float32Array;
  useIndex: Uint16Array;
  useTable: string[];
}

/**
 * Reads the buildings into the pool (projected into `frame`'s zone there): a FlatGeobuf is decoded in
 * parallel by the workers, each a range of features; GeoJSON is parsed here and handed to the first worker.
 * Projected there at once when `project` (a join that needs the footprints in metres), else when first needed.
 */
export async function readJoinBuildings(
  pool: JoinPool,
  path: string,
  bytes: Uint8Array,
  crs: string,
  frame: MetricFrame,
  project = false,
  checkCrs: (boxes: ArrayLike<number>, ids?: readonly string[]) => void = () => {},
): Promise<JoinBuildings> {
  if (isFlatGeobuf(bytes)) {
    let layout: ReturnType<typeof fgbLayout>;
    try {
      layout = fgbLayout(bytes, path);
    } catch (err) {
      throw new CliError(err instanceof DataFileError ? err.message : `${path}: ${(err as Error).message}`);
    }
    checkCrs(fgbSampleBoxes(bytes, layout, path));
    const request = { numbers: [{ name: 'floors', fallback: NaN }], categories: ['use'] };
    const r = await pool.readFgbBuildings(bytes, layout, path, request, crs, frame, project);
    if (r.problems.length > 0) throw malformed(r.problems);
    return { ids: r.ids, floors: r.numbers.floors, useIndex: r.categories.use.index, useTable: r.categories.use.values };
  }
  // A copy off the shared buffer: TextDecoder refuses shared memory.
  const layer = await readPolygonLayer(path, bytes.slice());
  checkCrs(layer.packed.bbox, layer.packed.ids);
  const use = categoryColumn(layer.features, layer.sourceIndex, 'use');
  const out = {
    ids: layer.packed.ids,
    floors: numberColumn(layer.features, layer.sourceIndex, 'floors'),
    useIndex: use.index,
    useTable: use.values,
  };
  const { ids: _ids, ...geometry } = layer.packed;
  await pool.setBuildings(geometry, crs, frame, project);
  return out;
}
