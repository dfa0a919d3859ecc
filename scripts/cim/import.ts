// `cim import FILE… --out DIR`: a city's own files (any format GDAL reads here, any CRS the project knows) read
// through GDAL, mapped to the data contracts and written as a city folder that ?data=DIR/demo.json opens, with a
// report of every skipped feature and every value left empty. Written in a temporary folder, renamed into place.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { missingRequired, overrideMapping, suggestMapping, suggestRole, type FieldMapping } from '../../src/core/import/fieldMapping';
import { fieldSignature } from '../../src/core/import/fieldMapping';
import type { ImportRole } from '../../src/core/import/roles';
import { mainModelFile } from '../../src/core/models/model';
import { GdalFileError } from '../../src/io/gdal/gdalRuntime';
import { ImportJob } from '../../src/io/gdal/importJob';
import { layerCrs } from '../../src/io/gdal/layerCrs';
import type { SourceDescription } from '../../src/io/gdal/readSource';
import { readDem } from '../../src/io/pipesData';
import { nodeGdal } from '../gdal/gdalNode';
import { CliError, EXIT_OK, EXIT_PROBLEMS, printSummary } from './args';
import { parseImportArgs, type ImportArgs } from './importArgs';
import { writeCity, type PlannedLayer } from './importCity';

/** A model's own files: the model and what travels with it (buffers, materials, textures, a georeferencing sidecar). */
const MODEL_COMPANION = /\.(ifc|gltf|glb|bin|obj|mtl|fbx|dae|png|jpe?g|geo\.json)$/i;

/** The role given for a dataset layer by --role (matched on the path given, its base name, or FILE:LAYER). */
function givenRole(a: ImportArgs, datasetFile: string, layer: string): ImportRole | null {
  const names = new Set([datasetFile, basename(datasetFile), `${datasetFile}:${layer}`, `${basename(datasetFile)}:${layer}`, layer]);
  for (const r of a.roles)
    if (names.has(r.file) || names.has(basename(r.file)) || datasetFile.startsWith(`${basename(r.file)}/`)) return r.role;
  return null;
}

/** Every layer with its role, mapping and CRS decided; refusals (no CRS, CRS mismatch, a required field missing) collected. */
function planLayers(a: ImportArgs, described: SourceDescription[]): { layers: PlannedLayer[]; refusals: string[]; warnings: string[] } {
  const layers: PlannedLayer[] = [];
  const refusals: string[] = [];
  const warnings: string[] = [];
  for (const d of described) {
    for (const l of d.layers) {
      const role = givenRole(a, d.file, l.name) ?? (a.roles.length ? null : suggestRole(l.geometryType, l.fields));
      if (!role) continue;
      let mapping: FieldMapping = suggestMapping(role, l.fields);
      const overrides = Object.fromEntries(a.maps.filter((m) => m.role === null || m.role === role).map((m) => [m.target, m.field]));
      try {
        mapping = overrideMapping(role, mapping, overrides, l.fields);
      } catch (err) {
        refusals.push(`${d.file} (${l.name}): ${(err as Error).message}`);
        continue;
      }
      const missing = missingRequired(role, mapping).filter((t) => t !== 'id');
      if (missing.length)
        refusals.push(
          `${d.file} (${l.name}): no field for ${missing.join(', ')} of ${role}: map one with --map ${role}.${missing[0]}=FIELD`,
        );
      const crs = layerCrs(l, d.file, a.crs);
      if (!crs.ok) {
        refusals.push(crs.message);
        continue;
      }
      warnings.push(...crs.warnings);
      layers.push({
        file: d.file,
        layer: l.name,
        role,
        mapping,
        signature: fieldSignature(l.fields),
        description: l,
        format: d.format,
        encoding: d.encoding,
        crs,
      });
    }
  }
  return { layers, refusals, warnings };
}

/**
 * A 3D model (IFC, glTF, OBJ, FBX, Collada with its companions) is imported in the "3D model" role by `cim model`:
 * tiled into DIR/models/ and added to DIR/demo.json's models when the city is there. Its placement flags pass through.
 */
