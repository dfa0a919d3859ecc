import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transformPoint } from '../crs/transform';
import { applyOp } from './applyOp';
import type { GridOp, OpApplied } from './gridOp';
import { cellAreaM2, cellIndexById, type Grid } from './gridModel';
import { restoreOp } from './restore';
import { gridTopology, levelBoundaryEdges } from './topology';
import { importGrid, validateGrid } from './validateGrid';

// The clean fixture in its own local metres (x east, y north from 113.66, 34.76):
// A1-1 [0,100]x[0,100], A1-2 [0,100]x[100,200] (under A1); A2-1 [100,200]x[0,120], A2-2 [100,200]x[120,200] (under A2).
const base = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8'))).grid;
const M = ([x, y]: [number, number]): [number, number] => {
  const p = transformPoint('EPSG:4490', base.frame.crs, [113.66 + x / 91445, 34.76 + y / 110950]);
  return [p[0], p[1]];
};
function nodeAt(grid: Grid, local: [number, number]): number {
  const [x, y] = M(local);
  let best = -1,
    bestD = Infinity;
  for (let v = 0; v < grid.nodeXY.length / 2; v++) {
    const d = Math.hypot(grid.nodeXY[v * 2] - x, grid.nodeXY[v * 2 + 1] - y);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  expect(bestD).toBeLessThan(0.5);
  return best;
}
const area = (grid: Grid, id: string) => cellAreaM2(grid, grid.cells[cellIndexById(grid).get(id)!]);

/** Applies op, checks the result is valid and that its inverse restores the input exactly. */
function applyAndUndo(grid: Grid, op: GridOp): OpApplied {
  const snapshot = structuredClone(grid);
  const r = applyOp(grid, op);
  if ('error' in r) throw new Error(r.error.message);
  expect(grid).toEqual(snapshot);
  expect(validateGrid(r.grid)).toEqual([]);
  const back = applyOp(r.grid, r.inverse);
  if ('error' in back) throw new Error(back.error.message);
  expect(back.grid).toEqual(grid);
  return r;
}

function refused(grid: Grid, op: GridOp) {
  const snapshot = structuredClone(grid);
  const r = applyOp(grid, op);
  expect(grid, 'a refused edit leaves the grid untouched').toEqual(snapshot);
  if (!('error' in r)) throw new Error(`expected ${op.type} to be refused`);
  return r.error;
}

describe('applyOp: each edit and its inverse', () => {
  it('moveVertex moves every cell sharing the node; its inverse moves it back', () => {
    const node = nodeAt(base, [100, 100]);
    const r = applyAndUndo(base, { type: 'moveVertex', node, to: M([104, 103]) });
    expect(r.inverse).toEqual({ type: 'moveVertex', node, to: [base.nodeXY[node * 2], base.nodeXY[node * 2 + 1]] });
    expect(r.changed.cells.sort()).toEqual(['A1-1', 'A1-2', 'A2-1']);
    expect(r.changed.oldExtents).toHaveLength(3);
    expect(r.changed.newExtents).toHaveLength(3);
    expect(r.changed.areas.sort()).toEqual(['A', 'A1', 'A2']);
    expect(area(r.grid, 'A1-1') + area(r.grid, 'A1-2') + area(r.grid, 'A2-1')).toBeCloseTo(
      area(base, 'A1-1') + area(base, 'A1-2') + area(base, 'A2-1'),
      6,
    );
    expect(area(r.grid, 'A1-1')).toBeGreaterThan(area(base, 'A1-1') + 100);
  });

  it('insertVertex bends a shared edge for both cells; deleteVertex straightens it again', () => {
    const topo = gridTopology(base);
    const [a, b] = [nodeAt(base, [100, 0]), nodeAt(base, [100, 100])];
    let edge = -1;
    for (let e = 0; e < topo.edgeCount; e++) {
      const ns = Array.from(topo.edgeNodes.subarray(topo.edgeNodeStart[e], topo.edgeNodeStart[e + 1]));
      if (ns.length === 2 && ns.includes(a) && ns.includes(b)) edge = e;
    }
    expect(edge).toBeGreaterThanOrEqual(0);
    const r = applyAndUndo(base, { type: 'insertVertex', edge, index: 1, at: M([103, 50]) });
    expect(r.inverse.type).toBe('restore');
    expect(r.changed.cells.sort()).toEqual(['A1-1', 'A2-1']);
    expect(area(r.grid, 'A1-1') - area(base, 'A1-1')).toBeCloseTo(150, -1);
    expect(area(base, 'A2-1') - area(r.grid, 'A2-1')).toBeCloseTo(150, -1);
    const inserted = r.grid.nodeXY.length / 2 - 1;
    const d = applyAndUndo(r.grid, { type: 'deleteVertex', node: inserted });
    expect(area(d.grid, 'A1-1')).toBeCloseTo(area(base, 'A1-1'), 6);
    expect(d.grid.cells.map((c) => Array.from(c.rings[0]))).toEqual(base.cells.map((c) => Array.from(c.rings[0])));
  });

  it('splitCell cuts along the line (new cell on its right), noding the neighbour; the inverse removes it', () => {
    const r = applyAndUndo(base, {
      type: 'splitCell',
      cell: 'A2-2',
      line: [M([150, 120]), M([150, 200])],
      newId: 'A2-3',
      newName: '新网格',
    });
    expect(r.grid.cells.map((c) => c.id)).toEqual(['A1-1', 'A1-2', 'A2-1', 'A2-2', 'A2-3']);
    expect(r.grid.cells[4]).toMatchObject({ id: 'A2-3', name: '新网格', parentId: 'A2' });
    expect(area(r.grid, 'A2-3')).toBeCloseTo(4000, -2);
    expect(area(r.grid, 'A2-2') + area(r.grid, 'A2-3')).toBeCloseTo(area(base, 'A2-2'), 6);
    // The new cell lies east of the line (drawn northwards).
    expect(r.changed.newExtents.some((b) => b[0] > M([149, 0])[0])).toBe(true);
    // A2-1 shares the cut's southern end now.
    expect(r.changed.cells.sort()).toEqual(['A2-1', 'A2-2', 'A2-3']);
    expect(r.inverse).toMatchObject({ type: 'restore', removeCells: ['A2-3'] });
  });

  it('mergeCells dissolves the shared edge; the inverse puts the removed cell back in place', () => {
    const r = applyAndUndo(base, { type: 'mergeCells', keep: 'A2-1', remove: 'A2-2' });
    expect(r.grid.cells.map((c) => c.id)).toEqual(['A1-1', 'A1-2', 'A2-1']);
    expect(area(r.grid, 'A2-1')).toBeCloseTo(area(base, 'A2-1') + area(base, 'A2-2'), 6);
    expect(r.changed.cells.sort()).toEqual(['A2-1', 'A2-2']);
    expect(r.changed.newExtents).toHaveLength(1);
  });

  it('moveCellToParent moves an L3 cell to a neighbouring L2 and the L2 boundary follows', () => {
    const before = levelBoundaryEdges(base, 2).length;
    const r = applyAndUndo(base, { type: 'moveCellToParent', cell: 'A1-2', parentId: 'A2' });
    expect(r.grid.cells[1].parentId).toBe('A2');
    expect(r.inverse).toEqual({ type: 'changeParent', id: 'A1-2', parentId: 'A1' });
    expect(r.changed).toMatchObject({ cells: ['A1-2'], oldExtents: [], newExtents: [] });
    // The A1|A2 boundary now runs between A1-1 and A1-2 instead of up x = 100.
    expect(levelBoundaryEdges(r.grid, 2).length).not.toBe(before);
  });

  it('a restore record derived across several edits goes back to the start in one step', () => {
    let g = base;
    for (const op of [
      { type: 'moveVertex', node: nodeAt(base, [100, 100]), to: M([96, 104]) },
      { type: 'splitCell', cell: 'A2-2', line: [M([150, 120]), M([150, 200])], newId: 'A2-3', newName: 'x' },
      { type: 'mergeCells', keep: 'A1-1', remove: 'A1-2' },
    ] as GridOp[])
      g = (applyOp(g, op) as OpApplied).grid;
    const back = applyOp(g, restoreOp(base, g));
    if ('error' in back) throw new Error(back.error.message);
    expect(back.grid).toEqual(base);
    expect(back.changed.cells.sort()).toEqual(['A1-1', 'A1-2', 'A2-1', 'A2-2', 'A2-3']);
  });

  it('rename and changeParent are their own inverses', () => {
    const r = applyAndUndo(base, { type: 'rename', id: 'A1', name: '新社区' });
    expect(r.grid.areas[1].name).toBe('新社区');
    expect(r.inverse).toEqual({ type: 'rename', id: 'A1', name: '示例社区一' });
    const c = applyAndUndo(base, { type: 'changeParent', id: 'A2-2', parentId: 'A1' });
    expect(c.grid.cells[3].parentId).toBe('A1');
  });
});

describe('applyOp refuses edits that would break the grid, saying why and where', () => {
  it('a vertex moved across a neighbour: the cells would overlap, named with the crossing edges', () => {
    const node = nodeAt(base, [100, 100]);
    const e = refused(base, { type: 'moveVertex', node, to: M([250, 60]) });
    expect(e.type).toBe('overlap');
    expect(e.message).toMatch(
      new RegExp(
        `^moving node ${node} to \\(113\\.66\\d+, 34\\.76\\d+\\) is refused: A\\S+ and A\\S+ overlap by \\d+\\.\\d+ m²: edge \\d+ crosses edge \\d+ at \\(113\\.\\d+, 34\\.\\d+\\)`,
      ),
    );
    expect(e.ids.length).toBe(2);
    expect(e.location![0]).toBeCloseTo(113.661, 2);
  });

  it('a vertex moved within the snapping tolerance of another edge: too close', () => {
    const node = nodeAt(base, [0, 100]);
    const e = refused(base, { type: 'moveVertex', node, to: M([99.98, 100]) });
    expect(['too-close', 'overlap', 'self-intersection']).toContain(e.type);
    const near = refused(base, { type: 'moveVertex', node: nodeAt(base, [200, 120]), to: M([100.03, 120]) });
    expect(near.type).toBe('too-close');
    expect(near.message).toMatch(/within 0\.05 m/);
  });

  it('a split leaving a cell below the minimum area: tiny-cell', () => {
    // Cutting a 3 m x 3 m corner off A2-2: the corner is left of the line, so A2-2 keeps 4.5 m².
    const e = refused(base, { type: 'splitCell', cell: 'A2-2', line: [M([197, 200]), M([200, 197])], newId: 'A2-3', newName: 'x' });
    expect(e).toMatchObject({ type: 'tiny-cell', ids: ['A2-2'] });
    expect(e.size).toBeCloseTo(4.5, 0);
  });

  it('split lines that leave the cell, miss its boundary or reuse an id', () => {
    expect(
      refused(base, { type: 'splitCell', cell: 'A2-2', line: [M([150, 120]), M([250, 160]), M([150, 200])], newId: 'N', newName: '' })
        .message,
    ).toMatch(/leaves A2-2/);
    expect(
      refused(base, { type: 'splitCell', cell: 'A2-2', line: [M([150, 130]), M([150, 200])], newId: 'N', newName: '' }).message,
    ).toMatch(/m from the outer boundary of A2-2/);
    expect(refused(base, { type: 'splitCell', cell: 'A2-2', line: [M([150, 120]), M([150, 200])], newId: 'A1', newName: '' }).type).toBe(
      'duplicate-id',
    );
  });

  it('merging cells that share no edge, deleting a junction, emptying a parent, a wrong-level parent, a bad record', () => {
    expect(refused(base, { type: 'mergeCells', keep: 'A1-1', remove: 'A2-2' }).message).toMatch(/share no edge/);
    expect(refused(base, { type: 'deleteVertex', node: nodeAt(base, [100, 100]) }).message).toMatch(
      /joins 3 edges; only a vertex inside an edge can be deleted/,
    );
    const moved = applyOp(base, { type: 'moveCellToParent', cell: 'A1-2', parentId: 'A2' }) as OpApplied;
    const empty = refused(moved.grid, { type: 'moveCellToParent', cell: 'A1-1', parentId: 'A2' });
    expect(empty).toMatchObject({ type: 'empty-cell', ids: ['A1'] });
    expect(refused(base, { type: 'moveCellToParent', cell: 'A1-1', parentId: 'A' }).type).toBe('bad-parent');
    expect(refused(base, { type: 'changeParent', id: 'A2', parentId: 'A1' }).message).toMatch(/must be a level-1 grid/);
    expect(refused(base, { type: 'moveVertex', node: 999, to: [0, 0] }).type).toBe('bad-op');
    expect(refused(base, { type: 'moveVertex', node: 0, to: [NaN, 0] }).type).toBe('non-finite-coordinate');
    expect(refused(base, { type: 'nope' } as unknown as GridOp).message).toMatch(/unknown operation type "nope"/);
  });

  it('keeps a grid imported with problems editable: only new problems refuse an edit', () => {
    const broken = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'overlap.geojson'), 'utf8'))).grid;
    expect(validateGrid(broken).map((p) => p.type)).toEqual(['overlap']);
    const elsewhere = applyOp(broken, { type: 'moveVertex', node: nodeAt(broken, [200, 120]), to: M([200, 125]) });
    expect('error' in elsewhere).toBe(false);
    // A1-2 dips into A1-1 through the vertex at (50, 90): deleting it fixes the overlap.
    const fixed = applyOp(broken, { type: 'deleteVertex', node: nodeAt(broken, [50, 90]) });
    if ('error' in fixed) throw new Error(fixed.error.message);
    expect(validateGrid(fixed.grid)).toEqual([]);
  });
});
