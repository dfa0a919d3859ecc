// What the grid editor draws over the city: the working grid's cells near the camera (sent by the editor's
// worker for the view, not the whole grid), the edited cell's outline and vertex handles, the shared edge
// under the cursor with the cells on both sides, a drag's or split line's preview, the snap target and
// problem markers. The overlay is a few dozen primitives at most, rebuilt on each change.
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  Math as CesiumMath,
  Material,
  PointPrimitiveCollection,
  PolylineCollection,
  type Viewer,
} from 'cesium';
import type { AppState } from '../../state/store';
import type { GridOverlay } from '../../state/slices/gridEdit';
import type { SceneLayer } from './layer';

/** What a pick on a handle or marker returns as its id. */
export interface GridHandleId {
  gridNode: number;
}

const LIFT_M = 4;
/** Vertex heights kept for redrawing the overlay (a few cells and their handles need far fewer). */
const MAX_CACHED_HEIGHTS = 20_000;
const CELL = Color.fromCssColorString('#00e5ff');
const HOVER_EDGE = Color.fromCssColorString('#ffd600');
const HOVER_CELL = Color.fromCssColorString('#ff9100');
const PREVIEW = Color.fromCssColorString('#e040fb');
const SNAP_COLOUR = {
  node: Color.fromCssColorString('#00e676'),
  edge: Color.fromCssColorString('#ffd600'),
  road: Color.fromCssColorString('#40c4ff'),
  free: Color.WHITE,
};
const MARKER = Color.fromCssColorString('#ff1744');
const NEAR_CELL = Color.fromCssColorString('#80deea').withAlpha(0.9);

export interface GridEditLayer extends SceneLayer<GridOverlay & { visible: boolean }> {
  /**
   * The vertex handle nearest a canvas position, within `maxPx`: measured on screen rather than by a GPU
   * pick, which at a node shared by several cells could return only the outlines drawn over the handle. None
   * where two handles are within reach: at a far view a cell's handles crowd into a few pixels, and a press
   * there is a click (selecting a grid), not a drag of whichever vertex happens to be nearest.
   */
  handleAt(position: Cartesian2, maxPx: number): number | null;
  /** Draws the working grid's cells near the camera (closed lon/lat outlines), replacing the previous ones. */
  setCells(outlines: number[][]): void;
  /** Calls `onView` with the view rectangle (west, south, east, north degrees) once the camera rests; returns the unsubscribe. */
  watchView(onView: (viewLonLat: [number, number, number, number]) => void, settleMs: number): () => void;
  /** The view rectangle now (null when the view holds no ground). */
  viewLonLat(): [number, number, number, number] | null;
}

/** The editor's overlay, drawn in grid mode only. */
export function selectGridEdit(s: AppState): GridOverlay & { visible: boolean } {
  return { ...s.gridOverlay, visible: s.mode === 'grid' };
}

