// Buildings as one batched primitive of extruded footprints, coloured by land use, pickable per building.
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
  type Viewer,
} from 'cesium';
import { landUseClassOf } from '../../core/planning/landUseClasses';
import type { BuildingsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';

/** Footprints start this far below their ground height so no gap shows where terrain interpolates lower. */
const SINK_M = 2;

function ringPositions(coords: Float64Array, start: number, end: number): Cartesian3[] {
  const flat = new Array<number>((end - start) * 2);
  for (let v = start, k = 0; v < end; v++) {
    flat[k++] = coords[2 * v];
    flat[k++] = coords[2 * v + 1];
  }
  return Cartesian3.fromDegreesArray(flat);
}

const HIGHLIGHT = Color.CYAN;

export interface BuildingsLayerState {
  visible: boolean;
  /** Index of the selected building, highlighted; null for none. */
  selected: number | null;
}

export function createBuildingsLayer(viewer: Viewer, data: BuildingsData): SceneLayer<BuildingsLayerState> {
  const { polygons, heightM, baseM, useIndex, useCodes } = data;
  const colors = useCodes.map((code) => ColorGeometryInstanceAttribute.fromColor(cesiumColor(landUseClassOf(code).rgb)));
  const instances: GeometryInstance[] = [];
  const n = polygons.ids.length;
  const pickIds: PickId[] = new Array(n);
  for (let f = 0; f < n; f++) {
    const id: PickId = { layer: 'buildings', index: f };
    pickIds[f] = id;
    const base = baseM[f];
    for (let p = polygons.featurePolyStart[f]; p < polygons.featurePolyStart[f + 1]; p++) {
      const r0 = polygons.polyRingStart[p];
      const r1 = polygons.polyRingStart[p + 1];
      const outer = ringPositions(polygons.coords, polygons.ringStart[r0], polygons.ringStart[r0 + 1]);
      const holes: PolygonHierarchy[] = [];
      for (let r = r0 + 1; r < r1; r++) {
        holes.push(new PolygonHierarchy(ringPositions(polygons.coords, polygons.ringStart[r], polygons.ringStart[r + 1])));
      }
      instances.push(
        new GeometryInstance({
          geometry: new PolygonGeometry({
            polygonHierarchy: new PolygonHierarchy(outer, holes),
            height: base - SINK_M,
            extrudedHeight: base + heightM[f],
            vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
          }),
          id,
          attributes: { color: colors[useIndex[f]] },
        }),
      );
    }
  }
  const primitive = viewer.scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
      asynchronous: true,
      releaseGeometryInstances: true,
    }),
  ) as Primitive;
  let highlighted: number | null = null;

  // Recolours one instance in place (per-instance attributes live in a GPU buffer; no rebuild).
  function paint(index: number, color: Color): void {
    const attributes = primitive.getGeometryInstanceAttributes(pickIds[index]);
    if (attributes) attributes.color = ColorGeometryInstanceAttribute.toValue(color, attributes.color);
  }

  return {
    key: 'buildings',
    count: n,
    ready: () => primitive.ready,
    update({ visible, selected }) {
      primitive.show = visible;
      if (selected === highlighted || !primitive.ready) return;
      if (highlighted !== null) paint(highlighted, cesiumColor(landUseClassOf(useCodes[useIndex[highlighted]]).rgb));
      if (selected !== null && selected >= 0 && selected < n) paint(selected, HIGHLIGHT);
      highlighted = selected;
    },
    destroy() {
      viewer.scene.primitives.remove(primitive);
    },
  };
}
