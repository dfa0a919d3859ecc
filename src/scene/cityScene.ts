// The one place where store state reaches Cesium: layers register here under a slot and follow the store
// through their slot's selector (layerSync.ts); the camera's moves go back to the store.
import type { Viewer } from 'cesium';
import { actions, type AppState, type AppStore } from '../state/store';
import { readCameraView } from './camera';
import { selectBuildingTiles, selectImportedBuildings } from './layers/buildingTilesLayer';
import { selectGridBadges } from './layers/gridBadgesLayer';
import { selectGridEdit } from './layers/gridEditLayer';
import { selectGrids } from './layers/gridsLayer';
import { createModelsLayer, selectModels } from './layers/modelsLayer';
import { selectOverlay } from './layers/overlayLayer';
import { selectPipelines } from './layers/pipelinesLayer';
import { selectPlanLayers } from './layers/planLayers';
import { selectReview } from './layers/reviewLayer';
import { selectRoads } from './layers/roadsLayer';
import { selectSensors } from './layers/sensorsLayer';
import { createLayerSync, type LayersOf, type Selectors } from './layerSync';
import { createUndergroundLayer, selectUnderground } from './underground';

/** Each layer slot and the slice of the store its layer reads, declared beside the layer; the sync subscribes through it. */
export const CITY_LAYER_SELECTORS = {
  buildings: selectBuildingTiles,
  grids: selectGrids,
  /** Buildings from a file the user opened. */
  imported: selectImportedBuildings,
  /** A layer the user imported as a plain overlay, styled by a field. */
  overlay: selectOverlay,
  /** Land-use plan versions, control lines, height-limit ceilings. */
  plan: selectPlanLayers,
  /** The parcel under review with its dimension lines. */
  review: selectReview,
  /** The grid editor's handles, hover and previews. */
  gridEdit: selectGridEdit,
  roads: selectRoads,
  pipelines: selectPipelines,
  sensors: selectSensors,
  /** Live alarm counts on the level-1 grids. */
  gridBadges: selectGridBadges,
  /** 3D models placed in the city (IFC, glTF, OBJ, FBX): registered by the scene itself. */
  models: selectModels,
  /** The translucent globe: registered by the scene itself. */
  underground: selectUnderground,
} satisfies Selectors<AppState>;

export type CityLayers = LayersOf<AppState, typeof CITY_LAYER_SELECTORS>;

export interface CityScene {
  readonly layers: CityLayers;
  /** Registers a layer (destroying one registered under the same key). */
  add<K extends keyof CityLayers>(key: K, layer: NonNullable<CityLayers[K]>): void;
  remove(key: keyof CityLayers): void;
  /** True when every registered layer is on the GPU and the globe has its tiles. */
  ready(): boolean;
  /** What the whole-city frame still waits on: layers not on the GPU yet, and 'globe' while its tiles load. */
  waitingOn(): string[];
  destroy(): void;
}

export function createCityScene(viewer: Viewer, store: AppStore): CityScene {
  const requestRender = () => viewer.scene.requestRender();
  const sync = createLayerSync(store, CITY_LAYER_SELECTORS, requestRender);
  const removeReadyCheck = viewer.scene.postRender.addEventListener(() => {
    if (sync.afterFrame()) requestRender();
  });
  const removeMoveEnd = viewer.camera.moveEnd.addEventListener(() => actions.setCamera(store, readCameraView(viewer)));
  sync.add('underground', createUndergroundLayer(viewer));
  sync.add('models', createModelsLayer(viewer));
  requestRender();

  return {
    layers: sync.layers,
    add(key, layer) {
      sync.add(key, layer);
      requestRender();
    },
    remove(key) {
      sync.remove(key);
      requestRender();
    },
    ready: () => sync.ready() && viewer.scene.globe.tilesLoaded,
    waitingOn: () => [...sync.notReady().map(String), ...(viewer.scene.globe.tilesLoaded ? [] : ['globe'])],
    destroy() {
      sync.destroy();
      removeReadyCheck();
      removeMoveEnd();
    },
  };
}