export function createGridEditLayer(viewer: Viewer): GridEditLayer {
  const cellLines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  const lines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  const points = viewer.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const globe = viewer.scene.globe;
  const scratch = new Cartographic();
  const onScreen = new Cartesian2();
  let handles: { node: number; position: Cartesian3 }[] = [];

  // Terrain heights by vertex: the overlay is redrawn on every hover and drag step, and sampling the terrain mesh
  // again for each of the same vertices made tasks of 40–80 ms at city scale. A height the terrain did not give yet
  // is asked again next time; all are asked again after the camera moves (the terrain under it refines).
  const heightsM = new Map<string, number>();
  const forgetHeights = viewer.camera.moveEnd.addEventListener(() => heightsM.clear());
  const position = (lon: number, lat: number) => {
    const key = `${lon},${lat}`;
    let h = heightsM.get(key);
    if (h === undefined) {
      h = globe.getHeight(Cartographic.fromDegrees(lon, lat, 0, scratch));
      if (h !== undefined) {
        if (heightsM.size >= MAX_CACHED_HEIGHTS) heightsM.clear();
        heightsM.set(key, h);
      }
    }
    return Cartesian3.fromDegrees(lon, lat, (h ?? 0) + LIFT_M);
  };
  const line = (flat: number[], closed: boolean, color: Color, width: number, dashed = false) => {
    if (flat.length < 4) return;
    const positions: Cartesian3[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) positions.push(position(flat[i], flat[i + 1]));
    if (closed) positions.push(positions[0]);
    lines.add({
      positions,
      width,
      material: dashed ? Material.fromType('PolylineDash', { color, dashLength: 12 }) : Material.fromType('Color', { color }),
    });
  };
  const point = (lonLat: [number, number], color: Color, pixelSize: number, id?: unknown) =>
    points.add({
      position: position(lonLat[0], lonLat[1]),
      color,
      pixelSize,
      outlineColor: Color.BLACK,
      outlineWidth: 2,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      id,
    }).position;

  const viewLonLat = (): [number, number, number, number] | null => {
    const r = viewer.camera.computeViewRectangle();
    return r
      ? [CesiumMath.toDegrees(r.west), CesiumMath.toDegrees(r.south), CesiumMath.toDegrees(r.east), CesiumMath.toDegrees(r.north)]
      : null;
  };

  return {
    key: 'gridEdit',
    get count() {
      return points.length;
    },
    ready: () => true,
    update(s) {
      lines.removeAll();
      points.removeAll();
      handles = [];
      if (!s.visible) return;
      for (const r of s.hoverRings) line(r, true, HOVER_CELL, 3);
      for (const r of s.cellRings) line(r, true, CELL, 3);
      if (s.hoverEdge) line(s.hoverEdge, false, HOVER_EDGE, 7);
      for (const p of s.preview) line(p, false, PREVIEW, 3, true);
      for (const h of s.handles)
        handles.push({ node: h.node, position: point(h.lonLat, Color.WHITE, 11, { gridNode: h.node } satisfies GridHandleId) });
      if (s.snap) point(s.snap.lonLat, SNAP_COLOUR[s.snap.kind], 15);
      for (const m of s.markers) point(m, MARKER, 13);
      viewer.scene.requestRender();
    },
    setCells(outlines) {
      cellLines.removeAll();
      for (const ring of outlines) {
        if (ring.length < 4) continue;
        // One terrain height per outline: per-vertex sampling of hundreds of cells would cost the page a long task.
        Cartographic.fromDegrees(ring[0], ring[1], 0, scratch);
        const h = (globe.getHeight(scratch) ?? 0) + LIFT_M;
        const positions: Cartesian3[] = [];
        for (let i = 0; i + 1 < ring.length; i += 2) positions.push(Cartesian3.fromDegrees(ring[i], ring[i + 1], h));
        cellLines.add({ positions, width: 2, material: Material.fromType('Color', { color: NEAR_CELL }) });
      }
      viewer.scene.requestRender();
    },
    viewLonLat,
    watchView(onView, settleMs) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const fire = () => {
        timer = null;
        const r = viewLonLat();
        if (r) onView(r);
      };
      const remove = viewer.camera.moveEnd.addEventListener(() => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(fire, settleMs);
      });
      return () => {
        if (timer) clearTimeout(timer);
        remove();
      };
    },
    handleAt(at, maxPx) {
      let best: number | null = null;
      let bestPx = maxPx;
      let inReach = 0;
      for (const h of handles) {
        const p = viewer.scene.cartesianToCanvasCoordinates(h.position, onScreen);
        const px = p ? Math.hypot(p.x - at.x, p.y - at.y) : Infinity;
        if (px <= maxPx) inReach++;
        if (px <= bestPx) [best, bestPx] = [h.node, px];
      }
      return inReach === 1 ? best : null;
    },
    destroy() {
      forgetHeights();
      viewer.scene.primitives.remove(cellLines);
      viewer.scene.primitives.remove(lines);
      viewer.scene.primitives.remove(points);
    },
  };
}
