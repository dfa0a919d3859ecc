import { describe, expect, it } from 'vitest';
import { lineLengthM, polygonAreaM2, ringAreaM2, ringSignedAreaM2 } from './area';

describe('ring area', () => {
  it('is positive for counter-clockwise rings, negative for clockwise, same open or closed', () => {
    const ccw = [0, 0, 10, 0, 10, 5, 0, 5];
    expect(ringSignedAreaM2(ccw)).toBe(50);
    expect(ringSignedAreaM2([...ccw, 0, 0])).toBe(50);
    expect(ringSignedAreaM2([0, 0, 0, 5, 10, 5, 10, 0])).toBe(-50);
    expect(ringAreaM2([0, 0, 0, 5, 10, 5, 10, 0])).toBe(50);
  });

  it('keeps precision at GK magnitudes', () => {
    const x0 = 468871.123;
    const y0 = 3848020.456;
    const r = [x0, y0, x0 + 0.1, y0, x0 + 0.1, y0 + 0.1, x0, y0 + 0.1];
    expect(ringAreaM2(r)).toBeCloseTo(0.01, 10);
  });

  it('subtracts holes and measures sub-ranges', () => {
    const coords = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0, 2, 2, 2, 4, 4, 4, 4, 2, 2, 2];
    expect(polygonAreaM2(coords, [5, 10])).toBe(96);
    expect(ringAreaM2(coords, 5, 10)).toBe(4);
    expect(ringSignedAreaM2([0, 0, 1, 1])).toBe(0);
  });

  it('measures polylines', () => {
    expect(lineLengthM([0, 0, 3, 4, 3, 10])).toBe(11);
  });
});
