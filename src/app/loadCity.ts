// Loads the demo city named by the manifest: terrain first, then every layer in parallel through workers.
import type { Viewer } from 'cesium';
import type { DemoManifest } from '../core/demo/manifest';
import type { BuildingsData, GridsData, LayerDataKey, LinesData, SensorsData } from '../io/layerData';
import { applyCameraView, startViewOver } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { createBuildingsLayer } from '../scene/layers/buildingsLayer';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import { createPipeTilesLayer } from '../scene/layers/pipeTilesLayer';
import type { PipeTilesetCounts } from '../core/tiles/pipeTileset';
import type { PipeLineBatches } from '../core/tiles/pipeLines';
import { idIndex } from '../core/geom/idIndex';
import { tilesetInMemory } from './tilesInMemory';
import type { TilesetCounts } from '../core/tiles/tileset';
import { createGridsLayer } from '../scene/layers/gridsLayer';
import { createPipelinesLayer } from '../scene/layers/pipelinesLayer';
import { carriagewayWidthsM, createRoadsLayer } from '../scene/layers/roadsLayer';
import { createSensorsLayer } from '../scene/layers/sensorsLayer';
import { addHillshadeLayer } from '../scene/hillshadeLayer';
import { createDemTerrainProvider } from '../scene/terrain';
import { actions, type AppStore } from '../state/store';
import { track, type Workers } from './workers';
import { transfer } from 'comlink';
import { cityFileUrl } from '../io/cityFileUrl';
import { staThingsUrl } from '../io/sensorThingsApi';
import type { PageOptions } from '../state/pageOptions';
import type { SensorHeights } from '../core/sensors/sensorHeight';

