// window.cimDebug (only with ?debug=1): hooks for browser tests and tools, e.g. where a point is on screen;
// its type, CimDebug, is in pageApi.ts.
import { Cartographic, type Viewer } from 'cesium';
import type { BuildingsData } from '../io/layerData';
import { applyCameraView, readCameraView, worldToScreen } from '../scene/camera';
import { shownLayers } from '../scene/primitiveLayers';
import type { GridJoinResult } from './gridJoin';
import type { LoadedCity } from './loadCity';
import type { CimDebug } from './pageApi';

export interface DebugSources {
  city: () => LoadedCity | null;
  join: () => Promise<GridJoinResult> | null;
  /** A copy of the buildings' columns from the layers worker (the main-thread join's baseline only). */
  buildingColumns: () => Promise<BuildingsData>;
}

export function installDebugApi(viewer: Viewer, sources: DebugSources): void {
  if (new URLSearchParams(location.search).get('debug') !== '1') return;
  Object.defineProperty(window, 'cimDebug', {
    configurable: true,
    value: Object.freeze<CimDebug>({
      worldToScreen: (lonDeg, latDeg, heightM) => worldToScreen(viewer, lonDeg, latDeg, heightM),
      groundHeightM: (lonDeg, latDeg) => viewer.scene.globe.getHeight(Cartographic.fromDegrees(lonDeg, latDeg)) ?? null,
      requestRender: () => viewer.scene.requestRender(),
      camera: () => readCameraView(viewer),
      setCamera: (view) => {
        applyCameraView(viewer, view);
        return readCameraView(viewer);
      },
      globeTranslucent: () => viewer.scene.globe.translucency.enabled,
      underground: () => ({
        translucent: viewer.scene.globe.translucency.enabled,
        collisionDetection: viewer.scene.screenSpaceCameraController.enableCollisionDetection,
      }),
      shownLayers: () => shownLayers(viewer),
      pauseRendering: (paused: boolean) => {
        viewer.useDefaultRenderLoop = !paused;
      },
      async joinOnMainThread() {
        const city = sources.city();
        const pooled = await sources.join();
        if (!city || !pooled) throw new Error('no city loaded or no join run yet (enter grid mode first)');
        const { joinOnMainThread } = await import('./mainThreadJoin');
        const buildings = await sources.buildingColumns();
        const t0 = performance.now();
        const cells = joinOnMainThread(city.grids, buildings);
        const ms = performance.now() - t0;
        let mismatches = 0;
        for (let i = 0; i < cells.length; i++) if (cells[i] !== pooled.cellOfBuilding[i]) mismatches++;
        return { ms, buildings: cells.length, mismatches };
      },
      async joinAssignments() {
        const pooled = await sources.join();
        if (!pooled) throw new Error('no join run yet (enter grid mode first)');
        const { ids } = (await sources.buildingColumns()).polygons;
        const { cellOfBuilding, hierarchy, grids } = pooled;
        const lines = new Array<string>(ids.length);
        for (let i = 0; i < ids.length; i++) {
          const cell = cellOfBuilding[i];
          lines[i] = `${ids[i]},${cell < 0 ? '' : grids.polygons.ids[hierarchy.l3[cell]]}`;
        }
        return lines.join('\n');
      },
    }),
  });
}
