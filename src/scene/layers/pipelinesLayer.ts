// Underground pipelines as lines at their real depth below the terrain, in CJJ 61 colours: the far view's network,
// a few batches of line segments per kind built in the dem worker (core/tiles/pipeLines.ts), one geometry each, added
// one batch per frame so no frame builds them all. Within `nearM` of the camera the lines give way to the tube tiles.
import { PrimitiveCollection, PrimitiveType, type Viewer } from 'cesium';
import { PIPELINE_KINDS, PIPELINE_STYLES } from '../../core/pipes/cjj61';
import type { PipeLineBatches } from '../../core/tiles/pipeLines';
import { cesiumColor } from '../colors';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';
import { feedPrimitives } from '../primitiveFeed';
import { MeshPrimitive, relativeToCentre, type MeshData } from '../meshPrimitive';

/** What the pipelines read, as lines or tube tiles (pipeTilesLayer passes it on to its lines). */
export interface PipelinesState {
  visible: boolean;
  /** The underground view (a translucent globe): pipes below ground show. */
  underground: boolean;
}

export function selectPipelines(s: AppState): PipelinesState {
  return { visible: s.layers.pipelines, underground: s.underground };
}

/**
 * Whether the pipes are drawn (and so built and loaded): not while an opaque ground hides them all, which spares the
 * start of a big city hundreds of line batches and tube tiles nobody can see.
 * @param aboveGround some pipe has a part above ground (a negative depth), so it shows in any view
 */
export function pipesShown(s: PipelinesState, aboveGround: boolean): boolean {
  return s.visible && (s.underground || aboveGround);
}

/** Batch `k` as one mesh of line segments in its kind's colour (not pickable: the tube tiles near the camera are). */
export function batchMesh(b: PipeLineBatches, k: number, nearM: number): MeshData {
  const v0 = b.batchVertexStart[k],
    v1 = b.batchVertexStart[k + 1];
  const local = b.indices.subarray(b.batchIndexStart[k], b.batchIndexStart[k + 1]);
  return {
    ...relativeToCentre(b.positionsM.subarray(3 * v0, 3 * v1)),
    indices: v1 - v0 <= 0xffff ? Uint16Array.from(local) : local,
    primitiveType: PrimitiveType.LINES,
    colour: cesiumColor(PIPELINE_STYLES[PIPELINE_KINDS[b.batchKind[k]]].rgb),
    nearM,
  };
}

/**
 * @param count pipeline features drawn.
 * @param aboveGround some pipe has a part above ground (pipesShown)
 * @param nearM lines closer to the camera than this are hidden (3D tubes are drawn there); 0 for always.
 */
export function createPipelinesLayer(
  viewer: Viewer,
  batches: PipeLineBatches,
  count: number,
  aboveGround: boolean,
  nearM = 0,
): SceneLayer<PipelinesState> {
  const group = viewer.scene.primitives.add(markLayer(new PrimitiveCollection(), 'pipelines')) as PrimitiveCollection;
  group.show = false;
  // One batch a frame: a hidden group builds nothing, so showing it never builds all at once.
  const feed = feedPrimitives(viewer, group, batches.batchKind.length, (k) => new MeshPrimitive(batchMesh(batches, k, nearM)));
  return {
    key: 'pipelines',
    count,
    ready: feed.ready,
    update(s) {
      group.show = pipesShown(s, aboveGround);
      viewer.scene.requestRender();
    },
    destroy() {
      feed.stop();
      viewer.scene.primitives.remove(group);
    },
  };
}
