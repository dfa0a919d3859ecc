import { describe, expect, it } from 'vitest';
import { F64Builder, U32Builder, grow } from './growable';

describe('growable typed arrays', () => {
  it('grow keeps the contents and the array type', () => {
    const a = grow(Float32Array.of(1.5, 2.5));
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(4);
    expect([...a.subarray(0, 2)]).toEqual([1.5, 2.5]);
    expect(grow(new Uint32Array(2), 9).length).toBe(9);
  });

  it('builders keep every pushed value across growth', () => {
    const f = new F64Builder();
    const u = new U32Builder();
    for (let i = 0; i < 5000; i++) {
      f.push(i / 4);
      u.push(i * 3);
    }
    const fs = f.finish();
    const us = u.finish();
    expect(fs.length).toBe(5000);
    expect(us.length).toBe(5000);
    expect(fs[4999]).toBe(4999 / 4);
    expect(us[1234]).toBe(3702);
    expect(fs.buffer.byteLength).toBe(5000 * 8);
  });
});
