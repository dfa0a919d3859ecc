// Underground pipelines as lines at their real depth below the terrain, in CJJ 61 colours.
import {
  ArcType,
  Cartesian3,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Viewer,
} from 'cesium';
import { pipelineKindOf, PIPELINE_STYLES } from '../../core/pipes/cjj61';
import type { LinesData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';

const DEFAULT_DEPTH_M = 1.5;

/** Line width on screen from the pipe's size: mains read thicker than service lines. */
function widthPx(sizeMm: number): number {
  if (!Number.isFinite(sizeMm)) return 2;
  return sizeMm >= 1000 ? 5 : sizeMm >= 400 ? 4 : sizeMm >= 150 ? 3 : 2;
}

/**
 * @param groundM terrain height at every vertex of `data.lines.coords`, from the DEM.
 */
export function createPipelinesLayer(viewer: Viewer, data: LinesData, groundM: Float32Array): SceneLayer<{ visible: boolean }> {
  const { lines, categoryIndex, categories, size, startDepthM, endDepthM } = data;
  const colors = categories.map((c) => ColorGeometryInstanceAttribute.fromColor(cesiumColor(PIPELINE_STYLES[pipelineKindOf(c)].rgb)));
  const instances: GeometryInstance[] = [];
  const { coords } = lines;
  for (let f = 0; f < lines.ids.length; f++) {
    const d0 = Number.isFinite(startDepthM[f]) ? startDepthM[f] : DEFAULT_DEPTH_M;
    const d1 = Number.isFinite(endDepthM[f]) ? endDepthM[f] : d0;
    const radiusM = Number.isFinite(size[f]) ? size[f] / 2000 : 0.1;
    const id: PickId = { layer: 'pipelines', index: f };
    // Depth varies linearly with distance along the whole feature (cover depth at start and end).
    const v0 = lines.partStart[lines.featurePartStart[f]];
    const v1 = lines.partStart[lines.featurePartStart[f + 1]];
    let total = 0;
    for (let v = v0 + 1; v < v1; v++) total += Math.hypot(coords[2 * v] - coords[2 * v - 2], coords[2 * v + 1] - coords[2 * v - 1]);
    let along = 0;
    for (let p = lines.featurePartStart[f]; p < lines.featurePartStart[f + 1]; p++) {
      const flat: number[] = [];
      for (let v = lines.partStart[p]; v < lines.partStart[p + 1]; v++) {
        if (v > lines.partStart[p]) along += Math.hypot(coords[2 * v] - coords[2 * v - 2], coords[2 * v + 1] - coords[2 * v - 1]);
        const t = total > 0 ? along / total : 0;
        flat.push(coords[2 * v], coords[2 * v + 1], groundM[v] - (d0 + (d1 - d0) * t) - radiusM);
      }
      instances.push(
        new GeometryInstance({
          geometry: new PolylineGeometry({
            positions: Cartesian3.fromDegreesArrayHeights(flat),
            width: widthPx(size[f]),
            arcType: ArcType.NONE,
            vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
          }),
          id,
          attributes: { color: colors[categoryIndex[f]] },
        }),
      );
    }
  }
  const primitive = viewer.scene.primitives.add(
    new Primitive({ geometryInstances: instances, appearance: new PolylineColorAppearance(), asynchronous: true }),
  ) as Primitive;
  return {
    key: 'pipelines',
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
