// Sensor positions as points on their assets (at depth for underground ones), coloured by type, or by their
// live state when a feed runs: warning orange, alarm red and pulsing, stale and offline grey.
import { Cartesian3, Color, NearFarScalar, PointPrimitiveCollection, type Viewer } from 'cesium';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import { STATE_ALARM, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from '../../core/sensors/states';
import type { SensorsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';

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

export function createSensorsLayer(viewer: Viewer, data: SensorsData, groundM: Float32Array): SceneLayer<SensorsLayerState> {
  const points = viewer.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const colors = data.types.map((t) => cesiumColor(sensorTypeStyle(t).rgb));
  for (let i = 0; i < data.ids.length; i++) {
    const id: PickId = { layer: 'sensors', index: i };
    points.add({
      position: Cartesian3.fromDegrees(data.lonLatDeg[2 * i], data.lonLatDeg[2 * i + 1], groundM[i] - data.depthM[i]),
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
    update({ visible, states }) {
      points.show = visible;
      if (states === shown) return;
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
      viewer.scene.primitives.remove(points);
    },
  };
}
