import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { buildDemoCityBeforeAll, demoGeoJson } from '../../io/demoCity.fixture';
import { applyOp } from './applyOp';
import type { GridFeatureCollection } from './gridFeatures';
import type { GridOp } from './gridOp';
import type { Grid } from './gridModel';
import { deriveTopology, gridTopology, nodeCells, type GridTopology } from './topology';
import { importGrid } from './validateGrid';

buildDemoCityBeforeAll();

/** The topology with segments named by their end nodes (patched and derived tables number them differently). */
function canonical(t: GridTopology) {
  const S = t.segments;
  const seg = (s: number) => `${S.a[s]}-${S.b[s]}:${S.left[s]}|${S.right[s]}@${t.segmentEdge[s]}`;
  const segments = Array.from({ length: S.count }, (_, s) => seg(s)).sort();
  const lookups = Array.from({ length: S.count }, (_, s) => S.lookup(S.b[s], S.a[s]) === s);
  return {
    rings: t.rings,
    posSeg: Array.from(S.posSeg, seg),
    segments,
    lookups,
    conflicts: S.conflicts.length,
    nodeCount: t.nodeCount,
    edgeCount: t.edgeCount,
    edgeNodeStart: t.edgeNodeStart,
    edgeNodes: t.edgeNodes,
    edgeLeft: t.edgeLeft,
    edgeRight: t.edgeRight,
    ringEdgeStart: t.ringEdgeStart,
    ringEdges: t.ringEdges,
    nodeDegree: t.nodeDegree,
  };
}

/** A vertex insert into a random edge, or a delete of a vertex inside one. */
function insertOrDelete(grid: Grid, rng: Rng): GridOp {
  const t = gridTopology(grid);
  const xy = grid.nodeXY;
  const inner: number[] = [];
  for (let e = 0; e < t.edgeCount; e++)
    for (let k = t.edgeNodeStart[e] + 1; k < t.edgeNodeStart[e + 1] - 1; k++) inner.push(t.edgeNodes[k]);
  if (inner.length && rng.next() < 0.4) return { type: 'deleteVertex', node: inner[rng.int(0, inner.length - 1)] };
  const edge = rng.int(0, t.edgeCount - 1);
  const s = t.edgeNodeStart[edge];
  const index = rng.int(1, t.edgeNodeStart[edge + 1] - s - 1);
  const u = t.edgeNodes[s + index - 1],
    v = t.edgeNodes[s + index];
  const f = rng.range(0.3, 0.7);
  return {
    type: 'insertVertex',
    edge,
    index,
    at: [xy[u * 2] + f * (xy[v * 2] - xy[u * 2]), xy[u * 2 + 1] + f * (xy[v * 2 + 1] - xy[u * 2 + 1])],
  };
}

describe('topology patched by a vertex insert or delete', () => {
  it('equals the topology derived afresh, edge numbers included, over a run of edits', () => {
    let grid = importGrid(demoGeoJson<GridFeatureCollection>('grids.geojson')).grid;
    const rng = new Rng(5, 11);
    let applied = 0,
      patched = 0;
    // Past 64 patches in a chain, so the segment lookup is rebuilt once on the way (topologyPatch's MAX_LOOKUP_DEPTH).
    for (let k = 0; k < 200; k++) {
      const op = insertOrDelete(grid, rng);
      const before = gridTopology(grid);
      const r = applyOp(grid, op);
      if ('error' in r) continue;
      applied++;
      grid = r.grid;
      // A patched topology shares the ring-to-cell column with the one it came from.
      if (gridTopology(grid).rings.ringCell === before.rings.ringCell) patched++;
      const derived = deriveTopology(grid);
      expect(canonical(gridTopology(grid)), `after edit ${k} (${op.type})`).toEqual(canonical(derived));
      // The node -> cells table the edit carried over (applyOp looked it up on the grid before) equals a fresh one.
      expect(nodeCells(gridTopology(grid)), `node cells after edit ${k} (${op.type})`).toEqual(nodeCells(derived));
    }
    expect(applied).toBeGreaterThan(70);
    expect(patched).toBe(applied);
  });

  it('keeps the topology of a grid whose node only moved', () => {
    const grid = importGrid(demoGeoJson<GridFeatureCollection>('grids.geojson')).grid;
    const t = gridTopology(grid);
    const node = t.edgeNodes[0];
    const r = applyOp(grid, { type: 'moveVertex', node, to: [grid.nodeXY[node * 2] + 0.5, grid.nodeXY[node * 2 + 1]] });
    if ('error' in r) throw new Error(r.error.message);
    expect(gridTopology(r.grid)).toBe(t);
  });
});
