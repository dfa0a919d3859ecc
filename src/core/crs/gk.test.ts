import { describe, expect, it } from 'vitest';
import { epsgForGkZone, gkZoneForEpsg } from './defs';
import { fromGk, fromGkFlat, gkZoneForLonDeg, toGk, toGkFlat } from './gk';
import { transformPoint } from './transform';

// Meridian arc length on GRS80 by Simpson integration: an independent check of the GK northing on the CM.
function meridianArcGrs80(latDeg: number): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const phi = (latDeg * Math.PI) / 180;
  const n = 2000;
  const h = phi / n;
  const m = (t: number) => (a * (1 - e2)) / Math.pow(1 - e2 * Math.sin(t) ** 2, 1.5);
  let s = m(0) + m(phi);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * m(i * h);
  return (s * h) / 3;
}

describe('gkZoneForLonDeg', () => {
  it('puts Zhengzhou in zone 38 and splits zones half-way between central meridians', () => {
    expect(gkZoneForLonDeg(113.66)).toBe(38);
    expect(gkZoneForLonDeg(112.5)).toBe(38);
    expect(gkZoneForLonDeg(112.4999)).toBe(37);
    expect(gkZoneForLonDeg(115.5)).toBe(39);
    expect(gkZoneForLonDeg(75)).toBe(25);
    expect(gkZoneForLonDeg(135)).toBe(45);
    expect(() => gkZoneForLonDeg(60)).toThrow(RangeError);
  });
});

describe('EPSG codes', () => {
  it('maps zone 38 to EPSG:4526 (zone in easting) and EPSG:4547 (no zone)', () => {
    expect(epsgForGkZone(38, true)).toBe(4526);
    expect(epsgForGkZone(38, false)).toBe(4547);
    expect(epsgForGkZone(25, true)).toBe(4513);
    expect(epsgForGkZone(45, true)).toBe(4533);
    expect(epsgForGkZone(25, false)).toBe(4534);
    expect(epsgForGkZone(45, false)).toBe(4554);
    expect(gkZoneForEpsg(4547)).toEqual({ zone: 38, zoneInEasting: false });
    expect(gkZoneForEpsg(4526)).toEqual({ zone: 38, zoneInEasting: true });
    expect(gkZoneForEpsg(4326)).toBeNull();
  });
});

describe('toGk / fromGk', () => {
  it('maps a point on the central meridian to x = 500000 and y = meridian arc', () => {
    const [x, y] = toGk([114, 34.76], 38);
    expect(x).toBeCloseTo(500000, 6);
    expect(y).toBeCloseTo(meridianArcGrs80(34.76), 3);
    const [x2] = toGk([114, 34.76], 38, true);
    expect(x2).toBeCloseTo(38500000, 6);
  });

  it('puts points west of the CM below 500000 and east above', () => {
    expect(toGk([113.66, 34.76], 38)[0]).toBeLessThan(500000);
    expect(toGk([114.3, 34.76], 38)[0]).toBeGreaterThan(500000);
    // ~0.34 degree of longitude at 34.76N is about 31 km
    expect(500000 - toGk([113.66, 34.76], 38)[0]).toBeGreaterThan(30000);
    expect(500000 - toGk([113.66, 34.76], 38)[0]).toBeLessThan(32000);
  });

  it('differs between EPSG:4526 and EPSG:4547 by exactly the zone false easting', () => {
    const a = transformPoint('EPSG:4490', 'EPSG:4526', [113.66, 34.76]);
    const b = transformPoint('EPSG:4490', 'EPSG:4547', [113.66, 34.76]);
    expect(a[0] - b[0]).toBeCloseTo(38e6, 6);
    expect(a[1]).toBeCloseTo(b[1], 6);
    const direct = toGk([113.66, 34.76], 38);
    expect(direct[0]).toBeCloseTo(b[0], 6);
    expect(direct[1]).toBeCloseTo(b[1], 6);
  });

  it('round-trips lon/lat -> GK -> lon/lat within 1e-9 degrees', () => {
    for (let i = 0; i < 200; i++) {
      const lon = 112.6 + ((i * 0.0149) % 2.8);
      const lat = 33 + ((i * 0.0371) % 3);
      const xy = toGk([lon, lat], 38);
      const back = fromGk(xy, 38);
      expect(Math.abs(back[0] - lon)).toBeLessThan(1e-9);
      expect(Math.abs(back[1] - lat)).toBeLessThan(1e-9);
    }
  });

  it('flat variants match the point variants and can work in place', () => {
    const src = new Float64Array([113.5, 34.6, 113.7, 34.8, 114.2, 34.9]);
    const out = new Float64Array(6);
    toGkFlat(src, 38, out);
    for (let i = 0; i < 3; i++) {
      const p = toGk([src[2 * i], src[2 * i + 1]], 38);
      expect(out[2 * i]).toBe(p[0]);
      expect(out[2 * i + 1]).toBe(p[1]);
    }
    fromGkFlat(out, 38, out);
    for (let i = 0; i < 6; i++) expect(Math.abs(out[i] - src[i])).toBeLessThan(1e-9);
  });
});
