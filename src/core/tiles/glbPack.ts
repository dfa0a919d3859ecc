// The BIN chunk of a glb and its buffer views, optionally EXT_meshopt_compression'd, and the glb container.
//
// Compressed layout (EXT_meshopt_compression, with its fallback buffer rules): buffer 0 is the BIN chunk and holds the
// compressed bytes of every compressed view and the raw bytes of the others; buffer 1 is the fallback buffer, with no
// data (no uri, `fallback: true`), in which each compressed view has its decoded place. Since the fallback has no data,
// the extension is required. A view is compressed only when that makes it smaller: vertex views in ATTRIBUTES mode at
// their stride, indices in TRIANGLES mode, any other view whose length is a multiple of 4 (property columns) in
// ATTRIBUTES mode at stride 4. Codec version 0: the only one EXT_meshopt_compression allows.
// Every view starts on an 8-byte boundary (EXT_structural_metadata allows 64-bit values), and so does the BIN data in
// the file.
import { MeshoptEncoder } from 'meshoptimizer';
import type { FeatureMesh } from './mesh';

export const ARRAY_BUFFER = 34962,
  ELEMENT_ARRAY_BUFFER = 34963;

export const MESHOPT = 'EXT_meshopt_compression';

/** One buffer view's bytes before layout. */
export interface Section {
  bytes: Uint8Array;
  byteStride?: number;
  target?: number;
  /** Bytes per index of an index view (TRIANGLES mode). */
  indexSize?: number;
  /** Never compressed (image bytes: the extension is for geometry). */
  raw?: boolean;
}

export interface PackedBin {
  bin: Uint8Array;
  bufferViews: object[];
  buffers: object[];
  /** Whether any view is compressed (then EXT_meshopt_compression is used and required). */
  meshopt: boolean;
}

let encoderReady = false;
const ready = MeshoptEncoder.ready.then(() => {
  encoderReady = true;
});

/** Resolves once the meshopt encoder (WebAssembly) can run; await it before writing compressed tiles. */
export function meshoptReady(): Promise<void> {
  return ready;
}

const align8 = (n: number) => (n + 7) & ~7;
/** Views shorter than this stay raw: the codec's header and tail cost more than they save. */
const MIN_COMPRESSED_BYTES = 64;

/** The meshopt encoding of a section (null when it cannot be compressed or would not shrink). */
function encode(s: Section): { data: Uint8Array; mode: 'ATTRIBUTES' | 'TRIANGLES'; stride: number; count: number } | null {
  const n = s.bytes.byteLength;
  if (n < MIN_COMPRESSED_BYTES || s.raw) return null;
  let mode: 'ATTRIBUTES' | 'TRIANGLES', stride: number;
  if (s.target === ELEMENT_ARRAY_BUFFER) {
    mode = 'TRIANGLES';
    stride = s.indexSize ?? 0;
    if ((stride !== 2 && stride !== 4) || (n / stride) % 3 !== 0) return null;
  } else {
    mode = 'ATTRIBUTES';
    stride = s.byteStride ?? 4;
    if (stride % 4 !== 0 || n % stride !== 0) return null;
  }
  const count = n / stride;
  const data = MeshoptEncoder.encodeGltfBuffer(s.bytes, count, stride, mode, 0);
  return data.byteLength < n ? { data, mode, stride, count } : null;
}

