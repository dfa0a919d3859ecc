import { describe, expect, it } from 'vitest';
import type { HeightGrid } from './heightGrid';
import { hillshadeRgba } from './hillshade';

function grid(fn: (x: number, y: number) => number): HeightGrid {
  const width = 9,
    height = 9;
  const heightsM = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) heightsM[y * width + x] = fn(x, y);
  return { width, height, bboxDeg: [113.6, 34.7, 113.61, 34.71], heightsM };
}

const alphaAt = (rgba: Uint8ClampedArray, x: number, y: number) => rgba[(y * 9 + x) * 4 + 3];

describe('hillshadeRgba', () => {
  it('shades flat ground uniformly', () => {
    const rgba = hillshadeRgba(grid(() => 100));
    const a = alphaAt(rgba, 4, 4);
    expect(alphaAt(rgba, 1, 7)).toBe(a);
    expect(a).toBeGreaterThan(0);
  });
  it('lights slopes facing the north-west sun and darkens slopes facing away', () => {
    // Rising to the east: faces west, toward a sun in the north-west.
    const towardSun = alphaAt(hillshadeRgba(grid((x) => x * 20)), 4, 4);
    const awayFromSun = alphaAt(hillshadeRgba(grid((x) => -x * 20)), 4, 4);
    const flat = alphaAt(hillshadeRgba(grid(() => 0)), 4, 4);
    expect(towardSun).toBeLessThan(flat);
    expect(awayFromSun).toBeGreaterThan(flat);
  });
});
