// A minimal glb writer for 3D Tiles 1.1 content: one mesh primitive with a feature id per vertex
// (EXT_mesh_features) indexing one property table (EXT_structural_metadata).
//
// Axes: glTF is y-up and CesiumJS rotates every 3D Tiles glTF by Axis.Y_UP_TO_Z_UP, (x, y, z) -> (x, -z, y),
// before the tile transform. So an ENU point (e, n, u) is written as glTF (e, u, -n); with the tile's
// ENU -> ECEF transform it lands where it was computed.
//
// Quantisation (KHR_mesh_quantization, in extensionsRequired): POSITION is non-normalized UNSIGNED_SHORT
// and the mesh node's translation/scale dequantise it (glTF = translation + scale · q). The scale is
// uniform, so normals are not skewed by the inverse-transpose a non-uniform node scale would apply; the
// error is at most extent / 131070 per axis (≈ 8 mm for a 1 km tile). Accessor min/max are the integer
// values, as the glTF spec requires for non-normalized accessors and CesiumJS reads them.
// NORMAL (when the mesh has normals) is normalized BYTE (stride 4). _FEATURE_ID_0 is FLOAT (exact below 2^24): glTF allows no
// UNSIGNED_INT vertex attributes and a 2-byte id would need a 4-byte stride anyway.
// Compression (option `compression: 'meshopt'`): EXT_meshopt_compression of every view that shrinks (glbPack.ts);
// _FEATURE_ID_0 is then UNSIGNED_SHORT in 4-byte slots when the table has fewer than 65535 rows (the codec makes the
// padding free). Layout rules in glbPack.ts.
import { ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER, MESHOPT, packBin, packGlb, reorderForCompression, type Section } from './glbPack';
import type { FeatureMesh } from './mesh';

export type ScalarComponentType = 'UINT8' | 'INT8' | 'UINT16' | 'INT16' | 'UINT32' | 'INT32' | 'FLOAT32' | 'FLOAT64';

/** One column of a property table: one value per feature. */
export type PropertyColumn =
  | { type: 'STRING'; values: ArrayLike<string>; noData?: string; description?: string }
  | { type: 'SCALAR'; componentType: ScalarComponentType; values: ArrayLike<number>; noData?: number; description?: string }
  | {
      /** Index k of `names` per feature (an EXT_structural_metadata enum of this tile: CesiumJS reads the name). */
      type: 'ENUM';
      names: string[];
      values: ArrayLike<number>;
      /** Index into names meaning "no value". */
      noData?: number;
      description?: string;
    };

/** Rows of a metadata class; row k belongs to feature id k of the mesh. */
export interface PropertyTable {
  className: string;
  count: number;
  columns: Record<string, PropertyColumn>;
}

export interface GlbOptions {
  /** Quantised positions (default true); false writes FLOAT positions (normals, if any, stay int8 and keep the extension required). */
  quantizePositions?: boolean;
  /** 'meshopt': EXT_meshopt_compression (await meshoptReady() from glbPack first); default 'none'. */
  compression?: 'meshopt' | 'none';
  /** Linear RGBA; white-ish so Cesium3DTileStyle colours multiply cleanly. */
  baseColor?: [number, number, number, number];
}

const TYPED: Record<
  ScalarComponentType,
  { new (buffer: ArrayBuffer, offset: number, length: number): { set(a: ArrayLike<number>): void }; BYTES_PER_ELEMENT: number }
> = {
  UINT8: Uint8Array,
  INT8: Int8Array,
  UINT16: Uint16Array,
  INT16: Int16Array,
  UINT32: Uint32Array,
  INT32: Int32Array,
  FLOAT32: Float32Array,
  FLOAT64: Float64Array,
};

const BYTE = 5120,
  UNSIGNED_SHORT = 5123,
  UNSIGNED_INT = 5125,
  FLOAT = 5126;

const encoder = new TextEncoder();

