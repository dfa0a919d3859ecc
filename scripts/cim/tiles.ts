// `cim tiles --buildings F [--crs EPSG:xxxx] [--pipelines F --dem F] [--grids-assignment F] [--manifest demo.json]
// [--compression meshopt|none] [--normals] [--threads N] [--strict] --out DIR`: 3D Tiles 1.1
// tilesets (DIR/buildings/tileset.json, DIR/pipelines/tileset.json) built in a worker thread by the
// same module the browser runs (the buildings split over N threads, default 2); progress on stderr, one JSON summary
// line on stdout.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { transfer, type Remote } from 'comlink';
import { packedBuffers } from '../../src/core/geom/packed';
import type { BuildingColumns } from '../../src/core/tiles/buildingTable';
import type { PipeTilesetResult } from '../../src/core/tiles/pipeTileset';
import type { TilesetOptions } from '../../src/core/tiles/tileset';
import { readAssignments } from '../../src/io/assignments';
import { buildingsFromFeatures } from '../../src/io/buildingsData';
import { DataFileError } from '../../src/io/featureFile';
import type { TilesApi } from '../../workers/tiles.worker';
import { startNodeWorker } from '../workers/nodeWorker';
import { CliError, EXIT_OK, EXIT_PROBLEMS, moveIntoPlace, parseFlags, printSummary, writeFileAtomic } from './args';
import { isLonLatCrs } from '../../src/core/crs/codes';
import { checkFileCrs, crsFlag, packedToLonLat } from './crsFlag';
import { DataFaults, readPolygonLayer } from './readLayer';
import { drain, tileBuildings } from './tilesDrain';

