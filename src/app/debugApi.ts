// window.cimDebug (only with ?debug=1): hooks for browser tests and tools, e.g. where a point is on screen.
import type { Viewer } from 'cesium';
import { applyCameraView, readCameraView, worldToScreen } from '../scene/camera';
import type { CameraView } from '../state/urlState';
import { shownLayers } from '../scene/primitiveLayers';
import type { GridJoinResult } from './gridJoin';
import type { LoadedCity } from './loadCity';

export interface DebugSources {
  city: () => LoadedCity | null;
  join: () => Promise<GridJoinResult> | null;
}

export function installDebugApi(viewer: Viewer, sources: DebugSources): void {
  if (new URLSearchParams(location.search).get('debug') !== '1') return;
  Object.defineProperty(window, 'cimDebug', {
    configurable: true,
    value: Object.freeze({
      worldToScreen: (lonDeg: number, latDeg: number, heightM: number) => worldToScreen(viewer, lonDeg, latDeg, heightM),
      requestRender: () => viewer.scene.requestRender(),
      camera: () => readCameraView(viewer),
      /** Puts the camera there at once (a test moving the view between captures) and returns the view as Cesium has it. */
      setCamera: (view: CameraView) => {
        applyCameraView(viewer, view);
        return readCameraView(viewer);
      },
      globeTranslucent: () => viewer.scene.globe.translucency.enabled,
      /** The underground view as Cesium has it: translucent globe, camera allowed below ground. */
      underground: () => ({
        translucent: viewer.scene.globe.translucency.enabled,
        collisionDetection: viewer.scene.screenSpaceCameraController.enableCollisionDetection,
      }),
      /** Per layer, whether Cesium shows any of its primitives (buildings, pipelines, sensors). */
      shownLayers: () => shownLayers(viewer),
      /** Stops (or restarts) Cesium's render loop, so main-thread measurements see only the page's own work. */
      pauseRendering: (paused: boolean) => void (viewer.useDefaultRenderLoop = !paused),
      /**
       * Runs the grid join synchronously on this thread (the baseline of bench:join-ui) and compares it
       * with the worker pool's result: { ms, buildings, mismatches }.
       */
      async joinOnMainThread() {
        const city = sources.city();
        const pooled = await sources.join();
        if (!city || !pooled) throw new Error('no city loaded or no join run yet (enter grid mode first)');
        const { joinOnMainThread } = await import('./mainThreadJoin');
        const t0 = performance.now();
        const cells = joinOnMainThread(city.grids, city.buildings);
        const ms = performance.now() - t0;
        let mismatches = 0;
        for (let i = 0; i < cells.length; i++) if (cells[i] !== pooled.cellOfBuilding[i]) mismatches++;
        return { ms, buildings: cells.length, mismatches };
      },
    }),
  });
}