/** UTF-8 bytes of every string back to back, and count + 1 offsets (the spec's string offsets buffer). */
export function utf8Column(values: ArrayLike<string>): { bytes: Uint8Array; offsets: Uint32Array } {
  let maxBytes = 0;
  for (let i = 0; i < values.length; i++) maxBytes += 3 * values[i].length;
  const bytes = new Uint8Array(maxBytes);
  const offsets = new Uint32Array(values.length + 1);
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    offsets[i] = pos;
    let ascii = true;
    for (let c = 0; c < s.length; c++) {
      const code = s.charCodeAt(c);
      if (code > 127) {
        ascii = false;
        break;
      }
      bytes[pos + c] = code;
    }
    pos += ascii ? s.length : encoder.encodeInto(s, bytes.subarray(pos)).written;
  }
  offsets[values.length] = pos;
  return { bytes: bytes.subarray(0, pos), offsets };
}

/** snorm8 of a unit vector, choosing floor/ceil per component so the stored length is closest to 1. */
export function encodeNormal(x: number, y: number, z: number, out: Int8Array, o: number): void {
  const sx = x * 127,
    sy = y * 127,
    sz = z * 127;
  const fx = Math.floor(sx),
    fy = Math.floor(sy),
    fz = Math.floor(sz);
  let best = Infinity;
  for (let c = 0; c < 8; c++) {
    const qx = fx + (c & 1),
      qy = fy + ((c >> 1) & 1),
      qz = fz + ((c >> 2) & 1);
    const err = Math.abs(Math.sqrt(qx * qx + qy * qy + qz * qz) - 127);
    if (err < best) {
      best = err;
      out[o] = Math.max(-127, Math.min(127, qx));
      out[o + 1] = Math.max(-127, Math.min(127, qy));
      out[o + 2] = Math.max(-127, Math.min(127, qz));
    }
  }
}

