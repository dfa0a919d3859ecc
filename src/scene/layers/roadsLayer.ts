// Roads as carriageway surfaces laid on the terrain (ribbons built in the DEM worker), pickable per road.
// Plain meshes, not ground primitives: those cost seconds a frame on machines without a GPU. Uploaded in batches, one a
// frame.
import { PrimitiveCollection, PrimitiveType, type Viewer } from 'cesium';
import type { EcefRibbonMesh } from '../../core/geom/ribbon';
import { ROAD_CLASSES } from '../../core/planning/roadClasses';
import type { LinesData } from '../../io/layerData';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { feedPrimitives } from '../primitiveFeed';
import { MeshPrimitive, relativeToCentre, rgbaWord, type MeshData } from '../meshPrimitive';

/** The carriageway takes this share of the red-line corridor; the rest is pavement and verge. */
export const CARRIAGEWAY_SHARE = 0.6;
export const DEFAULT_ROAD_WIDTH_M = 20;
/** A road of a class the palette does not know. */
const OTHER_ROAD_RGB = [110, 110, 110] as const;

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

export function selectRoads(s: AppState): { visible: boolean } {
  return { visible: s.layers.roads };
}

/** Vertices per mesh (16-bit indices): each is made and uploaded on the page's thread, one a frame. */
const VERTICES_PER_BATCH = 1 << 15;

/** Feature ranges [start[k], start[k + 1]) of at most VERTICES_PER_BATCH vertices each (a feature's parts stay together). */
export function roadBatches(
  mesh: Pick<EcefRibbonMesh, 'partVertexStart'>,
  featurePartStart: ArrayLike<number>,
  features: number,
): number[] {
  if (features === 0) return [0];
  const start = [0];
  const vertexOf = (f: number) => mesh.partVertexStart[featurePartStart[f]];
  for (let f = 0; f < features; f++) {
    if (f > start[start.length - 1] && vertexOf(f + 1) - vertexOf(start[start.length - 1]) > VERTICES_PER_BATCH) start.push(f);
  }
  start.push(features);
  return start;
}

/** Features [f0, f1) of the ribbon mesh as one mesh: a colour per road class, pickable per road. */
export function roadMesh(mesh: EcefRibbonMesh, data: LinesData, f0: number, f1: number): MeshData {
  const { lines, categoryIndex, categories } = data;
  const p0 = lines.featurePartStart[f0],
    p1 = lines.featurePartStart[f1];
  const v0 = mesh.partVertexStart[p0],
    v1 = mesh.partVertexStart[p1];
  const n = v1 - v0;
  const indices =
    n <= 0xffff
      ? new Uint16Array(mesh.partIndexStart[p1] - mesh.partIndexStart[p0])
      : new Uint32Array(mesh.partIndexStart[p1] - mesh.partIndexStart[p0]);
  for (let i = 0, j = mesh.partIndexStart[p0]; i < indices.length; i++, j++) indices[i] = mesh.indices[j] - v0;
  const colour = new Uint32Array(n);
  const featureOfVertex = new Uint32Array(n);
  for (let f = f0; f < f1; f++) {
    const [r, g, b] = ROAD_CLASSES[categories[categoryIndex[f]]]?.rgb ?? OTHER_ROAD_RGB;
    const word = rgbaWord(r, g, b, 255);
    const end = mesh.partVertexStart[lines.featurePartStart[f + 1]] - v0;
    for (let v = mesh.partVertexStart[lines.featurePartStart[f]] - v0; v < end; v++) {
      colour[v] = word;
      featureOfVertex[v] = f - f0;
    }
  }
  return {
    ...relativeToCentre(mesh.positionsEcefM.subarray(3 * v0, 3 * v1)),
    indices,
    primitiveType: PrimitiveType.TRIANGLES,
    colour: new Uint8Array(colour.buffer),
    pick: { featureOfVertex, features: f1 - f0, objectOf: (k): PickId => ({ layer: 'roads', index: f0 + k }) },
  };
}

export function createRoadsLayer(viewer: Viewer, data: LinesData, mesh: EcefRibbonMesh): SceneLayer<{ visible: boolean }> {
  const batchStart = roadBatches(mesh, data.lines.featurePartStart, data.lines.ids.length);
  const batch = (k: number) => new MeshPrimitive(roadMesh(mesh, data, batchStart[k], batchStart[k + 1]));
  const group = viewer.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const feed = feedPrimitives(viewer, group, batchStart.length - 1, batch);
  return {
    key: 'roads',
    count: data.lines.ids.length,
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
