// The "join inputs" file beside a buildings file: what grid-mode statistics need of every building and
// never changes with the grid (its interior point in the GK zone, footprint area, floors, use), made once
// by `cim join` so the viewer does not recompute it on every open. Binary, little-endian, versioned, and
// keyed by the buildings file it was made from, so a stale file is refused.
//
// Layout: header (48 bytes) | points f64 × 2n | areaM2 f64 × n | floors f32 × n | use u16 × n | pad to 4 | use table (UTF-8 JSON)
// header: "CIMJ" | version u32 | zone u32 | count u32 | source byteLength f64 | source hash u32 | use table bytes u32 | reserved × 16

const MAGIC = 0x4a4d4943; // "CIMJ" read as a little-endian u32
export const JOIN_INPUTS_VERSION = 1;
const HEADER_BYTES = 48;

/** Identifies a buildings file: its length and a hash of sampled bytes (a whole-file hash would cost as much as reading it). */
export interface SourceKey {
  byteLength: number;
  hash: number;
}

export interface JoinInputs {
  /** CGCS2000 3° GK zone the points are in. */
  zone: number;
  source: SourceKey;
  /** Per building (in file order, as the layers worker packs it): an interior point, x,y metres in the zone. */
  pointsXyM: Float64Array;
  /** Footprint areas, m² (f64: statistics from the file equal those computed from the footprints). */
  areaM2: Float64Array;
  /** NaN where unknown. */
  floors: Float32Array;
  useIndex: Uint16Array;
  useTable: string[];
}

/** Why a join-inputs file cannot be used; `stale` when it is intact but made from other buildings or another zone. */
export class JoinInputsError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly stale = false,
  ) {
    super(`${file}: ${message}`);
    this.name = 'JoinInputsError';
  }
}

/** The file name beside a buildings file: buildings.fgb -> buildings.join.bin. */
export function joinInputsName(buildingsName: string): string {
  return buildingsName.replace(/\.[^./\\]*$/, '') + '.join.bin';
}

const SAMPLE_BLOCKS = 64;
const BLOCK_BYTES = 4096;

/** FNV-1a over the head, the tail and 64 evenly spaced 4 KB blocks, with the length: cheap on a 500 MB file. */
export function sourceKey(bytes: Uint8Array): SourceKey {
  let h = 0x811c9dc5;
  const mix = (from: number, to: number) => {
    for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  };
  const n = bytes.length;
  if (n <= (SAMPLE_BLOCKS + 2) * BLOCK_BYTES) mix(0, n);
  else {
    mix(0, BLOCK_BYTES);
    for (let k = 1; k <= SAMPLE_BLOCKS; k++) {
      const at = Math.floor((n * k) / (SAMPLE_BLOCKS + 1));
      mix(at, at + BLOCK_BYTES);
    }
    mix(n - BLOCK_BYTES, n);
  }
  return { byteLength: n, hash: h >>> 0 };
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The file's bytes. */
export function encodeJoinInputs(inputs: JoinInputs): Uint8Array {
  const n = inputs.areaM2.length;
  if (inputs.pointsXyM.length !== 2 * n || inputs.floors.length !== n || inputs.useIndex.length !== n) {
    throw new Error(`join inputs: columns of different lengths for ${n} buildings`);
  }
  const table = new TextEncoder().encode(JSON.stringify(inputs.useTable));
  const pointsAt = HEADER_BYTES;
  const areaAt = pointsAt + 16 * n;
  const floorsAt = areaAt + 8 * n;
  const useAt = floorsAt + 4 * n;
  const tableAt = pad4(useAt + 2 * n);
  const out = new Uint8Array(tableAt + table.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, JOIN_INPUTS_VERSION, true);
  view.setUint32(8, inputs.zone, true);
  view.setUint32(12, n, true);
  view.setFloat64(16, inputs.source.byteLength, true);
  view.setUint32(24, inputs.source.hash, true);
  view.setUint32(28, table.length, true);
  // Typed-array views are platform-endian; every platform this runs on is little-endian, checked below.
  new Float64Array(out.buffer, pointsAt, 2 * n).set(inputs.pointsXyM);
  new Float64Array(out.buffer, areaAt, n).set(inputs.areaM2);
  new Float32Array(out.buffer, floorsAt, n).set(inputs.floors);
  new Uint16Array(out.buffer, useAt, n).set(inputs.useIndex);
  out.set(table, tableAt);
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What a file must match to be used; a mismatch is a stale JoinInputsError. */
export interface JoinInputsExpectation {
  zone?: number;
  count?: number;
  source?: SourceKey;
}

/** Parses and checks a join-inputs file; the columns are copies (the bytes may be dropped). */
export function decodeJoinInputs(bytes: Uint8Array, file: string, expect: JoinInputsExpectation = {}): JoinInputs {
  if (!littleEndian) throw new JoinInputsError(file, 'join inputs need a little-endian platform');
  if (bytes.length < HEADER_BYTES) throw new JoinInputsError(file, `truncated: ${bytes.length} bytes, the header alone is ${HEADER_BYTES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new JoinInputsError(file, 'not a join-inputs file (no "CIMJ" at its start)');
  const version = view.getUint32(4, true);
  if (version !== JOIN_INPUTS_VERSION)
    throw new JoinInputsError(file, `version ${version}, this viewer reads ${JOIN_INPUTS_VERSION}`, true);
  const zone = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  const source = { byteLength: view.getFloat64(16, true), hash: view.getUint32(24, true) };
  const tableBytes = view.getUint32(28, true);
  const areaAt = HEADER_BYTES + 16 * n;
  const floorsAt = areaAt + 8 * n;
  const useAt = floorsAt + 4 * n;
  const tableAt = pad4(useAt + 2 * n);
  const expected = tableAt + tableBytes;
  if (bytes.length < expected) throw new JoinInputsError(file, `truncated: ${bytes.length} bytes, ${n} buildings need ${expected}`);
  if (expect.zone !== undefined && expect.zone !== zone)
    throw new JoinInputsError(file, `made in GK zone ${zone}, the grid is in zone ${expect.zone}`, true);
  if (expect.count !== undefined && expect.count !== n)
    throw new JoinInputsError(file, `made for ${n} buildings, the city has ${expect.count}`, true);
  if (expect.source && (expect.source.byteLength !== source.byteLength || expect.source.hash !== source.hash)) {
    throw new JoinInputsError(file, 'made from another version of the buildings file', true);
  }
  // Copied into fresh buffers: the sections of `bytes` need not be aligned for typed views.
  // (Uint8Array's own slice: a Node Buffer's slice is a view.)
  const copy = (at: number, len: number) => Uint8Array.prototype.slice.call(bytes, at, at + len).buffer;
  let useTable: unknown;
  try {
    useTable = JSON.parse(new TextDecoder().decode(bytes.subarray(tableAt, expected)));
  } catch (err) {
    throw new JoinInputsError(file, `its use table is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(useTable) || useTable.some((u) => typeof u !== 'string'))
    throw new JoinInputsError(file, 'its use table is not a list of strings');
  return {
    zone,
    source,
    pointsXyM: new Float64Array(copy(HEADER_BYTES, 16 * n)),
    areaM2: new Float64Array(copy(areaAt, 8 * n)),
    floors: new Float32Array(copy(floorsAt, 4 * n)),
    useIndex: new Uint16Array(copy(useAt, 2 * n)),
    useTable: useTable as string[],
  };
}
