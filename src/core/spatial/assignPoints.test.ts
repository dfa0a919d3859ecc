import { describe, expect, it } from 'vitest';
import type { PackedPolygons } from '../geom/packed';
import { Rng } from '../util/random';
import { assignPoints } from './assignPoints';
import { buildGridIndex } from './gridIndex';
import { gridIndexFrom } from './gridIndexLayout';
import { locatePoint } from './locate';
import { packRings } from './packRings';
import { boundaryOwners, halfOpenOwners, referenceAssign } from './referenceJoin';
import { latticeGrid, probePoints } from './syntheticGrid';

const testPoints = (cells: PackedPolygons, rng: Rng, n: number) => probePoints(cells, n, rng.int(0, 1 << 30));

function bboxOf(cells: PackedPolygons): number[] {
  const b = cells.bbox;
  const out = [Infinity, Infinity, -Infinity, -Infinity];
  for (let f = 0; f < cells.ids.length; f++) {
    out[0] = Math.min(out[0], b[f * 4]);
    out[1] = Math.min(out[1], b[f * 4 + 1]);
    out[2] = Math.max(out[2], b[f * 4 + 2]);
    out[3] = Math.max(out[3], b[f * 4 + 3]);
  }
  return out;
}

describe('assignPoints', () => {
  it('matches the brute-force reference on random grids with holes, islands and MultiPolygons', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const cells = latticeGrid({ cols: 9, rows: 8, seed, edgeVertices: seed % 3, holes: 2, gaps: 1, multi: 2 });
      const pts = testPoints(cells, new Rng(seed, 99), 1500);
      const expected = referenceAssign(cells, pts);
      for (const cellsPerFeature of [1, 6, 40, 300]) {
        const index = buildGridIndex(cells, { cellsPerFeature });
        expect(assignPoints(index, pts, undefined, { spatialSort: false })).toEqual(expected);
        expect(assignPoints(index, pts, undefined, { spatialSort: true })).toEqual(expected);
      }
      // The data really exercises every branch: outside, holes and shared edges.
      expect(expected.includes(-1)).toBe(true);
      expect(new Set(expected).size).toBe(cells.ids.length + 1);
    }
  });

  it('gives every point on a shared edge or vertex inside the grid exactly one half-open owner', () => {
    const cells = latticeGrid({ cols: 6, rows: 5, seed: 11, edgeVertices: 2, holes: 1, multi: 1 });
    const pts = testPoints(cells, new Rng(5), 0);
    const index = buildGridIndex(cells);
    let shared = 0;
    for (let i = 0; i < pts.length / 2; i++) {
      const x = pts[i * 2],
        y = pts[i * 2 + 1];
      const owners = boundaryOwners(cells, x, y);
      if (owners.length < 2) continue;
      // Inside the grid area: a small step in every direction still lands in some cell.
      const d = 0.01;
      const around = [
        [d, 0],
        [-d, 0],
        [0, d],
        [0, -d],
        [d, d],
        [-d, -d],
        [d, -d],
        [-d, d],
      ];
      if (!around.every(([dx, dy]) => locatePoint(index, x + dx, y + dy) >= 0)) continue;
      shared++;
      const half = halfOpenOwners(cells, x, y);
      expect(half).toHaveLength(1);
      expect(owners).toContain(half[0]);
      expect(locatePoint(index, x, y)).toBe(half[0]);
    }
    expect(shared).toBeGreaterThan(100);
  });

  it('applies the boundary rule on a hand-made pair of squares', () => {
    const left = [0, 0, 10, 0, 10, 10, 0, 10];
    const right = [10, 0, 20, 0, 20, 10, 10, 10];
    const cells = packRings([[[left]], [[right]]]);
    const index = buildGridIndex(cells);
    const at = (x: number, y: number) => locatePoint(index, x, y);
    expect(at(5, 5)).toBe(0);
    expect(at(10, 5)).toBe(1); // shared edge: the cell to the right
    expect(at(10, 0)).toBe(1); // shared vertex on the bottom boundary
    expect(at(0, 5)).toBe(0); // outer left edge
    expect(at(20, 5)).toBe(1); // outer right edge: closed
    expect(at(15, 10)).toBe(1); // outer top edge: closed
    expect(at(10, 10)).toBe(0); // top vertex shared by both: closed, lowest index
    expect(at(20, 10)).toBe(1);
    expect(at(20.000001, 5)).toBe(-1);
    expect(at(Number.NaN, 5)).toBe(-1);
  });

  it('keeps holes out of their polygon and puts an island in its own cell', () => {
    const outer = [0, 0, 30, 0, 30, 30, 0, 30];
    const hole = [10, 10, 10, 20, 20, 20, 20, 10];
    const island = [10, 10, 20, 10, 20, 20, 10, 20];
    const gapHole = [2, 2, 2, 4, 4, 4, 4, 2];
    const cells = packRings([[[outer, hole, gapHole]], [[island]]]);
    const pts = Float64Array.from([15, 15, 5, 5, 3, 3, 10, 15, 20, 15, 2, 3, 4, 3]);
    const got = assignPoints(buildGridIndex(cells), pts);
    expect(Array.from(got)).toEqual([1, 0, -1, 1, 0, 0, 0]);
    expect(got).toEqual(referenceAssign(cells, pts));
  });

  it('answers the same after the buffer is transferred and revived', () => {
    const cells = latticeGrid({ cols: 7, rows: 6, seed: 3 });
    const index = buildGridIndex(cells);
    const pts = testPoints(cells, new Rng(8), 500);
    const revived = gridIndexFrom(structuredClone(index.buffer));
    expect(assignPoints(revived, pts)).toEqual(assignPoints(index, pts));
  });

  it('returns results in input order when sorting internally, reusing the result array', () => {
    const cells = latticeGrid({ cols: 20, rows: 20, seed: 4, edgeVertices: 3 });
    const index = buildGridIndex(cells);
    const b = bboxOf(cells);
    const rng = new Rng(77);
    const pts = new Float64Array(80_000);
    for (let i = 0; i < pts.length; i += 2) {
      pts[i] = rng.range(b[0] - 50, b[2] + 50);
      pts[i + 1] = rng.range(b[1] - 50, b[3] + 50);
    }
    const plain = assignPoints(index, pts, undefined, { spatialSort: false });
    const result = new Int32Array(pts.length / 2).fill(-7);
    expect(assignPoints(index, pts, result)).toBe(result);
    expect(result).toEqual(plain);
    // Spot-check against brute force.
    const sample = pts.slice(0, 4000);
    expect(plain.slice(0, 2000)).toEqual(referenceAssign(cells, sample));
  });

  it('places points lying exactly on raster lines, where cell edges coincide with them', () => {
    const cells = latticeGrid({
      cols: 8,
      rows: 8,
      seed: 2,
      jitter: 0,
      edgeVertices: 0,
      snapM: 1e-9,
      cellM: 0.3,
      originXM: 500_000.1,
      originYM: 3_800_000.3,
    });
    const index = buildGridIndex(cells, { cellsPerFeature: 9 });
    const rng = new Rng(3);
    const pts: number[] = [];
    for (let k = 0; k < 3000; k++) {
      const c = rng.int(0, index.nCols),
        r = rng.int(0, index.nRows);
      const x = index.minX + c * index.cellSizeM,
        y = index.minY + r * index.cellSizeM;
      pts.push(x, y, x, rng.range(index.minY, index.maxY), rng.range(index.minX, index.maxX), y);
    }
    const xy = Float64Array.from(pts);
    expect(assignPoints(index, xy)).toEqual(referenceAssign(cells, xy));
  });

  it('handles an empty grid', () => {
    const index = buildGridIndex(packRings([]));
    expect(Array.from(assignPoints(index, Float64Array.from([0, 0, 1, 1])))).toEqual([-1, -1]);
  });
});
