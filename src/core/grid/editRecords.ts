// The record edits: rename, change parent, move an L3 cell to a neighbouring L2.
import { refuse, type Edit } from './editGeometry';
import { cellIndexById, findArea, type Grid, type GridArea, type GridCell } from './gridModel';
import { gridTopology } from './topology';

type Record = { kind: 'cell'; index: number; cell: GridCell } | { kind: 'area'; index: number; area: GridArea };

function recordOf(grid: Grid, id: unknown): Record {
  const ci = cellIndexById(grid).get(String(id));
  if (ci !== undefined) return { kind: 'cell', index: ci, cell: grid.cells[ci] };
  const ai = grid.areas.findIndex((a) => a.id === String(id));
  if (ai < 0) refuse(grid, 'bad-op', [String(id)], null, 'not-a-grid', { id: String(id) });
  return { kind: 'area', index: ai, area: grid.areas[ai] };
}

function withRecord(grid: Grid, r: Record, patch: Partial<GridCell & GridArea>): Grid {
  if (r.kind === 'cell') {
    const cells = grid.cells.slice();
    cells[r.index] = { ...r.cell, ...patch } as GridCell;
    return { ...grid, cells };
  }
  const areas = grid.areas.slice();
  areas[r.index] = { ...r.area, ...patch } as GridArea;
  return { ...grid, areas };
}

export function rename(grid: Grid, op: { id: string; name: string }): Edit {
  const r = recordOf(grid, op.id);
  if (typeof op.name !== 'string') refuse(grid, 'bad-op', [op.id], null, 'name-not-string', {});
  const old = r.kind === 'cell' ? r.cell.name : r.area.name;
  return { grid: withRecord(grid, r, { name: op.name }), touched: [], inverse: { type: 'rename', id: op.id, name: old } };
}

export function changeParent(grid: Grid, op: { id: string; parentId: string | null }): Edit {
  const r = recordOf(grid, op.id);
  const level = r.kind === 'cell' ? 3 : r.area.level;
  const old = r.kind === 'cell' ? r.cell.parentId : r.area.parentId;
  const id = String(op.id);
  if (level === 1) {
    if (op.parentId !== null) refuse(grid, 'bad-parent', [id], null, 'level-1-parent', { id });
  } else {
    const parent = op.parentId === null ? undefined : findArea(grid, String(op.parentId));
    if (!parent || parent.level !== level - 1) {
      refuse(grid, 'bad-parent', [id], null, 'parent-level', { id, level, parent: String(op.parentId) });
    }
  }
  return {
    grid: withRecord(grid, r, { parentId: op.parentId }),
    touched: [],
    inverse: { type: 'changeParent', id, parentId: old },
    records: true,
  };
}

export function moveCellToParent(grid: Grid, op: { cell: string; parentId: string }): Edit {
  const r = recordOf(grid, op.cell);
  if (r.kind !== 'cell') refuse(grid, 'bad-op', [String(op.cell)], null, 'not-level-3', { id: String(op.cell) });
  const target = findArea(grid, String(op.parentId));
  if (!target || target.level !== 2) refuse(grid, 'bad-parent', [r.cell.id], null, 'not-level-2', { id: String(op.parentId) });
  if (r.cell.parentId === target.id)
    refuse(grid, 'bad-op', [r.cell.id, target.id], null, 'already-in', { id: r.cell.id, parent: target.id });
  const S = gridTopology(grid).segments;
  let borders = false;
  for (const ring of r.cell.rings) {
    for (let k = 0; k < ring.length && !borders; k++) {
      const s = S.lookup(ring[k], ring[(k + 1) % ring.length]);
      const other = s < 0 ? -1 : S.left[s] === r.index ? S.right[s] : S.left[s];
      borders = other >= 0 && grid.cells[other].parentId === target.id;
    }
  }
  if (!borders) refuse(grid, 'bad-op', [r.cell.id, target.id], null, 'not-bordering', { id: r.cell.id, parent: target.id });
  return {
    grid: withRecord(grid, r, { parentId: target.id }),
    touched: [],
    inverse: { type: 'changeParent', id: r.cell.id, parentId: r.cell.parentId },
    records: true,
  };
}
