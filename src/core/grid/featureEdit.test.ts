import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyOp } from './applyOp';
import { createCellOp, deleteCellOp, replaceCellOp, type FeatureEdit } from './featureEdit';
import type { GridFeatureCollection } from './gridFeatures';
import type { Grid } from './gridModel';
import { importGrid } from './validateGrid';

const clean = (): Grid =>
  importGrid(JSON.parse(readFileSync(new URL('./fixtures/clean.geojson', import.meta.url), 'utf8')) as GridFeatureCollection, {
    crs: 'EPSG:4490',
    zone: 38,
  }).grid;

const ringsOf = (g: Grid, id: string) =>
  g.cells.find((c) => c.id === id)!.rings.map((r) => Array.from(r, (v) => [g.nodeXY[v * 2], g.nodeXY[v * 2 + 1]] as [number, number]));

function apply(g: Grid, e: FeatureEdit): Grid {
  if ('error' in e) throw new Error(e.error);
  const r = applyOp(g, e.op);
  if ('error' in r) throw new Error(r.error.message);
  return r.grid;
}

describe('grid cells edited as features', () => {
  it('a replacement moves only the vertices that moved, whatever the ring start and direction', () => {
    const g = clean();
    const rings = ringsOf(g, 'A1-1');
    // Reversed and rotated, closed, one vertex 2 m east.
    const ring = [...rings[0]].reverse();
    ring.push(ring.shift()!);
    ring[1] = [ring[1][0] + 2, ring[1][1]];
    const e = replaceCellOp(g, { id: 'A1-1', name: '新名', parentId: 'A1', rings: [[...ring, ring[0]]] });
    expect('op' in e && e.op.nodes.length).toBe(1);
    const after = apply(g, e);
    expect(after.cells.find((c) => c.id === 'A1-1')!.name).toBe('新名');
    expect(ringsOf(after, 'A1-1')[0].filter(([x, y]) => !rings[0].some(([a, b]) => a === x && b === y))).toEqual([ring[1]]);
  });

  it('refuses another vertex count, an unknown cell and a parent that is not an L2', () => {
    const g = clean();
    const ring = ringsOf(g, 'A1-1')[0];
    expect(replaceCellOp(g, { id: 'A1-1', name: 'x', parentId: 'A1', rings: [ring.slice(0, 3)] })).toMatchObject({ error: /vertices/ });
    expect(replaceCellOp(g, { id: 'nope', name: 'x', parentId: 'A1', rings: [ring] })).toMatchObject({ error: /not an L3 cell/ });
    expect(replaceCellOp(g, { id: 'A1-1', name: 'x', parentId: 'A1-2', rings: [ring] })).toMatchObject({ error: /not an L2/ });
  });

  it('a deleted cell created again from its outline snaps to the same nodes and gives back the same shape', () => {
    const g = clean();
    const rings = ringsOf(g, 'A2-1');
    const without = apply(g, deleteCellOp(g, 'A2-1'));
    expect(without.cells.map((c) => c.id)).not.toContain('A2-1');
    // Clockwise input is turned counter-clockwise; each position within the snap distance is the existing node.
    const cw = [[...rings[0]].reverse().map(([x, y]) => [x + 0.01, y] as [number, number])];
    const e = createCellOp(without, { id: 'A2-1', name: 'A2-1网格', parentId: 'A2', rings: cw });
    expect('op' in e && e.op.nodes).toEqual([]);
    const back = apply(without, e);
    expect(new Set(back.cells.find((c) => c.id === 'A2-1')!.rings[0])).toEqual(new Set(g.cells.find((c) => c.id === 'A2-1')!.rings[0]));
    // A new cell overlapping another is refused by the edit checks.
    const overlap = createCellOp(g, { id: 'X', name: 'X', parentId: 'A2', rings });
    expect('op' in overlap && 'error' in applyOp(g, overlap.op)).toBe(true);
  });
});
