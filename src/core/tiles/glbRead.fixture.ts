// A small glb reader for tests (and tools; never in the app bundle): chunks, accessors (dequantised), property tables, and vertex
// positions carried through node transform, glTF y-up -> z-up, and a tile transform, as CesiumJS places them.
import { MeshoptDecoder } from 'meshoptimizer';
import { meshoptReady } from './glbPack';
import { multiplyMatrices } from './matrix4';

// Decoding EXT_meshopt_compression views needs the decoder's WebAssembly (and tests writing them the encoder's).
await Promise.all([MeshoptDecoder.ready, meshoptReady()]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- glTF JSON is walked freely by tests and tools
export type GltfJson = Record<string, any>;

export interface Glb {
  json: GltfJson;
  bin: Uint8Array;
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };
const COMPONENT_BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
const METADATA_BYTES: Record<string, number> = {
  UINT8: 1,
  INT8: 1,
  UINT16: 2,
  INT16: 2,
  UINT32: 4,
  INT32: 4,
  FLOAT32: 4,
  FLOAT64: 8,
  UINT64: 8,
  INT64: 8,
};
/** CesiumJS's Axis.Y_UP_TO_Z_UP, column-major: (x, y, z) -> (x, -z, y). */
export const Y_UP_TO_Z_UP = Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1);

/** Splits a glb into its JSON and BIN chunks, checking the header and chunk layout. */
export function readGlb(bytes: Uint8Array): Glb {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('not a glb (magic)');
  if (dv.getUint32(4, true) !== 2) throw new Error('glb version is not 2');
  if (dv.getUint32(8, true) !== bytes.byteLength) throw new Error('glb length does not match');
  const jsonLength = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== 0x4e4f534a) throw new Error('first chunk is not JSON');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as GltfJson;
  let bin: Uint8Array = new Uint8Array(0);
  const binAt = 20 + jsonLength;
  if (binAt < bytes.byteLength) {
    if (dv.getUint32(binAt + 4, true) !== 0x004e4942) throw new Error('second chunk is not BIN');
    bin = bytes.subarray(binAt + 8, binAt + 8 + dv.getUint32(binAt, true));
  }
  return { json, bin };
}

const decodedViews = new WeakMap<Glb, Map<number, Uint8Array>>();

/** A buffer view's bytes, decoded when EXT_meshopt_compression'd (its fallback buffer has no data). */
export function bufferViewBytes(glb: Glb, index: number): Uint8Array {
  const bv = glb.json.bufferViews[index];
  const m = bv.extensions?.EXT_meshopt_compression;
  if (!m) {
    if ((bv.buffer ?? 0) !== 0) throw new Error(`bufferView ${index} is in buffer ${bv.buffer}, not the BIN chunk`);
    return glb.bin.subarray(bv.byteOffset ?? 0, (bv.byteOffset ?? 0) + bv.byteLength);
  }
  let cache = decodedViews.get(glb);
  if (!cache) decodedViews.set(glb, (cache = new Map()));
  let out = cache.get(index);
  if (!out) {
    if (m.buffer !== 0) throw new Error(`compressed bufferView ${index} is not in the BIN chunk`);
    out = new Uint8Array(m.count * m.byteStride);
    const source = glb.bin.subarray(m.byteOffset ?? 0, (m.byteOffset ?? 0) + m.byteLength);
    MeshoptDecoder.decodeGltfBuffer(out, m.count, m.byteStride, source, m.mode, m.filter ?? 'NONE');
    if (out.byteLength !== bv.byteLength)
      throw new Error(`bufferView ${index}: decoded ${out.byteLength} bytes, byteLength ${bv.byteLength}`);
    cache.set(index, out);
  }
  return out;
}

