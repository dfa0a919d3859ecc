// Click picking: whatever our primitives return as id goes to the callback (null for empty space).
import { ScreenSpaceEventHandler, ScreenSpaceEventType, type Viewer } from 'cesium';
import { isPickId, type PickId } from './layers/layer';

export function onPick(viewer: Viewer, callback: (id: PickId | null) => void): () => void {
  const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    const picked = viewer.scene.pick(e.position);
    const id = picked?.id;
    callback(isPickId(id) ? id : null);
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => handler.destroy();
}
