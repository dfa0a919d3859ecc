// The page `npm run bench:tiles` drives: the viewer's own scene code (viewer setup, the 3D Tiles
// buildings layer, the batched-primitive buildings layer) in a bare Cesium viewer, so the frame
// cost of the buildings alone can be measured. Not part of the app; built as tiles-bench.html.
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Viewer } from 'cesium';
import { applyCameraView } from '../scene/camera';
import { measureFrame } from '../scene/frameCost';
import { createBuildingsLayer } from '../scene/layers/buildingsLayer';
import { createBuildingTilesLayer } from '../scene/layers/buildingTilesLayer';
import type { SceneLayer } from '../scene/layers/layer';
import { applyRenderPreset, viewerOptions } from '../scene/viewerSetup';
import type { CameraView } from '../state/urlState';
import { startWorkers } from './workers';

const viewer = new Viewer('view', viewerOptions('lite'));
applyRenderPreset(viewer, 'lite');
viewer.useDefaultRenderLoop = false;
// Only the buildings are measured: no globe, sky or imagery commands in the counts.
viewer.scene.globe.show = false;
if (viewer.scene.skyBox) viewer.scene.skyBox.show = false;
const workers = startWorkers();
let layer: SceneLayer<{ visible: boolean; style: 'use'; selected: null; palette: null; group: null; flagged: null; hidden: null }> | null =
  null;
const state = { visible: true, style: 'use', selected: null, palette: null, group: null, flagged: null, hidden: null } as const;

async function settle(): Promise<number> {
  // Render until the layer reports everything it wants on screen is loaded (tiles stream over frames).
  // Capped at five minutes of rendering: SwiftShader renders a dense city at a frame or two per second.
  let frames = 0;
  const t0 = performance.now();
  for (; performance.now() - t0 < 300_000; frames++) {
    viewer.scene.render();
    if (layer?.ready()) return frames;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  return -frames;
}

Object.assign(window, {
  tilesBench: {
    async showTileset(url: string) {
      layer?.destroy();
      layer = await createBuildingTilesLayer(viewer, url, {});
      layer.update(state);
    },
    async showPrimitive(buildingsUrl: string) {
      layer?.destroy();
      await workers.layers.loadBuildings(buildingsUrl);
      const data = await workers.layers.buildingColumns();
      layer = createBuildingsLayer(viewer, data);
      layer.update(state);
    },
    async measure(view: CameraView) {
      applyCameraView(viewer, view);
      const t0 = performance.now();
      const frames = await settle();
      const cost = measureFrame(viewer);
      return { ...cost, settleFrames: frames, settleMs: Math.round(performance.now() - t0) };
    },
  },
});
