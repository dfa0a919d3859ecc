// Roads as terrain-draped carriageway corridors, their width taken from the red-line width.
import {
  Cartesian3,
  ColorGeometryInstanceAttribute,
  CorridorGeometry,
  GeometryInstance,
  GroundPrimitive,
  PerInstanceColorAppearance,
  VertexFormat,
  type Viewer,
} from 'cesium';
import { ROAD_CLASSES } from '../../core/planning/roadClasses';
import type { LinesData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';


/** The carriageway takes this share of the red-line corridor; the rest is pavement and verge. */
const CARRIAGEWAY_SHARE = 0.6;

export function createRoadsLayer(viewer: Viewer, data: LinesData): SceneLayer<{ visible: boolean }> {
  const { lines, categoryIndex, categories, size } = data;
  const instances: GeometryInstance[] = [];
  for (let f = 0; f < lines.ids.length; f++) {
    const color = ColorGeometryInstanceAttribute.fromColor(cesiumColor(ROAD_CLASSES[categories[categoryIndex[f]]]?.rgb ?? [110, 110, 110]));
    const widthM = Number.isFinite(size[f]) && size[f] > 0 ? size[f] * CARRIAGEWAY_SHARE : 12;
    const id: PickId = { layer: 'roads', index: f };
    for (let p = lines.featurePartStart[f]; p < lines.featurePartStart[f + 1]; p++) {
      const flat: number[] = [];
      for (let v = lines.partStart[p]; v < lines.partStart[p + 1]; v++) flat.push(lines.coords[2 * v], lines.coords[2 * v + 1]);
      instances.push(
        new GeometryInstance({
          geometry: new CorridorGeometry({ positions: Cartesian3.fromDegreesArray(flat), width: widthM, vertexFormat: VertexFormat.POSITION_ONLY }),
          id,
          attributes: { color },
        }),
      );
    }
  }
  const primitive = viewer.scene.groundPrimitives.add(
    new GroundPrimitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: false }),
      asynchronous: true,
    }),
  ) as GroundPrimitive;
  return {
    key: 'roads',
    count: lines.ids.length,
    ready: () => primitive.ready,
    update({ visible }) {
      primitive.show = visible;
    },
    destroy() {
      viewer.scene.groundPrimitives.remove(primitive);
    },
  };
}
