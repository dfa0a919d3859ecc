import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, gcj02ToWgs84Flat, isOutsideChina, wgs84ToGcj02, wgs84ToGcj02Flat } from './gcj02';

describe('GCJ-02', () => {
  it('matches published reference values of the public algorithm', () => {
    // Reference values widely quoted for the public GCJ-02 algorithm (Beijing, Tiananmen area).
    const [lon, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lon).toBeCloseTo(116.41024449916938, 10);
    expect(lat).toBeCloseTo(39.91640428150164, 10);
  });

  it('shifts Zhengzhou by a few hundred metres', () => {
    const [lon, lat] = wgs84ToGcj02(113.66, 34.76);
    const dx = (lon - 113.66) * 91400;
    const dy = (lat - 34.76) * 111000;
    const d = Math.hypot(dx, dy);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(800);
  });

  it('inverts by iteration to better than 1e-9 degrees', () => {
    for (let i = 0; i < 100; i++) {
      const lon = 100 + i * 0.31;
      const lat = 20 + ((i * 0.27) % 25);
      const g = wgs84ToGcj02(lon, lat);
      const w = gcj02ToWgs84(g[0], g[1]);
      expect(Math.abs(w[0] - lon)).toBeLessThan(1e-9);
      expect(Math.abs(w[1] - lat)).toBeLessThan(1e-9);
    }
  });

  it('is the identity outside China', () => {
    expect(isOutsideChina(2.35, 48.85)).toBe(true);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('flat variants agree with the point variants', () => {
    const src = [113.6, 34.7, 113.7, 34.8];
    const g = wgs84ToGcj02Flat(src, new Float64Array(4));
    expect(Array.from(g.slice(0, 2))).toEqual(wgs84ToGcj02(113.6, 34.7));
    const w = gcj02ToWgs84Flat(g, g);
    for (let i = 0; i < 4; i++) expect(Math.abs(w[i] - src[i])).toBeLessThan(1e-9);
  });
});
