// A Cesium primitive that draws one prebuilt mesh straight from typed arrays: positions as float32 metres from a centre,
// a colour per vertex or one for all, and a pick colour per vertex for meshes whose features are pickable. Cesium's
// Primitive re-packs prebuilt geometry on the page's thread (instances combined, attributes encoded per vertex: 30 ms+
// per 400 road parts); here building is an upload. Cesium's renderer classes are private API: they are reached only
// through `cesiumRenderer.ts`.
import { BoundingSphere, Cartesian3, type Color, Matrix4, type PrimitiveType } from 'cesium';
import { renderer, type DrawCommandHandle, type FrameStateLike, type PickIdHandle, type RendererContext } from './cesiumRenderer';

export interface MeshData {
  /** x, y, z per vertex: metres from `centreEcefM` (earth-centred axes). */
  positionsM: Float32Array;
  centreEcefM: Cartesian3;
  /** Every vertex lies within this distance of the centre. */
  radiusM: number;
  indices: Uint16Array | Uint32Array;
  primitiveType: PrimitiveType;
  /** RGBA bytes per vertex, or one colour for the whole mesh. */
  colour: Uint8Array | Color;
  /** Pickable meshes: the feature each vertex belongs to, and the object `scene.pick` returns for feature k. */
  pick?: { featureOfVertex: Uint16Array | Uint32Array; features: number; objectOf(feature: number): unknown };
  /** Fragments nearer the camera than this are discarded (0: none). */
  nearM?: number;
}

const ATTRIBUTES = { position: 0, colour: 1, pickColour: 2 } as const;

function shaderSources(pickable: boolean, nearM: number): { vs: string; fs: string } {
  const vs = `
in vec3 position;
in vec4 colour;
${pickable ? 'in vec4 pickColour;\nout vec4 v_pickColor;' : ''}
out vec4 v_colour;
out float v_distanceM;
void main() {
  vec4 eye = czm_modelView * vec4(position, 1.0);
  v_colour = colour;
  ${pickable ? 'v_pickColor = pickColour;' : ''}
  v_distanceM = length(eye.xyz);
  gl_Position = czm_projection * eye;
}`;
  // The pick program Cesium derives writes v_pickColor from the fragment shader.
  const fs = `
in vec4 v_colour;
in float v_distanceM;
${pickable ? 'in vec4 v_pickColor;' : ''}
void main() {
  ${nearM > 0 ? `if (v_distanceM < ${nearM.toFixed(1)}) discard;` : ''}
  out_FragColor = czm_gammaCorrect(v_colour);
}`;
  return { vs, fs };
}

/** ECEF positions (x, y, z metres per vertex) as float32 offsets from their bounding box's centre. */
export function relativeToCentre(xyz: Float64Array): Pick<MeshData, 'positionsM' | 'centreEcefM' | 'radiusM'> {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 0; i < xyz.length; i += 3) {
    const x = xyz[i],
      y = xyz[i + 1],
      z = xyz[i + 2];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  const cx = xyz.length ? (x0 + x1) / 2 : 0,
    cy = xyz.length ? (y0 + y1) / 2 : 0,
    cz = xyz.length ? (z0 + z1) / 2 : 0;
  const positionsM = new Float32Array(xyz.length);
  let r2 = 0;
  for (let i = 0; i < xyz.length; i += 3) {
    const dx = (positionsM[i] = xyz[i] - cx),
      dy = (positionsM[i + 1] = xyz[i + 1] - cy),
      dz = (positionsM[i + 2] = xyz[i + 2] - cz);
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > r2) r2 = d2;
  }
  // The float32 offsets round by up to half a unit in their last place: the radius covers that.
  return { positionsM, centreEcefM: new Cartesian3(cx, cy, cz), radiusM: Math.sqrt(r2) + 1e-3 };
}

/** RGBA bytes as one little-endian 32-bit word, so a vertex's colour is one typed-array write. */
export function rgbaWord(r: number, g: number, b: number, a: number): number {
  return (r | (g << 8) | (b << 16) | (a << 24)) >>> 0;
}

/** One mesh drawn opaque and depth-tested; built on its first update (one upload), then only queued each frame. */
export class MeshPrimitive {
  show = true;
  /** Built and queued: Cesium's Primitive has the same flag. */
  ready = false;
  private data: MeshData | null;
  private command: DrawCommandHandle | null = null;
  private pickIds: PickIdHandle[] = [];
  private destroyed = false;

  constructor(data: MeshData) {
    this.data = data;
  }

  update(frameState: FrameStateLike): void {
    if (!this.show || this.destroyed) return;
    if (!this.command && this.data) {
      // An empty mesh (a city without roads) draws nothing: WebGL has no empty buffers.
      if (this.data.indices.length > 0) this.command = this.build(frameState.context, this.data);
      this.data = null;
      this.ready = true;
    }
    if (this.command && (frameState.passes.render || frameState.passes.pick)) frameState.commandList.push(this.command);
  }

  private build(context: RendererContext, d: MeshData): DrawCommandHandle {
    const R = renderer();
    const vertexCount = d.positionsM.length / 3;
    const attributes: object[] = [
      {
        index: ATTRIBUTES.position,
        vertexBuffer: R.vertexBuffer(context, d.positionsM),
        componentsPerAttribute: 3,
        componentDatatype: R.FLOAT,
      },
    ];
    if (d.colour instanceof Uint8Array) {
      attributes.push({
        index: ATTRIBUTES.colour,
        vertexBuffer: R.vertexBuffer(context, d.colour),
        componentsPerAttribute: 4,
        componentDatatype: R.UNSIGNED_BYTE,
        normalize: true,
      });
    } else {
      attributes.push({ index: ATTRIBUTES.colour, value: [d.colour.red, d.colour.green, d.colour.blue, d.colour.alpha] });
    }
    if (d.pick) {
      const byFeature = new Uint32Array(d.pick.features);
      const bytes: number[] = [];
      for (let f = 0; f < d.pick.features; f++) {
        const id = context.createPickId({ primitive: this, id: d.pick.objectOf(f) });
        this.pickIds.push(id);
        const [r, g, b, a] = id.color.toBytes(bytes);
        byFeature[f] = rgbaWord(r, g, b, a);
      }
      const perVertex = new Uint32Array(vertexCount);
      const feature = d.pick.featureOfVertex;
      for (let v = 0; v < vertexCount; v++) perVertex[v] = byFeature[feature[v]];
      attributes.push({
        index: ATTRIBUTES.pickColour,
        vertexBuffer: R.vertexBuffer(context, new Uint8Array(perVertex.buffer)),
        componentsPerAttribute: 4,
        componentDatatype: R.UNSIGNED_BYTE,
        normalize: true,
      });
    }
    const { vs, fs } = shaderSources(d.pick !== undefined, d.nearM ?? 0);
    return R.drawCommand({
      owner: this,
      primitiveType: d.primitiveType,
      vertexArray: R.vertexArray(context, attributes, R.indexBuffer(context, d.indices)),
      shaderProgram: R.shaderProgram(context, vs, fs, ATTRIBUTES),
      renderState: R.opaqueRenderState(),
      modelMatrix: Matrix4.fromTranslation(d.centreEcefM),
      boundingVolume: new BoundingSphere(d.centreEcefM, d.radiusM),
      pickId: d.pick ? 'v_pickColor' : undefined,
    });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.command?.vertexArray.destroy();
    this.command?.shaderProgram.destroy();
    for (const id of this.pickIds) id.destroy();
    this.pickIds = [];
    this.command = null;
    this.data = null;
  }
}
