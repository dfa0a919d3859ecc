// Camera views: reading the current one, applying a shared one, and the start view over the city.
import { Cartesian3, Math as CesiumMath, type Viewer } from 'cesium';
import type { CameraView } from '../state/urlState';

export function readCameraView(viewer: Viewer): CameraView {
  const c = viewer.camera.positionCartographic;
  return {
    lonDeg: CesiumMath.toDegrees(c.longitude),
    latDeg: CesiumMath.toDegrees(c.latitude),
    heightM: c.height,
    headingDeg: CesiumMath.toDegrees(viewer.camera.heading),
    pitchDeg: CesiumMath.toDegrees(viewer.camera.pitch),
  };
}

export function applyCameraView(viewer: Viewer, view: CameraView): void {
  viewer.camera.setView({
    destination: Cartesian3.fromDegrees(view.lonDeg, view.latDeg, view.heightM),
    orientation: {
      heading: CesiumMath.toRadians(view.headingDeg),
      pitch: CesiumMath.toRadians(view.pitchDeg),
      roll: 0,
    },
  });
}

/** An oblique view looking north at `center` from `heightM` above it, so the centre sits mid-screen. */
export function startViewOver(centerLonLatDeg: [number, number], heightM = 2600, pitchDeg = -35): CameraView {
  const groundDistanceM = heightM / Math.tan(CesiumMath.toRadians(-pitchDeg));
  const metresPerDegLat = 111_320;
  return {
    lonDeg: centerLonLatDeg[0],
    latDeg: centerLonLatDeg[1] - groundDistanceM / metresPerDegLat,
    heightM,
    headingDeg: 0,
    pitchDeg,
  };
}

/** Screen position (CSS pixels) of a point, or null when it is behind the camera. For tests and tools. */
export function worldToScreen(viewer: Viewer, lonDeg: number, latDeg: number, heightM: number): { x: number; y: number } | null {
  const p = viewer.scene.cartesianToCanvasCoordinates(Cartesian3.fromDegrees(lonDeg, latDeg, heightM));
  return p ? { x: p.x, y: p.y } : null;
}
