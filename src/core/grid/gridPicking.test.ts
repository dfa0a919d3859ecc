import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOp } from './applyOp';
import { cellsNearBox, cellsOfNode, cellAtPoint, nearestEdgePoint, nearestNode, snapPoint } from './gridPicking';
import { cellBBox, pointInCell, type Grid } from './gridModel';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

const grid = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8'))).grid;

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Every ring segment of every cell, as node pairs: the brute-force reference scans them all. */
function allSegments(g: Grid): [number, number][] {
  const out: [number, number][] = [];
  for (const c of g.cells) for (const r of c.rings) for (let i = 0; i < r.length; i++) out.push([r[i], r[(i + 1) % r.length]]);
  return out;
}

function bruteNode(g: Grid, x: number, y: number, tol: number, exclude = -1): { node: number; d: number } | null {
  let best: { node: number; d: number } | null = null;
  for (const [a] of allSegments(g)) {
    if (a === exclude) continue;
    const d = Math.hypot(g.nodeXY[a * 2] - x, g.nodeXY[a * 2 + 1] - y);
    if (d <= tol && (!best || d < best.d)) best = { node: a, d };
  }
  return best;
}

function bruteEdgeDistance(g: Grid, x: number, y: number, exclude = -1): number {
  let best = Infinity;
  for (const [a, b] of allSegments(g)) {
    if (a === exclude || b === exclude) continue;
    const ax = g.nodeXY[a * 2],
      ay = g.nodeXY[a * 2 + 1],
      dx = g.nodeXY[b * 2] - ax,
      dy = g.nodeXY[b * 2 + 1] - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

function extent(g: Grid): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [a] of allSegments(g)) {
    w = Math.min(w, g.nodeXY[a * 2]);
    e = Math.max(e, g.nodeXY[a * 2]);
    s = Math.min(s, g.nodeXY[a * 2 + 1]);
    n = Math.max(n, g.nodeXY[a * 2 + 1]);
  }
  return [w, s, e, n];
}

