import { describe, expect, it } from 'vitest';
import { allocateCounts } from './allocate';

const sum = (a: Int32Array) => a.reduce((s, v) => s + v, 0);

describe('allocateCounts', () => {
  it('sums exactly to the total and follows the weights', () => {
    const out = allocateCounts(100, [1, 2, 3, 4]);
    expect(sum(out)).toBe(100);
    expect(Array.from(out)).toEqual([10, 20, 30, 40]);
    const odd = allocateCounts(10, [1, 1, 1]);
    expect(sum(odd)).toBe(10);
    expect(Array.from(odd)).toEqual([4, 3, 3]);
  });

  it('never gives anything to zero weights and respects caps', () => {
    const out = allocateCounts(50, [0, 10, 1, 1], [100, 5, 100, 100]);
    expect(sum(out)).toBe(50);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(5);
    expect(out[2] + out[3]).toBe(45);
  });

  it('throws when capacity is too small', () => {
    expect(() => allocateCounts(10, [1, 1], [3, 3])).toThrow(/capacity/);
  });
});
