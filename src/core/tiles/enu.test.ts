import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { enuFrame, geodeticToEcef } from './enu';

const toGeocent = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m');
const origin = { lonDeg: 113.6254, latDeg: 34.7466, heightM: 110 }; // Zhengzhou

/** ENU -> ECEF through the column-major 4×4 matrix. */
function applyMatrix(m: Float64Array, x: number, y: number, z: number): number[] {
  return [0, 1, 2].map((r) => m[r] * x + m[4 + r] * y + m[8 + r] * z + m[12 + r]);
}

// Meridian and prime-vertical radii of WGS84 from the textbook formulas, written out here.
const A = 6378137,
  E2 = 0.00669437999014;
const s2 = Math.sin((origin.latDeg * Math.PI) / 180) ** 2;
const MERIDIAN_M = (A * (1 - E2)) / (1 - E2 * s2) ** 1.5;
const PRIME_M = A / Math.sqrt(1 - E2 * s2);

describe('geodeticToEcef', () => {
  it('matches proj4 geocent to 1 mm over the globe and in height', () => {
    for (const [lon, lat, h] of [
      [0, 0, 0],
      [113.6, 34.7, 110],
      [-70.2, -33.4, 2500],
      [179.9, 89.9, -50],
      [45, -60, 8000],
    ]) {
      const ours = geodeticToEcef(lon, lat, h);
      const ref = toGeocent.forward([lon, lat, h]);
      for (let i = 0; i < 3; i++) expect(Math.abs(ours[i] - ref[i])).toBeLessThan(1e-3);
    }
  });
});

describe('enuFrame', () => {
  const frame = enuFrame(origin);

  it('puts the origin at (0,0,0)', () => {
    const p = frame.toEnu(origin.lonDeg, origin.latDeg, origin.heightM);
    for (let i = 0; i < 3; i++) expect(Math.abs(p[i])).toBeLessThan(1e-6);
  });

  it('puts a point 100 m north at y = 100 and 100 m east at x = 100', () => {
    // Arcs at the origin's height, so the radii grow by heightM.
    const meridianM = MERIDIAN_M + origin.heightM;
    const north = frame.toEnu(origin.lonDeg, origin.latDeg + (Math.asin(100 / meridianM) * 180) / Math.PI, origin.heightM);
    expect(north[0]).toBeCloseTo(0, 6);
    expect(north[1]).toBeCloseTo(100, 3);
    expect(north[2]).toBeCloseTo(-(100 ** 2) / (2 * meridianM), 4); // the ellipsoid falls away
    const parallelM = (PRIME_M + origin.heightM) * Math.cos((origin.latDeg * Math.PI) / 180);
    const dLonDeg = (Math.asin(100 / parallelM) * 180) / Math.PI;
    const east = frame.toEnu(origin.lonDeg + dLonDeg, origin.latDeg, origin.heightM);
    expect(east[0]).toBeCloseTo(100, 4);
    expect(east[2]).toBeLessThan(0);
  });

  it('puts a point 25 m higher at z = 25', () => {
    const up = frame.toEnu(origin.lonDeg, origin.latDeg, origin.heightM + 25);
    expect(up[0]).toBeCloseTo(0, 6);
    expect(up[1]).toBeCloseTo(0, 6);
    expect(up[2]).toBeCloseTo(25, 6);
  });

  it('round-trips lon/lat/h -> ENU -> ECEF (matrix) to proj4 geocent within 1 mm, and back', () => {
    for (const [dLon, dLat, h] of [
      [0.01, 0.02, 95],
      [-0.05, 0.03, 300],
      [0.2, -0.1, -20],
      [0, 0, 110],
    ]) {
      const lon = origin.lonDeg + dLon,
        lat = origin.latDeg + dLat;
      const enu = frame.toEnu(lon, lat, h);
      const ecef = applyMatrix(frame.enuToEcef, enu[0], enu[1], enu[2]);
      const ref = toGeocent.forward([lon, lat, h]);
      for (let i = 0; i < 3; i++) expect(Math.abs(ecef[i] - ref[i])).toBeLessThan(1e-3);
      const [lon2, lat2, h2] = toGeocent.inverse(ecef);
      expect(Math.abs(lon2 - lon) * 111_000).toBeLessThan(1e-3);
      expect(Math.abs(lat2 - lat) * 111_000).toBeLessThan(1e-3);
      expect(Math.abs(h2 - h)).toBeLessThan(1e-3);
    }
  });

  it('has an orthonormal rotation with up along the ellipsoid normal', () => {
    const m = frame.enuToEcef;
    const col = (c: number) => [m[4 * c], m[4 * c + 1], m[4 * c + 2]];
    const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(dot(col(a), col(b))).toBeCloseTo(a === b ? 1 : 0, 12);
    expect(m[2]).toBe(0); // east has no z component
    expect(m[15]).toBe(1);
    const lat = (origin.latDeg * Math.PI) / 180;
    expect(col(2)[2]).toBeCloseTo(Math.sin(lat), 12);
  });
});
