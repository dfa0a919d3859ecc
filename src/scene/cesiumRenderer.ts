// CesiumJS's renderer classes (buffers, vertex arrays, shader programs, draw commands) are exported but private API
// without typings: every use goes through here, typed as far as the app uses them. Checked on CesiumJS 1.145
// (cesiumRenderer.test.ts fails if an upgrade moves them).
import * as Cesium from 'cesium';
import type { BoundingSphere, Color, Matrix4, PrimitiveType } from 'cesium';

export interface PickIdHandle {
  color: Color;
  destroy(): void;
}

/** The WebGL context wrapper `frameState.context` is. */
export interface RendererContext {
  createPickId(object: object): PickIdHandle;
}

export interface DrawCommandHandle {
  vertexArray: { destroy(): void };
  shaderProgram: { destroy(): void };
}

/** What a primitive's `update(frameState)` reads. */
export interface FrameStateLike {
  context: RendererContext;
  commandList: DrawCommandHandle[];
  passes: { render: boolean; pick: boolean };
}

type Ctor<T = object> = new (options: object) => T;
type Private = {
  Buffer: { createVertexBuffer(o: object): object; createIndexBuffer(o: object): object };
  BufferUsage: { STATIC_DRAW: number };
  VertexArray: Ctor<{ destroy(): void }>;
  ShaderProgram: { fromCache(o: object): { destroy(): void } };
  ShaderSource: Ctor;
  RenderState: { fromCache(o: object): object };
  DrawCommand: Ctor<DrawCommandHandle>;
  Pass: { OPAQUE: number };
};

let api: ReturnType<typeof make> | null = null;

function make(P: Private) {
  const C = Cesium as unknown as { ComponentDatatype: Record<string, number>; IndexDatatype: Record<string, number> };
  return {
    FLOAT: C.ComponentDatatype.FLOAT,
    UNSIGNED_BYTE: C.ComponentDatatype.UNSIGNED_BYTE,
    vertexBuffer: (context: RendererContext, typedArray: ArrayBufferView) =>
      P.Buffer.createVertexBuffer({ context, typedArray, usage: P.BufferUsage.STATIC_DRAW }),
    indexBuffer: (context: RendererContext, typedArray: Uint16Array | Uint32Array) =>
      P.Buffer.createIndexBuffer({
        context,
        typedArray,
        usage: P.BufferUsage.STATIC_DRAW,
        indexDatatype: typedArray instanceof Uint16Array ? C.IndexDatatype.UNSIGNED_SHORT : C.IndexDatatype.UNSIGNED_INT,
      }),
    vertexArray: (context: RendererContext, attributes: object[], indexBuffer: object) =>
      new P.VertexArray({ context, attributes, indexBuffer }),
    /** Sources as ShaderSource objects: Cesium derives the log-depth and pick programs from them. */
    shaderProgram: (context: RendererContext, vs: string, fs: string, attributeLocations: Record<string, number>) =>
      P.ShaderProgram.fromCache({
        context,
        vertexShaderSource: new P.ShaderSource({ sources: [vs] }),
        fragmentShaderSource: new P.ShaderSource({ sources: [fs] }),
        attributeLocations,
      }),
    opaqueRenderState: () => P.RenderState.fromCache({ depthTest: { enabled: true }, depthMask: true }),
    drawCommand: (o: {
      owner: object;
      primitiveType: PrimitiveType;
      vertexArray: object;
      shaderProgram: object;
      renderState: object;
      modelMatrix: Matrix4;
      boundingVolume: BoundingSphere;
      pickId: string | undefined;
    }) => new P.DrawCommand({ ...o, pass: P.Pass.OPAQUE, cull: true }),
  };
}

/** The renderer classes, checked once: a Cesium without them fails here with their names, not deep in a frame. */
export function renderer(): ReturnType<typeof make> {
  if (api) return api;
  const P = Cesium as unknown as Partial<Private>;
  const missing = (
    ['Buffer', 'BufferUsage', 'VertexArray', 'ShaderProgram', 'ShaderSource', 'RenderState', 'DrawCommand', 'Pass'] as const
  ).filter((k) => P[k] === undefined);
  if (missing.length) throw new Error(`this CesiumJS lacks the renderer classes ${missing.join(', ')}`);
  api = make(P as Private);
  return api;
}
