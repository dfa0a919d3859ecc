// Everything that lives as long as one Cesium viewer: the workers, the scene, diagnostics, each mode's session,
// the click router and the city's loading. The viewer is rebuilt after a lost WebGL context; `stop` undoes it all.
import type { Viewer } from 'cesium';
import type { ReplacingRole } from '../core/demo/replaceFiles';
import { sensorHeightM } from '../core/sensors/sensorHeight';
import { background } from '../core/util/background';
import { cityFileUrl } from '../io/cityFileUrl';
import { dataFileErrorData } from '../io/dataFileText';
import { flyToPoint } from '../scene/camera';
import { createCityScene } from '../scene/cityScene';
import { trackFrames } from '../scene/frameStats';
import { createGridBadgesLayer } from '../scene/layers/gridBadgesLayer';
import { gridsView } from '../scene/layers/gridsLayer';
import { onPick } from '../scene/picking';
import { sceneStats } from '../scene/sceneStats';
import type { PageOptions } from '../state/pageOptions';
import { actions, type AppStore } from '../state/store';
import type { ImportActions } from '../ui/import/ImportDialog';
import { routeClick } from './clicks/route';
import { installDebugApi } from './debugApi';
import { installDiagnostics, type DiagnosticsSources } from './diagnostics';
import type { GridEditor } from './gridEdit/editor';
import { createGridSession } from './gridSession';
import { createImportActions } from './importLayers';
import { createModelActions } from './models';
import { currentOverlay, overlayLegendActions, selectOverlayFeature } from './importOverlay';
import { startLiveSensors, type LiveSensors } from './liveSensors';
import { loadCity, type LoadedCity } from './loadCity';
import { startPageTours, type ViewerTourActions } from './pageTours';
import { createPlanningSession, type PlanningSession } from './planning';
import { startWorkers, track } from './workers';

/** True once the scene shows something of the city: a building tile, or any other city layer on the GPU. */
function somethingOfCityDrawn(scene: ReturnType<typeof createCityScene>): boolean {
  const buildings = scene.layers.buildings as { drawnSomething?: () => boolean; ready(): boolean } | undefined;
  if (buildings && (buildings.drawnSomething?.() ?? buildings.ready())) return true;
  return [scene.layers.grids, scene.layers.roads, scene.layers.pipelines, scene.layers.sensors].some((layer) => layer?.ready());
}

export interface ViewerSession {
  city(): LoadedCity | null;
  live(): LiveSensors | null;
  gridEditor(): GridEditor | null;
  planning: PlanningSession;
  tours: ViewerTourActions;
  flyToBuilding(index: number): void;
  flyToSensor(thingId: string, done?: () => void): void;
  importer: ImportActions;
  /** 3D models: the placing dialog's and the models panel's actions. */
  models: ReturnType<typeof createModelActions>;
  removeImport(): void;
  /** The overlay legend's controls on this viewer's scene. */
  overlayLegend: ReturnType<typeof overlayLegendActions>;
  /** The city's own file for a layer the user had replaced by an import (the city reopens). */
  restoreCityFile(role: ReplacingRole): void;
  stop(): void;
}

