// validateGrid: every problem of an imported grid file or of a Grid value, as Problem records.
import Flatbush from 'flatbush';
import { buildHierarchy } from '../spatial/hierarchy';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { buildGrid, type GridBuildOptions, type GridImport } from './buildGrid';
import { checkCells, confirmOverlaps } from './cellChecks';
import type { CheckScope } from './checkScope';
import { findGaps, gapProblem } from './gapChecks';
import type { GridFeatureCollection, GridFeatureLike } from './gridFeatures';
import { cellBBoxes, packCells, type BBox, type Grid } from './gridModel';
import { parentProblems } from './parentChecks';
import { hierarchyProblem, problem, PROBLEM_TYPES, sourcePoint, type Problem } from './problems';
import { gridTopology } from './topology';

export type ValidateOptions = GridBuildOptions;

/** Overlaps found only by area (no crossing or shared-node evidence) below this are rounding, not data. */
export const OVERLAP_EPS_M2 = 1e-4;

export function isGrid(input: unknown): input is Grid {
  return typeof input === 'object' && input !== null && (input as Grid).nodeXY instanceof Float64Array;
}

/** Boxes of all cells as a Flatbush (for point and box queries). */
export function cellBoxIndex(grid: Grid): Flatbush {
  const boxes = cellBBoxes(grid);
  const index = new Flatbush(Math.max(1, grid.cells.length));
  for (let c = 0; c < grid.cells.length; c++) index.add(boxes[c * 4], boxes[c * 4 + 1], boxes[c * 4 + 2], boxes[c * 4 + 3]);
  if (grid.cells.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/** A point strictly inside each cell (metres, x,y by cell index). */
export function cellRepPoints(grid: Grid): Float64Array {
  return pointsOnSurface(packCells(grid));
}

/**
 * Every problem: for features, what reading and snapping found plus the topology, hierarchy and parent
 * polygon checks; for a Grid, the topology and hierarchy checks. Sorted by type, then ids.
 */
export function validateGrid(input: Grid | GridFeatureCollection | GridFeatureLike[], options: ValidateOptions = {}): Problem[] {
  if (isGrid(input)) {
    const grid = options.minAreaM2 === undefined ? input : { ...input, options: { ...input.options, minAreaM2: options.minAreaM2 } };
    return sortProblems([...hierarchyProblems(grid), ...topologyProblems(grid, null)]);
  }
  return importGrid(input, options).problems;
}

/** Reads features into a Grid and validates it in one pass: what the browser's import and `cim grid-check` use. */
export function importGrid(
  input: GridFeatureCollection | GridFeatureLike[],
  options: ValidateOptions = {},
): { grid: Grid; problems: Problem[]; snapped: Uint8Array } {
  const imp = buildGrid(input, options);
  const problems = [...imp.problems, ...emptyParentProblems(imp.grid), ...topologyProblems(imp.grid, imp)];
  locateProblems(imp, problems);
  return { grid: imp.grid, problems: sortProblems(problems), snapped: imp.snapped };
}

function topologyProblems(grid: Grid, imp: GridImport | null): Problem[] {
  const topo = gridTopology(grid);
  const repXY = cellRepPoints(grid);
  const cellIndex = cellBoxIndex(grid);
  const scope: CheckScope = {
    grid,
    view: topo.rings,
    segments: topo.segments,
    inScope: () => true,
    clearanceM: 0,
    repXY,
    cellsAt: (x, y) => cellIndex.search(x, y, x, y),
    describe: (u, v) => `e${topo.segmentEdge[topo.segments.lookup(u, v)]}`,
  };
  const res = checkCells(scope);
  confirmOverlaps(grid, res.candidates, OVERLAP_EPS_M2, res.problems);
  const gaps = findGaps(grid, topo.segments, res.broken, cellIndex, imp?.skippedBoxesM ?? []);
  const problems = [...res.problems, ...gaps.map((g) => gapProblem(grid, g))];
  if (imp)
    problems.push(...parentProblems({ grid, areaPolygonsM: imp.areaPolygonsM, skippedBoxesM: imp.skippedBoxesM, gaps, cellIndex, repXY }));
  return problems;
}

/** Parent links of a Grid's records (missing, wrong level, cycles, duplicates) and parents left without children. */
export function hierarchyProblems(grid: Grid): Problem[] {
  const records = [...grid.areas, ...grid.cells.map((c) => ({ id: c.id, level: 3 as const, parentId: c.parentId }))];
  const h = buildHierarchy({
    ids: records.map((r) => r.id),
    level: Uint8Array.from(records, (r) => r.level),
    parentId: records.map((r) => r.parentId),
  });
  const where = locator(grid);
  const problems: Problem[] = h.problems.map((p) => hierarchyProblem(p, where(p.id)));
  return [...problems, ...emptyParentProblems(grid)];
}

/** L2 records without L3 cells and L1 records without L2 records are empty. */
export function emptyParentProblems(grid: Grid): Problem[] {
  const children = new Map<string, number>();
  for (const c of grid.cells) if (c.parentId) children.set(c.parentId, (children.get(c.parentId) ?? 0) + 1);
  for (const a of grid.areas) if (a.level === 2 && a.parentId) children.set(a.parentId, (children.get(a.parentId) ?? 0) + 1);
  return grid.areas
    .filter((a) => !children.get(a.id))
    .map((a) => problem('empty-cell', [a.id], null, 'parent-empty', { id: a.id, level: a.level }));
}

// Where a grid id is: its cell's interior point, or the first cell under an L1/L2 record.
function locator(grid: Grid): (id: string) => [number, number] | null {
  let reps: Float64Array | null = null;
  let index: Map<string, number> | null = null;
  return (id) => {
    if (!index) {
      index = new Map();
      const parentOf = new Map(grid.areas.map((a) => [a.id, a.parentId]));
      grid.cells.forEach((c, i) => {
        index!.set(c.id, i);
        const l2 = c.parentId;
        const l1 = l2 ? parentOf.get(l2) : undefined;
        if (l2 && !index!.has(l2)) index!.set(l2, i);
        if (l1 && !index!.has(l1)) index!.set(l1, i);
      });
    }
    const c = index.get(id);
    if (c === undefined) return null;
    reps ??= cellRepPoints(grid);
    return sourcePoint(grid.frame, reps[c * 2], reps[c * 2 + 1]);
  };
}

// Problems found before the topology (hierarchy, empty parents) get the place of their feature.
function locateProblems(imp: GridImport, problems: Problem[]): void {
  const where = locator(imp.grid);
  const boxes = new Map<string, BBox>();
  for (const f of imp.parsed) if (f.finiteBox) boxes.set(f.id, f.finiteBox);
  const centre = (b: BBox): [number, number] => [Math.round((b[0] + b[2]) * 5e7) / 1e8, Math.round((b[1] + b[3]) * 5e7) / 1e8];
  for (const p of problems) {
    if (p.location || p.ids.length === 0) continue;
    if (p.type === 'duplicate-id') {
      const b = boxes.get(p.ids[0]);
      if (b) p.location = centre(b);
      continue;
    }
    if (p.type === 'empty-cell' && p.ids.length === 1 && !imp.grid.areas.some((a) => a.id === p.ids[0])) continue;
    p.location = where(p.ids[0]);
    if (!p.location) {
      const b = boxes.get(p.ids[0]);
      if (b) p.location = centre(b);
    }
  }
}

const TYPE_ORDER = new Map(PROBLEM_TYPES.map((t, i) => [t, i]));

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => TYPE_ORDER.get(a.type)! - TYPE_ORDER.get(b.type)! || a.ids.join('\u0000').localeCompare(b.ids.join('\u0000')),
  );
}
