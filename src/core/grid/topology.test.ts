import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGrid } from './buildGrid';
import type { GridFeatureLike } from './gridFeatures';
import { nodesInSourceCrs, toGridXY } from './gridCoords';
import { edgeNodeIds, gridTopology, levelBoundaryEdges } from './topology';
import { importGrid } from './validateGrid';

const clean = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8'))).grid;
const idOf = (c: number) => (c < 0 ? 'outside' : clean.cells[c].id);

describe('grid topology', () => {
  it('has one edge per shared boundary, with the cell on each side', () => {
    const t = gridTopology(clean);
    const sides = Array.from({ length: t.edgeCount }, (_, e) => [idOf(t.edgeLeft[e]), idOf(t.edgeRight[e])].sort().join('|')).sort();
    expect(sides).toEqual([
      'A1-1|A1-2',
      'A1-1|A2-1',
      'A1-1|outside',
      'A1-2|A2-1',
      'A1-2|A2-2',
      'A1-2|outside',
      'A2-1|A2-2',
      'A2-1|outside',
      'A2-2|outside',
    ]);
    // Outer edges run through the corner nodes: (100,0) -> (0,0) -> (0,100) is one edge of 3 nodes.
    const outerA11 = sides.indexOf('A1-1|outside');
    expect(outerA11).toBeGreaterThanOrEqual(0);
    for (let e = 0; e < t.edgeCount; e++) {
      const n = edgeNodeIds(t, e).length;
      expect(n).toBe(t.edgeRight[e] < 0 ? 3 : 2);
    }
  });

  it('gives each cell a loop of edges, shared edges walked in opposite directions', () => {
    const t = gridTopology(clean);
    const loops = clean.cells.map((_, c) => Array.from(t.ringEdges.subarray(t.ringEdgeStart[c], t.ringEdgeStart[c + 1])));
    expect(loops.map((l) => l.length)).toEqual([3, 4, 4, 3]);
    const seen = new Map<number, number[]>();
    for (const l of loops) for (const s of l) seen.set(s < 0 ? ~s : s, [...(seen.get(s < 0 ? ~s : s) ?? []), s < 0 ? -1 : 1]);
    for (const [e, dirs] of seen) {
      if (t.edgeRight[e] >= 0) expect(dirs.sort()).toEqual([-1, 1]);
      else expect(dirs).toEqual([1]);
    }
    // Every loop closes: each edge's end is the next edge's start.
    for (const l of loops) {
      const ends = l.map((s) => {
        const n = edgeNodeIds(t, s < 0 ? ~s : s);
        return s < 0 ? [n[n.length - 1], n[0]] : [n[0], n[n.length - 1]];
      });
      ends.forEach(([, end], i) => expect(ends[(i + 1) % ends.length][0]).toBe(end));
    }
  });

  it('derives the L2 and L1 boundaries from the cells', () => {
    expect(levelBoundaryEdges(clean, 3).length).toBe(9);
    expect(levelBoundaryEdges(clean, 2).length).toBe(7);
    expect(levelBoundaryEdges(clean, 1).length).toBe(4);
  });

  it('makes a closed edge of an island cell and the hole around it', () => {
    const sq = (x0: number, y0: number, s: number) => [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ];
    const f = (id: string, level: number, parentId: string | null, coordinates: unknown): GridFeatureLike => ({
      type: 'Feature',
      properties: { id, level, parentId, name: id },
      geometry: { type: 'Polygon', coordinates },
    });
    const { grid } = buildGrid(
      [
        f('L1', 1, null, [sq(500_000, 3_850_000, 300)]),
        f('L2', 2, 'L1', [sq(500_000, 3_850_000, 300)]),
        f('ring', 3, 'L2', [sq(500_000, 3_850_000, 300), sq(500_100, 3_850_100, 100).reverse()]),
        f('island', 3, 'L2', [sq(500_100, 3_850_100, 100)]),
      ],
      { crs: 'EPSG:4547' },
    );
    const t = gridTopology(grid);
    expect(t.edgeCount).toBe(2);
    for (let e = 0; e < 2; e++) {
      const n = edgeNodeIds(t, e);
      expect(n[0]).toBe(n[n.length - 1]);
      expect(n.length).toBe(5);
    }
    const between = [0, 1].find((e) => t.edgeRight[e] >= 0)!;
    expect([t.edgeLeft[between], t.edgeRight[between]].sort()).toEqual([0, 1]);
  });
});

describe('grid coordinates', () => {
  it('converts picked lon/lat to grid metres and nodes back', () => {
    const lonLat = nodesInSourceCrs(clean);
    const [x, y] = toGridXY(clean, [lonLat[4], lonLat[5]]);
    expect(x).toBeCloseTo(clean.nodeXY[4], 6);
    expect(y).toBeCloseTo(clean.nodeXY[5], 6);
    expect(lonLat[0]).toBeCloseTo(113.66, 6);
    expect(lonLat[1]).toBeCloseTo(34.76, 6);
  });
});
