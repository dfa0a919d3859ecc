// Sensors in alarm or warning, drawn individually on top of every other marker at every view: alarms pulse
// (a render is requested every 100 ms while any is open), warnings stay still.
import { Color, PointPrimitiveCollection, type Cartesian3, type PointPrimitive, type Viewer } from 'cesium';
import { inRect, isAlertState, type ViewRectDeg } from '../../core/sensors/markerView';
import { STATE_ALARM, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from '../../core/sensors/states';
import type { PickId } from './layer';

/** A sensor's colour by its live state; states without one keep the type's colour. */
export const STATE_COLOURS: Record<number, Color> = {
  [STATE_WARNING]: Color.fromCssColorString('#fa8c16'),
  [STATE_ALARM]: Color.fromCssColorString('#ff1f1f'),
  [STATE_STALE]: Color.fromCssColorString('#9e9e9e'),
  [STATE_OFFLINE]: Color.fromCssColorString('#4a4a4a'),
};
const PULSE_PERIOD_MS = 1000;
const WARNING_PX = 9;

export interface SensorAlerts {
  points: PointPrimitiveCollection;
  /** Draws the sensors of `states` in alarm or warning (of `count` sensors), changing only those whose state changed. */
  setStates(states: Uint8Array | null, count: number): void;
  /** The sensors (indices) drawn as alerts inside `rect`. */
  inRect(rect: ViewRectDeg, lonLatDeg: Float64Array): number[];
  destroy(): void;
}

export function createSensorAlerts(viewer: Viewer, positionOf: (i: number) => Cartesian3): SensorAlerts {
  const points = new PointPrimitiveCollection();
  const byIndex = new Map<number, { point: PointPrimitive; state: number }>();
  const alarming = new Set<PointPrimitive>();
  const pulse = () => {
    const t = (performance.now() % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
    const size = 9 + 6 * (0.5 + 0.5 * Math.sin(2 * Math.PI * t));
    for (const p of alarming) p.pixelSize = size;
  };
  const removePulse = viewer.scene.preRender.addEventListener(() => alarming.size && pulse());
  const ticker = setInterval(() => alarming.size && points.show && viewer.scene.requestRender(), 100);

  return {
    points,
    setStates(states, count) {
      for (const [i, a] of byIndex) {
        if (states && states[i] === a.state) continue;
        alarming.delete(a.point);
        points.remove(a.point);
        byIndex.delete(i);
      }
      if (!states) return;
      for (let i = 0; i < count; i++) {
        const s = states[i];
        if (!isAlertState(s) || byIndex.has(i)) continue;
        const id: PickId = { layer: 'sensors', index: i };
        const point = points.add({
          position: positionOf(i),
          color: STATE_COLOURS[s],
          outlineColor: Color.WHITE,
          outlineWidth: 1.5,
          pixelSize: WARNING_PX,
          // On top of buildings, terrain and the other markers: an operator must see every alarm.
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
          id,
        });
        byIndex.set(i, { point, state: s });
        if (s === STATE_ALARM) alarming.add(point);
      }
    },
    inRect(rect, lonLatDeg) {
      return [...byIndex.keys()].filter((i) => inRect(rect, lonLatDeg[2 * i], lonLatDeg[2 * i + 1]));
    },
    destroy() {
      clearInterval(ticker);
      removePulse();
    },
  };
}
