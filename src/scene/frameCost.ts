// What one frame asks of the GPU, independent of the hardware: draw commands and triangles.
import { PrimitiveType, type Viewer } from 'cesium';
import { frameCommandList, type DrawCommandLike } from './cesiumInternals';

export interface FrameCost {
  drawCommands: number;
  triangles: number;
}

/** Draw commands in a frame's command list and the triangles they draw (other primitive types skipped). */
export function frameCostOf(list: readonly DrawCommandLike[]): FrameCost {
  let triangles = 0;
  for (const c of list) {
    if (c.primitiveType !== undefined && c.primitiveType !== PrimitiveType.TRIANGLES) continue;
    const n = c.count ?? c.vertexArray?.indexBuffer?.numberOfIndices ?? c.vertexArray?.numberOfVertices ?? 0;
    triangles += Math.floor(n / 3);
  }
  return { drawCommands: list.length, triangles };
}

/** Renders one frame now and counts its draw commands and triangles; zeros if Cesium's frame state moved. */
export function measureFrame(viewer: Viewer): FrameCost {
  viewer.scene.render();
  return frameCostOf(frameCommandList(viewer.scene) ?? []);
}
