// Roads as carriageway surfaces laid on the terrain (ribbons built in the DEM worker), pickable per road.
// Plain geometry, not ground primitives: those cost seconds a frame on machines without a GPU.
import {
  BoundingSphere,
  Cartesian3,
  ColorGeometryInstanceAttribute,
  ComponentDatatype,
  Geometry,
  GeometryAttribute,
  GeometryAttributes,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveType,
  type Viewer,
} from 'cesium';
import type { RibbonMesh } from '../../core/geom/ribbon';
import { ROAD_CLASSES } from '../../core/planning/roadClasses';
import type { LinesData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';

/** The carriageway takes this share of the red-line corridor; the rest is pavement and verge. */
export const CARRIAGEWAY_SHARE = 0.6;
export const DEFAULT_ROAD_WIDTH_M = 20;

/** Carriageway width per part of `data.lines`, for the ribbon builder. */
export function carriagewayWidthsM(data: LinesData): Float32Array {
  const { lines, size } = data;
  const widths = new Float32Array(lines.partStart.length - 1);
  for (let f = 0; f < lines.ids.length; f++) {
    const w = (Number.isFinite(size[f]) && size[f] > 0 ? size[f] : DEFAULT_ROAD_WIDTH_M) * CARRIAGEWAY_SHARE;
    for (let p = lines.featurePartStart[f]; p < lines.featurePartStart[f + 1]; p++) widths[p] = w;
  }
  return widths;
}

function partGeometry(mesh: RibbonMesh, p: number): Geometry {
  const v0 = mesh.partVertexStart[p];
  const v1 = mesh.partVertexStart[p + 1];
  const values = new Float64Array((v1 - v0) * 3);
  const scratch = new Cartesian3();
  for (let v = v0, k = 0; v < v1; v++, k += 3) {
    Cartesian3.fromDegrees(mesh.positions[3 * v], mesh.positions[3 * v + 1], mesh.positions[3 * v + 2], undefined, scratch);
    values[k] = scratch.x;
    values[k + 1] = scratch.y;
    values[k + 2] = scratch.z;
  }
  const indices = mesh.indices.slice(mesh.partIndexStart[p], mesh.partIndexStart[p + 1]).map((i) => i - v0);
  const attributes = new GeometryAttributes();
  attributes.position = new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values });
  return new Geometry({
    attributes,
    indices,
    primitiveType: PrimitiveType.TRIANGLES,
    boundingSphere: BoundingSphere.fromVertices(Array.from(values)),
  });
}

export function selectRoads(s: AppState): { visible: boolean } {
  return { visible: s.layers.roads };
}

export function createRoadsLayer(viewer: Viewer, data: LinesData, mesh: RibbonMesh): SceneLayer<{ visible: boolean }> {
  const { lines, categoryIndex, categories } = data;
  const instances: GeometryInstance[] = [];
  for (let f = 0; f < lines.ids.length; f++) {
    const color = ColorGeometryInstanceAttribute.fromColor(cesiumColor(ROAD_CLASSES[categories[categoryIndex[f]]]?.rgb ?? [110, 110, 110]));
    const id: PickId = { layer: 'roads', index: f };
    for (let p = lines.featurePartStart[f]; p < lines.featurePartStart[f + 1]; p++) {
      if (mesh.partIndexStart[p + 1] > mesh.partIndexStart[p]) {
        instances.push(new GeometryInstance({ geometry: partGeometry(mesh, p), id, attributes: { color } }));
      }
    }
  }
  const primitive = viewer.scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: false }),
      // Prebuilt geometry cannot go through Cesium's geometry workers; it is batched on this thread.
      asynchronous: false,
    }),
  ) as Primitive;
  return {
    key: 'roads',
    count: lines.ids.length,
    ready: () => primitive.ready,
    update({ visible }) {
      primitive.show = visible;
    },
    destroy() {
      viewer.scene.primitives.remove(primitive);
    },
  };
}