async function fetchManifest(url: string): Promise<DemoManifest> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} — run \`npm run demo\` to generate the demo city`);
  try {
    return (await res.json()) as DemoManifest;
  } catch (err) {
    throw new Error(`${url}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

function countBy(index: Uint16Array, values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < index.length; i++) counts[values[index[i]]] = (counts[values[index[i]]] ?? 0) + 1;
  return counts;
}

/** What the other modes work on after loading (the scene keeps its own GPU copies). */
export interface LoadedCity {
  grids: GridsData;
  buildings: BuildingsData;
  /** A building's index in `buildings` from its id (what 3D Tiles features carry). */
  buildingIndexOf: (id: string) => number | undefined;
  pipelineIndexOf: (id: string) => number | undefined;
  /** Sensor Things as drawn: ids, positions, depth, the Location's z and the ground under them (fly-to, the live feed's states). */
  sensors: SensorHeights & { ids: string[]; lonLatDeg: Float64Array; url: string };
}

/** Pipes nearer than this are tubes from the tiles; farther, the network's lines. */
const PIPE_LINES_NEAR_M = 300;
/** Vertices per far-view pipe line batch: Cesium combines one batch per frame on the page (~15 ms at this size on a loaded 2-core machine). */
const PIPE_BATCH_VERTICES = 12_000;

/** Pipeline tubes from prebuilt tiles or tiled now in the worker, with the network's lines for the far view. */
async function pipelinesLayer(
  viewer: Viewer,
  data: LinesData,
  batches: PipeLineBatches,
  fileUrl: (name: string) => string,
  manifest: DemoManifest,
  workers: Workers,
) {
  const lines = createPipelinesLayer(viewer, batches, data.lines.ids.length, PIPE_LINES_NEAR_M);
  if (manifest.tiles?.pipelines) return createPipeTilesLayer(viewer, fileUrl(manifest.tiles.pipelines), lines);
  try {
    const { job } = await track(workers.tiles().startPipeUrls(fileUrl(manifest.files.pipelines), fileUrl(manifest.files.dem)));
    const memory = await tilesetInMemory<PipeTilesetCounts>(workers.tiles(), job);
    const layer = await createPipeTilesLayer(viewer, memory.url, lines);
    return { ...layer, destroy: () => (layer.destroy(), memory.revoke()) };
  } catch (err) {
    // A pipe file with nothing to draw as tubes still shows as lines everywhere.
    console.warn('[cim] pipeline tubes unavailable:', (err as Error).message);
    lines.destroy();
    return createPipelinesLayer(viewer, batches, data.lines.ids.length);
  }
}

/**
 * The buildings layer: the city's prebuilt 3D Tiles when its manifest names them, else tiles built now in the tiles
 * worker from the buildings file and served from memory; `?buildings=primitive` draws one batched
 * primitive instead (the comparison drawing of bench:tiles).
 */
async function buildingsLayer(
  viewer: Viewer,
  data: BuildingsData,
  indexOfId: (id: string) => number | undefined,
  fileUrl: (name: string) => string,
  manifest: DemoManifest,
  workers: Workers,
  primitive: boolean,
) {
  if (primitive) return createBuildingsLayer(viewer, data);
  if (manifest.tiles?.buildings)
    return createBuildingTilesLayer(viewer, fileUrl(manifest.tiles.buildings), { indexOfId, count: data.polygons.ids.length });
  const { job } = await track(workers.tiles().startBuildingUrl(fileUrl(manifest.files.buildings)));
  const memory = await tilesetInMemory<TilesetCounts>(workers.tiles(), job);
  const layer = await createBuildingTilesLayer(viewer, memory.url, { indexOfId, count: data.polygons.ids.length });
  return { ...layer, destroy: () => (layer.destroy(), memory.revoke()) };
}

/** A copy of `a` the worker takes over (transferred, not cloned a second time). */
const handOver = <T extends Float64Array | Uint32Array>(a: T): T => {
  const copy = a.slice() as T;
  return transfer(copy, [copy.buffer]);
};

export async function loadCity(
  viewer: Viewer,
  scene: CityScene,
  store: AppStore,
  workers: Workers,
  options: Pick<PageOptions, 'manifestUrl' | 'buildingsPrimitive' | 'sensorThingsApiUrl'>,
): Promise<LoadedCity> {
  const loaded = {} as LoadedCity;
  const { manifestUrl } = options;
  const fileUrl = (name: string) => cityFileUrl(manifestUrl, name);
  // The SensorThings API's Things when the page names one, else the city's file.
  const sensorsUrl = (name: string) => (options.sensorThingsApiUrl ? staThingsUrl(options.sensorThingsApiUrl) : fileUrl(name));
  actions.loadStep(store, 'manifest');
  const manifest = await fetchManifest(manifestUrl);
  actions.setManifest(store, manifest);
  const initial = store.getState().camera;
  applyCameraView(viewer, initial ?? startViewOver(manifest.bboxLonLatDeg));

  actions.loadStep(store, 'terrain');
  await track(workers.dem.load(fileUrl(manifest.files.dem)));
  viewer.terrainProvider = createDemTerrainProvider({ tile: (rect, size) => track(workers.dem.tile(rect, size)) });
  addHillshadeLayer(viewer, await track(workers.dem.hillshade()));

  actions.loadStep(store, 'layers');
  const count = (key: LayerDataKey, n: number) => actions.countLayer(store, key, n);
  const addProblems = (p: BuildingsData['problems']) => actions.addProblems(store, p);

  // Lines on the ground are densified to this step so no segment cuts through the terrain.
  const drapeStepM = 40;
  await Promise.all([
    track(workers.layers.loadGrids(fileUrl(manifest.files.grids))).then(async (data) => {
      addProblems(data.problems);
      loaded.grids = data;
      const rings = await track(workers.dem.drape(handOver(data.polygons.coords), handOver(data.polygons.ringStart), drapeStepM, true));
      scene.add('grids', createGridsLayer(viewer, data, rings));
      count('grids', data.polygons.ids.length);
    }),
    track(workers.layers.loadLines(fileUrl(manifest.files.roads), 'roads', 'class')).then(async (data) => {
      addProblems(data.problems);
      const mesh = await track(
        workers.dem.ribbons(handOver(data.lines.coords), handOver(data.lines.partStart), carriagewayWidthsM(data), drapeStepM, 0.3),
      );
      scene.add('roads', createRoadsLayer(viewer, data, mesh));
      count('roads', data.lines.ids.length);
    }),
    track(workers.layers.loadBuildings(fileUrl(manifest.files.buildings))).then(async (data) => {
      addProblems(data.problems);
      loaded.buildings = data;
      // Not a Map: its 200k string keys would lengthen every major GC on this page (see idIndex).
      const index = idIndex(data.polygons.ids);
      loaded.buildingIndexOf = (id) => index.get(id);
      actions.setBuildingsByUse(store, countBy(data.useIndex, data.useCodes));
      scene.add(
        'buildings',
        await buildingsLayer(viewer, data, loaded.buildingIndexOf, fileUrl, manifest, workers, options.buildingsPrimitive),
      );
      count('buildings', data.polygons.ids.length);
    }),
    track(workers.layers.loadLines(fileUrl(manifest.files.pipelines), 'pipelines', 'kind')).then(async (data: LinesData) => {
      addProblems(data.problems);
      const index = idIndex(data.lines.ids);
      loaded.pipelineIndexOf = (id) => index.get(id);
      const { categoryIndex, categories, startDepthM, endDepthM } = data;
      const columns = {
        featurePartStart: data.lines.featurePartStart,
        categoryIndex,
        categories,
        sizeMm: data.size,
        startDepthM,
        endDepthM,
      };
      const batches = await track(
        workers.dem.pipeLines(handOver(data.lines.coords), handOver(data.lines.partStart), columns, drapeStepM, PIPE_BATCH_VERTICES),
      );
      scene.add('pipelines', await pipelinesLayer(viewer, data, batches, fileUrl, manifest, workers));
      count('pipelines', data.lines.ids.length);
    }),
    track(workers.layers.loadSensors(sensorsUrl(manifest.files.sensors))).then(async (data: SensorsData) => {
      addProblems(data.problems);
      const ground = await track(workers.dem.sample(handOver(data.lonLatDeg)));
      loaded.sensors = {
        ids: data.ids,
        lonLatDeg: data.lonLatDeg,
        depthM: data.depthM,
        elevationM: data.elevationM,
        groundM: ground,
        url: sensorsUrl(manifest.files.sensors),
      };
      const levels = await track(workers.dem.clusterSensors(handOver(data.lonLatDeg), ground));
      scene.add('sensors', createSensorsLayer(viewer, data, ground, levels));
      count('sensors', data.ids.length);
    }),
  ]);
  actions.loadStep(store, 'gpu');
  return loaded;
}
