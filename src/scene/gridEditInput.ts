// Mouse input of the grid editor: hover, click, and dragging a vertex handle. Turns screen positions
// into lon/lat on the terrain with a snapping tolerance in metres (a fixed number of pixels at the
// cursor), and leaves the editing logic to the app.
import {
  BoundingSphere,
  Cartesian2,
  Cartographic,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Viewer,
} from 'cesium';
import { groundUnder } from './picking';

/** Snapping reach on screen. */
export const SNAP_PX = 12;
/** How far from a vertex handle's centre a press still grabs it (the handle is 11 px across). */
export const GRAB_PX = 10;

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
  /** The vertex handle at a canvas position, if any. */
  handleAt(position: Cartesian2): number | null;
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
  const metresPerPx = viewer.camera.getPixelSize(
    new BoundingSphere(hit, 0),
    canvas.clientWidth || canvas.width,
    canvas.clientHeight || canvas.height,
  );
  return { lonLat: [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)], tolM: SNAP_PX * metresPerPx };
}

/**
 * Hover and clicks go through Cesium's event handler. A drag that starts on a vertex handle is taken
 * from the page's pointer events before Cesium sees the press (a capturing listener on the canvas's
 * parent), so the camera neither pans during the drag nor glides on after it: switching the camera's
 * inputs off for the drag left its inertia to replay the drag's last movement on release.
 */
export function installGridEditInput(viewer: Viewer, handlers: GridEditInputHandlers): () => void {
  const scene = viewer.scene;
  const canvas = scene.canvas;
  const host = canvas.parentElement ?? canvas;
  const handler = new ScreenSpaceEventHandler(canvas);
  const handleAt = (position: Cartesian2) => handlers.handleAt(position);
  const onCanvas = (e: PointerEvent): Cartesian2 => {
    const r = canvas.getBoundingClientRect();
    return new Cartesian2(e.clientX - r.left, e.clientY - r.top);
  };
  let dragPointer: number | null = null;
  const endDrag = (e: PointerEvent, cancelled: boolean) => {
    if (e.pointerId !== dragPointer) return;
    e.stopPropagation();
    dragPointer = null;
    window.removeEventListener('pointermove', onDragMove, true);
    window.removeEventListener('pointerup', onDragUp, true);
    window.removeEventListener('pointercancel', onDragCancel, true);
    handlers.dragEnd(cancelled ? null : groundAt(viewer, onCanvas(e)));
  };
  const onDragMove = (e: PointerEvent) => {
    if (e.pointerId !== dragPointer) return;
    e.stopPropagation();
    const p = groundAt(viewer, onCanvas(e));
    if (p) handlers.drag(p);
  };
  const onDragUp = (e: PointerEvent) => endDrag(e, false);
  const onDragCancel = (e: PointerEvent) => endDrag(e, true);
  const onPress = (e: PointerEvent) => {
    if (e.button !== 0 || dragPointer !== null || !handlers.active()) return;
    const node = handleAt(onCanvas(e));
    if (node === null || !handlers.dragStart(node)) return;
    e.stopPropagation();
    e.preventDefault();
    dragPointer = e.pointerId;
    window.addEventListener('pointermove', onDragMove, true);
    window.addEventListener('pointerup', onDragUp, true);
    window.addEventListener('pointercancel', onDragCancel, true);
  };
  host.addEventListener('pointerdown', onPress, true);
  handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
    if (!handlers.active()) return;
    const p = groundAt(viewer, e.endPosition);
    if (p) handlers.hover(p);
  }, ScreenSpaceEventType.MOUSE_MOVE);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    if (!handlers.active()) return;
    const p = groundAt(viewer, e.position);
    if (p) handlers.click(p, handleAt(e.position));
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => {
    host.removeEventListener('pointerdown', onPress, true);
    window.removeEventListener('pointermove', onDragMove, true);
    window.removeEventListener('pointerup', onDragUp, true);
    window.removeEventListener('pointercancel', onDragCancel, true);
    handler.destroy();
  };
}
