// Camera views: reading the current one, applying a shared one, and the start view over the city.
import { BoundingSphere, Cartesian2, Cartesian3, Cartographic, HeadingPitchRange, Math as CesiumMath, type Viewer } from 'cesium';
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

/** An oblique view looking north that frames a [west, south, east, north] box, its centre mid-screen. */
export function startViewOver(bboxDeg: [number, number, number, number], pitchDeg = -35): CameraView {
  const metresPerDegLat = 111_320;
  const [w, s, e, n] = bboxDeg;
  const latDeg = (s + n) / 2;
  const extentM = Math.max((e - w) * metresPerDegLat * Math.cos(CesiumMath.toRadians(latDeg)), (n - s) * metresPerDegLat);
  const heightM = Math.min(80_000, Math.max(600, extentM * 0.45));
  const groundDistanceM = heightM / Math.tan(CesiumMath.toRadians(-pitchDeg));
  return { lonDeg: (w + e) / 2, latDeg: latDeg - groundDistanceM / metresPerDegLat, heightM, headingDeg: 0, pitchDeg };
}

/** Screen position (CSS pixels) of a point, or null when it is behind the camera. For tests and tools. */
export function worldToScreen(viewer: Viewer, lonDeg: number, latDeg: number, heightM: number): { x: number; y: number } | null {
  const p = viewer.scene.cartesianToCanvasCoordinates(Cartesian3.fromDegrees(lonDeg, latDeg, heightM));
  return p ? { x: p.x, y: p.y } : null;
}

/** Flies to look down at a point from `rangeM` away, at an oblique angle from the south; `done` when it arrives or is cancelled. */
export function flyToPoint(viewer: Viewer, lonDeg: number, latDeg: number, heightM: number, rangeM = 450, done?: () => void): void {
  viewer.camera.flyToBoundingSphere(new BoundingSphere(Cartesian3.fromDegrees(lonDeg, latDeg, heightM), 30), {
    offset: new HeadingPitchRange(0, CesiumMath.toRadians(-40), rangeM),
    duration: 1.5,
    complete: done,
    cancel: done,
  });
}

/** Flies to show a whole bounding sphere (e.g. a tileset's), looking down at 45 degrees, never closer than `minRangeM`. */
export function flyToSphere(viewer: Viewer, sphere: BoundingSphere, minRangeM = 500): void {
  const range = Math.max(sphere.radius * 2.2, minRangeM);
  viewer.camera.flyToBoundingSphere(sphere, { offset: new HeadingPitchRange(0, CesiumMath.toRadians(-45), range), duration: 1.5 });
}

/**
 * The grid editor's 2D view: straight down, north up, an orthographic frustum (no perspective, so
 * boundaries keep their true shape on screen) and no tilting. Off: back to the perspective camera.
 */
export function setTopDownView(viewer: Viewer, on: boolean): void {
  const camera = viewer.camera;
  const controller = viewer.scene.screenSpaceCameraController;
  controller.enableTilt = !on;
  controller.enableLook = !on;
  if (on) {
    // Look straight down at the point the view centres on (or below the camera when it sees no ground).
    const canvas = viewer.scene.canvas;
    const ray = camera.getPickRay(new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2));
    const hit = ray ? viewer.scene.globe.pick(ray, viewer.scene) : undefined;
    const target = Cartographic.fromCartesian(hit ?? camera.positionWC);
    const heightM = Math.max(300, Math.min(20_000, hit ? Cartesian3.distance(hit, camera.positionWC) : camera.positionCartographic.height));
    camera.switchToOrthographicFrustum();
    camera.setView({
      destination: Cartesian3.fromRadians(target.longitude, target.latitude, (target.height || 0) + heightM),
      orientation: { heading: 0, pitch: -CesiumMath.PI_OVER_TWO, roll: 0 },
    });
  } else {
    camera.switchToPerspectiveFrustum();
    camera.setView({ orientation: { heading: camera.heading, pitch: CesiumMath.toRadians(-45), roll: 0 } });
  }
  viewer.scene.requestRender();
}
