// Imported L1/L2 polygons against the cells under them: a child reaching outside its parent's
// polygon, and parent polygon area no L3 cell (nor a reported gap) covers. Slivers thinner than the
// snapping tolerance along the whole boundary are not reported.
import type Flatbush from 'flatbush';
import { distanceToPolygonBoundary, pointInRing } from '../geom/pointInPolygon';
import { lineLengthM, ringAreaM2 } from '../geom/area';
import { EdgeList, intersectionAreaM2 } from '../spatial/overlapArea';
import { cellEdges } from './cellChecks';
import type { Gap } from './gapChecks';
import { cellAreaM2, pointInCell, type BBox, type Grid } from './gridModel';
import { problemAt, type Problem } from './problems';

type Polygons = Float64Array[][];

interface AreaShape {
  id: string;
  level: 1 | 2;
  parentId: string | null;
  polygons: Polygons;
  edges: EdgeList;
  ox: number;
  oy: number;
  areaM2: number;
  perimeterM: number;
  box: BBox;
}

function shapeOf(id: string, level: 1 | 2, parentId: string | null, polygons: Polygons): AreaShape {
  const first = polygons[0]?.[0];
  const ox = first ? first[0] : 0,
    oy = first ? first[1] : 0;
  const edges = new EdgeList();
  let areaM2 = 0,
    perimeterM = 0;
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  pushPolygonEdges(polygons, ox, oy, edges);
  for (const poly of polygons) {
    poly.forEach((r, i) => {
      const a = ringAreaM2(r);
      areaM2 += i === 0 ? a : -a;
      const closed = new Float64Array(r.length + 2);
      closed.set(r);
      closed[r.length] = r[0];
      closed[r.length + 1] = r[1];
      perimeterM += lineLengthM(closed);
      for (let k = 0; k < r.length; k += 2) {
        box[0] = Math.min(box[0], r[k]);
        box[1] = Math.min(box[1], r[k + 1]);
        box[2] = Math.max(box[2], r[k]);
        box[3] = Math.max(box[3], r[k + 1]);
      }
    });
  }
  return { id, level, parentId, polygons, edges, ox, oy, areaM2, perimeterM, box };
}

function pushPolygonEdges(polygons: Polygons, ox: number, oy: number, out: EdgeList): void {
  for (const poly of polygons) {
    for (const r of poly) {
      const n = r.length >> 1;
      for (let i = 0, j = n - 1; i < n; j = i++) out.push(r[j * 2] - ox, r[j * 2 + 1] - oy, r[i * 2] - ox, r[i * 2 + 1] - oy);
    }
  }
}

function insidePolygons(polygons: Polygons, x: number, y: number): boolean {
  let inside = false;
  for (const poly of polygons) for (const r of poly) if (pointInRing(x, y, r)) inside = !inside;
  return inside;
}

function distanceToPolygons(polygons: Polygons, x: number, y: number): number {
  let d = Infinity;
  for (const poly of polygons) for (const r of poly) d = Math.min(d, distanceToPolygonBoundary(x, y, r));
  return d;
}

const boxesMeet = (a: ArrayLike<number>, b: ArrayLike<number>) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export interface ParentCheckInput {
  grid: Grid;
  areaPolygonsM: Map<string, Polygons>;
  skippedBoxesM: BBox[];
  gaps: Gap[];
  cellIndex: Flatbush;
  repXY: Float64Array;
}

