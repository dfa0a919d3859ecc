// A layer the user imported as a plain overlay: imagery tiles the overlay worker draws (draped on the terrain, one
// texture per tile, nothing per feature on the page), above the hillshade; shown, hidden and re-styled from the store.
import { Cartesian3, ImageryLayer, Rectangle, type ImageryProvider, type PerspectiveFrustum, type Viewer } from 'cesium';
import type { AppState } from '../../state/store';
import type { SceneLayer } from './layer';
import { FunctionImageryProvider } from './planLayers';

export interface OverlayLayerState {
  visible: boolean;
  /** A new key: the worker's style changed, so every tile is asked for again. */
  styleKey: number;
}

export function selectOverlay(s: AppState): OverlayLayerState {
  return { visible: s.overlay?.visible ?? false, styleKey: s.overlay?.styleKey ?? 0 };
}

/** The overlay's imagery over `bboxDeg` [w, s, e, n]; `tile` asks the worker; `onDestroy` frees the worker's copy. */
export function createOverlayLayer(
  viewer: Viewer,
  tile: (x: number, y: number, level: number) => Promise<ImageBitmap>,
  bboxDeg: [number, number, number, number],
  count: number,
  onDestroy: () => void,
): SceneLayer<OverlayLayerState> {
  // A point layer's bbox can be a line or a point: grown a little so Cesium has a rectangle to ask tiles for.
  const pad = 1e-4;
  const rectangle = Rectangle.fromDegrees(bboxDeg[0] - pad, bboxDeg[1] - pad, bboxDeg[2] + pad, bboxDeg[3] + pad);
  let layer: ImageryLayer | null = null;
  let key = -1;

  const replace = (show: boolean) => {
    const at = layer ? viewer.imageryLayers.indexOf(layer) : -1;
    if (layer) viewer.imageryLayers.remove(layer, true);
    layer = new ImageryLayer(new FunctionImageryProvider(rectangle, tile, 'overlay') as unknown as ImageryProvider, { rectangle, show });
    // A restyled overlay keeps its place; a new one goes on top (above the hillshade and the base imagery).
    viewer.imageryLayers.add(layer, at >= 0 ? at : undefined);
  };

  return {
    key: 'overlay',
    count,
    ready: () => true,
    update(s) {
      if (s.styleKey !== key) {
        key = s.styleKey;
        replace(s.visible);
      }
      layer!.show = s.visible;
      viewer.scene.requestRender();
    },
    destroy() {
      if (layer) viewer.imageryLayers.remove(layer, true);
      layer = null;
      onDestroy();
    },
  };
}

/** Flies to an overlay's [w, s, e, n] box (degrees), looking down. */
export function flyToBox(viewer: Viewer, bboxDeg: [number, number, number, number]): void {
  // A single point's box is grown to a few hundred metres, so the camera does not dive into the ground.
  const pad = Math.max(0, 0.003 - Math.min(bboxDeg[2] - bboxDeg[0], bboxDeg[3] - bboxDeg[1]) / 2);
  viewer.camera.flyTo({
    destination: Rectangle.fromDegrees(bboxDeg[0] - pad, bboxDeg[1] - pad, bboxDeg[2] + pad, bboxDeg[3] + pad),
    duration: 1.5,
  });
}

/** Degrees of latitude that `px` screen pixels cover at a ground point (a click's tolerance on the overlay). */
export function pickToleranceDeg(viewer: Viewer, lonLatDeg: [number, number], px = 5): number {
  const camera = viewer.camera;
  const distanceM = Cartesian3.distance(camera.positionWC, Cartesian3.fromDegrees(lonLatDeg[0], lonLatDeg[1]));
  const fovy = (camera.frustum as PerspectiveFrustum).fovy ?? 1;
  const metresPerPx = (2 * distanceM * Math.tan(fovy / 2)) / Math.max(1, viewer.scene.canvas.clientHeight);
  return (px * metresPerPx) / 111_320;
}
