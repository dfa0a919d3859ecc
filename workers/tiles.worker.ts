// Tiles worker: turns buildings (and pipelines) into 3D Tiles 1.1 with src/core/tiles. The caller
// pulls finished tiles in batches (next), so neither side holds a whole city's glbs at once: the CLI
// writes each batch to disk, the browser keeps them in memory for a tileset served from blob URLs.
import { expose, transfer } from 'comlink';
import { buildingsFromFeatures } from '../src/io/buildingsData';
import { DataFileError, readFeatures } from '../src/io/featureFile';
import type { FeatureProblem } from '../src/io/packGeoJson';
import type { BuildingColumns } from '../src/core/tiles/buildingTable';
import {
  writeBuildingTiles,
  writeBuildingTilesPart,
  type Done,
  type TileContent,
  type TilesetOptions,
  type TilesetPartResult,
  type TilesetResult,
} from '../src/core/tiles/tileset';
import { meshoptReady } from '../src/core/tiles/glbPack';
import { sampleHeightM } from '../src/core/geom/heightGrid';
import { writePipeTiles, type PipeTilesetOptions, type PipeTilesetResult } from '../src/core/tiles/pipeTileset';
import { pipesFromFeatures, readDem } from '../src/io/pipesData';
import { fetchBytes } from '../src/io/fetchBytes';
import { workerEndpoint } from './endpoint';
import { modelApi } from './modelJobs';
import { revokeServed, serveTiles, serveTileset } from './servedTiles';
import { jobEnded, openedBuilding, openedRecords, stageOpened, type OpenedBuilding } from './openedBuildings';

export interface TileBatch<R = TilesetResult | PipeTilesetResult> {
  tiles: { uri: string; glb: Uint8Array }[];
  /** Tiles written so far, and the features in their leaves. */
  tilesDone: number;
  featuresDone: number;
  /** Set with the last batch. */
  result: R | null;
}

type JobResult = TilesetResult | PipeTilesetResult | TilesetPartResult;

/** A batch served from memory (serveNext): progress, and with the last batch the tileset's blob URL and counts. */
export interface ServedBatch {
  tilesDone: number;
  featuresDone: number;
  url: string | null;
  counts: (TilesetResult | PipeTilesetResult)['counts'] | null;
}

interface Job {
  it: Generator<TileContent, JobResult, undefined>;
  tiles: number;
  features: number;
}

/** Jobs by id: the city's tiling and a file the user opens may run side by side. */
const jobs = new Map<number, Job>();
let lastJob = 0;

/** The columns of this thread's part of a split building tileset, kept for the tiles above the parts. */
let partColumns: BuildingColumns | null = null;

function start(it: Generator<TileContent, JobResult, undefined>): number {
  jobs.set(++lastJob, { it, tiles: 0, features: 0 });
  return lastJob;
}

