// Gaps: bounded regions no L3 cell covers. Segments with a cell on one side only are linked into
// loops with the empty side on the left; a counter-clockwise loop encloses a gap, a clockwise one is
// the grid's outer boundary (or an island's, which is then a hole of the gap around it).
import type Flatbush from 'flatbush';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { packRings } from '../spatial/packRings';
import { pointInCell, pointInNodeRing, ringCoords, ringSignedAreaM2, type BBox, type Grid } from './gridModel';
import { problemAt, type Problem } from './problems';
import type { SegmentTable } from './topology';
import { linkSegments } from './unionRings';

export interface Gap {
  /** Outline (counter-clockwise) then islands inside it (clockwise), as node rings. */
  rings: number[][];
  areaM2: number;
  x: number;
  y: number;
  cells: number[];
}

function ringBox(xy: Float64Array, r: number[]): BBox {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const v of r) {
    x0 = Math.min(x0, xy[v * 2]);
    y0 = Math.min(y0, xy[v * 2 + 1]);
    x1 = Math.max(x1, xy[v * 2]);
    y1 = Math.max(y1, xy[v * 2 + 1]);
  }
  return [x0, y0, x1, y1];
}

const inBox = (b: BBox, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** The gaps of the grid (segments marked broken are left out: their region is an overlap, reported as such). */
export function findGaps(grid: Grid, S: SegmentTable, broken: Uint8Array, cellIndex: Flatbush, skippedBoxesM: BBox[]): Gap[] {
  const xy = grid.nodeXY;
  const from: number[] = [],
    to: number[] = [];
  for (let s = 0; s < S.count; s++) {
    if (broken[s]) continue;
    if (S.left[s] >= 0 && S.right[s] < 0) {
      from.push(S.b[s]);
      to.push(S.a[s]);
    } else if (S.left[s] < 0 && S.right[s] >= 0) {
      from.push(S.a[s]);
      to.push(S.b[s]);
    }
  }
  const { rings } = linkSegments(xy, from, to);
  const outlines = rings.filter((r) => ringSignedAreaM2(xy, r) > 0);
  const islands = rings.filter((r) => ringSignedAreaM2(xy, r) < 0);
  const gaps: Gap[] = [];
  for (const g of outlines) {
    const box = ringBox(xy, g);
    const gNodes = new Set(g);
    const holes = islands.filter((h) => {
      const hb = ringBox(xy, h);
      if (hb[0] < box[0] || hb[1] < box[1] || hb[2] > box[2] || hb[3] > box[3]) return false;
      const probe = h.find((v) => !gNodes.has(v));
      return probe !== undefined && pointInNodeRing(xy, g, xy[probe * 2], xy[probe * 2 + 1]);
    });
    let areaM2 = ringSignedAreaM2(xy, g);
    for (const h of holes) areaM2 += ringSignedAreaM2(xy, h);
    const packed = packRings([[[Array.from(ringCoords(xy, g)), ...holes.map((h) => Array.from(ringCoords(xy, h)))]]]);
    const [x, y] = pointsOnSurface(packed);
    // A loop around a region some cell covers after all (an overlap's outline) is no gap.
    if (cellIndex.search(x, y, x, y).some((c) => pointInCell(xy, grid.cells[c], x, y))) continue;
    if (skippedBoxesM.some((b) => inBox(b, x, y))) continue;
    const cells = new Set<number>();
    for (let i = 0; i < g.length; i++) {
      const s = S.lookup(g[i], g[(i + 1) % g.length]);
      if (s >= 0) cells.add(S.left[s] >= 0 ? S.left[s] : S.right[s]);
    }
    gaps.push({ rings: [g, ...holes], areaM2, x, y, cells: [...cells].sort((a, b) => a - b) });
  }
  return gaps;
}

export function gapProblem(grid: Grid, gap: Gap): Problem {
  const ids = gap.cells.map((c) => grid.cells[c].id);
  return problemAt(
    grid.frame,
    'gap',
    ids,
    [gap.x, gap.y],
    'gap',
    { areaM2: gap.areaM2, cells: ids.slice(0, 6).join(', '), more: Math.max(0, ids.length - 6) },
    gap.areaM2,
  );
}
