// Tiles worker: turns buildings (and pipelines) into 3D Tiles 1.1 with src/core/tiles. The caller
// pulls finished tiles in batches (next), so neither side holds a whole city's glbs at once: the CLI
// writes each batch to disk, the browser keeps them in memory for a tileset served from blob URLs.
import { expose, transfer } from 'comlink';
import { buildingsFromFeatures } from '../src/io/buildingsData';
import { DataFileError, readFeatures } from '../src/io/featureFile';
import type { FeatureProblem } from '../src/io/packGeoJson';
import type { BuildingColumns } from '../src/core/tiles/buildingTable';
import { writeBuildingTiles, type TileContent, type TilesetOptions, type TilesetResult } from '../src/core/tiles/tileset';
import { workerEndpoint } from './endpoint';

export interface TileBatch {
  tiles: { uri: string; glb: Uint8Array }[];
  /** Tiles written so far, and the features in their leaves. */
  tilesDone: number;
  featuresDone: number;
  /** Set with the last batch. */
  result: TilesetResult | null;
}

let job: Generator<TileContent, TilesetResult, undefined> | null = null;
let done = { tiles: 0, features: 0 };

function start(it: Generator<TileContent, TilesetResult, undefined>): void {
  job = it;
  done = { tiles: 0, features: 0 };
}

const api = {
  /** Starts tiling parsed building columns. */
  startBuildings(columns: BuildingColumns, options: TilesetOptions = {}): { buildings: number } {
    start(writeBuildingTiles(columns, options));
    return { buildings: columns.polygons.ids.length };
  },

  /** Starts tiling a building file (GeoJSON or FlatGeobuf bytes, e.g. dropped on the page), parsed here. */
  async startBuildingFile(bytes: Uint8Array, file: string, options: TilesetOptions = {}): Promise<{ buildings: number; problems: FeatureProblem[] }> {
    const { data } = buildingsFromFeatures(await readFeatures(bytes, file), file);
    if (data.polygons.ids.length === 0) throw new DataFileError(file, data.problems.length ? `no usable building: ${data.problems[0].message}` : 'no building features');
    start(writeBuildingTiles(data, options));
    return { buildings: data.polygons.ids.length, problems: data.problems.slice(0, 100) };
  },

  /** startBuildingFile on a file fetched from `url` (a city without prebuilt tiles). */
  async startBuildingUrl(url: string, options: TilesetOptions = {}): Promise<{ buildings: number; problems: FeatureProblem[] }> {
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new DataFileError(url, `could not be fetched (${(err as Error).message})`);
    }
    if (!res.ok) throw new DataFileError(url, `HTTP ${res.status} ${res.statusText}`);
    return api.startBuildingFile(new Uint8Array(await res.arrayBuffer()), url, options);
  },

  /** The next finished tiles, up to about `maxBytes` of glb (at least one tile); `result` when finished. */
  next(maxBytes = 16 * 2 ** 20): TileBatch {
    if (!job) throw new Error('tiles worker: nothing to do; call a start method first');
    const tiles: TileBatch['tiles'] = [];
    let bytes = 0;
    while (bytes < maxBytes) {
      const step = job.next();
      if (step.done) {
        job = null;
        return transfer({ tiles, tilesDone: done.tiles, featuresDone: done.features, result: step.value }, tiles.map((t) => t.glb.buffer as ArrayBuffer));
      }
      tiles.push({ uri: step.value.uri, glb: step.value.glb });
      bytes += step.value.glb.byteLength;
      done.tiles++;
      if (step.value.leaf) done.features += step.value.buildings;
    }
    return transfer({ tiles, tilesDone: done.tiles, featuresDone: done.features, result: null }, tiles.map((t) => t.glb.buffer as ArrayBuffer));
  },
};

expose(api, workerEndpoint());
export type TilesApi = typeof api;
