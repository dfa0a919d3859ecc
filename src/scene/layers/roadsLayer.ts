// Roads as carriageway surfaces laid on the terrain (ribbons built in the DEM worker), pickable per road.
// Plain geometry, not ground primitives: those cost seconds a frame on machines without a GPU. Combined on the page's
// thread in batches, one a frame.
import {
  ColorGeometryInstanceAttribute,
  type Geometry,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveCollection,
  PrimitiveType,
  type Viewer,
} from 'cesium';
import type { EcefRibbonMesh } from '../../core/geom/ribbon';
import { ROAD_CLASSES } from '../../core/planning/roadClasses';
import type { LinesData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { feedPrimitives } from '../primitiveFeed';
import { positionsGeometry } from '../positionsGeometry';

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

function partGeometry(mesh: EcefRibbonMesh, p: number): Geometry {
  const v0 = mesh.partVertexStart[p];
  const values = mesh.positionsEcefM.subarray(3 * v0, 3 * mesh.partVertexStart[p + 1]);
  const indices = mesh.indices.slice(mesh.partIndexStart[p], mesh.partIndexStart[p + 1]);
  for (let i = 0; i < indices.length; i++) indices[i] -= v0;
  return positionsGeometry(values, indices, PrimitiveType.TRIANGLES);
}

export function selectRoads(s: AppState): { visible: boolean } {
  return { visible: s.layers.roads };
}

/** Road parts per primitive: each is combined on the page's thread, one a frame (≈30 ms at this size on a busy 2-core machine). */
const PARTS_PER_BATCH = 400;

/** Feature ranges [start[k], start[k + 1]) of at most PARTS_PER_BATCH parts each (a feature's parts stay together). */
function roadBatches(featurePartStart: ArrayLike<number>, features: number): number[] {
  const start = [0];
  for (let f = 0; f < features; f++) {
    const first = featurePartStart[start[start.length - 1]];
    if (f > start[start.length - 1] && featurePartStart[f + 1] - first > PARTS_PER_BATCH) start.push(f);
  }
  start.push(features);
  return start;
}

export function createRoadsLayer(viewer: Viewer, data: LinesData, mesh: EcefRibbonMesh): SceneLayer<{ visible: boolean }> {
  const { lines, categoryIndex, categories } = data;
  const appearance = new PerInstanceColorAppearance({ flat: true, translucent: false });
  const batchStart = roadBatches(lines.featurePartStart, lines.ids.length);
  const batch = (k: number) => {
    const instances: GeometryInstance[] = [];
    for (let f = batchStart[k]; f < batchStart[k + 1]; f++) {
      const color = ColorGeometryInstanceAttribute.fromColor(
        cesiumColor(ROAD_CLASSES[categories[categoryIndex[f]]]?.rgb ?? [110, 110, 110]),
      );
      const id: PickId = { layer: 'roads', index: f };
      for (let p = lines.featurePartStart[f]; p < lines.featurePartStart[f + 1]; p++) {
        if (mesh.partIndexStart[p + 1] > mesh.partIndexStart[p]) {
          instances.push(new GeometryInstance({ geometry: partGeometry(mesh, p), id, attributes: { color } }));
        }
      }
    }
    return new Primitive({ geometryInstances: instances, appearance, asynchronous: false });
  };
  const group = viewer.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const feed = feedPrimitives(viewer, group, batchStart.length - 1, batch);
  return {
    key: 'roads',
    count: lines.ids.length,
    ready: feed.ready,
    update({ visible }) {
      group.show = visible;
      viewer.scene.requestRender();
    },
    destroy() {
      feed.stop();
      viewer.scene.primitives.remove(group);
    },
  };
}
