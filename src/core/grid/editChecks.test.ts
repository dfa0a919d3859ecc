import { describe, expect, it } from 'vitest';
import { buildDemoCityBeforeAll, demoGeoJson } from '../../io/demoCity.fixture';
import { Rng } from '../util/random';
import { applyOp, executeOp } from './applyOp';
import { editProblems } from './editChecks';
import type { GridFeatureCollection } from './gridFeatures';
import type { Grid } from './gridModel';
import type { GridOp } from './gridOp';
import { replayOps } from './replayOps';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

buildDemoCityBeforeAll();

const demoGrid = (): Grid => importGrid(demoGeoJson<GridFeatureCollection>('grids.geojson')).grid;
const key = (p: { type: string; ids: string[] }) => `${p.type}|${p.ids.join('|')}`;

/** Valid 1 m moves of shared nodes all over the demo grid, each checked as the editor checks it. */
function spreadMoves(grid: Grid, count: number): { ops: GridOp[]; end: Grid; touched: Set<string> } {
  const rng = new Rng(5, 11);
  const topo = gridTopology(grid);
  const shared = Array.from(topo.nodeDegree.keys()).filter((v) => topo.nodeDegree[v] >= 3);
  const ops: GridOp[] = [];
  const touched = new Set<string>();
  for (let k = 0; ops.length < count && k < count * 10; k++) {
    const node = shared[rng.int(0, shared.length - 1)];
    const op: GridOp = {
      type: 'moveVertex',
      node,
      to: [grid.nodeXY[node * 2] + rng.range(-1, 1), grid.nodeXY[node * 2 + 1] + rng.range(-1, 1)],
    };
    const r = applyOp(grid, op);
    if ('error' in r) continue;
    for (const id of executeOp(grid, op).touched) touched.add(id);
    ops.push(op);
    grid = r.grid;
  }
  return { ops, end: grid, touched };
}

describe('editProblems over many touched cells (a replayed journal)', () => {
  it('finds the problem one bad edit among many adds, as the check of that edit alone does', () => {
    const start = demoGrid();
    const { ops, end, touched } = spreadMoves(start, 60);
    expect(touched.size).toBeGreaterThan(100);
    const node = Array.from(gridTopology(end).nodeDegree).findIndex((d) => d >= 3);
    const bad: GridOp = { type: 'moveVertex', node, to: [end.nodeXY[node * 2] + 1500, end.nodeXY[node * 2 + 1] + 1500] };
    const refused = applyOp(end, bad);
    expect('error' in refused).toBe(true);

    const badEdit = executeOp(end, bad);
    const alone = editProblems(end, badEdit.grid, badEdit.touched, false);
    const all = editProblems(start, badEdit.grid, [...touched, ...badEdit.touched], false);
    expect(alone.length).toBeGreaterThan(0);
    expect(all.map(key)).toEqual(expect.arrayContaining(alone.map(key)));
    expect(editProblems(start, end, [...touched], false)).toEqual([]);

    const replay = replayOps(demoGrid(), [...ops, bad]);
    expect(replay).toMatchObject({ applied: ops.length, batched: false });
    expect(replay.error?.message).toBe('error' in refused ? refused.error.message : '');
  });
});
