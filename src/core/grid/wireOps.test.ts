import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyOp } from './applyOp';
import type { GridFeatureCollection } from './gridFeatures';
import type { Grid } from './gridModel';
import { edgeNodeIds, gridTopology } from './topology';
import { importGrid } from './validateGrid';
import { fromWire, toWire } from './wireOps';

const clean = (): Grid =>
  importGrid(JSON.parse(readFileSync(new URL('./fixtures/clean.geojson', import.meta.url), 'utf8')) as GridFeatureCollection, {
    crs: 'EPSG:4490',
    zone: 38,
  }).grid;

function applied(grid: Grid, op: Parameters<typeof applyOp>[1]): Grid {
  const r = applyOp(grid, op);
  if ('error' in r) throw new Error(r.error.message);
  return r.grid;
}

describe('wire edit records', () => {
  it('an inserted vertex names its segment by nodes and lands on the same segment after edges were renumbered', () => {
    const g0 = clean();
    const topo0 = gridTopology(g0);
    // The longest edge of the grid, the vertex in its middle segment.
    let e = 0;
    for (let i = 1; i < topo0.edgeNodeStart.length - 1; i++) if (edgeNodeIds(topo0, i).length > edgeNodeIds(topo0, e).length) e = i;
    const nodes = edgeNodeIds(topo0, e);
    const index = nodes.length >> 1 || 1;
    const [a, b] = [nodes[index - 1], nodes[index]];
    const at: [number, number] = [(g0.nodeXY[a * 2] + g0.nodeXY[b * 2]) / 2, (g0.nodeXY[a * 2 + 1] + g0.nodeXY[b * 2 + 1]) / 2];
    const wire = toWire(g0, { type: 'insertVertex', edge: e, index, at });
    expect(wire).toEqual({ type: 'insertVertex', between: [a, b], at });

    // Someone else inserts a vertex elsewhere first: edge ids may change; the wire record still finds a–b.
    const other = topo0.edgeNodeStart.length - 2 === e ? 0 : topo0.edgeNodeStart.length - 2;
    const on = edgeNodeIds(topo0, other);
    const mid: [number, number] = [
      (g0.nodeXY[on[0] * 2] + g0.nodeXY[on[1] * 2]) / 2,
      (g0.nodeXY[on[0] * 2 + 1] + g0.nodeXY[on[1] * 2 + 1]) / 2,
    ];
    const g1 = applied(g0, { type: 'insertVertex', edge: other, index: 1, at: mid });
    const op = fromWire(g1, wire);
    const g2 = applied(g1, op);
    // The new node sits between a and b in every ring that had the segment a–b.
    const v = (g2.nodeXY.length >> 1) - 1;
    expect([g2.nodeXY[v * 2], g2.nodeXY[v * 2 + 1]]).toEqual(at);
    const rings = g2.cells.flatMap((c) => c.rings.map((r) => Array.from(r)));
    const withV = rings.filter((r) => r.includes(v));
    expect(withV.length).toBeGreaterThan(0);
    for (const r of withV) {
      const i = r.indexOf(v);
      const prev = r[(i - 1 + r.length) % r.length],
        next = r[(i + 1) % r.length];
      expect([prev, next].sort()).toEqual([a, b].sort());
    }
  });

  it('refuses a segment that no longer exists, and never shrinks the node table with a restore', () => {
    const g0 = clean();
    expect(() => fromWire(g0, { type: 'insertVertex', between: [0, 0], at: [0, 0] })).toThrow(/not adjacent/);
    const n = g0.nodeXY.length >> 1;
    const op = fromWire(g0, { type: 'restore', nodeCount: n - 3, nodes: [], removeCells: [], putCells: [] });
    expect(op.type === 'restore' && op.nodeCount).toBe(n);
  });
});
