// The glb of one model tile: one primitive per material, each with quantised POSITION (one node translation/scale
// for all, as glb.ts), int8 NORMAL, TEXCOORD_0 for textured materials (the image embedded), _FEATURE_ID_0 into the
// tile's `element` property table (EXT_mesh_features / EXT_structural_metadata) and _STOREY, the storey index per
// vertex as FLOAT (−1 for none), for the viewer's storey explosion. Axes as glb.ts: ENU (e, n, u) is glTF (e, u, −n).
// Compression: EXT_meshopt_compression through glbPack (vertices in first-use order); images stay raw.
import { ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER, MESHOPT, firstUseOrder, packBin, packGlb, type Section } from '../tiles/glbPack';
import { bytesOf, encodeNormal, propertyTableJson, type PropertyTable } from '../tiles/glb';
import type { ModelMaterial } from './model';
import type { TileMesh, TilePrimitive } from './tileMesh';

export interface ModelGlbOptions {
  /** 'meshopt' (await meshoptReady() from glbPack first) or 'none'; default 'meshopt'. */
  compression?: 'meshopt' | 'none';
}

const BYTE = 5120,
  UNSIGNED_SHORT = 5123,
  UNSIGNED_INT = 5125,
  FLOAT = 5126;
const LINEAR = 9729,
  LINEAR_MIPMAP_LINEAR = 9987,
  REPEAT = 10497;

const encoder = new TextEncoder();

/** A primitive with its vertices in first-use order (what the meshopt index codec wants). */
function reordered(p: TilePrimitive): TilePrimitive {
  const { indices, remap, unique } = firstUseOrder(p.indices);
  const out: TilePrimitive = {
    material: p.material,
    positions: new Float32Array(3 * unique),
    normals: new Float32Array(3 * unique),
    uvs: p.uvs ? new Float32Array(2 * unique) : null,
    featureIds: new Uint32Array(unique),
    storeys: new Float32Array(unique),
    indices,
  };
  for (let v = 0; v < p.featureIds.length; v++) {
    const r = remap[v];
    if (r === 0xffffffff) continue;
    for (let c = 0; c < 3; c++) {
      out.positions[3 * r + c] = p.positions[3 * v + c];
      out.normals[3 * r + c] = p.normals[3 * v + c];
    }
    if (p.uvs) {
      out.uvs![2 * r] = p.uvs[2 * v];
      out.uvs![2 * r + 1] = p.uvs[2 * v + 1];
    }
    out.featureIds[r] = p.featureIds[v];
    out.storeys[r] = p.storeys[v];
  }
  return out;
}

