// The grid index's single-buffer layout: every array is a view into one ArrayBuffer, so the index
// crosses to a worker by transfer (or is shared) and is rebuilt there without copying, like Flatbush.from.

const MAGIC = 0x43494d47; // 'CIMG'
const VERSION = 3;
const U32_HEADER = 16;
const F64_HEADER = 8;

/** Candidate entry flag (entry = polygon << 2 | LEFTWARD | WHOLE_CELL): the polygon contains the whole raster cell. */
export const WHOLE_CELL = 1;
/** Candidate entry flag: its edge range serves a ray towards -x (else +x). */
export const LEFTWARD = 2;
/** Value of a raster cell inside no polygon; values >= 0 are feature indices, <= -2 candidate lists. */
export const EMPTY_CELL = -1;

export interface GridIndexCounts {
  featureCount: number;
  polyCount: number;
  ringCount: number;
  /** Vertices of the closed rings (each ring repeats its first vertex, so edge i is vertex i -> i + 1). */
  vertexCount: number;
  nCols: number;
  nRows: number;
  /** Words of the cand array. */
  candLength: number;
  bucketCount: number;
  /** Float64 words of the edge stream. */
  streamLength: number;
}

/**
 * A packed point-in-polygon index over L3 cells: a uniform raster of interior / empty / candidate cells.
 * A class with fixed fields (not a spread object) so hot loops read its arrays through fast properties.
 */
export class GridIndex implements GridIndexCounts {
  readonly featureCount: number;
  readonly polyCount: number;
  readonly ringCount: number;
  readonly vertexCount: number;
  readonly nCols: number;
  readonly nRows: number;
  readonly candLength: number;
  readonly bucketCount: number;
  readonly streamLength: number;
  /** Data extent (union of the cells' bboxes), metres. */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Side of a square raster cell, metres. */
  readonly cellSizeM: number;
  /** Slack added around raster cells when classifying them, so rounding in floor() never misplaces a point. */
  readonly marginM: number;
  /** Per raster cell (row-major from minX, minY): feature index, EMPTY_CELL, or -2 - (its record in cand). */
  readonly cellValue: Int32Array;
  /**
   * Candidate records: [count, then per candidate: polygon << 2 | LEFTWARD | WHOLE_CELL, edge stream start,
   * edge stream end], polygons ascending. The range holds the runs of the polygon's row bucket that a ray
   * from this raster cell towards -x (LEFTWARD) or +x can meet, whichever is shorter.
   */
  readonly cand: Uint32Array;
  /** Stream range of bucket b (a polygon's edges reaching one raster row): bucketStart[b] .. bucketStart[b + 1]. */
  readonly bucketStart: Uint32Array;
  /** Edge runs: [edge count n, then n + 1 vertices x,y] repeated; each bucket's runs are contiguous. */
  readonly edgeStream: Float64Array;
  /** First bucket of each polygon; the bucket of raster row r is polyBucket[p] + r - polyRow0[p]. */
  readonly polyBucket: Uint32Array;
  readonly polyRow0: Uint32Array;
  /** Closed rings, x,y interleaved, metres. */
  readonly coords: Float64Array;
  readonly ringStart: Uint32Array;
  readonly polyRingStart: Uint32Array;
  readonly featurePolyStart: Uint32Array;
  readonly polyFeature: Uint32Array;
  /** minX, minY, maxX, maxY per polygon. */
  readonly polyBbox: Float64Array;

  /** Views over a buffer whose header is already written (by allocateGridIndex or a transfer). */
  constructor(readonly buffer: ArrayBuffer) {
    const u32 = new Uint32Array(buffer, F64_HEADER * 8, U32_HEADER);
    if (u32[0] !== MAGIC) throw new Error('GridIndex: not a grid index buffer');
    if (u32[1] !== VERSION) throw new Error(`GridIndex: grid index version ${u32[1]}, expected ${VERSION}`);
    const c = {} as GridIndexCounts;
    COUNT_KEYS.forEach((k, i) => (c[k] = u32[2 + i]));
    this.featureCount = c.featureCount;
    this.polyCount = c.polyCount;
    this.ringCount = c.ringCount;
    this.vertexCount = c.vertexCount;
    this.nCols = c.nCols;
    this.nRows = c.nRows;
    this.candLength = c.candLength;
    this.bucketCount = c.bucketCount;
    this.streamLength = c.streamLength;
    const f64 = new Float64Array(buffer, 0, F64_HEADER);
    this.minX = f64[0];
    this.minY = f64[1];
    this.maxX = f64[2];
    this.maxY = f64[3];
    this.cellSizeM = f64[4];
    this.marginM = f64[5];
    const v = viewsOf(buffer, c);
    this.coords = v.coords as Float64Array;
    this.polyBbox = v.polyBbox as Float64Array;
    this.cellValue = v.cellValue as Int32Array;
    this.edgeStream = v.edgeStream as Float64Array;
    this.cand = v.cand as Uint32Array;
    this.bucketStart = v.bucketStart as Uint32Array;
    this.polyBucket = v.polyBucket as Uint32Array;
    this.polyRow0 = v.polyRow0 as Uint32Array;
    this.ringStart = v.ringStart as Uint32Array;
    this.polyRingStart = v.polyRingStart as Uint32Array;
    this.featurePolyStart = v.featurePolyStart as Uint32Array;
    this.polyFeature = v.polyFeature as Uint32Array;
  }
}

