// The editable 3-level grid: L3 cells are rings of shared node ids (a boundary two cells share is the
// same nodes walked in opposite directions), L1/L2 are records whose geometry is derived from their cells.
// Grids are immutable values: operations return new grids that share every unchanged part.
import { packRings } from '../spatial/packRings';
import type { PackedPolygons } from '../geom/packed';

export interface GridFrame {
  /** CRS of the imported coordinates (and of Problem.location), e.g. 'EPSG:4490'. */
  sourceCrs: string;
  /** Metric CRS of nodeXY: the local CGCS2000 Gauss-Krüger zone without zone prefix, e.g. 'EPSG:4547'. */
  crs: string;
  zone: number;
}

export interface GridOptions {
  /** Vertices closer than this merge; a node this close to an edge joins it. Default 0.05 m. */
  snapM: number;
  /** Cells smaller than this are tiny-cell problems. Default 10 m². */
  minAreaM2: number;
}

export interface GridCell {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  /** Open rings of node ids: outer rings counter-clockwise, holes clockwise (the cell is always on the left). */
  readonly rings: readonly Int32Array[];
  /** Other properties of the imported feature, exported unchanged. */
  readonly props?: Readonly<Record<string, unknown>>;
}

export interface GridArea {
  readonly id: string;
  readonly level: 1 | 2;
  readonly name: string;
  readonly parentId: string | null;
  readonly props?: Readonly<Record<string, unknown>>;
}

export interface Grid {
  readonly frame: GridFrame;
  readonly options: GridOptions;
  /** x,y metres per node id; a slot no ring uses any more is left in place (ids never shift). */
  readonly nodeXY: Float64Array;
  /** L3 cells in feature order (the join's feature order). */
  readonly cells: readonly GridCell[];
  /** L1 and L2 records in feature order. */
  readonly areas: readonly GridArea[];
}

export const DEFAULT_SNAP_M = 0.05;
export const DEFAULT_MIN_AREA_M2 = 10;

export type BBox = [number, number, number, number];

export function nodeCount(grid: Grid): number {
  return grid.nodeXY.length >> 1;
}

/** Signed area of a ring of node ids (counter-clockwise positive), relative to its first node for precision. */
export function ringSignedAreaM2(xy: Float64Array, ring: ArrayLike<number>): number {
  const n = ring.length;
  if (n < 3) return 0;
  const ox = xy[ring[0] * 2],
    oy = xy[ring[0] * 2 + 1];
  let sum = 0,
    px = 0,
    py = 0;
  for (let i = 1; i < n; i++) {
    const x = xy[ring[i] * 2] - ox,
      y = xy[ring[i] * 2 + 1] - oy;
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return sum / 2;
}

/** Area of a cell: outer rings minus holes (orientation carries the sign). */
export function cellAreaM2(grid: Grid, cell: GridCell): number {
  let a = 0;
  for (const r of cell.rings) a += ringSignedAreaM2(grid.nodeXY, r);
  return a;
}

/** The flat x,y coordinates of a ring of node ids. */
export function ringCoords(xy: Float64Array, ring: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    out[i * 2] = xy[ring[i] * 2];
    out[i * 2 + 1] = xy[ring[i] * 2 + 1];
  }
  return out;
}

