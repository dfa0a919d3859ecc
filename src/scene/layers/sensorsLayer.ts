// Sensor positions as points on their assets (at depth for underground ones), coloured by type.
import { Cartesian3, Color, NearFarScalar, PointPrimitiveCollection, type Viewer } from 'cesium';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import type { SensorsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';

/** @param groundM terrain height at each sensor, from the DEM. */
export function createSensorsLayer(viewer: Viewer, data: SensorsData, groundM: Float32Array): SceneLayer<{ visible: boolean }> {
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
  return {
    key: 'sensors',
    count: data.ids.length,
    ready: () => true,
    update({ visible }) {
      points.show = visible;
    },
    destroy() {
      viewer.scene.primitives.remove(points);
    },
  };
}
