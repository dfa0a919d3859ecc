import { describe, expect, it } from 'vitest';
import { cesiumColor } from './colors';

describe('cesiumColor', () => {
  it('takes 0–255 bytes and an alpha from 0 to 1, rounded to a byte', () => {
    expect(cesiumColor([255, 128, 0]).toBytes()).toEqual([255, 128, 0, 255]);
    expect(cesiumColor([10, 20, 30], 0.5).toBytes()).toEqual([10, 20, 30, 128]);
    expect(cesiumColor([10, 20, 30], 0).alpha).toBe(0);
  });
});
