// importGrid's result as one binary record, so a grid file opened before is not parsed, snapped and validated
// again: the key names the file's content hash and the import options, a checksum covers the record, and
// anything that does not match (another file, other options, another format, a truncated or altered record)
// decodes to null, which means "import the file".
import type { Grid, GridArea, GridCell } from './gridModel';
import type { Problem } from './problems';

export interface ImportResult {
  grid: Grid;
  problems: Problem[];
  snapped: Uint8Array;
}

const MAGIC = 0x43474943; // "CIGC"
/** Bumped whenever the record's layout or what importGrid computes changes: older records then miss. */
export const IMPORT_CACHE_VERSION = 1;

/** The cache key of an import: the file's content hash and every option the import depends on. */
export function importCacheKey(contentHash: string, options: { crs: string; zone: number; snapM?: number; minAreaM2?: number }): string {
  return JSON.stringify([IMPORT_CACHE_VERSION, contentHash, options.crs, options.zone, options.snapM ?? null, options.minAreaM2 ?? null]);
}

/** SHA-256 of the bytes, hex (crypto.subtle: in browsers, their workers and Node). */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 32-bit FNV-1a over 32-bit words then the tail bytes: detects a truncated or altered record. */
function checksum(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  const words = end >> 2;
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  for (let i = 0; i < words; i++) h = Math.imul(h ^ view[i], 0x01000193);
  for (let i = words << 2; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

type CellRow = [string, string, string | null] | [string, string, string | null, GridCell['props']];

/**
 * Layout (little-endian): u32 magic, u32 version, u32 header bytes, u32 nodeXY length, u32 ring count, u32 ring nodes,
 * u32 snapped length, u32 pad; the header JSON (key, frame, options, areas, cells, ring counts per cell, problems)
 * padded to 8; nodeXY f64; ring lengths u32; ring nodes i32; snapped u8; padding to 4; u32 checksum of all before it.
 */
export function encodeImport(key: string, r: ImportResult): Uint8Array {
  const { grid } = r;
  const rings = grid.cells.flatMap((c) => c.rings);
  const ringNodes = rings.reduce((n, ring) => n + ring.length, 0);
  const header = new TextEncoder().encode(
    JSON.stringify({
      key,
      frame: grid.frame,
      options: grid.options,
      areas: grid.areas,
      cells: grid.cells.map((c): CellRow => (c.props === undefined ? [c.id, c.name, c.parentId] : [c.id, c.name, c.parentId, c.props])),
      ringsPerCell: grid.cells.map((c) => c.rings.length),
      problems: r.problems,
    }),
  );
  const pad8 = (n: number) => (n + 7) & ~7;
  const headerEnd = pad8(32 + header.length);
  const xyEnd = headerEnd + grid.nodeXY.byteLength;
  const lenEnd = xyEnd + rings.length * 4;
  const nodesEnd = lenEnd + ringNodes * 4;
  const snappedEnd = nodesEnd + r.snapped.length;
  const sumAt = (snappedEnd + 3) & ~3;
  const out = new Uint8Array(sumAt + 4);
  const view = new DataView(out.buffer);
  [MAGIC, IMPORT_CACHE_VERSION, header.length, grid.nodeXY.length, rings.length, ringNodes, r.snapped.length, 0].forEach((v, i) =>
    view.setUint32(i * 4, v, true),
  );
  out.set(header, 32);
  new Float64Array(out.buffer, headerEnd, grid.nodeXY.length).set(grid.nodeXY);
  const lengths = new Uint32Array(out.buffer, xyEnd, rings.length);
  const nodes = new Int32Array(out.buffer, lenEnd, ringNodes);
  let o = 0;
  rings.forEach((ring, i) => {
    lengths[i] = ring.length;
    nodes.set(ring, o);
    o += ring.length;
  });
  out.set(r.snapped, nodesEnd);
  view.setUint32(sumAt, checksum(out, sumAt), true);
  return out;
}

/** The import stored under `key`, or null when the record is not one (wrong key, version, size or checksum). */
export function decodeImport(key: string, bytes: Uint8Array): ImportResult | null {
  if (bytes.byteLength < 36) return null;
  // Typed views need aligned offsets: a record read into an odd place is copied once.
  const data = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u32 = (i: number) => view.getUint32(i * 4, true);
  if (u32(0) !== MAGIC || u32(1) !== IMPORT_CACHE_VERSION) return null;
  const [headerBytes, xyLength, ringCount, ringNodes, snappedLength] = [u32(2), u32(3), u32(4), u32(5), u32(6)];
  const headerEnd = (32 + headerBytes + 7) & ~7;
  const xyEnd = headerEnd + xyLength * 8;
  const lenEnd = xyEnd + ringCount * 4;
  const nodesEnd = lenEnd + ringNodes * 4;
  const sumAt = (nodesEnd + snappedLength + 3) & ~3;
  if (data.byteLength !== sumAt + 4 || view.getUint32(sumAt, true) !== checksum(data, sumAt)) return null;
  let header: {
    key: string;
    frame: Grid['frame'];
    options: Grid['options'];
    areas: GridArea[];
    cells: CellRow[];
    ringsPerCell: number[];
    problems: Problem[];
  };
  try {
    header = JSON.parse(new TextDecoder().decode(data.subarray(32, 32 + headerBytes)));
  } catch {
    return null;
  }
  if (header.key !== key || header.cells.length !== header.ringsPerCell.length) return null;
  const base = data.byteOffset;
  const nodeXY = new Float64Array(data.buffer.slice(base + headerEnd, base + xyEnd));
  const lengths = new Uint32Array(data.buffer, base + xyEnd, ringCount);
  // The cells' rings are views on one copied column (grids are immutable: nothing writes into a ring).
  const nodes = new Int32Array(data.buffer.slice(base + lenEnd, base + nodesEnd));
  let ring = 0,
    o = 0;
  const cells: GridCell[] = [];
  for (let c = 0; c < header.cells.length; c++) {
    const row = header.cells[c];
    const rings: Int32Array[] = [];
    for (let k = 0; k < header.ringsPerCell[c]; k++, ring++) {
      if (ring >= ringCount || o + lengths[ring] > ringNodes) return null;
      rings.push(nodes.subarray(o, o + lengths[ring]));
      o += lengths[ring];
    }
    cells.push(
      row.length === 4
        ? { id: row[0], name: row[1], parentId: row[2], rings, props: row[3] }
        : { id: row[0], name: row[1], parentId: row[2], rings },
    );
  }
  if (ring !== ringCount || o !== ringNodes) return null;
  const grid: Grid = { frame: header.frame, options: header.options, nodeXY, cells, areas: header.areas };
  return { grid, problems: header.problems, snapped: data.slice(nodesEnd, nodesEnd + snappedLength) };
}
