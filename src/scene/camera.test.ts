import { describe, expect, it } from 'vitest';
import { startViewOver } from './camera';

const M_PER_DEG_LAT = 111_320;

/** Where the view's line of sight meets flat ground, in degrees (looking north, so only the latitude moves). */
function lookedAt(v: ReturnType<typeof startViewOver>): [number, number] {
  const groundM = v.heightM / Math.tan((-v.pitchDeg * Math.PI) / 180);
  return [v.lonDeg, v.latDeg + groundM / M_PER_DEG_LAT];
}

describe('startViewOver', () => {
  it('looks north at the box’s centre from south of it', () => {
    const bbox: [number, number, number, number] = [113.55, 34.7, 113.75, 34.85];
    const v = startViewOver(bbox);
    expect(v.headingDeg).toBe(0);
    expect(v.pitchDeg).toBe(-35);
    expect(v.latDeg).toBeLessThan(34.775);
    const [lon, lat] = lookedAt(v);
    expect(lon).toBeCloseTo(113.65, 9);
    expect(lat).toBeCloseTo(34.775, 9);
  });

  it('keeps the centre at another pitch', () => {
    const v = startViewOver([113.55, 34.7, 113.75, 34.85], -60);
    expect(lookedAt(v)[1]).toBeCloseTo(34.775, 9);
  });

  it('rises with the box’s extent, between 600 m over a block and 80 km over a province', () => {
    const block = startViewOver([113.6, 34.7, 113.6001, 34.7001]);
    const city = startViewOver([113.55, 34.7, 113.75, 34.85]);
    const bigCity = startViewOver([113.45, 34.6, 113.85, 34.95]);
    const province = startViewOver([110, 31, 117, 37]);
    expect(block.heightM).toBe(600);
    expect(province.heightM).toBe(80_000);
    expect(city.heightM).toBeGreaterThan(600);
    expect(bigCity.heightM).toBeGreaterThan(city.heightM);
    expect(bigCity.heightM).toBeLessThan(80_000);
  });
});
