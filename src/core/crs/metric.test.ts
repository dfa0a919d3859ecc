import { describe, expect, it } from 'vitest';
import { toGkFlat } from './gk';
import { checkInputCrs, toMetric } from './metric';
import { transformFlat } from './transform';

const zhengzhou = Float64Array.from([113.66, 34.76, 113.7, 34.8]);

describe('toMetric', () => {
  it('puts Zhengzhou lon/lat into GK zone 38 (EPSG:4547)', () => {
    const { xyM, frame } = toMetric(zhengzhou, 'EPSG:4490');
    expect(frame).toEqual({ crs: 'EPSG:4547', zone: 38 });
    const expected = toGkFlat(zhengzhou, 38, new Float64Array(4));
    expect(Array.from(xyM)).toEqual(Array.from(expected));
    expect(xyM[0]).toBeGreaterThan(400_000);
    expect(xyM[0]).toBeLessThan(500_000);
  });
  it('takes GK data with the zone number in the easting to the same metric frame', () => {
    const withZone = transformFlat('EPSG:4490', 'EPSG:4526', zhengzhou, new Float64Array(4));
    expect(withZone[0]).toBeGreaterThan(38_000_000);
    const { xyM, frame } = toMetric(withZone as Float64Array, 'epsg:4526');
    expect(frame.crs).toBe('EPSG:4547');
    const direct = toMetric(zhengzhou, 'EPSG:4326').xyM;
    for (let i = 0; i < 4; i++) expect(xyM[i]).toBeCloseTo(direct[i], 3);
  });
  it('takes Web Mercator through lon/lat', () => {
    const merc = transformFlat('EPSG:4326', 'EPSG:3857', zhengzhou, new Float64Array(4));
    const { xyM } = toMetric(merc as Float64Array, 'EPSG:3857');
    const direct = toMetric(zhengzhou, 'EPSG:4326').xyM;
    for (let i = 0; i < 4; i++) expect(xyM[i]).toBeCloseTo(direct[i], 3);
  });
  it('refuses unknown CRSs with the list of supported ones', () => {
    expect(() => checkInputCrs('EPSG:2000')).toThrow(/unsupported CRS "EPSG:2000": expected EPSG:4326/);
    expect(() => checkInputCrs('banana')).toThrow(/unsupported CRS/);
    expect(checkInputCrs('epsg:4547')).toBe('EPSG:4547');
  });
});
