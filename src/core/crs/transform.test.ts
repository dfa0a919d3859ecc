import { describe, expect, it } from 'vitest';
import { isKnownCrs } from './defs';
import { fromWebMercator, toWebMercator, transformFlat, transformPoint } from './transform';

describe('transform', () => {
  it('knows WGS84, CGCS2000, all GK zones and Web Mercator', () => {
    for (const c of ['EPSG:4326', 'EPSG:4490', 'EPSG:3857', 'epsg:4513', 'EPSG:4533', 'EPSG:4534', 4554]) {
      expect(isKnownCrs(c)).toBe(true);
    }
    expect(isKnownCrs('EPSG:4555')).toBe(false);
  });

  it('projects to Web Mercator with the spherical formula', () => {
    const [x, y] = toWebMercator([113.66, 34.76]);
    const R = 6378137;
    expect(x).toBeCloseTo((R * 113.66 * Math.PI) / 180, 4);
    expect(y).toBeCloseTo(R * Math.log(Math.tan(Math.PI / 4 + (34.76 * Math.PI) / 360)), 4);
    const back = fromWebMercator([x, y]);
    expect(back[0]).toBeCloseTo(113.66, 10);
    expect(back[1]).toBeCloseTo(34.76, 10);
  });

  it('treats CGCS2000 and WGS84 lon/lat as identical', () => {
    const p = transformPoint('EPSG:4326', 'EPSG:4490', [113.66, 34.76]);
    expect(p[0]).toBeCloseTo(113.66, 9);
    expect(p[1]).toBeCloseTo(34.76, 9);
  });

  it('transforms flat arrays in place', () => {
    const a = [113.66, 34.76, 114, 35];
    transformFlat('EPSG:4490', 'EPSG:4547', a, a);
    expect(a[2]).toBeCloseTo(500000, 6);
    transformFlat(4547, 4490, a, a);
    expect(a[0]).toBeCloseTo(113.66, 9);
    expect(() => transformFlat('EPSG:1', 'EPSG:4490', a, a)).toThrow(/unknown CRS/);
  });
});
