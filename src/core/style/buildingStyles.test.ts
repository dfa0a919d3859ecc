import { describe, expect, it } from 'vitest';
import { RAMPS, isBuildingStyle, rampRgb } from './buildingStyles';

describe('rampRgb', () => {
  const ramp = RAMPS.heightM;
  it('goes from the first stop at min to the last at max, clamping outside', () => {
    expect(rampRgb(ramp, ramp.min)).toEqual(rampRgb(ramp, ramp.min - 50));
    expect(rampRgb(ramp, ramp.max)).toEqual(rampRgb(ramp, ramp.max + 50));
    expect(rampRgb(ramp, ramp.min)).not.toEqual(rampRgb(ramp, ramp.max));
  });
  it('is cool at the bottom, warm at the top and blends between neighbouring values', () => {
    const [r0, , b0] = rampRgb(ramp, ramp.min);
    const [r1, , b1] = rampRgb(ramp, ramp.max);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const a = rampRgb(ramp, 40),
      mid = rampRgb(ramp, 40.5),
      c = rampRgb(ramp, 41);
    for (let k = 0; k < 3; k++) expect(mid[k]).toBeGreaterThanOrEqual(Math.min(a[k], c[k]));
  });
  it('draws unknown values grey', () => {
    expect(rampRgb(ramp, NaN)).toEqual([160, 160, 160]);
  });
});

describe('isBuildingStyle', () => {
  it('accepts the styles and rejects anything else', () => {
    expect(isBuildingStyle('heightM')).toBe(true);
    expect(isBuildingStyle('grid')).toBe(true);
    expect(isBuildingStyle('height')).toBe(false);
    expect(isBuildingStyle(3)).toBe(false);
  });
});
