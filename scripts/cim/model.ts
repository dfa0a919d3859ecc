// `cim model FILE [COMPANIONS…] --out DIR [--at X,Y[,H]] [--crs EPSG:xxxx] [--rotate DEG] [--scale S] [--unit m|cm|mm|ft|in]
// [--manifest demo.json] [--max-triangles N] [--quiet]`: a 3D model (IFC, glTF/GLB, OBJ+MTL, FBX, Collada) placed on the
// city and written as 3D Tiles 1.1 into DIR/<id>/ (id: the file's name without its extension), atomically; with
// --manifest it is listed in the manifest's `models`. One JSON summary line on stdout. Exit 0, 1 (written, with
// warnings about the model), 2 (bad usage or a model that cannot be read or placed: nothing written).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { toMetric } from '../../src/core/crs/metric';
import type { DemoManifest, ManifestModel } from '../../src/core/demo/manifest';
import { designValues, type DesignValues } from '../../src/core/models/design';
import { designInputOf } from '../../src/core/models/designInput';
import { ModelError, modelTriangles, type ModelData, type ModelPlacement } from '../../src/core/models/model';
import { baseCentre, footprintOf } from '../../src/core/models/modelBase';
import { checkModel, DEFAULT_MAX_TRIANGLES } from '../../src/core/models/modelCheck';
import { writeModelTiles, type ModelTilesResult } from '../../src/core/models/modelTiles';
import { placeModel, placementFromGeoref } from '../../src/core/models/placement';
import { meshoptReady } from '../../src/core/tiles/glbPack';
import { CliError, EXIT_OK, EXIT_PROBLEMS, moveIntoPlace, parseArgs, printSummary, writeFileAtomic } from './args';
import { readModelFiles, unitFlag } from './modelRead';

const FLAGS = {
  out: 'string',
  at: 'string',
  crs: 'string',
  rotate: 'number',
  scale: 'number',
  unit: 'string',
  manifest: 'string',
  'max-triangles': 'number',
  quiet: 'boolean',
} as const;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
/** A path relative to the manifest's folder, with forward slashes (as the viewer fetches it). */
const relativeTo = (manifestPath: string, path: string) => relative(dirname(manifestPath), path).split(sep).join('/');

/** The model's id and folder name: its file name without the extension, only letters, digits, '.', '_' and '-'. */
export function modelId(file: string): string {
  const stem = basename(file).replace(/\.[^.]+$/, '');
  return stem.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '') || 'model';
}

/** --at X,Y[,H]: numbers, H (metres above the ellipsoid) 0 when left out. */
function parseAt(value: string): [number, number, number] {
  const parts = value.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if ((parts.length !== 2 && parts.length !== 3) || parts.some((s) => s === '') || !nums.every(Number.isFinite))
    throw new CliError(`--at is X,Y or X,Y,H in numbers, not "${value}"`);
  return [nums[0], nums[1], nums[2] ?? 0];
}

function readManifest(path: string): DemoManifest {
  let manifest: DemoManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as DemoManifest;
  } catch (err) {
    throw new CliError(`cannot read the manifest ${path}: ${(err as Error).message}`);
  }
  const b = manifest?.bboxLonLatDeg;
  if (!Array.isArray(b) || b.length !== 4 || !b.every(Number.isFinite))
    throw new CliError(`${path}: bboxLonLatDeg must be [west, south, east, north] in degrees`);
  return manifest;
}

/** Where the model goes: --at (its base centre on that point) or, without it, the file's own georeferencing. */
function placementOf(
  model: ModelData,
  design: DesignValues | null,
  flags: Record<string, unknown>,
  manifest: DemoManifest | null,
): ModelPlacement {
  if (typeof flags.at !== 'string') {
    for (const f of ['crs', 'rotate', 'scale'])
      if (flags[f] !== undefined) throw new CliError(`--${f} applies to --at only (without --at the file's georeferencing places it)`);
    if (!model.georef)
      throw new CliError(`${model.file}: it declares no georeferencing: give --at X,Y[,H] (in --crs, or the manifest's metricCrs)`);
    return placementFromGeoref(model.file, model.georef);
  }
  const [x, y, heightM] = parseAt(flags.at);
  const crs = typeof flags.crs === 'string' ? flags.crs : manifest?.metricCrs;
  if (!crs) throw new CliError('--at needs --crs EPSG:xxxx (or --manifest, whose metricCrs it then uses)');
  const rotationDeg = (flags.rotate as number | undefined) ?? 0;
  const scale = (flags.scale as number | undefined) ?? 1;
  return { crs, x, y, heightM, rotationDeg, scale, anchor: baseCentre(model, design) };
}

/** Area of a closed lon/lat ring in square metres (in its GK zone). */
function ringAreaM2(lonLatDeg: number[]): number {
  if (lonLatDeg.length < 8) return 0;
  const xy = toMetric(Float64Array.from(lonLatDeg), 'EPSG:4490').xyM;
  let twice = 0;
  for (let i = 0; i + 3 < xy.length; i += 2) twice += xy[i] * xy[i + 3] - xy[i + 2] * xy[i + 1];
  return Math.abs(twice) / 2;
}

