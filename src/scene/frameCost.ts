// What one frame asks of the GPU, independent of the hardware: draw commands and triangles.
// Reads the command list Cesium builds for the frame (frameState is not public API; checked on 1.145).
import { PrimitiveType, type Viewer } from 'cesium';

interface DrawCommandLike {
  primitiveType?: number;
  count?: number;
  vertexArray?: { indexBuffer?: { numberOfIndices: number }; numberOfVertices?: number };
}

export interface FrameCost {
  drawCommands: number;
  triangles: number;
}

/** Renders one frame now and counts its draw commands and the triangles they draw. */
export function measureFrame(viewer: Viewer): FrameCost {
  const scene = viewer.scene;
  scene.render();
  const list = (scene as unknown as { frameState: { commandList: DrawCommandLike[] } }).frameState.commandList;
  let triangles = 0;
  for (const c of list) {
    if (c.primitiveType !== undefined && c.primitiveType !== PrimitiveType.TRIANGLES) continue;
    const n = c.count ?? c.vertexArray?.indexBuffer?.numberOfIndices ?? c.vertexArray?.numberOfVertices ?? 0;
    triangles += Math.floor(n / 3);
  }
  return { drawCommands: list.length, triangles };
}
