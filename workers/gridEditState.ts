// The grid-editing worker's state (one working grid) and what is derived from it: node positions in
// lon/lat (carried over an edit, only moved nodes projected again), the whole grid's index, cell records.
import { cellAreaM2, packCells, type Grid } from '../src/core/grid/gridModel';
import { nodesInSourceCrs, toGridXY } from '../src/core/grid/gridCoords';
import { sourcePoint } from '../src/core/grid/problems';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import type { GridIndex } from '../src/core/spatial/gridIndexLayout';

export interface State {
  grid: Grid;
  /** The grid as opened from the city's file (before any replayed edit) and the cells import snapped: what the file's join carries over to. */
  opened: { grid: Grid; snapped: Uint8Array } | null;
  lonLat: Float64Array | null;
  index: GridIndex | null;
  pointsM: Float64Array | null;
  cellOfBuilding: Int32Array | null;
}

/** Node positions in the input CRS (lon/lat), derived once per grid value. */
export function lonLatOf(s: State): Float64Array {
  s.lonLat ??= nodesInSourceCrs(s.grid);
  return s.lonLat;
}

/** The previous grid's lon/lat with only the nodes an edit moved or added projected again. */
function carryLonLat(before: Grid, lonLat: Float64Array | null, after: Grid): Float64Array | null {
  if (!lonLat || after.nodeXY.length < before.nodeXY.length || after.frame !== before.frame) return null;
  const a = before.nodeXY,
    b = after.nodeXY;
  const out = new Float64Array(b.length);
  out.set(lonLat);
  for (let v = 0; v < b.length >> 1; v++) {
    if (v * 2 < a.length && a[v * 2] === b[v * 2] && a[v * 2 + 1] === b[v * 2 + 1]) continue;
    [out[v * 2], out[v * 2 + 1]] = sourcePoint(after.frame, b[v * 2], b[v * 2 + 1]);
  }
  return out;
}

export function indexOf(s: State): GridIndex {
  s.index ??= buildGridIndex(packCells(s.grid));
  return s.index;
}

/** 32-bit FNV-1a of the source bytes: tells a journal whether it was written against this grid. */
export function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

export function ringLonLat(lonLat: Float64Array, ring: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i++) out.push(lonLat[ring[i] * 2], lonLat[ring[i] * 2 + 1]);
  return out;
}

export function cellRecord(s: State, c: number) {
  const cell = s.grid.cells[c];
  const lonLat = lonLatOf(s);
  return {
    id: cell.id,
    name: cell.name,
    parentId: cell.parentId,
    areaM2: cellAreaM2(s.grid, cell),
    rings: cell.rings.map((r) => ringLonLat(lonLat, r)),
    nodes: cell.rings.map((r) => Array.from(r)),
  };
}

export type CellRecord = ReturnType<typeof cellRecord>;

export function toXY(s: State, lonLat: [number, number]): [number, number] {
  return toGridXY(s.grid, lonLat);
}

export function toLonLat(s: State, x: number, y: number): [number, number] {
  return sourcePoint(s.grid.frame, x, y);
}

export function commit(s: State, next: Grid): void {
  s.lonLat = carryLonLat(s.grid, s.lonLat, next);
  s.grid = next;
  s.index = null;
}