/** Writes every tile into `dir` (tiles/…, then tileset.json); progress on stderr every 2 s unless quiet. */
function writeTiles(
  model: ModelData,
  placement: ModelPlacement,
  dir: string,
  options: { cityBoundsDeg?: [number, number, number, number]; maxTriangles: number; quiet: boolean },
): ModelTilesResult {
  mkdirSync(join(dir, 'tiles'), { recursive: true });
  let lastReport = performance.now();
  const it = writeModelTiles(model, placement, {
    ...(options.cityBoundsDeg && { cityBoundsDeg: options.cityBoundsDeg }),
    maxTriangles: options.maxTriangles,
    onProgress: (done, total) => {
      if (options.quiet || performance.now() - lastReport < 2000) return;
      lastReport = performance.now();
      process.stderr.write(`${model.file}: ${done}/${total} tiles\n`);
    },
  });
  for (;;) {
    const step = it.next();
    if (step.done) {
      writeFileSync(join(dir, 'tileset.json'), `${JSON.stringify(step.value.tileset)}\n`);
      return step.value;
    }
    writeFileSync(join(dir, step.value.uri), step.value.glb);
  }
}

export async function run(args: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(args, FLAGS);
  if (positionals.length === 0) throw new CliError('no model file: cim model FILE [COMPANIONS…] --out DIR');
  if (typeof flags.out !== 'string') throw new CliError('missing --out DIR');
  const out = flags.out;
  const manifestPath = typeof flags.manifest === 'string' ? flags.manifest : null;
  const manifest = manifestPath ? readManifest(manifestPath) : null;
  const maxTriangles = typeof flags['max-triangles'] === 'number' ? flags['max-triangles'] : DEFAULT_MAX_TRIANGLES;
  const metresPerUnit = unitFlag(flags.unit);
  if (flags.scale !== undefined && !((flags.scale as number) > 0)) throw new CliError(`--scale must be above 0, got ${flags.scale}`);

  const t0 = performance.now();
  const model = await readModelFiles(positionals, metresPerUnit, flags.quiet === true);
  const design = model.format === 'ifc' ? designValues(model) : null;
  const id = modelId(model.file);
  const cityBoundsDeg = manifest?.bboxLonLatDeg;
  let placement: ModelPlacement;
  let footprintLonLatDeg: number[];
  try {
    placement = placementOf(model, design, flags, manifest);
    // Every refusal (too many triangles, bad numbers, too far from the city) before anything is written.
    checkModel(model, maxTriangles);
    const placed = placeModel(model, placement, cityBoundsDeg ? { cityBoundsDeg } : {});
    footprintLonLatDeg = footprintOf(model, placed, design);
  } catch (err) {
    if (err instanceof ModelError) throw new CliError(err.message);
    throw err;
  }
  const readMs = performance.now() - t0;

  await meshoptReady();
  const t1 = performance.now();
  let stage: string;
  try {
    mkdirSync(out, { recursive: true });
    stage = mkdtempSync(join(out, '.model-'));
  } catch (err) {
    throw new CliError(`cannot write to ${out}: ${(err as Error).message}`);
  }
  let result: ModelTilesResult;
  try {
    try {
      result = writeTiles(model, placement, join(stage, id), { cityBoundsDeg, maxTriangles, quiet: flags.quiet === true });
    } catch (err) {
      if (err instanceof ModelError) throw new CliError(err.message);
      throw err;
    }
    moveIntoPlace(stage, out, [id]);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const tileMs = performance.now() - t1;
  const tileset = join(out, id, 'tileset.json');
  const designInput = design
    ? designInputOf(design, manifestPath ? relativeTo(manifestPath, model.file) : model.file, placement.scale)
    : null;
  const storeys = model.storeys.map((s) => ({ name: s.name, elevationM: s.elevationM }));
  const triangles = modelTriangles(model);

  if (manifestPath && manifest) {
    const entry: ManifestModel = {
      id,
      file: relativeTo(manifestPath, model.file),
      format: model.format,
      tileset: relativeTo(manifestPath, tileset),
      placement,
      storeys,
      elements: model.elements.length,
      triangles,
      footprintLonLatDeg,
      ...(designInput && { design: designInput }),
    };
    manifest.models = [...(manifest.models ?? []).filter((m) => m.id !== id), entry];
    writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const warnings = [...model.warnings, ...(design?.notes ?? [])];
  for (const w of warnings.slice(0, 20)) process.stderr.write(`${model.file}: ${w}\n`);
  const { counts } = result;
  printSummary({
    command: 'model',
    id,
    file: model.file,
    format: model.format,
    units: model.units.source,
    elements: model.elements.length,
    triangles,
    storeys: storeys.map((s) => s.name),
    tiles: counts.tiles,
    leafTiles: counts.leafTiles,
    bytes: counts.bytes,
    footprintM2: round(ringAreaM2(footprintLonLatDeg), 2),
    placement,
    ...(designInput && {
      design: {
        heightM: round(designInput.heightM, 3),
        storeys: designInput.storeys,
        gfaM2: round(designInput.gfaM2, 2),
        footprintM2: round(designInput.footprintM2, 2),
      },
    }),
    warnings,
    timingsMs: { read: Math.round(readMs), tiles: Math.round(tileMs) },
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    out: tileset,
    ...(manifestPath && { manifest: manifestPath }),
  });
  return warnings.length ? EXIT_PROBLEMS : EXIT_OK;
}
