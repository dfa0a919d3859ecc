// The one place where store state reaches Cesium: layers register here and are updated from the store.
import type { Viewer } from 'cesium';
import { actions, type AppState, type AppStore } from '../state/store';
import type { GridOverlay } from '../state/slices/gridEdit';
import { readCameraView } from './camera';
import type { BuildingTilesState } from './layers/buildingTilesLayer';
import type { GridsVisibility } from './layers/gridsLayer';
import type { PlanLayersState } from './layers/planLayers';
import type { SensorsLayerState } from './layers/sensorsLayer';
import type { GridBadge } from './layers/gridBadgesLayer';
import type { SceneLayer } from './layers/layer';
import { setUnderground } from './underground';

export interface CityLayers {
  buildings?: SceneLayer<BuildingTilesState>;
  grids?: SceneLayer<GridsVisibility>;
  roads?: SceneLayer<{ visible: boolean }>;
  pipelines?: SceneLayer<{ visible: boolean }>;
  sensors?: SceneLayer<SensorsLayerState>;
  /** Buildings from a file the user opened. */
  imported?: SceneLayer<BuildingTilesState>;
  /** Land-use plan versions, control lines, height-limit ceilings. */
  plan?: SceneLayer<PlanLayersState>;
  /** Live alarm counts on the level-1 grids. */
  gridBadges?: SceneLayer<{ visible: boolean; grids: GridBadge[] }>;
  /** The parcel under review with its dimension lines. */
  review?: SceneLayer<{ visible: boolean }>;
  /** The grid editor's handles, hover and previews. */
  gridEdit?: SceneLayer<GridOverlay & { visible: boolean }>;
}

export interface CityScene {
  readonly layers: CityLayers;
  /** Registers a layer (destroying one registered under the same key). */
  add<K extends keyof CityLayers>(key: K, layer: NonNullable<CityLayers[K]>): void;
  remove(key: keyof CityLayers): void;
  /** True when every registered layer is on the GPU and the globe has its tiles. */
  ready(): boolean;
  destroy(): void;
}

export function createCityScene(viewer: Viewer, store: AppStore): CityScene {
  const layers: CityLayers = {};
  let underground: boolean | null = null;
  let layersWereReady = false;

  function apply(s: AppState): void {
    layers.buildings?.update({
      visible: s.layers.buildings,
      style: s.buildingStyle,
      selected: s.selection?.layer === 'buildings' ? s.selection.index : null,
      palette: s.buildingStyle === 'grid' ? s.buildingPalette : null,
      group: s.mode === 'grid' ? s.buildingGroup : null,
      flagged: s.mode === 'grid' ? null : s.flagged,
    });
    layers.grids?.update({
      1: s.layers.gridL1,
      2: s.layers.gridL2,
      3: s.layers.gridL3,
      selected: s.mode === 'grid' ? s.selectedGridIndex : null,
    });
    layers.imported?.update({ visible: true, style: s.buildingStyle, selected: null, palette: null, group: null, flagged: null });
    const p = s.plan;
    layers.plan?.update({ landUse: p.landUse, version: p.version, compare: p.compare, lines: p.lines, heightLimits: p.heightLimits });
    layers.review?.update({ visible: s.mode === 'review' });
    layers.gridEdit?.update({ ...s.gridOverlay, visible: s.mode === 'grid' });
    layers.roads?.update({ visible: s.layers.roads });
    layers.pipelines?.update({ visible: s.layers.pipelines });
    layers.sensors?.update({ visible: s.layers.sensors, states: s.sensorStates });
    layers.gridBadges?.update({ visible: s.layers.sensors, grids: s.live.grids });
    if (s.underground !== underground) {
      underground = s.underground;
      setUnderground(viewer, underground);
    }
    viewer.scene.requestRender();
  }

  const layersReady = () => Object.values(layers).every((l) => l.ready());

  const unsubscribe = store.subscribe((s, prev) => {
    if (
      s.layers !== prev.layers ||
      s.selection !== prev.selection ||
      s.underground !== prev.underground ||
      s.buildingStyle !== prev.buildingStyle ||
      s.buildingPalette !== prev.buildingPalette ||
      s.buildingGroup !== prev.buildingGroup ||
      s.selectedGridIndex !== prev.selectedGridIndex ||
      s.mode !== prev.mode ||
      s.flagged !== prev.flagged ||
      s.plan !== prev.plan ||
      s.review !== prev.review ||
      s.sensorStates !== prev.sensorStates ||
      s.gridOverlay !== prev.gridOverlay ||
      s.live.grids !== prev.live.grids
    )
      apply(s);
  });
  // Layers that finish their async GPU build late (highlight needs the batch) get the state again.
  const removeReadyCheck = viewer.scene.postRender.addEventListener(() => {
    const now = layersReady();
    if (now && !layersWereReady) apply(store.getState());
    layersWereReady = now;
  });
  const removeMoveEnd = viewer.camera.moveEnd.addEventListener(() => actions.setCamera(store, readCameraView(viewer)));
  apply(store.getState());

  return {
    layers,
    add(key, layer) {
      if (layers[key] && layers[key] !== layer) layers[key].destroy();
      (layers as Record<string, unknown>)[key] = layer;
      layersWereReady = false;
      apply(store.getState());
    },
    remove(key) {
      layers[key]?.destroy();
      delete layers[key];
      viewer.scene.requestRender();
    },
    ready: () => layersReady() && viewer.scene.globe.tilesLoaded,
    destroy() {
      unsubscribe();
      removeReadyCheck();
      removeMoveEnd();
      for (const l of Object.values(layers)) l.destroy();
    },
  };
}