const api = {
  ...modelApi,
  /** Starts tiling parsed building columns. */
  async startBuildings(columns: BuildingColumns, options: TilesetOptions = {}): Promise<{ job: number; buildings: number }> {
    await meshoptReady();
    return { job: start(writeBuildingTiles(columns, options)), buildings: columns.polygons.ids.length };
  },

  /**
   * Starts this thread's part `index` of `count` of a building tileset (writeBuildingTilesPart); the columns stay here
   * for startBuildingsTop.
   */
  async startBuildingsPart(columns: BuildingColumns, options: TilesetOptions, index: number, count: number): Promise<{ job: number }> {
    await meshoptReady();
    partColumns = columns;
    return { job: start(writeBuildingTilesPart(columns, options, { index, count })) };
  },

  /** Starts the tiles above every part's subtrees, on the columns of this thread's part; the result is the tileset. */
  startBuildingsTop(subtrees: Done[], options: TilesetOptions): { job: number } {
    if (!partColumns) throw new Error('tiles worker: startBuildingsTop before startBuildingsPart');
    const columns = partColumns;
    partColumns = null;
    return { job: start(writeBuildingTilesPart(columns, options, { subtrees })) };
  },

  /** Starts tiling a building file (GeoJSON or FlatGeobuf bytes, e.g. dropped on the page), parsed here. */
  async startBuildingFile(
    bytes: Uint8Array,
    file: string,
    options: TilesetOptions = {},
    /** Keep each building's record and point for openedBuilding (a file the user opened, not the city's own). */
    keepRecords = false,
  ): Promise<{ job: number; buildings: number; problems: FeatureProblem[] }> {
    const features = await readFeatures(bytes, file);
    const { data, sourceIndex } = buildingsFromFeatures(features, file);
    const records = keepRecords ? openedRecords(features, data.polygons, sourceIndex) : null;
    await meshoptReady();
    if (data.polygons.ids.length === 0) {
      const first = data.problems[0];
      throw new DataFileError(
        file,
        first
          ? { kind: 'no-usable-building', params: { index: first.index, id: first.id, detail: first.message } }
          : { kind: 'no-buildings', params: {} },
      );
    }
    const job = start(writeBuildingTiles(data, options));
    if (records) stageOpened(job, records);
    return { job, buildings: data.polygons.ids.length, problems: data.problems.slice(0, 100) };
  },

  /** A building of the file opened last (startBuildingFile), by id: its record and representative point; null if none. */
  openedBuilding(id: string): OpenedBuilding | null {
    return openedBuilding(id);
  },

  /** startBuildingFile on a file fetched from `url` (a city without prebuilt tiles, or a user's file kept as a blob). */
  async startBuildingUrl(
    url: string,
    options: TilesetOptions = {},
    keepRecords = false,
    /** The name errors give the file (the user's file name for a blob). */
    file = url,
  ): Promise<{ job: number; buildings: number; problems: FeatureProblem[] }> {
    return api.startBuildingFile(await fetchBytes(url), file, options, keepRecords);
  },

  /** Starts tiling pipelines (GeoJSON/FlatGeobuf bytes) at their depth below the DEM (GeoTIFF bytes). */
  async startPipeFiles(
    pipes: Uint8Array,
    pipesFile: string,
    dem: Uint8Array,
    demFile: string,
    options: Omit<PipeTilesetOptions, 'groundM'> = {},
  ): Promise<{ job: number; pipes: number; problems: FeatureProblem[] }> {
    const grid = await readDem(dem, demFile);
    const { columns, problems } = pipesFromFeatures(await readFeatures(pipes, pipesFile), pipesFile);
    if (columns.lines.ids.length === 0) throw new DataFileError(pipesFile, { kind: 'no-pipelines', params: {} });
    const job = start(writePipeTiles(columns, { ...options, groundM: (lon, lat) => sampleHeightM(grid, lon, lat) }));
    return { job, pipes: columns.lines.ids.length, problems: problems.slice(0, 100) };
  },

  /** startPipeFiles on files fetched from URLs (a city without prebuilt tiles). */
  async startPipeUrls(pipesUrl: string, demUrl: string): Promise<{ job: number; pipes: number; problems: FeatureProblem[] }> {
    return api.startPipeFiles(await fetchBytes(pipesUrl), pipesUrl, await fetchBytes(demUrl), demUrl);
  },

  /** The next finished tiles of `job`, up to about `maxBytes` of glb (at least one tile); `result` when finished. */
  next(jobId: number, maxBytes = 16 * 2 ** 20): TileBatch {
    const batch = pull(jobId, maxBytes);
    if (batch.result && 'subtrees' in batch.result) throw new Error(`tiles worker: job ${jobId} is a part; pull it with nextPart`);
    return batch as TileBatch;
  },

  /** next() for a part of a split building tileset (startBuildingsPart), whose result is its subtrees. */
  nextPart(jobId: number, maxBytes = 16 * 2 ** 20): TileBatch<JobResult> {
    return pull(jobId, maxBytes);
  },

  /**
   * next() served from memory here: the batch's tiles become blob URLs in this worker, and the last batch gives the
   * tileset's URL (the page's thread makes none). Free them with revokeServed.
   */
  serveNext(jobId: number, maxBytes = 16 * 2 ** 20): ServedBatch {
    const batch = api.next(jobId, maxBytes);
    serveTiles(jobId, batch.tiles);
    const served = { tilesDone: batch.tilesDone, featuresDone: batch.featuresDone };
    if (!batch.result) return { ...served, url: null, counts: null };
    return { ...served, url: serveTileset(jobId, batch.result.tileset), counts: batch.result.counts };
  },

  /** Frees the blob URLs serveNext made for `jobId`. */
  revokeServed(jobId: number): void {
    revokeServed(jobId);
  },

  /** Drops an unfinished job (the user removed the file). */
  cancel(jobId: number): void {
    jobs.delete(jobId);
    jobEnded(jobId, false);
    revokeServed(jobId);
  },
};

/** The next finished tiles of a job, transferred. */
function pull(jobId: number, maxBytes: number): TileBatch<JobResult> {
  const job = jobs.get(jobId);
  if (!job) throw new Error(`tiles worker: no job ${jobId}; call a start method first`);
  const tiles: TileBatch<JobResult>['tiles'] = [];
  let bytes = 0;
  let result: JobResult | null = null;
  try {
    while (bytes < maxBytes) {
      const step = job.it.next();
      if (step.done) {
        result = step.value;
        jobs.delete(jobId);
        jobEnded(jobId, true);
        break;
      }
      tiles.push({ uri: step.value.uri, glb: step.value.glb });
      bytes += step.value.glb.byteLength;
      job.tiles++;
      if (step.value.leaf) job.features += step.value.buildings;
    }
  } catch (err) {
    jobs.delete(jobId);
    jobEnded(jobId, false);
    throw err;
  }
  return transfer(
    { tiles, tilesDone: job.tiles, featuresDone: job.features, result },
    tiles.map((t) => t.glb.buffer as ArrayBuffer),
  );
}

expose(api, workerEndpoint());
export type TilesApi = typeof api;