export const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The glb of one mesh and its property table. */
export function writeGlb(input: FeatureMesh, table: PropertyTable, options: GlbOptions = {}): Uint8Array {
  const quantize = options.quantizePositions ?? true;
  const compress = options.compression === 'meshopt';
  const mesh = compress ? reorderForCompression(input) : input;
  const vertexCount = mesh.featureIds.length;
  if (vertexCount === 0 || mesh.indices.length === 0) throw new Error('writeGlb: empty mesh');
  if (table.count === 0) throw new Error('writeGlb: empty property table');
  const pos = mesh.positions,
    nor = mesh.normals;

  // glTF-frame bounds: (e, u, -n).
  const min = [Infinity, Infinity, Infinity],
    max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < vertexCount; v++) {
    const gx = pos[3 * v],
      gy = pos[3 * v + 2],
      gz = -pos[3 * v + 1];
    if (gx < min[0]) min[0] = gx;
    if (gx > max[0]) max[0] = gx;
    if (gy < min[1]) min[1] = gy;
    if (gy > max[1]) max[1] = gy;
    if (gz < min[2]) min[2] = gz;
    if (gz > max[2]) max[2] = gz;
  }
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const scale = extent > 0 ? extent / 65535 : 1;

  const sections: Section[] = [];
  const accessors: object[] = [];
  const view = (s: Section) => sections.push(s) - 1;

  // POSITION
  if (quantize) {
    const q = new Uint16Array(4 * vertexCount);
    const qMin = [65535, 65535, 65535],
      qMax = [0, 0, 0];
    const inv = 1 / scale;
    for (let v = 0; v < vertexCount; v++) {
      const a = Math.round((pos[3 * v] - min[0]) * inv),
        b = Math.round((pos[3 * v + 2] - min[1]) * inv),
        c = Math.round((-pos[3 * v + 1] - min[2]) * inv);
      q[4 * v] = a;
      q[4 * v + 1] = b;
      q[4 * v + 2] = c;
      if (a < qMin[0]) qMin[0] = a;
      if (a > qMax[0]) qMax[0] = a;
      if (b < qMin[1]) qMin[1] = b;
      if (b > qMax[1]) qMax[1] = b;
      if (c < qMin[2]) qMin[2] = c;
      if (c > qMax[2]) qMax[2] = c;
    }
    const bv = view({ bytes: bytesOf(q), byteStride: 8, target: ARRAY_BUFFER });
    accessors.push({ bufferView: bv, componentType: UNSIGNED_SHORT, count: vertexCount, type: 'VEC3', min: qMin, max: qMax });
  } else {
    const f = new Float32Array(3 * vertexCount);
    for (let v = 0; v < vertexCount; v++) {
      f[3 * v] = pos[3 * v];
      f[3 * v + 1] = pos[3 * v + 2];
      f[3 * v + 2] = -pos[3 * v + 1];
    }
    const fMin = [Infinity, Infinity, Infinity],
      fMax = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < f.length; i++) {
      const c = i % 3;
      if (f[i] < fMin[c]) fMin[c] = f[i];
      if (f[i] > fMax[c]) fMax[c] = f[i];
    }
    const bv = view({ bytes: bytesOf(f), byteStride: 12, target: ARRAY_BUFFER });
    accessors.push({ bufferView: bv, componentType: FLOAT, count: vertexCount, type: 'VEC3', min: fMin, max: fMax });
  }

  // NORMAL: snorm8 in 4-byte slots; consecutive equal normals (a wall's 4 vertices, a roof) reuse the encoding.
  // A mesh without normals gets none: the client shades its flat faces (glTF: it must compute flat normals).
  const attributes: Record<string, number> = { POSITION: 0 };
  if (nor.length > 0) {
    if (nor.length !== 3 * vertexCount) throw new Error(`writeGlb: ${nor.length / 3} normals for ${vertexCount} vertices`);
    const n8 = new Int8Array(4 * vertexCount);
    for (let v = 0; v < vertexCount; v++) {
      const x = nor[3 * v],
        y = nor[3 * v + 1],
        z = nor[3 * v + 2];
      if (v > 0 && x === nor[3 * v - 3] && y === nor[3 * v - 2] && z === nor[3 * v - 1]) {
        n8[4 * v] = n8[4 * v - 4];
        n8[4 * v + 1] = n8[4 * v - 3];
        n8[4 * v + 2] = n8[4 * v - 2];
      } else {
        encodeNormal(x, z, -y, n8, 4 * v);
      }
    }
    const nv = view({ bytes: bytesOf(n8), byteStride: 4, target: ARRAY_BUFFER });
    attributes.NORMAL = accessors.push({ bufferView: nv, componentType: BYTE, normalized: true, count: vertexCount, type: 'VEC3' }) - 1;
  }

  // _FEATURE_ID_0
  const shortIds = compress && table.count < 65535;
  const ids = shortIds ? new Uint16Array(2 * vertexCount) : new Float32Array(vertexCount);
  const idStep = shortIds ? 2 : 1;
  for (let v = 0; v < vertexCount; v++) {
    if (mesh.featureIds[v] >= table.count) throw new Error(`writeGlb: feature id ${mesh.featureIds[v]} >= table count ${table.count}`);
    ids[idStep * v] = mesh.featureIds[v];
  }
  const fv = view({ bytes: bytesOf(ids), target: ARRAY_BUFFER, ...(shortIds ? { byteStride: 4 } : {}) });
  attributes._FEATURE_ID_0 =
    accessors.push({ bufferView: fv, componentType: shortIds ? UNSIGNED_SHORT : FLOAT, count: vertexCount, type: 'SCALAR' }) - 1;

  // indices: uint16 when every index fits below the 65535 restart value
  const small = vertexCount <= 65535;
  const idx = small ? Uint16Array.from(mesh.indices) : mesh.indices;
  const iv = view({ bytes: bytesOf(idx), target: ELEMENT_ARRAY_BUFFER, indexSize: small ? 2 : 4 });
  const indices =
    accessors.push({ bufferView: iv, componentType: small ? UNSIGNED_SHORT : UNSIGNED_INT, count: idx.length, type: 'SCALAR' }) - 1;

  const metadata = propertyTableJson(table, view);
  const { bin, bufferViews, buffers, meshopt } = packBin(sections, compress);

  const node: Record<string, unknown> = { mesh: 0 };
  if (quantize) {
    node.translation = min;
    node.scale = [scale, scale, scale];
  }
  const json = {
    asset: { version: '2.0', generator: 'cim-viewer src/core/tiles' },
    extensionsUsed: ['KHR_mesh_quantization', 'EXT_mesh_features', 'EXT_structural_metadata', ...(meshopt ? [MESHOPT] : [])],
    extensionsRequired: ['KHR_mesh_quantization', ...(meshopt ? [MESHOPT] : [])],
    extensions: { EXT_structural_metadata: metadata },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [node],
    meshes: [
      {
        primitives: [
          {
            attributes,
            indices,
            material: 0,
            mode: 4,
            extensions: { EXT_mesh_features: { featureIds: [{ featureCount: table.count, attribute: 0, propertyTable: 0 }] } },
          },
        ],
      },
    ],
    materials: [
      {
        pbrMetallicRoughness: { baseColorFactor: options.baseColor ?? [0.92, 0.92, 0.9, 1], metallicFactor: 0, roughnessFactor: 1 },
      },
    ],
    accessors,
    bufferViews,
    buffers,
  };
  return packGlb(encoder.encode(JSON.stringify(json)), bin);
}

