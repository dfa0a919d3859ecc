// Underground pipelines as lines at their real depth below the terrain, in CJJ 61 colours.
import {
  ArcType,
  Cartesian3,
  ColorGeometryInstanceAttribute,
  DistanceDisplayConditionGeometryInstanceAttribute,
  GeometryInstance,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Viewer,
} from 'cesium';
import type { DrapedLines } from '../../core/geom/drape';
import { pipelineKindOf, PIPELINE_STYLES } from '../../core/pipes/cjj61';
import type { LinesData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';

const DEFAULT_DEPTH_M = 1.5;
const M_PER_DEG = 111_320;

/** Line width on screen from the pipe's size: mains read thicker than service lines. */
function widthPx(sizeMm: number): number {
  if (!Number.isFinite(sizeMm)) return 2;
  return sizeMm >= 1000 ? 5 : sizeMm >= 400 ? 4 : sizeMm >= 150 ? 3 : 2;
}

/**
 * @param draped the parts of `data.lines`, densified on the DEM with the ground height at every vertex.
 * @param nearM lines closer to the camera than this are hidden (3D tubes are drawn there); 0 for always.
 */
/** What the pipelines read, as lines or tube tiles (pipeTilesLayer passes it on to its lines). */
export function selectPipelines(s: AppState): { visible: boolean } {
  return { visible: s.layers.pipelines };
}

export function createPipelinesLayer(viewer: Viewer, data: LinesData, draped: DrapedLines, nearM = 0): SceneLayer<{ visible: boolean }> {
  const distance = new DistanceDisplayConditionGeometryInstanceAttribute(nearM, Number.MAX_VALUE);
  const { lines, categoryIndex, categories, size, startDepthM, endDepthM } = data;
  const colors = categories.map((c) => ColorGeometryInstanceAttribute.fromColor(cesiumColor(PIPELINE_STYLES[pipelineKindOf(c)].rgb)));
  const instances: GeometryInstance[] = [];
  const { coords, partStart } = draped;
  const stepM = (v: number) =>
    Math.hypot(
      (coords[3 * v] - coords[3 * v - 3]) * M_PER_DEG * Math.cos((coords[3 * v + 1] * Math.PI) / 180),
      (coords[3 * v + 1] - coords[3 * v - 2]) * M_PER_DEG,
    );
  for (let f = 0; f < lines.ids.length; f++) {
    const d0 = Number.isFinite(startDepthM[f]) ? startDepthM[f] : DEFAULT_DEPTH_M;
    const d1 = Number.isFinite(endDepthM[f]) ? endDepthM[f] : d0;
    const radiusM = Number.isFinite(size[f]) ? size[f] / 2000 : 0.1;
    const id: PickId = { layer: 'pipelines', index: f };
    const p0 = lines.featurePartStart[f];
    const p1 = lines.featurePartStart[f + 1];
    // Cover depth varies linearly with distance along the whole feature, from start to end.
    let totalM = 0;
    for (let p = p0; p < p1; p++) for (let v = partStart[p] + 1; v < partStart[p + 1]; v++) totalM += stepM(v);
    let alongM = 0;
    for (let p = p0; p < p1; p++) {
      const flat: number[] = [];
      for (let v = partStart[p]; v < partStart[p + 1]; v++) {
        if (v > partStart[p]) alongM += stepM(v);
        const t = totalM > 0 ? alongM / totalM : 0;
        flat.push(coords[3 * v], coords[3 * v + 1], coords[3 * v + 2] - (d0 + (d1 - d0) * t) - radiusM);
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
          attributes: { color: colors[categoryIndex[f]], distanceDisplayCondition: distance },
        }),
      );
    }
  }
  const primitive = viewer.scene.primitives.add(
    markLayer(new Primitive({ geometryInstances: instances, appearance: new PolylineColorAppearance(), asynchronous: true }), 'pipelines'),
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
