// Mouse input of the grid editor: hover, click, and dragging a vertex handle. Turns screen positions
// into lon/lat on the terrain with a snapping tolerance in metres (a fixed number of pixels at the
// cursor), and leaves the editing logic to the app.
import {
  BoundingSphere,
  Cartographic,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Cartesian2,
  type Viewer,
} from 'cesium';
import { isGridHandleId } from './layers/gridEditLayer';
import { groundUnder } from './picking';

/** Snapping reach on screen. */
export const SNAP_PX = 12;

export interface GroundPoint {
  lonLat: [number, number];
  /** SNAP_PX in metres at this point. */
  tolM: number;
}

export interface GridEditInputHandlers {
  /** Whether the editor takes the mouse now (grid mode, editable). */
  active(): boolean;
  hover(p: GroundPoint): void;
  /** A click; `node` when it was on a vertex handle. */
  click(p: GroundPoint, node: number | null): void;
  /** A press on a handle: true to start dragging it (the camera then stays still). */
  dragStart(node: number): boolean;
  drag(p: GroundPoint): void;
  dragEnd(p: GroundPoint | null): void;
}

/** The terrain point under a screen position, or null (sky, or off the globe). */
export function groundAt(viewer: Viewer, position: Cartesian2): GroundPoint | null {
  const hit = groundUnder(viewer, position);
  if (!hit) return null;
  const c = Cartographic.fromCartesian(hit);
  const canvas = viewer.scene.canvas;
  const metresPerPx = viewer.camera.getPixelSize(new BoundingSphere(hit, 0), canvas.clientWidth || canvas.width, canvas.clientHeight || canvas.height);
  return { lonLat: [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)], tolM: SNAP_PX * metresPerPx };
}

export function installGridEditInput(viewer: Viewer, handlers: GridEditInputHandlers): () => void {
  const scene = viewer.scene;
  const handler = new ScreenSpaceEventHandler(scene.canvas);
  let dragging = false;
  let pressedOn: number | null = null;
  const handleAt = (position: Cartesian2): number | null => {
    // The edited cell's outline and the hover edge run under the handles: look through them.
    const hit = (scene.drillPick(position, 4) as { id?: unknown }[]).find((p) => isGridHandleId(p?.id));
    return hit && isGridHandleId(hit.id) ? hit.id.gridNode : null;
  };
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    pressedOn = null;
    if (!handlers.active()) return;
    const node = handleAt(e.position);
    if (node !== null && handlers.dragStart(node)) {
      pressedOn = node;
      dragging = true;
      scene.screenSpaceCameraController.enableInputs = false;
    }
  }, ScreenSpaceEventType.LEFT_DOWN);
  handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
    if (!handlers.active()) return;
    const p = groundAt(viewer, e.endPosition);
    if (!p) return;
    if (dragging) handlers.drag(p);
    else handlers.hover(p);
  }, ScreenSpaceEventType.MOUSE_MOVE);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    if (!dragging) return;
    dragging = false;
    scene.screenSpaceCameraController.enableInputs = true;
    handlers.dragEnd(groundAt(viewer, e.position));
  }, ScreenSpaceEventType.LEFT_UP);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    if (!handlers.active()) return;
    const p = groundAt(viewer, e.position);
    // A press that became a drag is not also a click.
    if (p && pressedOn === null) handlers.click(p, handleAt(e.position));
    pressedOn = null;
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => {
    scene.screenSpaceCameraController.enableInputs = true;
    handler.destroy();
  };
}
