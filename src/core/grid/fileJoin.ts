// The working grid's join from the join of its file (grid mode's, already done): the file's L3 polygons and
// the imported grid differ only in the cells import snapped, and the working grid differs from the imported one
// only where the replayed edits changed it, so only the points in those cells' boxes are located again
// (rejoinCells); the result equals a full join of the working grid.
import { cellIndexMap, changedBoxesM, gridChange } from './changes';
import { cellBBoxes, type Grid } from './gridModel';
import { rejoinCells } from './rejoinCells';

export interface FileJoin {
  /** The file's L3 ids in the join's numbering. */
  l3Ids: readonly string[];
  /** Each point's L3 cell in that numbering, -1 outside every cell. */
  cellOfPoint: Int32Array;
}

/**
 * Each point's cell in `grid` (an edit of `imported`, whose cells import snapped are flagged in `snapped`), or
 * null when the join's cells are not the imported grid's cells in the same order (then join in full).
 */
export function joinFromFile(imported: Grid, snapped: Uint8Array, grid: Grid, xyM: Float64Array, file: FileJoin): Int32Array | null {
  const cells = imported.cells;
  if (file.l3Ids.length !== cells.length || file.cellOfPoint.length !== xyM.length >> 1 || snapped.length !== cells.length) return null;
  // Same ids in the same order: then ties between cells resolve alike (the lower index wins in both).
  for (let c = 0; c < cells.length; c++) if (cells[c].id !== file.l3Ids[c]) return null;
  // The snapped cells' boxes, grown by the tolerance so that they hold the file's shape too.
  const m = imported.options.snapM;
  const bbox = cellBBoxes(imported);
  const boxes: number[] = [];
  for (let c = 0; c < cells.length; c++)
    if (snapped[c]) boxes.push(bbox[c * 4] - m, bbox[c * 4 + 1] - m, bbox[c * 4 + 2] + m, bbox[c * 4 + 3] + m);
  const identity = Int32Array.from(cells, (_, c) => c);
  const atImport = boxes.length
    ? rejoinCells(imported, xyM, file.cellOfPoint, Float64Array.from(boxes), identity).assignment
    : file.cellOfPoint;
  if (grid === imported) return atImport;
  return rejoinCells(grid, xyM, atImport, changedBoxesM(gridChange(imported, grid)), cellIndexMap(imported, grid)).assignment;
}
