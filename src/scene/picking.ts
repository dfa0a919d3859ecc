// Click picking: whatever our primitives return as id goes to the callback (null for empty space).
import { Cartographic, Math as CesiumMath, ScreenSpaceEventHandler, ScreenSpaceEventType, type Viewer } from 'cesium';
import { isPickId, type PickId } from './layers/layer';

/** `ground` is the clicked point on the terrain as [lon, lat] degrees, when the click hit the globe. */
export function onPick(viewer: Viewer, callback: (id: PickId | null, ground: [number, number] | null) => void): () => void {
  const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    // Grid outlines are drawn (and so picked) through buildings: prefer any other feature under the cursor.
    const ids = viewer.scene.drillPick(e.position, 4).map((p: { id?: unknown }) => p?.id).filter(isPickId);
    const id = ids.find((p) => p.layer !== 'grids') ?? ids[0];
    const ray = viewer.camera.getPickRay(e.position);
    const hit = ray ? viewer.scene.globe.pick(ray, viewer.scene) : undefined;
    const c = hit ? Cartographic.fromCartesian(hit) : undefined;
    callback(id ?? null, c ? [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)] : null);
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => handler.destroy();
}
