// Sensor markers capped at a few hundred at any view: individual sensors on their assets (at depth for underground ones,
// coloured by type or by their live state) when few are in view, else clusters with their counts from the pyramid the dem
// worker built (core/sensors/clusters.ts) as count badges; alarms and warnings are always drawn individually on top (sensorAlerts.ts).
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  Math as CesiumMath,
  NearFarScalar,
  PointPrimitiveCollection,
  VerticalOrigin,
  type Label,
  type Viewer,
} from 'cesium';
import type { ClusterLevel } from '../../core/sensors/clusters';
import { clusterAlertStates, selectMarkers, type ViewRectDeg } from '../../core/sensors/markerView';
import { sensorHeightM } from '../../core/sensors/sensorHeight';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import type { SensorsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';
import { createSensorAlerts, STATE_COLOURS } from './sensorAlerts';

export interface SensorsLayerState {
  visible: boolean;
  /** Live state per sensor (SENSOR_STATES index, 255 unknown); null: colour by type. */
  states: Uint8Array | null;
}

/** Screen area per marker: 1280×720 gets ~225 markers, a 4K wall the cap. */
const MARKER_AREA_PX2 = 64 * 64;
const MARKER_CAP = 300;
const MIN_MARKER_CAP = 24;
/** Cluster cells at least this wide on screen, so their bubbles do not overlap. */
const MIN_CELL_PX = 48;
/** Markers are recomputed at most this often while the camera moves (and once when it stops). */
const RESELECT_MS = 120;
/** Cluster markers float this far above their highest member's ground, clear of most roofs. */
const CLUSTER_LIFT_M = 150;
const CLUSTER_COLOUR = Color.fromCssColorString('#1677ff');
const SENSOR_PX = 7;

export function selectSensors(s: AppState): SensorsLayerState {
  return { visible: s.layers.sensors, states: s.sensorStates };
}

/** The sensor markers drawn in view: all of them (clusters, individual sensors, alerts), the clusters, the alerts' ids. */
export interface SensorMarkersShown {
  markers: number;
  clusters: number;
  alertIds: string[];
}

const markersOnScreen = new WeakMap<Viewer, () => SensorMarkersShown>();

/** The markers the viewer's sensors layer draws in view; null without one. */
export function sensorMarkersOnScreen(viewer: Viewer): SensorMarkersShown | null {
  return markersOnScreen.get(viewer)?.() ?? null;
}

/** A count short enough to read on a bubble: 980, 1.2k, 12k. */
/** Every character countText writes. */
export const COUNT_GLYPHS = '0123456789.k';
const CLUSTER_FONT = 'bold 13px sans-serif';

export function countText(n: number): string {
  if (n < 1000) return String(n);
  return n < 10_000 ? `${(n / 1000).toFixed(1)}k` : `${Math.round(n / 1000)}k`;
}

/** The ground in view as degrees; the whole globe when the camera sees the sky only. */
function viewRectDeg(viewer: Viewer): ViewRectDeg {
  const r = viewer.camera.computeViewRectangle(viewer.scene.globe.ellipsoid);
  if (!r) return [-180, -90, 180, 90];
  const d = CesiumMath.toDegrees;
  return [d(r.west), d(r.south), d(r.east), d(r.north)];
}

/** Ground metres per pixel where the view's centre meets the ellipsoid (or straight below the camera). */
function metresPerPixel(viewer: Viewer): number {
  const { camera, canvas } = viewer.scene;
  const centre = new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
  const target = camera.pickEllipsoid(centre) ?? viewer.scene.globe.ellipsoid.scaleToGeodeticSurface(camera.positionWC);
  if (!target) return camera.positionCartographic.height / 1000;
  return camera.getPixelSize(new BoundingSphere(target, 0), canvas.clientWidth, canvas.clientHeight);
}

export function createSensorsLayer(
  viewer: Viewer,
  data: SensorsData,
  groundM: Float32Array,
  levels: readonly ClusterLevel[],
): SceneLayer<SensorsLayerState> {
  const add = <T extends object>(c: T) => viewer.scene.primitives.add(markLayer(c, 'sensors')) as T;
  const markers = add(new PointPrimitiveCollection());
  const labels = add(new LabelCollection());
  const typeColours = data.types.map((t) => cesiumColor(sensorTypeStyle(t).rgb));
  const heights = { depthM: data.depthM, elevationM: data.elevationM, groundM };
  // On a building's mount (its roof) when the Location has a height; else at depth below (or above) the terrain.
  const sensorPosition = (i: number) => Cartesian3.fromDegrees(data.lonLatDeg[2 * i], data.lonLatDeg[2 * i + 1], sensorHeightM(heights, i));
  const alerts = createSensorAlerts(viewer, sensorPosition);
  // Added last: drawn over the clusters and sensors.
  add(alerts.points);
  const labelPool: Label[] = [];

  let visible = true;
  let states: Uint8Array | null = null;
  let shownMarkers = 0;
  let shownClusters = 0;
  let alertsInView: number[] = [];
  markersOnScreen.set(viewer, () =>
    visible
      ? { markers: shownMarkers + alertsInView.length, clusters: shownClusters, alertIds: alertsInView.map((i) => data.ids[i]) }
      : { markers: 0, clusters: 0, alertIds: [] },
  );

  const labelAt = (k: number): Label => {
    while (labelPool.length <= k)
      labelPool.push(
        labels.add({
          position: Cartesian3.ZERO,
          font: CLUSTER_FONT,
          fillColor: Color.WHITE,
          showBackground: true,
          horizontalOrigin: HorizontalOrigin.CENTER,
          verticalOrigin: VerticalOrigin.CENTER,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        }),
      );
    return labelPool[k];
  };

  // CesiumJS renders a glyph (a signed distance field) the first time any label uses it: the first clusters would
  // render all of COUNT_GLYPHS in one frame. A hidden label renders them one a frame before the first selection.
  let warming: Label | null = null;
  let warmed = 0;
  /** True while glyphs are still being warmed (one more was just asked for). */
  const warmGlyphs = (): boolean => {
    if (warmed === COUNT_GLYPHS.length) {
      if (warming) labels.remove(warming);
      warming = null;
      return false;
    }
    warming ??= labels.add({ position: Cartesian3.ZERO, font: CLUSTER_FONT, show: false, verticalOrigin: VerticalOrigin.CENTER });
    warming.text = COUNT_GLYPHS[warmed++];
    viewer.scene.requestRender();
    return true;
  };

  const addSensor = (i: number) => {
    const id: PickId = { layer: 'sensors', index: i };
    const s = states ? states[i] : 255;
    markers.add({
      position: sensorPosition(i),
      color: STATE_COLOURS[s] ?? typeColours[data.typeIndex[i]],
      outlineColor: Color.WHITE,
      outlineWidth: 1,
      pixelSize: SENSOR_PX,
      // Shrink with distance: a district's sensors read as a light sprinkle, a street's as markers.
      scaleByDistance: new NearFarScalar(500, 1.3, 15_000, 0.45),
      // Underground and indoor sensors stay visible from above: operators need to see where they are.
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      id,
    });
  };

  /** A cluster as one badge: its count on a rounded patch of its colour, padded more for bigger clusters. */
  const addCluster = (level: ClusterLevel, c: number, alert: number, k: number) => {
    const count = level.counts[c];
    const label = labelAt(k);
    // Above the roofs, and drawn over them and the terrain (at a far view's depth precision the terrain cut badges).
    label.position = Cartesian3.fromDegrees(level.centresDeg[2 * c], level.centresDeg[2 * c + 1], level.topGroundM[c] + CLUSTER_LIFT_M);
    label.text = countText(count);
    label.backgroundColor = STATE_COLOURS[alert] ?? CLUSTER_COLOUR;
    const padPx = Math.min(8, 3 + Math.log2(count) / 2);
    label.backgroundPadding = new Cartesian2(padPx + 2, padPx);
    label.show = true;
  };

  /** Chooses and draws the markers for the current view. */
  const reselect = () => {
    const rect = viewRectDeg(viewer);
    const { clientWidth, clientHeight } = viewer.scene.canvas;
    const cap = Math.round(Math.min(MARKER_CAP, Math.max(MIN_MARKER_CAP, (clientWidth * clientHeight) / MARKER_AREA_PX2)));
    const m = selectMarkers(levels, data.lonLatDeg, states, rect, { cap, metresPerPixel: metresPerPixel(viewer), minCellPx: MIN_CELL_PX });
    markers.removeAll();
    const level = levels[m.level];
    const worst = level ? clusterAlertStates(level, states) : null;
    m.clusters.forEach((c, k) => addCluster(level, c, worst![c], k));
    for (let k = m.clusters.length; k < labelPool.length; k++) labelPool[k].show = false;
    for (const i of m.sensors) addSensor(i);
    shownMarkers = m.clusters.length + m.sensors.length;
    shownClusters = m.clusters.length;
    alertsInView = alerts.inRect(rect, data.lonLatDeg);
    viewer.scene.requestRender();
  };

  // Reselect while the camera moves (throttled) and when it stops.
  let lastAtMs = -Infinity;
  let pending = true;
  const lastPosition = new Cartesian3();
  const lastDirection = new Cartesian3();
  const checkView = () => {
    if (!visible || warmGlyphs()) return;
    const { positionWC, directionWC } = viewer.camera;
    if (!positionWC.equalsEpsilon(lastPosition, 0, 0.5) || !directionWC.equalsEpsilon(lastDirection, 1e-5)) pending = true;
    const nowMs = performance.now();
    if (!pending || nowMs - lastAtMs < RESELECT_MS) return;
    Cartesian3.clone(positionWC, lastPosition);
    Cartesian3.clone(directionWC, lastDirection);
    pending = false;
    lastAtMs = nowMs;
    reselect();
  };
  const removeViewCheck = viewer.scene.preRender.addEventListener(checkView);
  const removeMoveEnd = viewer.camera.moveEnd.addEventListener(() => {
    lastAtMs = -Infinity;
    pending = true;
    viewer.scene.requestRender();
  });

  return {
    key: 'sensors',
    count: data.ids.length,
    ready: () => true,
    update(next) {
      const show = next.visible;
      if (show !== visible) {
        visible = show;
        markers.show = labels.show = alerts.points.show = show;
        pending = true;
      }
      if (next.states !== states) {
        states = next.states;
        alerts.setStates(states, data.lonLatDeg.length / 2);
        pending = true;
        lastAtMs = -Infinity;
      }
      viewer.scene.requestRender();
    },
    destroy() {
      removeViewCheck();
      removeMoveEnd();
      markersOnScreen.delete(viewer);
      alerts.destroy();
      viewer.scene.primitives.remove(markers);
      viewer.scene.primitives.remove(labels);
      viewer.scene.primitives.remove(alerts.points);
    },
  };
}
