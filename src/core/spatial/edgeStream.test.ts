import { describe, expect, it } from 'vitest';
import { buildEdgeStream, rayRange } from './edgeStream';
import { sortPrefix } from './sortPrefix';

describe('buildEdgeStream', () => {
  // Closed ring of a 10 x 10 square: vertices 0..4 (4 repeats 0); one bucket holding edges 0, 1, 3.
  const coords = Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
  const es = buildEdgeStream(Uint32Array.from([0, 3]), Uint32Array.from([0, 1, 3]), coords);

  it('stores consecutive edges as runs ordered by their smallest x', () => {
    // Runs: edge 3 alone (x 0..0) first, then edges 0-1 (x 0..10); equal minimum x keeps ring order.
    expect(Array.from(es.stream)).toEqual([2, 0, 0, 10, 0, 10, 10, 1, 0, 10, 0, 0]);
    expect(Array.from(es.streamStart)).toEqual([0, 12]);
  });

  it('picks the shorter of the leftward prefix and the rightward suffix', () => {
    const out = new Uint32Array(2);
    // A raster cell at x 6..8: both runs reach past it on the right (maxX 10), only the prefix can be shorter.
    expect(rayRange(es, 0, 6, 8, out)).toBe(0);
    expect(Array.from(out)).toEqual([0, 12]);
    // A pentagon bulging right: bucket of edges 1, 2 (x 10..12) and 4 (x 0).
    const penta = Float64Array.from([0, 0, 10, 0, 12, 5, 10, 10, 0, 10, 0, 0]);
    const bulge = buildEdgeStream(Uint32Array.from([0, 3]), Uint32Array.from([1, 2, 4]), penta);
    // Runs: edge 4 (5 words) then edges 1-2 (7 words). A cell at x 1..2 only needs the run on its left.
    expect(rayRange(bulge, 0, 1, 2, out)).toBe(1);
    expect(Array.from(out)).toEqual([0, 5]);
    expect(rayRange(bulge, 0, 11, 11.5, out)).toBe(0);
    expect(Array.from(out)).toEqual([5, 12]);
  });
});

describe('sortPrefix', () => {
  it('sorts only the prefix, short and long', () => {
    for (const n of [5, 40]) {
      const xs = Float64Array.from({ length: n + 3 }, (_, i) => (i < n ? (i * 7919) % 31 : -1));
      sortPrefix(xs, n);
      const head = Array.from(xs.subarray(0, n));
      expect(head).toEqual(head.slice().sort((a, b) => a - b));
      expect(Array.from(xs.subarray(n))).toEqual([-1, -1, -1]);
    }
  });
});