/** Lays out the sections as buffer views of one BIN chunk (and a fallback buffer when compressing). */
export function packBin(sections: Section[], compress: boolean): PackedBin {
  if (compress && !encoderReady) throw new Error('writeGlb: the meshopt encoder is not ready; await meshoptReady() first');
  const encoded = sections.map((s) => (compress ? encode(s) : null));
  const bufferViews: object[] = [];
  let binLength = 0,
    fallbackLength = 0;
  sections.forEach((s, i) => {
    const e = encoded[i];
    const bv: Record<string, unknown> = e
      ? {
          buffer: 1,
          byteOffset: fallbackLength,
          byteLength: s.bytes.byteLength,
          extensions: {
            [MESHOPT]: {
              buffer: 0,
              byteOffset: binLength,
              byteLength: e.data.byteLength,
              byteStride: e.stride,
              count: e.count,
              mode: e.mode,
            },
          },
        }
      : { buffer: 0, byteOffset: binLength, byteLength: s.bytes.byteLength };
    if (s.byteStride) bv.byteStride = s.byteStride;
    if (s.target) bv.target = s.target;
    bufferViews.push(bv);
    if (e) {
      binLength = align8(binLength + e.data.byteLength);
      fallbackLength = align8(fallbackLength + s.bytes.byteLength);
    } else {
      binLength = align8(binLength + s.bytes.byteLength);
    }
  });
  const bin = new Uint8Array(binLength);
  let offset = 0;
  sections.forEach((s, i) => {
    const data = encoded[i]?.data ?? s.bytes;
    bin.set(data, offset);
    offset = align8(offset + data.byteLength);
  });
  const meshopt = fallbackLength > 0;
  const buffers: object[] = [{ byteLength: binLength }];
  if (meshopt) buffers.push({ byteLength: fallbackLength, extensions: { [MESHOPT]: { fallback: true } } });
  return { bin, bufferViews, buffers, meshopt };
}

const GLB_MAGIC = 0x46546c67,
  CHUNK_JSON = 0x4e4f534a,
  CHUNK_BIN = 0x004e4942;

/**
 * glb container: 12-byte header, JSON chunk padded with spaces so it ends on an 8-byte boundary of the file
 * (the BIN chunk data, 8 bytes later, then starts on one), BIN chunk padded with zeros to 8 bytes.
 */
export function packGlb(jsonBytes: Uint8Array, bin: Uint8Array): Uint8Array {
  const jsonLength = align8(20 + jsonBytes.length) - 20;
  const binLength = align8(bin.length);
  const total = 12 + 8 + jsonLength + (binLength ? 8 + binLength : 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, GLB_MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLength, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonLength);
  if (binLength) {
    dv.setUint32(20 + jsonLength, binLength, true);
    dv.setUint32(24 + jsonLength, CHUNK_BIN, true);
    out.set(bin, 28 + jsonLength);
  }
  return out;
}

/**
 * The mesh with its vertices in first-use order (unused ones dropped): what the index codec needs to spend about a
 * byte per triangle instead of three (earcut's roofs reach back to earlier vertices). Triangles keep their order: a
 * vertex-cache reordering made them no smaller at many times the cost.
 */
export function reorderForCompression(mesh: FeatureMesh): FeatureMesh {
  const { indices, remap, unique } = firstUseOrder(mesh.indices);
  const hasNormals = mesh.normals.length > 0;
  const positions = new Float32Array(3 * unique),
    normals = new Float32Array(hasNormals ? 3 * unique : 0),
    featureIds = new Uint32Array(unique);
  const p = mesh.positions,
    n = mesh.normals,
    f = mesh.featureIds;
  for (let v = 0; v < f.length; v++) {
    const r = remap[v];
    if (r === 0xffffffff) continue;
    positions[3 * r] = p[3 * v];
    positions[3 * r + 1] = p[3 * v + 1];
    positions[3 * r + 2] = p[3 * v + 2];
    if (hasNormals) {
      normals[3 * r] = n[3 * v];
      normals[3 * r + 1] = n[3 * v + 1];
      normals[3 * r + 2] = n[3 * v + 2];
    }
    featureIds[r] = f[v];
  }
  return { positions, normals, featureIds, indices };
}

/**
 * Indices renumbered so vertices come in first-use order: the new indices, `remap` (old vertex -> new, 0xffffffff for
 * an unused one) and the count of used vertices. Every attribute of vertex v moves to remap[v].
 */
export function firstUseOrder(input: Uint32Array): { indices: Uint32Array; remap: Uint32Array; unique: number } {
  if (!encoderReady) throw new Error('writeGlb: the meshopt encoder is not ready; await meshoptReady() first');
  const indices = input.slice();
  const [remap, unique] = MeshoptEncoder.reorderMesh(indices, false, false);
  return { indices, remap, unique };
}
