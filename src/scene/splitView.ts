// Side-by-side plan comparison: a second, read-only viewer on the right half showing another plan version,
// its camera following the main one every frame; the main view shrinks to the left half.
import { Cesium3DTileset, ImageryLayer, Rectangle, Viewer, type ImageryProvider } from 'cesium';
import { background } from '../core/util/background';
import type { RenderPreset } from '../state/urlState';
import { flatShading } from './layers/flatShading';
import { FunctionImageryProvider } from './layers/planLayers';
import { applyRenderPreset, CITY_TILESET_OPTIONS, viewerOptions } from './viewerSetup';

export interface SplitViewOptions {
  preset: RenderPreset;
  bboxDeg: [number, number, number, number];
  label: string;
  landUseTile: (x: number, y: number, level: number) => Promise<ImageBitmap>;
  /** The main view's building tileset, drawn again on the right (plain, unstyled). */
  buildingsUrl?: string;
}

export interface SplitView {
  readonly viewer: Viewer;
  destroy(): void;
}

export function createSplitView(main: Viewer, options: SplitViewOptions): SplitView {
  const mainContainer = main.container as HTMLElement;
  const host = mainContainer.parentElement!;
  const mainWidth = mainContainer.style.width;
  mainContainer.style.width = '50%';
  const container = document.createElement('div');
  container.className = 'cim-split';
  container.dataset.testid = 'split-view';
  host.appendChild(container);
  const label = document.createElement('div');
  label.className = 'cim-split-label';
  label.textContent = options.label;
  container.appendChild(label);

  const viewer = new Viewer(container, { ...viewerOptions(options.preset), requestRenderMode: true, maximumRenderTimeChange: Infinity });
  applyRenderPreset(viewer, options.preset);
  viewer.scene.screenSpaceCameraController.enableInputs = false;
  viewer.terrainProvider = main.terrainProvider;
  // The main view's overlays (hillshade) above the base, then the compared plan.
  for (let i = 1; i < main.imageryLayers.length; i++) {
    const layer = main.imageryLayers.get(i);
    if (layer.imageryProvider instanceof FunctionImageryProvider) continue;
    viewer.imageryLayers.add(new ImageryLayer(layer.imageryProvider, {}));
  }
  const rectangle = Rectangle.fromDegrees(...options.bboxDeg);
  viewer.imageryLayers.add(
    new ImageryLayer(new FunctionImageryProvider(rectangle, options.landUseTile) as unknown as ImageryProvider, { rectangle }),
  );
  let tileset: Cesium3DTileset | null = null;
  let destroyed = false;
  if (options.buildingsUrl) {
    background(
      Cesium3DTileset.fromUrl(options.buildingsUrl, CITY_TILESET_OPTIONS).then((t) => {
        if (destroyed) return t.destroy();
        t.customShader = flatShading();
        tileset = viewer.scene.primitives.add(t) as Cesium3DTileset;
        viewer.scene.requestRender();
      }),
      'split view: loading the buildings tileset',
    );
  }

  // Follow the main camera; the right half has the same size, so the same view.
  const follow = () => {
    const c = main.camera;
    viewer.camera.setView({ destination: c.positionWC.clone(), orientation: { heading: c.heading, pitch: c.pitch, roll: c.roll } });
    viewer.scene.requestRender();
  };
  const stopFollow = main.scene.postRender.addEventListener(follow);
  main.scene.requestRender();
  follow();

  return {
    viewer,
    destroy() {
      destroyed = true;
      stopFollow();
      if (tileset) viewer.scene.primitives.remove(tileset);
      viewer.destroy();
      container.remove();
      mainContainer.style.width = mainWidth;
      main.scene.requestRender();
    },
  };
}