export function startViewerSession(viewer: Viewer, store: AppStore, options: PageOptions, rebuildViewer: () => void): ViewerSession {
  const workers = startWorkers();
  const scene = createCityScene(viewer, store);
  const frames = trackFrames(viewer);
  const sources: DiagnosticsSources = {
    store,
    frames: frames.stats,
    cityFrameAtMs: null,
    partialCityFrameAtMs: null,
    layerReady: () => scene.ready(),
    scene: () => sceneStats(viewer, scene.waitingOn),
  };
  installDiagnostics(sources);
  const grid = createGridSession(viewer, scene, store, workers, options);
  if (options.debug)
    installDebugApi(viewer, {
      city: () => grid.city,
      join: () => grid.join,
      buildingColumns: () => track(workers.layers.buildingColumns()),
    });
  let live: LiveSensors | null = null;
  const importer = createImportActions(viewer, scene, store, workers, () => {
    actions.reloadCity(store);
    rebuildViewer();
  });

  /** Flies to a feature and selects it; its properties follow from the layers worker. */
  const flyAndSelect = (layer: 'sensors' | 'buildings', index: number, fly: () => void) => {
    fly();
    actions.select(store, { layer, index, properties: null });
    background(
      workers.layers.properties(layer, index).then((properties) => actions.select(store, { layer, index, properties })),
      `reading the properties of ${layer} ${index}`,
    );
  };
  const flyToSensor = (thingId: string, done?: () => void) => {
    const sensors = grid.city?.sensors;
    const i = sensors?.ids.indexOf(thingId) ?? -1;
    if (!sensors || i < 0) return done?.();
    flyAndSelect('sensors', i, () =>
      flyToPoint(viewer, sensors.lonLatDeg[2 * i], sensors.lonLatDeg[2 * i + 1], sensorHeightM(sensors, i), undefined, done),
    );
  };
  // The building's place comes from the layers worker, which holds the buildings' columns.
  const flyToBuilding = (index: number) =>
    background(
      track(workers.layers.buildingPlace(index)).then((place) => {
        if (place) flyAndSelect('buildings', index, () => flyToPoint(viewer, place.lonDeg, place.latDeg, place.midHeightM));
      }),
      `flying to building ${index}`,
    );

  const planning = createPlanningSession(viewer, scene, store, workers, () => grid.city, options.manifestUrl);
  const models = createModelActions(viewer, store, workers, planning, options.manifestUrl);
  const tours = startPageTours(viewer, store, () => grid.city, flyToSensor, rebuildViewer, options);
  const clicks = {
    store,
    workers,
    planning,
    grid,
    gridsView: () => gridsView(viewer),
    overlayAt: (ground: [number, number]) => selectOverlayFeature(viewer, store, ground),
  };
  const stopPick = onPick(
    viewer,
    (id, ground) => background(routeClick(clicks, { id, ground }), 'handling a click'),
    (_layer, id) => grid.city?.pipelineIndexOf(id),
  );

  // The first frame with something of the city: a tile of the buildings, or any other city layer on the GPU.
  let removePartialFrame: (() => void) | null = viewer.scene.postRender.addEventListener(() => {
    if (!somethingOfCityDrawn(scene)) return;
    sources.partialCityFrameAtMs = performance.now();
    removePartialFrame?.();
    removePartialFrame = null;
  });
  let removeFirstFrame: (() => void) | null = null;
  const cityLoaded = (city: LoadedCity) => {
    grid.city = city;
    const manifest = store.getState().manifest;
    if (options.liveBrokerUrl && city.sensors && manifest) {
      live = startLiveSensors(
        store,
        options.liveBrokerUrl,
        city.sensors.url,
        city.sensors.ids,
        cityFileUrl(options.manifestUrl, manifest.files.grids),
        options.sensorThingsApiUrl ?? undefined,
      );
      scene.add('gridBadges', createGridBadgesLayer(viewer));
    }
    grid.cityLoaded(city);
    tours.cityLoaded();
    background(importer.restoreBeside(), 'drawing the imported buildings again');
    background(models.restore(), 'placing again the models kept with the city');
    currentOverlay()?.drawIn(viewer, scene);
    removeFirstFrame = viewer.scene.postRender.addEventListener(() => {
      if (!scene.ready()) return;
      sources.cityFrameAtMs = performance.now();
      actions.loaded(store);
      removeFirstFrame?.();
      removeFirstFrame = null;
    });
  };
  loadCity(viewer, scene, store, workers, options)
    .then(cityLoaded)
    .catch((err: Error) => {
      console.warn('[cim] city failed to load:', err);
      actions.loadFailed(store, err.message, dataFileErrorData(err));
    });

  return {
    city: () => grid.city,
    live: () => live,
    gridEditor: () => grid.editor,
    planning,
    tours: tours.editor,
    flyToBuilding,
    flyToSensor,
    importer,
    models,
    restoreCityFile: (role) => importer.restoreCityFile(role),
    overlayLegend: overlayLegendActions(scene, store),
    removeImport: () => {
      scene.remove('imported');
      actions.setImported(store, null);
    },
    stop() {
      models.destroy();
      tours.stop();
      grid.stop();
      planning.terminate();
      live?.stop();
      removeFirstFrame?.();
      removePartialFrame?.();
      stopPick();
      frames.stop();
      scene.destroy();
      workers.terminate();
    },
  };
}