/** Accessor values as float64, element by element; normalized integers mapped to [-1, 1] / [0, 1]. */
export function readAccessor(glb: Glb, index: number): Float64Array {
  const acc = glb.json.accessors[index];
  const n = COMPONENTS[acc.type],
    size = COMPONENT_BYTES[acc.componentType];
  const bv = glb.json.bufferViews[acc.bufferView];
  const stride = bv.byteStride ?? n * size;
  const bytes = bufferViewBytes(glb, acc.bufferView);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + (acc.byteOffset ?? 0));
  const out = new Float64Array(acc.count * n);
  for (let i = 0; i < acc.count; i++) {
    for (let c = 0; c < n; c++) {
      const o = i * stride + c * size;
      let v: number;
      switch (acc.componentType) {
        case 5120:
          v = dv.getInt8(o);
          if (acc.normalized) v = Math.max(v / 127, -1);
          break;
        case 5121:
          v = dv.getUint8(o);
          if (acc.normalized) v /= 255;
          break;
        case 5122:
          v = dv.getInt16(o, true);
          if (acc.normalized) v = Math.max(v / 32767, -1);
          break;
        case 5123:
          v = dv.getUint16(o, true);
          if (acc.normalized) v /= 65535;
          break;
        case 5125:
          v = dv.getUint32(o, true);
          break;
        default:
          v = dv.getFloat32(o, true);
      }
      out[i * n + c] = v;
    }
  }
  return out;
}

/** Column-major local matrix of a node (matrix, or T · R · S). */
export function nodeMatrix(node: GltfJson): Float64Array {
  if (node.matrix) return Float64Array.from(node.matrix as number[]);
  const [tx, ty, tz] = node.translation ?? [0, 0, 0];
  const [qx, qy, qz, qw] = node.rotation ?? [0, 0, 0, 1];
  const [sx, sy, sz] = node.scale ?? [1, 1, 1];
  return Float64Array.of(
    (1 - 2 * (qy * qy + qz * qz)) * sx,
    2 * (qx * qy + qz * qw) * sx,
    2 * (qx * qz - qy * qw) * sx,
    0,
    2 * (qx * qy - qz * qw) * sy,
    (1 - 2 * (qx * qx + qz * qz)) * sy,
    2 * (qy * qz + qx * qw) * sy,
    0,
    2 * (qx * qz + qy * qw) * sz,
    2 * (qy * qz - qx * qw) * sz,
    (1 - 2 * (qx * qx + qy * qy)) * sz,
    0,
    tx,
    ty,
    tz,
    1,
  );
}

/**
 * POSITION of a primitive (the first by default) of the mesh on the scene's first node, in the frame CesiumJS renders:
 * tileTransform · Y_UP_TO_Z_UP · node matrix · position (ECEF when tileTransform is the tile's computed transform).
 */
export function worldPositions(glb: Glb, tileTransform: ArrayLike<number>, primitive = 0): Float64Array {
  const nodeIndex = glb.json.scenes[glb.json.scene ?? 0].nodes[0];
  const node = glb.json.nodes[nodeIndex];
  const prim = glb.json.meshes[node.mesh].primitives[primitive];
  const m = multiplyMatrices(multiplyMatrices(tileTransform, Y_UP_TO_Z_UP), nodeMatrix(node));
  const p = readAccessor(glb, prim.attributes.POSITION);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i],
      y = p[i + 1],
      z = p[i + 2];
    out[i] = m[0] * x + m[4] * y + m[8] * z + m[12];
    out[i + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
    out[i + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  }
  return out;
}

export interface DecodedPropertyTable {
  className: string;
  count: number;
  columns: Record<string, (string | number)[]>;
}

/**
 * Property table `index` of EXT_structural_metadata, decoded per the 3D Metadata binary table format (scalars, strings,
 * enums as their names; an enum's noData as '', as the string columns of the uncompressed format write it).
 */
