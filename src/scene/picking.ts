// Click picking: whatever our primitives return as id goes to the callback (null for empty space).
import { Cartographic, Math as CesiumMath, ScreenSpaceEventHandler, ScreenSpaceEventType, type Viewer } from 'cesium';
import { isPickId, type PickId } from './layers/layer';

/** `ground` is the clicked point on the terrain as [lon, lat] degrees, when the click hit the globe. */
export function onPick(viewer: Viewer, callback: (id: PickId | null, ground: [number, number] | null) => void): () => void {
  const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    const picked = viewer.scene.pick(e.position);
    const id = picked?.id;
    const ray = viewer.camera.getPickRay(e.position);
    const hit = ray ? viewer.scene.globe.pick(ray, viewer.scene) : undefined;
    const c = hit ? Cartographic.fromCartesian(hit) : undefined;
    callback(isPickId(id) ? id : null, c ? [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)] : null);
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => handler.destroy();
}
