// The underground view: a translucent globe so pipelines below ground show through, camera allowed below.
import { NearFarScalar, type Viewer } from 'cesium';
import type { AppState } from '../state/store';
import type { SceneLayer } from './layers/layer';

export function setUnderground(viewer: Viewer, on: boolean): void {
  const { globe, screenSpaceCameraController } = viewer.scene;
  globe.translucency.enabled = on;
  // Nearly see-through close up, more opaque far away so the city still reads as a surface.
  globe.translucency.frontFaceAlphaByDistance = new NearFarScalar(500, 0.25, 20_000, 0.8);
  globe.translucency.backFaceAlpha = 0.5;
  screenSpaceCameraController.enableCollisionDetection = !on;
}

export function selectUnderground(s: AppState): { on: boolean } {
  return { on: s.underground };
}

/** The underground view as a layer of the sync, so it follows the store like the others. */
export function createUndergroundLayer(viewer: Viewer): SceneLayer<{ on: boolean }> {
  return {
    key: 'underground',
    count: 0,
    ready: () => true,
    update: ({ on }) => setUnderground(viewer, on),
    destroy() {},
  };
}