/** Names the tilesets in a city manifest (paths relative to it), so the viewer loads them. */
function registerInManifest(manifestPath: string, buildings: string, pipelines: string | null): void {
  let manifest: DemoManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  } catch (err) {
    throw new CliError(`cannot read the manifest ${manifestPath}: ${(err as Error).message}`);
  }
  const rel = (p: string) => relative(dirname(manifestPath), p).split(sep).join('/');
  manifest.tiles = { buildings: rel(buildings), ...(pipelines ? { pipelines: rel(pipelines) } : {}) };
  writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    buildings: 'string',
    pipelines: 'string',
    dem: 'string',
    'grids-assignment': 'string',
    out: 'string',
    manifest: 'string',
    'max-per-tile': 'number',
    compression: 'string',
    normals: 'boolean',
    threads: 'number',
    quiet: 'boolean',
    strict: 'boolean',
    crs: 'string',
  });
  if (typeof flags.buildings !== 'string') throw new CliError('missing --buildings FILE');
  if (typeof flags.out !== 'string') throw new CliError('missing --out DIR');
  if (typeof flags.pipelines === 'string' && typeof flags.dem !== 'string')
    throw new CliError('--pipelines needs --dem FILE (a GeoTIFF DEM): pipes are laid at their depth below the ground');
  const compression = flags.compression ?? 'meshopt';
  if (compression !== 'meshopt' && compression !== 'none') throw new CliError(`--compression is meshopt or none, not ${compression}`);
  // Checked before any work: a wrong --manifest used to show only after the whole tileset was written.
  if (typeof flags.manifest === 'string' && !existsSync(flags.manifest)) throw new CliError(`--manifest ${flags.manifest} does not exist`);
  const quiet = flags.quiet === true;
  const crsChoice = crsFlag(flags.crs);
  if (typeof flags.pipelines === 'string' && !isLonLatCrs(crsChoice.crs.code))
    throw new CliError(`--crs ${crsChoice.crs.code} applies to --buildings only: give --pipelines in lon/lat (EPSG:4490)`);
  const t0 = performance.now();
  const threads = typeof flags.threads === 'number' ? Math.max(1, Math.floor(flags.threads)) : Math.min(2, availableParallelism());
  const workers = Array.from({ length: threads }, () => startNodeWorker<TilesApi>('tiles'));
  const worker = workers[0];
  const faults = new DataFaults(flags.strict === true);
  // Everything is written under a staging folder in DIR and renamed into place at the end: a run that fails
  // (a broken DEM, a crash) leaves the previous tilesets whole.
  let stage: string | null = null;
  try {
    const layer = await readPolygonLayer(flags.buildings, faults);
    if (layer.packed.ids.length === 0) throw new CliError(`${flags.buildings}: no usable building footprint (every feature was skipped)`);
    checkFileCrs(flags.buildings, layer.packed.bbox, crsChoice, undefined, layer.packed.ids);
    packedToLonLat(layer.packed, crsChoice.crs); // tiles are placed in lon/lat
    const { data, flagged } = buildingsFromFeatures(layer.features, flags.buildings, layer);
    faults.flag(flagged);
    const columns: BuildingColumns = data;
    let unknownInAssignment = 0;
    if (typeof flags['grids-assignment'] === 'string') {
      const file = flags['grids-assignment'];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
      }
      try {
        const grid = readAssignments(text, file, data.polygons.ids);
        unknownInAssignment = grid.unknownBuildings;
        columns.grid = grid;
      } catch (err) {
        throw new CliError(err instanceof DataFileError ? err.message : String(err));
      }
    }
    // The pipes' job starts first: the DEM is read and checked before any tile is written.
    const pipeJob = typeof flags.pipelines === 'string' ? await startPipes(worker.api, flags.pipelines, flags.dem as string) : null;
    const n = data.polygons.ids.length;
    const readMs = performance.now() - t0;
    try {
      mkdirSync(flags.out, { recursive: true });
      stage = mkdtempSync(join(flags.out, '.tiles-'));
    } catch (err) {
      throw new CliError(`cannot write to ${flags.out}: ${(err as Error).message}`);
    }
    const outDir = join(flags.out, 'buildings');
    const stageBuildings = join(stage, 'buildings');
    mkdirSync(stageBuildings);
    const t1 = performance.now();
    const buffers = [
      ...packedBuffers(data.polygons),
      data.heightM.buffer,
      data.baseM.buffer,
      data.floors.buffer,
      data.useIndex.buffer,
    ] as ArrayBuffer[];
    const maxPerTile = typeof flags['max-per-tile'] === 'number' ? flags['max-per-tile'] : undefined;
    // --normals: the former geometry (flat NORMALs, 4 vertices per wall), the bench's baseline.
    const normals = flags.normals === true;
    const options: TilesetOptions = { maxBuildingsPerTile: maxPerTile, compression, normals };
    const result = await tileBuildings(workers, columns, buffers, options, stageBuildings, quiet);
    const tileMs = performance.now() - t1;
    const { counts } = result;
    for (const s of counts.skipped.slice(0, 20))
      process.stderr.write(
        `${flags.buildings}: feature ${layer.sourceIndex[s.index]} (id ${layer.packed.ids[s.index]}) skipped: ${s.reason}\n`,
      );

    let pipes: Record<string, unknown> | null = null;
    let pipesOk = true;
    if (pipeJob) {
      const t2 = performance.now();
      const started = pipeJob;
      for (const p of started.problems.slice(0, 20)) process.stderr.write(`${p.file}: feature ${p.index} (id ${p.id}): ${p.message}\n`);
      const pipeDir = join(stage, 'pipelines');
      mkdirSync(pipeDir);
      const r = (await drain(() => worker.api.next(started.job), pipeDir, 'pipelines', started.pipes, quiet)) as PipeTilesetResult;
      for (const s of r.counts.skipped.slice(0, 20)) process.stderr.write(`${flags.pipelines}: pipe ${s.index}: ${s.reason}\n`);
      pipesOk = started.problems.length === 0 && r.counts.skipped.length === 0;
      pipes = {
        input: started.pipes,
        inLeaves: r.counts.pipes,
        skipped: r.counts.skipped.length,
        malformed: started.problems.length,
        tiles: r.counts.tiles,
        triangles: r.counts.triangles,
        bytes: r.counts.bytes,
        ms: Math.round(performance.now() - t2),
        out: join(flags.out, 'pipelines', 'tileset.json'),
      };
    }
    moveIntoPlace(stage, flags.out, pipes ? ['buildings', 'pipelines'] : ['buildings']);
    const ok = counts.skipped.length === 0 && unknownInAssignment === 0 && pipesOk && faults.count === 0;
    if (typeof flags.manifest === 'string')
      registerInManifest(flags.manifest, join(outDir, 'tileset.json'), pipes ? join(flags.out, 'pipelines', 'tileset.json') : null);
    printSummary({
      command: 'tiles',
      ok,
      buildings: {
        input: n,
        inLeaves: counts.buildings,
        skipped: counts.skipped.length,
        withGridIds: columns.grid ? columns.grid.cell.filter((c) => c >= 0).length : 0,
      },
      ...(unknownInAssignment ? { assignmentRowsForUnknownBuildings: unknownInAssignment } : {}),
      tiles: counts.tiles,
      leafTiles: counts.leafTiles,
      maxDepth: counts.maxDepth,
      triangles: counts.triangles,
      bytes: counts.bytes,
      bytesPerBuilding: Math.round(counts.bytes / Math.max(1, counts.buildings)),
      buildingsPerS: Math.round(n / (tileMs / 1000)),
      timingsMs: { read: Math.round(readMs), tiles: Math.round(tileMs) },
      threads,
      compression,
      normals,
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      out: join(outDir, 'tileset.json'),
      ...(pipes ? { pipelines: pipes } : {}),
      faults: faults.summary(),
    });
    return ok ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    if (stage) rmSync(stage, { recursive: true, force: true });
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Reads the pipes and the DEM and starts the pipes' tiles job; a bad file is a CliError naming it. */
async function startPipes(api: Remote<TilesApi>, pipesFile: string, demFile: string) {
  const read = (file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
    }
  };
  const pipeBytes = read(pipesFile);
  const demBytes = read(demFile);
  try {
    return await api.startPipeFiles(
      transfer(pipeBytes, [pipeBytes.buffer as ArrayBuffer]),
      pipesFile,
      transfer(demBytes, [demBytes.buffer as ArrayBuffer]),
      demFile,
    );
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}