describe('grid picking against a scan of every segment', () => {
  const [w, s, e, n] = extent(grid);
  const next = random(7);
  const queries = Array.from(
    { length: 400 },
    () => [w - 20 + next() * (e - w + 40), s - 20 + next() * (n - s + 40), 1 + next() * 30] as const,
  );

  it('finds the nearest node within the tolerance, or none', () => {
    for (const [x, y, tol] of queries) {
      const hit = nearestNode(grid, x, y, tol);
      const ref = bruteNode(grid, x, y, tol);
      expect(hit?.distM ?? null).toBeCloseTo(ref?.d ?? (null as unknown as number), 9);
      if (hit) expect(hit.distM).toBeCloseTo(Math.hypot(hit.x - x, hit.y - y), 9);
    }
  });

  it('finds the nearest edge point, and its insert index puts it between the right vertices', () => {
    const topo = gridTopology(grid);
    let hits = 0;
    for (const [x, y, tol] of queries) {
      const hit = nearestEdgePoint(grid, x, y, tol);
      const ref = bruteEdgeDistance(grid, x, y);
      if (ref > tol) {
        expect(hit).toBeNull();
        continue;
      }
      hits++;
      expect(hit).not.toBeNull();
      expect(hit!.distM).toBeCloseTo(ref, 9);
      // The point lies on the segment between edge vertices index-1 and index.
      const nodes = topo.edgeNodes.subarray(topo.edgeNodeStart[hit!.edge], topo.edgeNodeStart[hit!.edge + 1]);
      const a = nodes[hit!.index - 1],
        b = nodes[hit!.index];
      const [ax, ay, bx, by] = [grid.nodeXY[a * 2], grid.nodeXY[a * 2 + 1], grid.nodeXY[b * 2], grid.nodeXY[b * 2 + 1]];
      const cross = (bx - ax) * (hit!.y - ay) - (by - ay) * (hit!.x - ax);
      expect(Math.abs(cross) / Math.hypot(bx - ax, by - ay)).toBeLessThan(1e-6);
    }
    expect(hits).toBeGreaterThan(20);
  });

  it('snaps to a node before an edge, and to an edge before the free point', () => {
    for (const [x, y, tol] of queries) {
      const snap = snapPoint(grid, x, y, tol);
      const node = bruteNode(grid, x, y, tol);
      if (node) expect(snap).toMatchObject({ kind: 'node', node: node.node });
      else if (bruteEdgeDistance(grid, x, y) <= tol) expect(snap.kind).toBe('edge');
      else expect(snap).toEqual({ kind: 'free', x, y });
    }
  });

  it('never snaps a dragged node to itself or to its own segments', () => {
    const v = allSegments(grid)[0][0];
    const [x, y] = [grid.nodeXY[v * 2], grid.nodeXY[v * 2 + 1]];
    const snap = snapPoint(grid, x + 0.5, y + 0.5, 2, v);
    expect(snap.kind === 'node' ? snap.node : -1).not.toBe(v);
    const edge = nearestEdgePoint(grid, x + 0.5, y + 0.5, 2, v);
    const ref = bruteEdgeDistance(grid, x + 0.5, y + 0.5, v);
    if (ref > 2) expect(edge).toBeNull();
    else expect(edge!.distM).toBeCloseTo(ref, 9);
    // Without the exclusion the node's own segments are found, 0.5 m away.
    expect(nearestEdgePoint(grid, x + 0.5, y + 0.5, 2)?.distM).toBeLessThanOrEqual(Math.SQRT2 * 0.5 + 1e-9);
  });

  it('finds the cell under a point as a scan of every cell does', () => {
    for (const [x, y] of queries) {
      const ref = grid.cells.findIndex((c) => pointInCell(grid.nodeXY, c, x, y));
      expect(cellAtPoint(grid, x, y)).toBe(ref);
    }
  });

  it('lists every cell that uses a node', () => {
    for (const [a] of allSegments(grid)) {
      const ref = grid.cells.flatMap((c, i) => (c.rings.some((r) => Array.from(r).includes(a)) ? [i] : []));
      expect(cellsOfNode(grid, a)).toEqual(ref);
    }
  });

  it('answers for the edited grid, not the one it indexed first', () => {
    const v = allSegments(grid)[0][0];
    const [x, y] = [grid.nodeXY[v * 2], grid.nodeXY[v * 2 + 1]];
    expect(nearestNode(grid, x, y, 0.01)?.node).toBe(v);
    const moved = applyOp(grid, { type: 'moveVertex', node: v, to: [x - 3, y - 3] });
    if ('error' in moved) throw new Error(moved.error.message);
    expect(nearestNode(moved.grid, x, y, 0.01)).toBeNull();
    expect(nearestNode(moved.grid, x - 3, y - 3, 0.01)?.node).toBe(v);
  });
});

describe('cells near a box', () => {
  it('gives the cells meeting the box and every cell sharing a node with one, and nothing past the limit', () => {
    grid.cells.forEach((cell, c) => {
      const [x0, y0, x1, y1] = cellBBox(grid.nodeXY, cell);
      // A box well inside the cell's box meets that cell's box, perhaps others'.
      const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
      const near = cellsNearBox(grid, cx - 1, cy - 1, cx + 1, cy + 1, 10);
      const meeting = grid.cells.flatMap((o, k) => {
        const [a0, b0, a1, b1] = cellBBox(grid.nodeXY, o);
        return a0 <= cx + 1 && a1 >= cx - 1 && b0 <= cy + 1 && b1 >= cy - 1 ? [k] : [];
      });
      const nodesOf = (k: number) => new Set(grid.cells[k].rings.flatMap((r) => Array.from(r)));
      const expected = grid.cells.flatMap((_, k) =>
        meeting.some((m) => m === k || [...nodesOf(m)].some((v) => nodesOf(k).has(v))) ? [k] : [],
      );
      expect(near).toEqual(expected);
      expect(near).toContain(c);
      expect(cellsNearBox(grid, cx - 1, cy - 1, cx + 1, cy + 1, meeting.length - 1)).toBeNull();
    });
  });
});
