// Underground pipelines as lines at their real depth below the terrain, in CJJ 61 colours: the far view's network,
// a few batches of line segments per kind built in the dem worker (core/tiles/pipeLines.ts), one geometry each, added
// one batch per frame so no frame builds them all. Within `nearM` of the camera the lines give way to the tube tiles.
import {
  BoundingSphere,
  ColorGeometryInstanceAttribute,
  ComponentDatatype,
  Geometry,
  GeometryAttribute,
  GeometryAttributes,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveCollection,
  PrimitiveType,
  type Viewer,
} from 'cesium';
import { PIPELINE_KINDS, PIPELINE_STYLES } from '../../core/pipes/cjj61';
import type { PipeLineBatches } from '../../core/tiles/pipeLines';
import { cesiumColor } from '../colors';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';

/** What the pipelines read, as lines or tube tiles (pipeTilesLayer passes it on to its lines). */
export function selectPipelines(s: AppState): { visible: boolean } {
  return { visible: s.layers.pipelines };
}

/** Cesium's flat per-instance colour shaders, with each fragment nearer the camera than `nearM` discarded. */
function nearFadeAppearance(nearM: number): PerInstanceColorAppearance {
  const vertexShaderSource = `
in vec3 position3DHigh;
in vec3 position3DLow;
in vec4 color;
in float batchId;
out vec4 v_color;
out float v_distanceM;
void main() {
  vec4 p = czm_computePosition();
  v_color = color;
  v_distanceM = length((czm_modelViewRelativeToEye * p).xyz);
  gl_Position = czm_modelViewProjectionRelativeToEye * p;
}`;
  const fragmentShaderSource = `
in vec4 v_color;
in float v_distanceM;
void main() {
  if (v_distanceM < ${nearM.toFixed(1)}) discard;
  out_FragColor = czm_gammaCorrect(v_color);
}`;
  return new PerInstanceColorAppearance({ flat: true, translucent: false, vertexShaderSource, fragmentShaderSource });
}

/** Batch `k` as one geometry instance of its kind's colour (not pickable: the tube tiles near the camera are). */
function batchInstance(b: PipeLineBatches, k: number): GeometryInstance {
  const v0 = b.batchVertexStart[k],
    v1 = b.batchVertexStart[k + 1];
  const values = b.positionsM.subarray(3 * v0, 3 * v1);
  const attributes = new GeometryAttributes();
  attributes.position = new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values });
  const geometry = new Geometry({
    attributes,
    indices: b.indices.subarray(b.batchIndexStart[k], b.batchIndexStart[k + 1]),
    primitiveType: PrimitiveType.LINES,
    boundingSphere: BoundingSphere.fromVertices(values as unknown as number[]),
  });
  const color = ColorGeometryInstanceAttribute.fromColor(cesiumColor(PIPELINE_STYLES[PIPELINE_KINDS[b.batchKind[k]]].rgb));
  return new GeometryInstance({ geometry, attributes: { color } });
}

/**
 * @param count pipeline features drawn.
 * @param nearM lines closer to the camera than this are hidden (3D tubes are drawn there); 0 for always.
 */
export function createPipelinesLayer(viewer: Viewer, batches: PipeLineBatches, count: number, nearM = 0): SceneLayer<{ visible: boolean }> {
  const group = viewer.scene.primitives.add(markLayer(new PrimitiveCollection(), 'pipelines')) as PrimitiveCollection;
  const appearance = nearFadeAppearance(nearM);
  const total = batches.batchKind.length;
  const added: Primitive[] = [];
  // One batch a frame, once the last one is built: a hidden group builds nothing, so showing it never builds all at once.
  const removeFeed = viewer.scene.postRender.addEventListener(() => {
    if (added.length === total || !group.show || (added.length > 0 && !added[added.length - 1].ready)) return;
    // Prebuilt geometry cannot go through Cesium's geometry workers; each batch is combined on this thread.
    added.push(group.add(new Primitive({ geometryInstances: batchInstance(batches, added.length), appearance, asynchronous: false })));
    viewer.scene.requestRender();
  });
  viewer.scene.requestRender();
  return {
    key: 'pipelines',
    count,
    ready: () => !group.show || (added.length === total && (total === 0 || added[total - 1].ready)),
    update({ visible }) {
      group.show = visible;
      viewer.scene.requestRender();
    },
    destroy() {
      removeFeed();
      viewer.scene.primitives.remove(group);
    },
  };
}