export function readPropertyTable(glb: Glb, index = 0): DecodedPropertyTable {
  const ext = glb.json.extensions.EXT_structural_metadata;
  const table = ext.propertyTables[index];
  const cls = ext.schema.classes[table.class];
  const columns: Record<string, (string | number)[]> = {};
  const decoder = new TextDecoder();
  for (const [name, prop] of Object.entries<GltfJson>(table.properties)) {
    const def = cls.properties[name];
    const values = bufferViewBytes(glb, prop.values);
    const col: (string | number)[] = [];
    if (def.type === 'STRING') {
      const offType = prop.stringOffsetType ?? 'UINT32';
      const ob = bufferViewBytes(glb, prop.stringOffsets);
      const odv = new DataView(ob.buffer, ob.byteOffset, ob.byteLength);
      const get = (i: number) =>
        offType === 'UINT32' ? odv.getUint32(4 * i, true) : offType === 'UINT16' ? odv.getUint16(2 * i, true) : odv.getUint8(i);
      for (let i = 0; i < table.count; i++) col.push(decoder.decode(values.subarray(get(i), get(i + 1))));
    } else if (def.type === 'SCALAR') {
      const size = METADATA_BYTES[def.componentType];
      const dv = new DataView(values.buffer, values.byteOffset, values.byteLength);
      for (let i = 0; i < table.count; i++) {
        const o = i * size;
        switch (def.componentType) {
          case 'UINT8':
            col.push(dv.getUint8(o));
            break;
          case 'INT8':
            col.push(dv.getInt8(o));
            break;
          case 'UINT16':
            col.push(dv.getUint16(o, true));
            break;
          case 'INT16':
            col.push(dv.getInt16(o, true));
            break;
          case 'UINT32':
            col.push(dv.getUint32(o, true));
            break;
          case 'INT32':
            col.push(dv.getInt32(o, true));
            break;
          case 'FLOAT32':
            col.push(dv.getFloat32(o, true));
            break;
          case 'FLOAT64':
            col.push(dv.getFloat64(o, true));
            break;
          default:
            throw new Error(`unsupported componentType ${def.componentType}`);
        }
      }
    } else if (def.type === 'ENUM') {
      const en = ext.schema.enums[def.enumType];
      const names = new Map<number, string>(en.values.map((v: { name: string; value: number }) => [v.value, v.name]));
      const size = METADATA_BYTES[en.valueType ?? 'UINT16'];
      const dv = new DataView(values.buffer, values.byteOffset, values.byteLength);
      for (let i = 0; i < table.count; i++) {
        const v = size === 1 ? dv.getUint8(i) : dv.getUint16(2 * i, true);
        const label = names.get(v);
        if (label === undefined) throw new Error(`${name}: value ${v} is in no enum value`);
        col.push(label === def.noData ? '' : label);
      }
    } else {
      throw new Error(`unsupported property type ${def.type}`);
    }
    columns[name] = col;
  }
  return { className: table.class, count: table.count, columns };
}

/**
 * The same glb with every EXT_meshopt_compression view decoded into one plain BIN chunk (views keep their indices), the
 * extension and its fallback buffer gone: what a loader sees after decoding, for validators that lack the extension.
 */
export function decodeMeshopt(bytes: Uint8Array): Uint8Array {
  const glb = readGlb(bytes);
  const json = structuredClone(glb.json);
  const views = json.bufferViews.map((_: unknown, i: number) => bufferViewBytes(glb, i));
  const align8 = (n: number) => (n + 7) & ~7;
  let length = 0;
  json.bufferViews.forEach((bv: GltfJson, i: number) => {
    delete bv.extensions;
    bv.buffer = 0;
    bv.byteOffset = length;
    bv.byteLength = views[i].byteLength;
    length = align8(length + views[i].byteLength);
  });
  const bin = new Uint8Array(length);
  views.forEach((v: Uint8Array, i: number) => bin.set(v, json.bufferViews[i].byteOffset));
  json.buffers = [{ byteLength: length }];
  const drop = (list?: string[]) => list?.filter((e) => e !== 'EXT_meshopt_compression');
  json.extensionsUsed = drop(json.extensionsUsed);
  json.extensionsRequired = drop(json.extensionsRequired);
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = align8(20 + text.length) - 20;
  const out = new Uint8Array(28 + jsonLength + length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, out.byteLength, true);
  dv.setUint32(12, jsonLength, true);
  dv.setUint32(16, 0x4e4f534a, true);
  out.set(text, 20);
  out.fill(0x20, 20 + text.length, 20 + jsonLength);
  dv.setUint32(20 + jsonLength, length, true);
  dv.setUint32(24 + jsonLength, 0x004e4942, true);
  out.set(bin, 28 + jsonLength);
  return out;
}
