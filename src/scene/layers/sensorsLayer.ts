// Sensor positions as points on their assets (at depth for underground ones), coloured by type, or by their
// live state when a feed runs: warning orange, alarm red and pulsing, stale and offline grey. Zoomed out they
// cluster: one marker per cell with its count, in its most urgent member's colour.
import {
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  PointPrimitiveCollection,
  VerticalOrigin,
  type Viewer,
} from 'cesium';
import { clusterByCell } from '../../core/sensors/clusters';
import { sensorHeightM } from '../../core/sensors/sensorHeight';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import { STATE_ALARM, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from '../../core/sensors/states';
import type { SensorsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';

/** @param groundM terrain height at each sensor, from the DEM. */
export interface SensorsLayerState {
  visible: boolean;
  /** Live state per sensor (SENSOR_STATES index, 255 unknown); null: colour by type. */
  states: Uint8Array | null;
}

const STATE_COLOURS: Record<number, Color> = {
  [STATE_WARNING]: Color.fromCssColorString('#fa8c16'),
  [STATE_ALARM]: Color.fromCssColorString('#ff1f1f'),
  [STATE_STALE]: Color.fromCssColorString('#9e9e9e'),
  [STATE_OFFLINE]: Color.fromCssColorString('#4a4a4a'),
};
const PULSE_PERIOD_MS = 1000;
/** Above this camera height sensors show as clusters (one marker per ~600 m cell with its count). */
export const CLUSTER_ABOVE_M = 6000;
const CLUSTER_CELL_DEG = 0.0055;
const CLUSTER_COLOUR = Color.fromCssColorString('#1677ff');
// A cluster shows its most urgent member: alarm, warning, then the rest.
const URGENCY: Record<number, number> = { [STATE_ALARM]: 3, [STATE_WARNING]: 2 };

export function selectSensors(s: AppState): SensorsLayerState {
  return { visible: s.layers.sensors, states: s.sensorStates };
}

export function createSensorsLayer(viewer: Viewer, data: SensorsData, groundM: Float32Array): SceneLayer<SensorsLayerState> {
  const points = viewer.scene.primitives.add(markLayer(new PointPrimitiveCollection(), 'sensors')) as PointPrimitiveCollection;
  const colors = data.types.map((t) => cesiumColor(sensorTypeStyle(t).rgb));
  const heights = { depthM: data.depthM, elevationM: data.elevationM, groundM };
  for (let i = 0; i < data.ids.length; i++) {
    const id: PickId = { layer: 'sensors', index: i };
    points.add({
      // On a building's mount (its roof) when the Location has a height; else at depth below (or above) the terrain.
      position: Cartesian3.fromDegrees(data.lonLatDeg[2 * i], data.lonLatDeg[2 * i + 1], sensorHeightM(heights, i)),
      color: colors[data.typeIndex[i]],
      outlineColor: Color.WHITE,
      outlineWidth: 1,
      pixelSize: 7,
      // Shrink with distance: a district's sensors read as a light sprinkle, a street's as markers.
      scaleByDistance: new NearFarScalar(500, 1.3, 15_000, 0.45),
      // Underground and indoor sensors stay visible from above: operators need to see where they are.
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      id,
    });
  }
  // Zoomed out, one marker per cell with its count; the member points hide.
  const clusters = clusterByCell(data.lonLatDeg, CLUSTER_CELL_DEG);
  const clusterPoints = viewer.scene.primitives.add(markLayer(new PointPrimitiveCollection(), 'sensors')) as PointPrimitiveCollection;
  const clusterLabels = viewer.scene.primitives.add(markLayer(new LabelCollection(), 'sensors')) as LabelCollection;
  const clusterGround = new Float64Array(clusters.counts.length);
  for (let i = 0; i < data.ids.length; i++)
    clusterGround[clusters.clusterOf[i]] = Math.max(clusterGround[clusters.clusterOf[i]], groundM[i]);
  for (let c = 0; c < clusters.counts.length; c++) {
    // High enough to clear the roofs: cluster markers are depth-tested, so their counts can sit in front of them.
    const position = Cartesian3.fromDegrees(clusters.centresDeg[2 * c], clusters.centresDeg[2 * c + 1], clusterGround[c] + 150);
    clusterPoints.add({
      position,
      color: CLUSTER_COLOUR,
      outlineColor: Color.WHITE,
      outlineWidth: 2,
      pixelSize: 12 + 3 * Math.log2(clusters.counts[c]),
    });
    clusterLabels.add({
      position,
      text: String(clusters.counts[c]),
      font: 'bold 12px sans-serif',
      fillColor: Color.WHITE,
      outlineColor: Color.BLACK,
      outlineWidth: 2,
      style: LabelStyle.FILL_AND_OUTLINE,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      eyeOffset: new Cartesian3(0, 0, -30),
    });
  }
  let clustered = false;
  let visible = true;
  const showMode = () => {
    points.show = visible && !clustered;
    clusterPoints.show = visible && clustered;
    clusterLabels.show = visible && clustered;
  };
  const removeClusterCheck = viewer.scene.preRender.addEventListener(() => {
    const now = viewer.camera.positionCartographic.height > CLUSTER_ABOVE_M;
    if (now !== clustered) {
      clustered = now;
      showMode();
    }
  });
  const recolourClusters = (states: Uint8Array | null) => {
    const worst = new Int8Array(clusters.counts.length).fill(-1);
    if (states) {
      for (let i = 0; i < data.ids.length; i++) {
        const u = URGENCY[states[i]] ?? 0;
        const c = clusters.clusterOf[i];
        if (u > (URGENCY[worst[c]] ?? 0)) worst[c] = states[i];
      }
    }
    for (let c = 0; c < clusters.counts.length; c++) clusterPoints.get(c).color = STATE_COLOURS[worst[c]] ?? CLUSTER_COLOUR;
  };

  let shown: Uint8Array | null = null;
  const alarming = new Set<number>();
  // Alarms pulse: their size follows a sine while any is open (a render is requested for each step).
  const pulse = () => {
    const t = (performance.now() % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
    const size = 9 + 6 * (0.5 + 0.5 * Math.sin(2 * Math.PI * t));
    for (const i of alarming) points.get(i).pixelSize = size;
  };
  const removePulse = viewer.scene.preRender.addEventListener(() => alarming.size && pulse());
  const ticker = setInterval(() => alarming.size && points.show && viewer.scene.requestRender(), 100);

  return {
    key: 'sensors',
    count: data.ids.length,
    ready: () => true,
    update(next) {
      visible = next.visible;
      showMode();
      const states = next.states;
      if (states === shown) return;
      recolourClusters(states);
      for (let i = 0; i < data.ids.length; i++) {
        const s = states ? states[i] : 255;
        if (shown && shown[i] === s) continue;
        const p = points.get(i);
        p.color = STATE_COLOURS[s] ?? colors[data.typeIndex[i]];
        if (s === STATE_ALARM) alarming.add(i);
        else if (alarming.delete(i) || p.pixelSize !== 7) p.pixelSize = 7;
      }
      shown = states;
      viewer.scene.requestRender();
    },
    destroy() {
      clearInterval(ticker);
      removePulse();
      removeClusterCheck();
      viewer.scene.primitives.remove(points);
      viewer.scene.primitives.remove(clusterPoints);
      viewer.scene.primitives.remove(clusterLabels);
    },
  };
}