/** child-outside-parent and parent-not-covered for every L1/L2 feature that came with a polygon. */
export function parentProblems(input: ParentCheckInput): Problem[] {
  const { grid, areaPolygonsM, cellIndex, repXY } = input;
  const { frame, options } = grid;
  const xy = grid.nodeXY;
  const shapes = new Map<string, AreaShape>();
  for (const a of grid.areas) {
    const polys = areaPolygonsM.get(a.id);
    if (polys) shapes.set(a.id, shapeOf(a.id, a.level, a.parentId, polys));
  }
  const problems: Problem[] = [];
  const scratch = new EdgeList();
  const cellPerimeter = (c: number) => {
    let p = 0;
    for (const r of grid.cells[c].rings)
      for (let i = 0, j = r.length - 1; i < r.length; j = i++)
        p += Math.hypot(xy[r[i] * 2] - xy[r[j] * 2], xy[r[i] * 2 + 1] - xy[r[j] * 2 + 1]);
    return p;
  };

  // L3 cells against their L2 polygon.
  grid.cells.forEach((cell, c) => {
    const parent = cell.parentId ? shapes.get(cell.parentId) : undefined;
    if (!parent || parent.level !== 2) return;
    const inside = intersectionAreaM2(cellEdges(grid, c, parent.ox, parent.oy, scratch), parent.edges);
    const outside = cellAreaM2(grid, cell) - inside;
    if (!(outside > options.snapM * cellPerimeter(c) + 1e-6)) return;
    let at: [number, number] = [repXY[c * 2], repXY[c * 2 + 1]];
    for (const r of cell.rings) {
      const v = Array.from(r).find(
        (n) =>
          !insidePolygons(parent.polygons, xy[n * 2], xy[n * 2 + 1]) &&
          distanceToPolygons(parent.polygons, xy[n * 2], xy[n * 2 + 1]) > options.snapM,
      );
      if (v !== undefined) {
        at = [xy[v * 2], xy[v * 2 + 1]];
        break;
      }
    }
    problems.push(
      problemAt(
        frame,
        'child-outside-parent',
        [cell.id, parent.id],
        at,
        'cell-outside-parent',
        { id: cell.id, parent: parent.id, areaM2: outside },
        outside,
      ),
    );
  });

  // L2 polygons against their L1 polygon.
  for (const s of shapes.values()) {
    const parent = s.level === 2 && s.parentId ? shapes.get(s.parentId) : undefined;
    if (!parent || parent.level !== 1) continue;
    scratch.clear();
    pushPolygonEdges(s.polygons, parent.ox, parent.oy, scratch);
    const outside = s.areaM2 - intersectionAreaM2(scratch, parent.edges);
    if (!(outside > options.snapM * s.perimeterM + 1e-6)) continue;
    let at: [number, number] | null = null;
    for (const poly of s.polygons)
      for (const r of poly)
        for (let k = 0; k < r.length && !at; k += 2) {
          if (!insidePolygons(parent.polygons, r[k], r[k + 1]) && distanceToPolygons(parent.polygons, r[k], r[k + 1]) > options.snapM)
            at = [r[k], r[k + 1]];
        }
    problems.push(
      problemAt(
        frame,
        'child-outside-parent',
        [s.id, parent.id],
        at,
        'area-outside-parent',
        { id: s.id, parent: parent.id, areaM2: outside },
        outside,
      ),
    );
  }

  // Parent polygon area that no cell and no reported gap covers.
  const gapEdges = input.gaps.map((g) => {
    const e = new EdgeList();
    const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of g.rings) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const x = xy[r[i] * 2],
          y = xy[r[i] * 2 + 1];
        e.push(xy[r[j] * 2], xy[r[j] * 2 + 1], x, y);
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
    return { e, box };
  });
  // A parent without cells is an empty-cell problem already.
  const withCells = new Set<string>();
  const l1Of = new Map(grid.areas.map((a) => [a.id, a.parentId]));
  for (const c of grid.cells) {
    if (!c.parentId) continue;
    withCells.add(c.parentId);
    const l1 = l1Of.get(c.parentId);
    if (l1) withCells.add(l1);
  }
  for (const s of shapes.values()) {
    if (!withCells.has(s.id) || input.skippedBoxesM.some((b) => boxesMeet(b, s.box))) continue;
    let covered = 0;
    for (const c of cellIndex.search(s.box[0], s.box[1], s.box[2], s.box[3]))
      covered += intersectionAreaM2(cellEdges(grid, c, s.ox, s.oy, scratch), s.edges);
    for (const { e, box } of gapEdges) {
      if (!boxesMeet(box, s.box)) continue;
      scratch.clear();
      const d = e.data;
      for (let i = 0; i < e.count * 4; i += 4) scratch.push(d[i] - s.ox, d[i + 1] - s.oy, d[i + 2] - s.ox, d[i + 3] - s.oy);
      covered += intersectionAreaM2(scratch, s.edges);
    }
    const uncovered = s.areaM2 - covered;
    if (!(uncovered > options.snapM * s.perimeterM + 1e-6)) continue;
    const coveredAt = (x: number, y: number) =>
      cellIndex
        .search(x - options.snapM, y - options.snapM, x + options.snapM, y + options.snapM)
        .some((c) => pointInCell(xy, grid.cells[c], x, y) || distanceToCell(grid, c, x, y) <= options.snapM);
    let at: [number, number] | null = null;
    for (const poly of s.polygons)
      for (const r of poly) for (let k = 0; k < r.length && !at; k += 2) if (!coveredAt(r[k], r[k + 1])) at = [r[k], r[k + 1]];
    problems.push(problemAt(frame, 'parent-not-covered', [s.id], at, 'parent-uncovered', { id: s.id, areaM2: uncovered }, uncovered));
  }
  return problems;
}

function distanceToCell(grid: Grid, c: number, x: number, y: number): number {
  const xy = grid.nodeXY;
  let d = Infinity;
  for (const r of grid.cells[c].rings) {
    const coords = new Float64Array(r.length * 2);
    r.forEach((v, i) => {
      coords[i * 2] = xy[v * 2];
      coords[i * 2 + 1] = xy[v * 2 + 1];
    });
    d = Math.min(d, distanceToPolygonBoundary(x, y, coords));
  }
  return d;
}