/** The glb of one tile's mesh, its element table and the model's materials. */
export function writeModelGlb(mesh: TileMesh, table: PropertyTable, materials: ModelMaterial[], options: ModelGlbOptions = {}): Uint8Array {
  const compress = (options.compression ?? 'meshopt') === 'meshopt';
  const prims = compress ? mesh.primitives.map(reordered) : mesh.primitives;
  if (prims.length === 0) throw new Error('writeModelGlb: empty mesh');
  if (table.count === 0) throw new Error('writeModelGlb: empty property table');

  // glTF-frame bounds of every primitive: one dequantisation for the node.
  const min = [Infinity, Infinity, Infinity],
    max = [-Infinity, -Infinity, -Infinity];
  for (const p of prims) {
    const pos = p.positions;
    for (let i = 0; i < pos.length; i += 3) {
      const g = [pos[i], pos[i + 2], -pos[i + 1]];
      for (let c = 0; c < 3; c++) {
        if (g[c] < min[c]) min[c] = g[c];
        if (g[c] > max[c]) max[c] = g[c];
      }
    }
  }
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const scale = extent > 0 ? extent / 65535 : 1;
  const inv = 1 / scale;

  const sections: Section[] = [];
  const accessors: object[] = [];
  const view = (s: Section) => sections.push(s) - 1;
  const accessor = (a: object) => accessors.push(a) - 1;
  const shortIds = compress && table.count < 65535;

  const gltfMaterials: object[] = [];
  const images: object[] = [],
    textures: object[] = [];
  const materialIndex = new Map<number, number>();
  // A textured material's parts without texture coordinates draw in its colour alone.
  const materialOf = (m: number, textured: boolean): number => {
    const key = textured ? -1 - m : m;
    let index = materialIndex.get(key);
    if (index !== undefined) return index;
    const mat = materials[m];
    const pbr: Record<string, unknown> = { baseColorFactor: mat.color, metallicFactor: 0, roughnessFactor: 1 };
    if (mat.texture && textured) {
      const image = images.push({ bufferView: view({ bytes: mat.texture.bytes, raw: true }), mimeType: mat.texture.mime }) - 1;
      pbr.baseColorTexture = { index: textures.push({ source: image, sampler: 0 }) - 1, texCoord: 0 };
    }
    const json: Record<string, unknown> = { name: mat.name, pbrMetallicRoughness: pbr };
    if (mat.doubleSided) json.doubleSided = true;
    if (mat.color[3] < 1) json.alphaMode = 'BLEND';
    index = gltfMaterials.push(json) - 1;
    materialIndex.set(key, index);
    return index;
  };

  const primitives = prims.map((p) => {
    const n = p.featureIds.length;
    const q = new Uint16Array(4 * n);
    const qMin = [65535, 65535, 65535],
      qMax = [0, 0, 0];
    const n8 = new Int8Array(4 * n);
    for (let v = 0; v < n; v++) {
      const x = p.positions[3 * v],
        y = p.positions[3 * v + 1],
        z = p.positions[3 * v + 2];
      const a = Math.round((x - min[0]) * inv),
        b = Math.round((z - min[1]) * inv),
        c = Math.round((-y - min[2]) * inv);
      q[4 * v] = a;
      q[4 * v + 1] = b;
      q[4 * v + 2] = c;
      qMin[0] = Math.min(qMin[0], a);
      qMin[1] = Math.min(qMin[1], b);
      qMin[2] = Math.min(qMin[2], c);
      qMax[0] = Math.max(qMax[0], a);
      qMax[1] = Math.max(qMax[1], b);
      qMax[2] = Math.max(qMax[2], c);
      encodeNormal(p.normals[3 * v], p.normals[3 * v + 2], -p.normals[3 * v + 1], n8, 4 * v);
    }
    const attributes: Record<string, number> = {
      POSITION: accessor({
        bufferView: view({ bytes: bytesOf(q), byteStride: 8, target: ARRAY_BUFFER }),
        componentType: UNSIGNED_SHORT,
        count: n,
        type: 'VEC3',
        min: qMin,
        max: qMax,
      }),
      NORMAL: accessor({
        bufferView: view({ bytes: bytesOf(n8), byteStride: 4, target: ARRAY_BUFFER }),
        componentType: BYTE,
        normalized: true,
        count: n,
        type: 'VEC3',
      }),
    };
    const material = materials[p.material];
    if (material.texture && p.uvs)
      attributes.TEXCOORD_0 = accessor({
        bufferView: view({ bytes: bytesOf(p.uvs), byteStride: 8, target: ARRAY_BUFFER }),
        componentType: FLOAT,
        count: n,
        type: 'VEC2',
      });
    const ids = shortIds ? new Uint16Array(2 * n) : new Float32Array(n);
    const idStep = shortIds ? 2 : 1;
    for (let v = 0; v < n; v++) ids[idStep * v] = p.featureIds[v];
    attributes._FEATURE_ID_0 = accessor({
      bufferView: view({ bytes: bytesOf(ids), target: ARRAY_BUFFER, ...(shortIds ? { byteStride: 4 } : {}) }),
      componentType: shortIds ? UNSIGNED_SHORT : FLOAT,
      count: n,
      type: 'SCALAR',
    });
    attributes._STOREY = accessor({
      bufferView: view({ bytes: bytesOf(p.storeys), byteStride: 4, target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: n,
      type: 'SCALAR',
    });
    const small = n <= 65535;
    const idx = small ? Uint16Array.from(p.indices) : p.indices;
    const indices = accessor({
      bufferView: view({ bytes: bytesOf(idx), target: ELEMENT_ARRAY_BUFFER, indexSize: small ? 2 : 4 }),
      componentType: small ? UNSIGNED_SHORT : UNSIGNED_INT,
      count: idx.length,
      type: 'SCALAR',
    });
    return {
      attributes,
      indices,
      material: materialOf(p.material, attributes.TEXCOORD_0 !== undefined),
      mode: 4,
      extensions: { EXT_mesh_features: { featureIds: [{ featureCount: table.count, attribute: 0, propertyTable: 0 }] } },
    };
  });

  const metadata = propertyTableJson(table, view);
  const { bin, bufferViews, buffers, meshopt } = packBin(sections, compress);
  const json: Record<string, unknown> = {
    asset: { version: '2.0', generator: 'cim-viewer src/core/models' },
    extensionsUsed: ['KHR_mesh_quantization', 'EXT_mesh_features', 'EXT_structural_metadata', ...(meshopt ? [MESHOPT] : [])],
    extensionsRequired: ['KHR_mesh_quantization', ...(meshopt ? [MESHOPT] : [])],
    extensions: { EXT_structural_metadata: metadata },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, translation: min, scale: [scale, scale, scale] }],
    meshes: [{ primitives }],
    materials: gltfMaterials,
    accessors,
    bufferViews,
    buffers,
  };
  if (images.length) {
    json.images = images;
    json.textures = textures;
    json.samplers = [{ magFilter: LINEAR, minFilter: LINEAR_MIPMAP_LINEAR, wrapS: REPEAT, wrapT: REPEAT }];
  }
  return packGlb(encoder.encode(JSON.stringify(json)), bin);
}
