import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { applyOp } from './applyOp';
import { cellIndexMap, changedBoxesM } from './changes';
import { packCells, type Grid } from './gridModel';
import type { GridOp } from './gridOp';
import { rejoinCells } from './rejoinCells';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

const base = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8'))).grid;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const fullJoin = (grid: Grid, xy: Float64Array) => assignPoints(buildGridIndex(packCells(grid)), xy);

/** Random points over the grid and around it, plus every node and every segment's midpoint (the boundary cases). */
function points(grid: Grid, next: () => number): Float64Array {
  const used = new Set<number>();
  for (const c of grid.cells) for (const r of c.rings) r.forEach((v) => used.add(v));
  const xs = [...used].map((v) => grid.nodeXY[v * 2]),
    ys = [...used].map((v) => grid.nodeXY[v * 2 + 1]);
  const [w, e, s, n] = [Math.min(...xs) - 30, Math.max(...xs) + 30, Math.min(...ys) - 30, Math.max(...ys) + 30];
  const out: number[] = [];
  for (let i = 0; i < 3000; i++) out.push(w + next() * (e - w), s + next() * (n - s));
  for (const v of used) out.push(grid.nodeXY[v * 2], grid.nodeXY[v * 2 + 1]);
  const { segments: seg } = gridTopology(grid);
  for (let k = 0; k < seg.count; k++)
    out.push(
      (grid.nodeXY[seg.a[k] * 2] + grid.nodeXY[seg.b[k] * 2]) / 2,
      (grid.nodeXY[seg.a[k] * 2 + 1] + grid.nodeXY[seg.b[k] * 2 + 1]) / 2,
    );
  return Float64Array.from(out);
}

describe('re-join among the cells near an edit', () => {
  it('equals a full join after every edit of a random sequence, and lists exactly the points that changed cell', () => {
    const next = random(3);
    let grid = base;
    const xy = points(base, next);
    let assignment = fullJoin(grid, xy);
    let applied = 0;
    for (let step = 0; step < 120; step++) {
      const used = [...new Set(grid.cells.flatMap((c) => c.rings.flatMap((r) => Array.from(r))))];
      const node = used[Math.floor(next() * used.length)];
      const roll = next();
      const op: GridOp =
        roll < 0.7
          ? { type: 'moveVertex', node, to: [grid.nodeXY[node * 2] + (next() - 0.5) * 40, grid.nodeXY[node * 2 + 1] + (next() - 0.5) * 40] }
          : roll < 0.85
            ? { type: 'deleteVertex', node }
            : { type: 'mergeCells', keep: grid.cells[0].id, remove: grid.cells[Math.floor(next() * grid.cells.length)].id };
      const r = applyOp(grid, op);
      if ('error' in r) continue;
      applied++;
      const local = rejoinCells(r.grid, xy, assignment, changedBoxesM(r.changed), cellIndexMap(grid, r.grid));
      const full = fullJoin(r.grid, xy);
      expect(local.assignment).toEqual(full);
      const mapping = cellIndexMap(grid, r.grid);
      const moved = full.reduce<number[]>(
        (acc, c, i) => (c !== (assignment[i] >= 0 ? mapping[assignment[i]] : -1) ? [...acc, i] : acc),
        [],
      );
      expect(Array.from(local.changed)).toEqual(moved);
      expect(Array.from(local.changedFrom)).toEqual(moved.map((i) => assignment[i]));
      // In place (as the editor's worker runs it): the same answer in the array it was given.
      const own = assignment.slice();
      const inPlace = rejoinCells(r.grid, xy, own, changedBoxesM(r.changed), mapping, { inPlace: true });
      expect(inPlace.assignment).toEqual(full);
      expect(inPlace.changedFrom).toEqual(local.changedFrom);
      if (mapping.every((m, c) => m === c) && mapping.length === r.grid.cells.length) expect(inPlace.assignment).toBe(own);
      expect(local.candidates).toBeLessThanOrEqual(r.grid.cells.length);
      grid = r.grid;
      assignment = local.assignment;
    }
    expect(applied).toBeGreaterThan(30);
  });
});

describe('re-join over many boxes (a replayed journal)', () => {
  it('equals a full join when the boxes of many edits are given at once', () => {
    const next = random(8);
    const xy = points(base, next);
    const start = fullJoin(base, xy);
    let grid = base;
    const boxes: number[] = [];
    for (let step = 0, applied = 0; applied < 40 && step < 400; step++) {
      const used = [...new Set(grid.cells.flatMap((c) => c.rings.flatMap((r) => Array.from(r))))];
      const node = used[Math.floor(next() * used.length)];
      const r = applyOp(grid, {
        type: 'moveVertex',
        node,
        to: [grid.nodeXY[node * 2] + (next() - 0.5) * 30, grid.nodeXY[node * 2 + 1] + (next() - 0.5) * 30],
      });
      if ('error' in r) continue;
      boxes.push(...changedBoxesM(r.changed));
      grid = r.grid;
      applied++;
    }
    expect(boxes.length / 4).toBeGreaterThan(16);
    const identity = Int32Array.from(grid.cells, (_, c) => c);
    expect(rejoinCells(grid, xy, start, Float64Array.from(boxes), identity).assignment).toEqual(fullJoin(grid, xy));
  });
});
