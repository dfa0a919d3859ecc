import { describe, expect, it } from 'vitest';
import { SEGMENTS_CROSS, segmentIntersection } from '../geom/segment';
import { packedFeatureAreaM2 } from './packedArea';
import { clusteredPoints, latticeGrid, latticeRings } from './syntheticGrid';

describe('latticeGrid', () => {
  it('is a gap-free tiling: every inner edge is walked once each way by two cells', () => {
    const rings = latticeRings({ cols: 7, rows: 6, seed: 3, edgeVertices: 3, holes: 2, gaps: 1, multi: 2 });
    const directed = new Map<string, number>();
    let edges = 0;
    rings.forEach((f, fi) =>
      f.forEach((poly) =>
        poly.forEach((r) => {
          for (let i = 0; i < r.length; i += 2) {
            const j = (i + 2) % r.length;
            directed.set(`${r[i]},${r[i + 1]}>${r[j]},${r[j + 1]}`, fi);
            edges++;
          }
        }),
      ),
    );
    let paired = 0;
    for (const [key, f] of directed) {
      const [a, b] = key.split('>');
      const back = directed.get(`${b}>${a}`);
      if (back !== undefined) {
        expect(back).not.toBe(f);
        paired++;
      }
    }
    expect(directed.size).toBe(edges);
    // Outer boundary: 2 * (7 + 6) lattice edges of 4 segments each, plus one unfilled hole of 4 edges.
    expect(edges - paired).toBe(2 * (7 + 6) * 4 + 4);
  });

  it('makes simple rings and features whose areas add up to the lattice', () => {
    const cells = latticeGrid({ cols: 5, rows: 5, seed: 8, edgeVertices: 4, jitter: 0, cellM: 100, holes: 1 });
    let total = 0;
    for (let f = 0; f < cells.ids.length; f++) total += packedFeatureAreaM2(cells, f);
    // Node jitter 0 keeps the corners on a 500 x 500 square; only the wiggle of the outer edges changes the total.
    expect(Math.abs(total - 250_000)).toBeLessThan(250_000 * 0.05);
    const c = cells.coords;
    for (let r = 0; r + 1 < cells.ringStart.length; r++) {
      const s = cells.ringStart[r],
        e = cells.ringStart[r + 1];
      for (let i = s; i < e; i++) {
        for (let j = i + 2; j < e; j++) {
          if (i === s && j === e - 1) continue;
          const i2 = i + 1,
            j2 = j + 1 < e ? j + 1 : s;
          expect(
            segmentIntersection(c[i * 2], c[i * 2 + 1], c[i2 * 2], c[i2 * 2 + 1], c[j * 2], c[j * 2 + 1], c[j2 * 2], c[j2 * 2 + 1]),
          ).not.toBe(SEGMENTS_CROSS);
        }
      }
    }
  });

  it('clusters points and scatters a share beyond the extent', () => {
    const pts = clusteredPoints([0, 0, 1000, 1000], 20_000, { seed: 4, clusters: 20, uniformShare: 0.1 });
    let outside = 0;
    for (let i = 0; i < pts.length; i += 2) if (pts[i] < 0 || pts[i] > 1000 || pts[i + 1] < 0 || pts[i + 1] > 1000) outside++;
    expect(outside).toBeGreaterThan(0);
    expect(outside).toBeLessThan(5000);
  });
});