interface Section {
  name: string;
  type: 'f64' | 'i32' | 'u32';
  length: number;
}

function sections(c: GridIndexCounts): Section[] {
  // Float64 sections first keeps every view aligned.
  return [
    { name: 'coords', type: 'f64', length: c.vertexCount * 2 },
    { name: 'polyBbox', type: 'f64', length: c.polyCount * 4 },
    { name: 'edgeStream', type: 'f64', length: c.streamLength },
    { name: 'cellValue', type: 'i32', length: c.nCols * c.nRows },
    { name: 'cand', type: 'u32', length: c.candLength },
    { name: 'bucketStart', type: 'u32', length: c.bucketCount + 1 },
    { name: 'polyBucket', type: 'u32', length: c.polyCount },
    { name: 'polyRow0', type: 'u32', length: c.polyCount },
    { name: 'ringStart', type: 'u32', length: c.ringCount + 1 },
    { name: 'polyRingStart', type: 'u32', length: c.polyCount + 1 },
    { name: 'featurePolyStart', type: 'u32', length: c.featureCount + 1 },
    { name: 'polyFeature', type: 'u32', length: c.polyCount },
  ];
}

const COUNT_KEYS: (keyof GridIndexCounts)[] = [
  'featureCount',
  'polyCount',
  'ringCount',
  'vertexCount',
  'nCols',
  'nRows',
  'candLength',
  'bucketCount',
  'streamLength',
];

// Views over buffer for the given counts; the header has already been read or written.
function viewsOf(buffer: ArrayBufferLike, c: GridIndexCounts): Record<string, Float64Array | Int32Array | Uint32Array> {
  let offset = F64_HEADER * 8 + U32_HEADER * 4;
  const out: Record<string, Float64Array | Int32Array | Uint32Array> = {};
  for (const s of sections(c)) {
    const bytes = s.type === 'f64' ? 8 : 4;
    offset = Math.ceil(offset / bytes) * bytes;
    out[s.name] =
      s.type === 'f64'
        ? new Float64Array(buffer, offset, s.length)
        : s.type === 'i32'
          ? new Int32Array(buffer, offset, s.length)
          : new Uint32Array(buffer, offset, s.length);
    offset += s.length * bytes;
  }
  return out;
}

function byteLength(c: GridIndexCounts): number {
  let offset = F64_HEADER * 8 + U32_HEADER * 4;
  for (const s of sections(c)) {
    const bytes = s.type === 'f64' ? 8 : 4;
    offset = Math.ceil(offset / bytes) * bytes + s.length * bytes;
  }
  return offset;
}

/** Allocates an index for the given counts and extent; the builder fills the arrays. */
export function allocateGridIndex(
  c: GridIndexCounts,
  extent: { minX: number; minY: number; maxX: number; maxY: number; cellSizeM: number; marginM: number },
): GridIndex {
  const buffer = new ArrayBuffer(byteLength(c));
  const f64 = new Float64Array(buffer, 0, F64_HEADER);
  f64.set([extent.minX, extent.minY, extent.maxX, extent.maxY, extent.cellSizeM, extent.marginM]);
  const u32 = new Uint32Array(buffer, F64_HEADER * 8, U32_HEADER);
  u32[0] = MAGIC;
  u32[1] = VERSION;
  COUNT_KEYS.forEach((k, i) => (u32[2 + i] = c[k]));
  return new GridIndex(buffer);
}

/** Rebuilds an index from its buffer (transferred to a worker, or a SharedArrayBuffer) without copying. */
export function gridIndexFrom(buffer: ArrayBufferLike): GridIndex {
  // A SharedArrayBuffer works the same; the field keeps the plain type most callers transfer.
  return new GridIndex(buffer as ArrayBuffer);
}

/** The index's one buffer, to transfer (postMessage / Comlink.transfer) and revive with gridIndexFrom. */
export function serializeGridIndex(index: GridIndex): ArrayBuffer {
  return index.buffer;
}