async function importModel(args: string[]): Promise<number> {
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : undefined;
  if (!out) throw new CliError('missing --out DIR');
  const rest = [...args.slice(0, at), ...args.slice(at + 2)];
  const manifest = resolve(out, 'demo.json');
  const withManifest = !rest.includes('--manifest') && existsSync(manifest) ? ['--manifest', manifest] : [];
  const { run: runModel } = await import('./model');
  return runModel([...rest, '--out', resolve(out, 'models'), ...withManifest]);
}

export async function run(args: string[]): Promise<number> {
  const valued = (flag: string) => flag.startsWith('--') && flag !== '--strict' && flag !== '--quiet';
  const files = args.filter((x, i) => !x.startsWith('--') && (i === 0 || !valued(args[i - 1])));
  const model = mainModelFile(files.map((f) => basename(f)));
  if (model) {
    const gis = files.filter((f) => !MODEL_COMPANION.test(f));
    if (gis.length) throw new CliError(`${model} is a 3D model: import it apart from ${gis.map((f) => basename(f)).join(', ')}`);
    return importModel(args);
  }
  const a = parseImportArgs(args);
  const outDir = resolve(a.out);
  // Found before any work: a missing parent is a usage error, not a failure after the whole read.
  if (!existsSync(dirname(outDir)) || !statSync(dirname(outDir)).isDirectory())
    throw new CliError(`--out ${a.out}: folder ${dirname(outDir)} does not exist`);
  for (const f of a.files) if (!existsSync(f) || !statSync(f).isFile()) throw new CliError(`${f}: no such file`);
  if (a.dem && !existsSync(a.dem)) throw new CliError(`--dem ${a.dem}: no such file`);
  if (a.dem)
    await readDem(new Uint8Array(readFileSync(a.dem)), basename(a.dem)).catch((err: Error) =>
      Promise.reject(new CliError(`--dem ${err.message}`)),
    );
  const t0 = performance.now();
  const rt = await nodeGdal();
  const initMs = performance.now() - t0;
  let job: ImportJob;
  const openAt = performance.now();
  try {
    job = await ImportJob.open(
      rt,
      a.files.map((f) => ({ name: basename(f), bytes: readFileSync(f) })),
    );
  } catch (err) {
    if (err instanceof GdalFileError) throw new CliError(err.message);
    throw err;
  }
  try {
    const describeAt = performance.now();
    let described: SourceDescription[];
    try {
      described = await job.describe(3);
    } catch (err) {
      if (err instanceof GdalFileError) throw new CliError(err.message);
      throw err;
    }
    const plan = planLayers(a, described);
    if (plan.refusals.length) throw new CliError(plan.refusals.join('\n'));
    if (!plan.layers.length) throw new CliError('no layer to import (give --role ROLE=FILE)');
    for (const w of plan.warnings) process.stderr.write(`cim import: ${w}\n`);
    const writeAt = performance.now();
    const result = await writeCity(job, plan.layers, outDir, { strict: a.strict, dem: a.dem, warnings: plan.warnings });
    const writtenAt = performance.now();
    for (const p of result.problems.slice(0, 20))
      process.stderr.write(
        `cim import: ${p.file}${p.layer ? ` (${p.layer})` : ''} feature ${p.index}${p.id ? ` id ${p.id}` : ''}: ${p.action}: ${p.reason}\n`,
      );
    if (result.problems.length > 20) process.stderr.write(`cim import: … ${result.problems.length - 20} more in ${result.reportFile}\n`);
    printSummary({
      command: 'import',
      out: outDir,
      layers: plan.layers.map((l) => ({ file: l.file, layer: l.layer, role: l.role, crs: l.crs.ok ? (l.crs.crs?.code ?? 'GDAL') : null })),
      counts: result.counts,
      skipped: result.problems.filter((p) => p.action === 'skipped').length,
      keptWithProblems: result.problems.filter((p) => p.action === 'kept').length,
      report: result.reportFile,
      // Read and staged, described, converted and written (the city folder renamed into place), from GDAL's start.
      timingsMs: {
        gdalInit: Math.round(initMs),
        open: Math.round(describeAt - openAt),
        describe: Math.round(writeAt - describeAt),
        write: Math.round(writtenAt - writeAt),
        total: Math.round(performance.now() - t0),
      },
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      // CPU time of the whole process (all threads): comparable across runs on a shared, loaded machine.
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    });
    return result.problems.length ? EXIT_PROBLEMS : EXIT_OK;
  } finally {
    job.dispose();
  }
}
