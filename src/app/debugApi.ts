// window.cimDebug (only with ?debug=1): hooks for browser tests and tools, e.g. where a point is on screen.
import type { Viewer } from 'cesium';
import { readCameraView, worldToScreen } from '../scene/camera';

export function installDebugApi(viewer: Viewer): void {
  if (new URLSearchParams(location.search).get('debug') !== '1') return;
  Object.defineProperty(window, 'cimDebug', {
    configurable: true,
    value: Object.freeze({
      worldToScreen: (lonDeg: number, latDeg: number, heightM: number) => worldToScreen(viewer, lonDeg, latDeg, heightM),
      requestRender: () => viewer.scene.requestRender(),
      camera: () => readCameraView(viewer),
      globeTranslucent: () => viewer.scene.globe.translucency.enabled,
    }),
  });
}
