import { describe, expect, it } from 'vitest';
import { snapToPipe } from './placement';

describe('snapToPipe', () => {
  // An L-shaped pipe: 100 m east, then 100 m north (at 34.7° N), cover depth 1 m → 3 m.
  const lat0 = 34.7;
  const dLon = 100 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const dLat = 100 / 111_320;
  const line = [113.6, lat0, 113.6 + dLon, lat0, 113.6 + dLon, lat0 + dLat];

  it('projects onto the nearest segment and interpolates the cover depth by distance along the whole line', () => {
    const p = snapToPipe(line, 1, 3, 113.6 + dLon / 2, lat0 + dLat * 0.1);
    expect(p.distanceM).toBeCloseTo(10, 1);
    expect(p.latDeg).toBeCloseTo(lat0, 9);
    expect(p.depthM).toBeCloseTo(1.5, 3);
    const q = snapToPipe(line, 1, 3, 113.6 + dLon * 1.2, lat0 + dLat * 0.5);
    expect(q.lonDeg).toBeCloseTo(113.6 + dLon, 9);
    expect(q.depthM).toBeCloseTo(2.5, 3);
  });

  it('clamps beyond the ends and refuses a line without two points', () => {
    expect(snapToPipe(line, 1, 3, 113.6 - dLon, lat0).depthM).toBe(1);
    expect(snapToPipe(line, 1, 3, 113.6 + dLon, lat0 + 2 * dLat).depthM).toBe(3);
    expect(() => snapToPipe([113.6, lat0], 1, 1, 113.6, lat0)).toThrow(/at least 2 points/);
  });
});
