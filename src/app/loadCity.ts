// Loads the demo city named by the manifest: terrain first, then the buildings' tileset (its coarse levels draw
// first and detail streams in as the camera needs it) while every other layer loads in parallel through workers.
// The buildings' columns stay in the layers worker: the page gets their summary.
import type { Viewer } from 'cesium';
import type { DemoManifest } from '../core/demo/manifest';
import { withReplacedFiles } from '../core/demo/replaceFiles';
import type { BuildingsSummary, GridsData, LayerDataKey, LinesData, SensorsData } from '../io/layerData';
import { applyCameraView, startViewOver } from '../scene/camera';
import type { CityScene } from '../scene/cityScene';
import { createBuildingsLayer } from '../scene/layers/buildingsLayer';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import { createPipeTilesLayer } from '../scene/layers/pipeTilesLayer';
import type { PipeTilesetCounts } from '../core/tiles/pipeTileset';
import type { PipeLineBatches } from '../core/tiles/pipeLines';
import { idIndex, type IdIndex } from '../core/geom/idIndex';
import { tilesetInMemory } from './tilesInMemory';
import type { TilesetCounts } from '../core/tiles/tileset';
import { createGridsLayer } from '../scene/layers/gridsLayer';
import { gridLayerSources } from './gridLayerSources';
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

/** What the other modes work on after loading (the scene keeps its own GPU copies). */
export interface LoadedCity {
  grids: GridsData;
  /** Count, counts by use, extent; the columns stay in the layers worker (a place, rows by id, or a copy on demand). */
  buildings: BuildingsSummary;
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
  // A negative depth is above ground: such a pipe shows in every view, so the layer does too.
  const aboveGround = data.startDepthM.some((d) => d < 0) || data.endDepthM.some((d) => d < 0);
  const lines = createPipelinesLayer(viewer, batches, data.lines.ids.length, aboveGround, PIPE_LINES_NEAR_M);
  if (manifest.tiles?.pipelines) return createPipeTilesLayer(viewer, fileUrl(manifest.tiles.pipelines), lines, aboveGround);
  try {
    const { job } = await track(workers.tiles().startPipeUrls(fileUrl(manifest.files.pipelines), fileUrl(manifest.files.dem)));
    const memory = await tilesetInMemory<PipeTilesetCounts>(workers.tiles(), job);
    const layer = await createPipeTilesLayer(viewer, memory.url, lines, aboveGround);
    return { ...layer, destroy: () => (layer.destroy(), memory.revoke()) };
  } catch (err) {
    // A pipe file with nothing to draw as tubes still shows as lines everywhere.
    console.warn('[cim] pipeline tubes unavailable:', (err as Error).message);
    lines.destroy();
    return createPipelinesLayer(viewer, batches, data.lines.ids.length, aboveGround);
  }
}

/**
 * The buildings layer: the city's prebuilt 3D Tiles when its manifest names them, else tiles built now in the tiles
 * worker from the buildings file and served from memory; neither waits for the buildings' columns (tiles carry each
 * building's row). `?buildings=primitive` draws one batched primitive from a copy of the columns instead (the
 * comparison drawing of bench:tiles).
 */
function buildingsLayer(viewer: Viewer, fileUrl: (name: string) => string, manifest: DemoManifest, workers: Workers, primitive: boolean) {
  const count = manifest.counts?.buildings;
  const tiles = primitive
    ? null
    : manifest.tiles?.buildings
      ? createBuildingTilesLayer(viewer, fileUrl(manifest.tiles.buildings), { count })
      : (async () => {
          const { job } = await track(workers.tiles().startBuildingUrl(fileUrl(manifest.files.buildings)));
          const memory = await tilesetInMemory<TilesetCounts>(workers.tiles(), job);
          const layer = await createBuildingTilesLayer(viewer, memory.url, { count });
          return { ...layer, destroy: () => (layer.destroy(), memory.revoke()) };
        })();
  /** The layer, once the buildings' columns are in the layers worker (only the primitive waits for them). */
  return async (columnsLoaded: Promise<unknown>) => {
    if (tiles) return tiles;
    await columnsLoaded;
    return createBuildingsLayer(viewer, await track(workers.layers.buildingColumns()));
  };
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
  // Layers the user replaced with imported files open in place of the city's own.
  const manifest = withReplacedFiles(await fetchManifest(manifestUrl), store.getState().replaced);
  actions.setManifest(store, manifest);
  // 3D models the city holds (`cim model --manifest`): drawn by the models layer; their parcel is found when reviewed.
  for (const m of manifest.models ?? [])
    actions.modelPlaced(store, { ...m, id: m.id, url: fileUrl(m.tileset), replaces: null, parcelId: null, design: m.design ?? null });
  const initial = store.getState().camera;
  applyCameraView(viewer, initial ?? startViewOver(manifest.bboxLonLatDeg));

  actions.loadStep(store, 'terrain');
  await track(workers.dem.load(fileUrl(manifest.files.dem)));
  viewer.terrainProvider = createDemTerrainProvider({ tile: (rect, size) => track(workers.dem.tile(rect, size)) });
  await addHillshadeLayer(viewer, await track(workers.dem.hillshade()));

  actions.loadStep(store, 'layers');
  const count = (key: LayerDataKey, n: number) => actions.countLayer(store, key, n);
  const addProblems = (p: BuildingsSummary['problems']) => actions.addProblems(store, p);

  // Lines on the ground are densified to this step so no segment cuts through the terrain.
  const drapeStepM = 40;
  // The coarse city first: the tileset streams its upper levels while the other layers load.
  const buildingTiles = buildingsLayer(viewer, fileUrl, manifest, workers, options.buildingsPrimitive);
  const layers = Promise.all([
    track(workers.layers.loadGrids(fileUrl(manifest.files.grids))).then(async (data) => {
      addProblems(data.problems);
      loaded.grids = data;
      scene.add('grids', createGridsLayer(viewer, data, gridLayerSources(workers)));
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
    track(workers.layers.loadLines(fileUrl(manifest.files.pipelines), 'pipelines', 'kind')).then(async (data: LinesData) => {
      addProblems(data.problems);
      // Built on the first pick of a pipe tube, not during the load.
      let index: IdIndex | null = null;
      loaded.pipelineIndexOf = (id) => (index ??= idIndex(data.lines.ids)).get(id);
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
  // Asked last of the layers worker (one thread): the largest file, and nothing on screen waits for it.
  const summary = track(workers.layers.loadBuildings(fileUrl(manifest.files.buildings))).then((summary) => {
    addProblems(summary.problems);
    loaded.buildings = summary;
    actions.setBuildingsByUse(store, summary.byUse);
    count('buildings', summary.count);
  });
  await Promise.all([layers, summary, buildingTiles(summary).then((layer) => scene.add('buildings', layer))]);
  actions.loadStep(store, 'gpu');
  return loaded;
}