/** EXT_structural_metadata of one property table: schema (class, enums) and table, its columns added as sections. */
export function propertyTableJson(table: PropertyTable, view: (s: Section) => number): object {
  const classProperties: Record<string, object> = {};
  const tableProperties: Record<string, object> = {};
  const enums: Record<string, object> = {};
  for (const [name, col] of Object.entries(table.columns)) {
    if (col.values.length !== table.count)
      throw new Error(`writeGlb: column ${name} has ${col.values.length} values, table ${table.count}`);
    const def: Record<string, unknown> = { type: col.type };
    if (col.description) def.description = col.description;
    if (col.type === 'STRING') {
      if (col.noData !== undefined) def.noData = col.noData;
      const { bytes, offsets } = utf8Column(col.values);
      // glTF wants every bufferView ≥ 1 byte: a column of empty strings keeps one unused byte (its offsets are all 0).
      const values = view({ bytes: bytes.length ? bytes : new Uint8Array(1) });
      const stringOffsets = view({ bytes: bytesOf(offsets) });
      tableProperties[name] = { values, stringOffsets, stringOffsetType: 'UINT32' };
    } else if (col.type === 'SCALAR') {
      def.componentType = col.componentType;
      if (col.noData !== undefined) def.noData = col.noData;
      const T = TYPED[col.componentType];
      const bytes = new Uint8Array(T.BYTES_PER_ELEMENT * table.count);
      new T(bytes.buffer, 0, table.count).set(col.values);
      tableProperties[name] = { values: view({ bytes }) };
    } else {
      if (new Set(col.names).size !== col.names.length || col.names.some((s) => s === ''))
        throw new Error(`writeGlb: enum ${name} needs distinct non-empty names`);
      const valueType = col.names.length <= 256 ? 'UINT8' : 'UINT16';
      enums[name] = { valueType, values: col.names.map((n, value) => ({ name: n, value })) };
      def.enumType = name;
      if (col.noData !== undefined) def.noData = col.names[col.noData];
      const values = valueType === 'UINT8' ? Uint8Array.from(col.values) : Uint16Array.from(col.values);
      tableProperties[name] = { values: view({ bytes: bytesOf(values) }) };
    }
    classProperties[name] = def;
  }
  return {
    schema: { id: 'cim', ...(Object.keys(enums).length ? { enums } : {}), classes: { [table.className]: { properties: classProperties } } },
    propertyTables: [{ class: table.className, count: table.count, properties: tableProperties }],
  };
}
