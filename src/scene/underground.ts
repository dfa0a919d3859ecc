// The underground view: a translucent globe so pipelines below ground show through, camera allowed below.
import { NearFarScalar, type Viewer } from 'cesium';

export function setUnderground(viewer: Viewer, on: boolean): void {
  const { globe, screenSpaceCameraController } = viewer.scene;
  globe.translucency.enabled = on;
  // Nearly see-through close up, more opaque far away so the city still reads as a surface.
  globe.translucency.frontFaceAlphaByDistance = new NearFarScalar(500, 0.25, 20_000, 0.8);
  globe.translucency.backFaceAlpha = 0.5;
  screenSpaceCameraController.enableCollisionDetection = !on;
}
