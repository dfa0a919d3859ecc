import { describe, expect, it } from 'vitest';
import type { PackedPolygons } from '../geom/packed';
import { Rng } from '../util/random';
import { assignOverlap } from './assignOverlap';
import { buildGridIndex } from './gridIndex';
import { EdgeList, intersectionAreaM2 } from './overlapArea';
import { packedFeatureAreaM2 } from './packedArea';
import { packRings, type RingPolygons } from './packRings';
import { latticeGrid } from './syntheticGrid';

const rect = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];

function featureEdges(layer: PackedPolygons, f: number): EdgeList {
  const e = new EdgeList();
  const c = layer.coords;
  for (let r = layer.polyRingStart[layer.featurePolyStart[f]]; r < layer.polyRingStart[layer.featurePolyStart[f + 1]]; r++) {
    const s = layer.ringStart[r],
      end = layer.ringStart[r + 1];
    for (let i = s; i < end; i++) {
      const j = i + 1 < end ? i + 1 : s;
      e.push(c[i * 2], c[i * 2 + 1], c[j * 2], c[j * 2 + 1]);
    }
  }
  return e;
}

// Every building against every cell, no index: the area in each cell.
function bruteShares(cells: PackedPolygons, buildings: PackedPolygons): number[][] {
  return buildings.ids.map((_, b) => {
    const be = featureEdges(buildings, b);
    return cells.ids.map((__, c) => intersectionAreaM2(be, featureEdges(cells, c)));
  });
}

describe('assignOverlap', () => {
  const twoCells = packRings([[[rect(-50, -50, 3, 50)]], [[rect(3, -50, 50, 50)]]]);

  it('gives a 10 x 10 square split 30 / 70 to the 70 side', () => {
    const r = assignOverlap(buildGridIndex(twoCells), packRings([[[rect(0, 0, 10, 10)]]]));
    expect(r.cell[0]).toBe(1);
    expect(r.share[0]).toBeCloseTo(0.7, 6);
    expect(Array.from(r.straddlers)).toEqual([0]);
  });

  it('breaks an exact tie towards the lower cell index', () => {
    const b = packRings([[[rect(-2, 0, 8, 10)]]]);
    expect(assignOverlap(buildGridIndex(twoCells), b).cell[0]).toBe(0);
    const swapped = packRings([[[rect(3, -50, 50, 50)]], [[rect(-50, -50, 3, 50)]]]);
    expect(assignOverlap(buildGridIndex(swapped), b).cell[0]).toBe(0);
  });

  it('handles footprints inside, half outside and wholly outside the grid', () => {
    const b = packRings([[[rect(10, 10, 20, 20)]], [[rect(45, 0, 55, 10)]], [[rect(60, 0, 70, 10)]]]);
    const r = assignOverlap(buildGridIndex(twoCells), b);
    expect(Array.from(r.cell)).toEqual([1, 1, -1]);
    expect(r.share[0]).toBe(1);
    expect(r.share[1]).toBeCloseTo(0.5, 6);
    expect(r.share[2]).toBe(0);
    expect(Array.from(r.straddlers)).toEqual([1]);
  });

  it('clips against a concave cell', () => {
    // Cell 0 is a U around a notch that cell 1 fills; the footprint is 100 m² in the notch, 70 m² in the arms.
    const u = [0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30];
    const cells = packRings([[[u]], [[rect(10, 10, 20, 30)]]]);
    const r = assignOverlap(buildGridIndex(cells), packRings([[[rect(8, 15, 25, 25)]]]));
    expect(r.cell[0]).toBe(1);
    expect(r.share[0]).toBeCloseTo(100 / 170, 6);
  });

  it('agrees with brute force on random lattices; shares sum to 1 inside the grid', () => {
    for (const [seed, jitter, edgeVertices] of [
      [1, 0.15, 2],
      [2, 0, 0],
      [3, 0.1, 4],
    ]) {
      const cells = latticeGrid({ cols: 8, rows: 7, cellM: 100, seed, jitter, edgeVertices, holes: 1, multi: 1 });
      const rng = new Rng(seed, 5);
      const feats: RingPolygons[] = [];
      for (let k = 0; k < 250; k++) {
        // Axis-aligned footprints on a 5 m lattice (edges often on cell edges when jitter is 0) and rotated L-shapes.
        const x = 500_000 + 100 + rng.int(0, 100) * 5,
          y = 3_800_000 + 100 + rng.int(0, 80) * 5;
        if (k % 2) {
          feats.push([[rect(x, y, x + rng.int(1, 8) * 5, y + rng.int(1, 8) * 5)]]);
        } else {
          const a = rng.range(0, Math.PI),
            c = Math.cos(a),
            s = Math.sin(a);
          const l = [0, 0, 30, 0, 30, 10, 10, 10, 10, 25, 0, 25];
          feats.push([[l.map((v, i) => (i % 2 ? y + l[i - 1] * s + v * c : x + v * c - l[i + 1] * s))]]);
        }
      }
      const buildings = packRings(feats);
      const r = assignOverlap(buildGridIndex(cells, { cellsPerFeature: 20 }), buildings);
      const brute = bruteShares(cells, buildings);
      let straddling = 0;
      brute.forEach((areas, b) => {
        const total = packedFeatureAreaM2(buildings, b);
        expect(areas.reduce((s, a) => s + a, 0) / total).toBeCloseTo(1, 9);
        let best = 0;
        for (let c = 1; c < areas.length; c++) if (areas[c] > areas[best] + 1e-9 * total) best = c;
        expect(r.cell[b]).toBe(best);
        expect(r.share[b]).toBeCloseTo(areas[best] / total, 6);
        if (areas[best] / total < 1 - 1e-9) straddling++;
      });
      expect(Array.from(r.straddlers)).toEqual(
        brute.flatMap((a, b) => (Math.max(...a) / packedFeatureAreaM2(buildings, b) < 1 - 1e-9 ? [b] : [])),
      );
      expect(straddling).toBeGreaterThan(20);
    }
  });

  it('falls back to the point rule for zero-area footprints', () => {
    const r = assignOverlap(buildGridIndex(twoCells), packRings([[[[10, 10, 20, 20, 30, 30]]]]));
    expect(r.cell[0]).toBe(1);
    expect(r.share[0]).toBe(1);
  });
});
