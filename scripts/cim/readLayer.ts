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

/** Broken features named by file, index and id (the first five), e.g. for --strict's refusal. */
function malformed(problems: FeatureProblem[], why = ''): CliError {
  const shown = problems.slice(0, 5).map((p) => `${p.file}: feature ${p.index} (id ${p.id}): ${p.message}`);
  const more = problems.length > 5 ? `\n… and ${problems.length - 5} more` : '';
  return new CliError(`${problems.length} malformed feature(s)${why}:\n${shown.join('\n')}${more}`);
}

/** Named features on stderr per command run: the first this many, then a count. */
const SHOWN = 20;

type Fault = { file: string; index: number; id: string; reason: string };

/**
 * The skip-and-name rule of every command: a broken feature (zero-area, unclosed, non-finite, wrong type …) is
 * named on stderr by file, index, id and reason and left out; an implausible value (reviewInput.ts's rule) is
 * named and read as missing. The command goes on, writes its output and exits 1 ("problems found"); with
 * --strict the first of either refuses the whole run (exit 2) before any output is written. A value estimated
 * because it is missing (a height from floors) is named and counted too, but is no fault: neither exit 1 nor --strict.
 */
export class DataFaults {
  readonly skipped: FeatureProblem[] = [];
  readonly flagged: FeatureProblem[] = [];
  readonly estimated: FeatureProblem[] = [];
  private shown = 0;

  constructor(readonly strict: boolean) {}

  /** Features left out. */
  skip(problems: readonly FeatureProblem[]): void {
    this.add(problems, this.skipped, 'skipped');
  }

  /** Features kept with an implausible value read as missing, or (kinds height-*) a missing value estimated. */
  flag(problems: readonly FeatureProblem[]): void {
    const estimate = (p: FeatureProblem) => p.kind === 'height-default' || p.kind === 'height-from-floors';
    this.add(
      problems.filter((p) => !estimate(p)),
      this.flagged,
      'flagged',
    );
    this.add(problems.filter(estimate), this.estimated, 'estimated', false);
  }

  /** Faults found: skipped features and implausible values (estimates of missing values are none). */
  get count(): number {
    return this.skipped.length + this.flagged.length;
  }

  private add(problems: readonly FeatureProblem[], list: FeatureProblem[], what: string, refuse = this.strict): void {
    if (!problems.length) return;
    if (refuse) throw malformed([...problems], ` (--strict refuses ${what} features)`);
    for (const p of problems) {
      if (this.shown++ < SHOWN) process.stderr.write(`${p.file}: feature ${p.index} (id ${p.id}) ${what}: ${p.message}\n`);
      else if (this.shown === SHOWN + 1) process.stderr.write(`… more: the summary's "faults" counts them all\n`);
    }
    list.push(...problems);
  }

  /** The summary's record: how many were skipped, flagged and estimated, and the first of them named. */
  summary(): { skipped: number; flagged: number; estimated: number; first: Fault[] } {
    const named = (p: FeatureProblem): Fault => ({ file: p.file, index: p.index, id: p.id, reason: p.message });
    return {
      skipped: this.skipped.length,
      flagged: this.flagged.length,
      estimated: this.estimated.length,
      first: [...this.skipped.slice(0, SHOWN), ...this.flagged.slice(0, SHOWN), ...this.estimated.slice(0, SHOWN)]
        .slice(0, SHOWN)
        .map(named),
    };
  }
}

/** A polygon layer; its broken features go to `faults` (named, left out; refused under --strict). */
export async function readPolygonLayer(path: string, faults: DataFaults, bytes?: Uint8Array): Promise<PolygonLayer> {
  const features = await readFeatureFile(path, bytes);
  const packed = packPolygons(features, path);
  faults.skip(packed.problems);
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
  faults: DataFaults,
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
    faults.skip(r.problems);
    return { ids: r.ids, floors: r.numbers.floors, useIndex: r.categories.use.index, useTable: r.categories.use.values };
  }
  // A copy off the shared buffer: TextDecoder refuses shared memory.
  const layer = await readPolygonLayer(path, faults, bytes.slice());
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