export function cellBBox(xy: Float64Array, cell: GridCell): BBox {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const r of cell.rings) {
    for (let i = 0; i < r.length; i++) {
      const x = xy[r[i] * 2],
        y = xy[r[i] * 2 + 1];
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

const bboxCache = new WeakMap<Grid, Float64Array>();

/** minX, minY, maxX, maxY per cell (computed once per grid value). */
export function cellBBoxes(grid: Grid): Float64Array {
  let out = bboxCache.get(grid);
  if (!out) {
    out = new Float64Array(grid.cells.length * 4);
    grid.cells.forEach((c, i) => out!.set(cellBBox(grid.nodeXY, c), i * 4));
    bboxCache.set(grid, out);
  }
  return out;
}

const idCache = new WeakMap<readonly GridCell[], Map<string, number>>();

/**
 * Carries what was derived for `before` over to `after`, an edit of it that keeps the cells' order and
 * ids and changes only the cells `changed` (indices): their boxes are recomputed, the rest copied.
 */
export function carryDerived(before: Grid, after: Grid, changed: ArrayLike<number>): void {
  if (before.cells.length !== after.cells.length) return;
  const ids = idCache.get(before.cells);
  if (ids && !idCache.has(after.cells)) idCache.set(after.cells, ids);
  const boxes = bboxCache.get(before);
  if (!boxes || bboxCache.has(after)) return;
  const next = boxes.slice();
  for (let i = 0; i < changed.length; i++) next.set(cellBBox(after.nodeXY, after.cells[changed[i]]), changed[i] * 4);
  bboxCache.set(after, next);
}

/** Index of each L3 cell by id. */
export function cellIndexById(grid: Grid): Map<string, number> {
  let m = idCache.get(grid.cells);
  if (!m) {
    m = new Map();
    grid.cells.forEach((c, i) => m!.set(c.id, i));
    idCache.set(grid.cells, m);
  }
  return m;
}

const areaCache = new WeakMap<readonly GridArea[], Map<string, GridArea>>();

/** The L1/L2 record with this id (an index built once per areas array). */
export function findArea(grid: Grid, id: string): GridArea | undefined {
  let m = areaCache.get(grid.areas);
  if (!m) {
    m = new Map();
    for (const a of grid.areas) if (!m.has(a.id)) m.set(a.id, a);
    areaCache.set(grid.areas, m);
  }
  return m.get(id);
}

/** The L2 and L1 ids above an L3 cell (null where the chain is broken). */
export function ancestorsOf(grid: Grid, cell: GridCell): { l2: string | null; l1: string | null } {
  const l2 = cell.parentId ? findArea(grid, cell.parentId) : undefined;
  if (!l2 || l2.level !== 2) return { l2: null, l1: null };
  const l1 = l2.parentId ? findArea(grid, l2.parentId) : undefined;
  return { l2: l2.id, l1: l1 && l1.level === 1 ? l1.id : null };
}

/** For each cell, the holes' outer ring: rings grouped into polygons (outer first), as ring indices. */
export function cellPolygons(xy: Float64Array, cell: GridCell): number[][] {
  const outers: number[] = [],
    holes: number[] = [];
  cell.rings.forEach((r, i) => (ringSignedAreaM2(xy, r) >= 0 ? outers : holes).push(i));
  const polys = outers.map((o) => [o]);
  if (polys.length === 0) return holes.length ? [holes] : [];
  for (const h of holes) {
    const ring = cell.rings[h];
    let home = 0;
    if (polys.length > 1) {
      const outerNodes = new Set<number>();
      for (const p of polys) for (const v of cell.rings[p[0]]) outerNodes.add(v);
      const probe = Array.from(ring).find((v) => !outerNodes.has(v)) ?? ring[0];
      const x = xy[probe * 2],
        y = xy[probe * 2 + 1];
      const k = polys.findIndex((p) => pointInNodeRing(xy, cell.rings[p[0]], x, y));
      home = k < 0 ? 0 : k;
    }
    polys[home].push(h);
  }
  return polys;
}

/** Even-odd point-in-ring over a ring of node ids. */
export function pointInNodeRing(xy: Float64Array, ring: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = xy[ring[i] * 2],
      yi = xy[ring[i] * 2 + 1],
      xj = xy[ring[j] * 2],
      yj = xy[ring[j] * 2 + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point inside the cell (even-odd over all its rings). */
export function pointInCell(xy: Float64Array, cell: GridCell, x: number, y: number): boolean {
  let inside = false;
  for (const r of cell.rings) if (pointInNodeRing(xy, r, x, y)) inside = !inside;
  return inside;
}

/** The L3 cells as packed polygons in metres (grid order), e.g. for buildGridIndex and pointsOnSurface. */
export function packCells(grid: Grid, cells: readonly GridCell[] = grid.cells): PackedPolygons {
  const xy = grid.nodeXY;
  const features = cells.map((c) => cellPolygons(xy, c).map((poly) => poly.map((r) => Array.from(ringCoords(xy, c.rings[r])))));
  return packRings(
    features,
    cells.map((c) => c.id),
  );
}
