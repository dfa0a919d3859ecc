// What an edit changed, for the browser's incremental re-join (spatial/rejoin.ts rejoinInBoxes) and
// the counts panel: the L3 cells whose shape or parent changed, their old and new boxes, the L1/L2 touched.
import { ancestorsOf, cellBBox, cellIndexById, type BBox, type Grid, type GridCell } from './gridModel';
import { cellsOfNodeIn, gridTopology } from './topology';

export interface GridChange {
  /** L3 ids whose geometry or record (name, parent) changed, or that were added or removed. */
  cells: string[];
  /** L1/L2 ids whose record changed or whose cells changed (before and after). */
  areas: string[];
  /** Metric bboxes [minX, minY, maxX, maxY] of the changed cells before the edit (removed cells included). */
  oldExtents: BBox[];
  /** The same after the edit (added cells included). */
  newExtents: BBox[];
}

function ringsEqual(a: GridCell, b: GridCell): boolean {
  if (a.rings === b.rings) return true;
  if (a.rings.length !== b.rings.length) return false;
  return a.rings.every((r, i) => r.length === b.rings[i].length && r.every((v, k) => v === b.rings[i][k]));
}

/** Compares two grid values (an edit's input and output). */
export function gridChange(before: Grid, after: Grid): GridChange {
  // Nodes whose position changed (a flag per node slot), then the cells using one of them.
  let movedCount = 0;
  const moved = new Uint8Array(Math.max(before.nodeXY.length, after.nodeXY.length) >> 1);
  if (before.nodeXY !== after.nodeXY) {
    const a = before.nodeXY,
      b = after.nodeXY;
    const n = Math.min(a.length, b.length) >> 1;
    for (let v = 0; v < n; v++) {
      if (!Object.is(a[v * 2], b[v * 2]) || !Object.is(a[v * 2 + 1], b[v * 2 + 1])) {
        moved[v] = 1;
        movedCount++;
      }
    }
  }
  // The cells of `before` using a moved node, from its topology's node -> cells table.
  const movedCell = new Uint8Array(before.cells.length);
  if (movedCount > 0) {
    const topo = gridTopology(before);
    for (let v = 0; v < Math.min(moved.length, topo.nodeCount); v++) if (moved[v]) for (const c of cellsOfNodeIn(topo, v)) movedCell[c] = 1;
  }
  const oldIndex = cellIndexById(before),
    newIndex = cellIndexById(after);
  const newById = { get: (id: string) => (newIndex.has(id) ? after.cells[newIndex.get(id)!] : undefined) };
  const cells: string[] = [];
  const oldExtents: BBox[] = [],
    newExtents: BBox[] = [];
  const areas = new Set<string>();
  const addAncestors = (g: Grid, c: GridCell) => {
    const { l2, l1 } = ancestorsOf(g, c);
    if (l2) areas.add(l2);
    if (l1) areas.add(l1);
  };
  for (let i = 0; i < before.cells.length; i++) {
    const c = before.cells[i];
    const d = after.cells[i] === c ? c : newById.get(c.id);
    if (d === c && !movedCell[i]) continue;
    const shape = !d || !ringsEqual(c, d) || movedCell[i] === 1;
    if (d && !shape && c.parentId === d.parentId && c.name === d.name && c.props === d.props) continue;
    cells.push(c.id);
    if (shape) oldExtents.push(cellBBox(before.nodeXY, c));
    if (d && shape) newExtents.push(cellBBox(after.nodeXY, d));
    addAncestors(before, c);
    if (d) addAncestors(after, d);
  }
  for (let i = 0; i < after.cells.length && after.cells !== before.cells; i++) {
    const d = after.cells[i];
    // Most edits keep every cell at its index: no map lookup for those.
    if ((i < before.cells.length && before.cells[i].id === d.id) || oldIndex.has(d.id)) continue;
    cells.push(d.id);
    newExtents.push(cellBBox(after.nodeXY, d));
    addAncestors(after, d);
  }
  if (before.areas !== after.areas) {
    const oldAreas = new Map(before.areas.map((a) => [a.id, a]));
    for (const a of after.areas) if (oldAreas.get(a.id) !== a) areas.add(a.id);
    for (const a of before.areas) if (!after.areas.some((b) => b.id === a.id)) areas.add(a.id);
  }
  return { cells, areas: [...areas], oldExtents, newExtents };
}

/** The boxes of a change as one flat array, as rejoinInBoxes takes them. */
export function changedBoxesM(change: GridChange): Float64Array {
  return Float64Array.from([...change.oldExtents, ...change.newExtents].flat());
}

/** Old cell index → new cell index (by id, -1 when removed): the oldToNew of rejoinInBoxes. */
export function cellIndexMap(before: Grid, after: Grid): Int32Array {
  const out = new Int32Array(before.cells.length);
  const a = before.cells,
    b = after.cells;
  let index: Map<string, number> | null = null;
  for (let i = 0; i < a.length; i++) {
    if (i < b.length && (b[i] === a[i] || b[i].id === a[i].id)) out[i] = i;
    else out[i] = (index ??= cellIndexById(after)).get(a[i].id) ?? -1;
  }
  return out;
}
