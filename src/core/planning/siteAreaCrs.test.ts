// Site areas of parcels given in lon/lat: projected with toMetric into the local GK zone, they match the
// GK truth (round trip) and the area on the GRS80 ellipsoid computed independently, well within 0.1 %.
import { describe, expect, it } from 'vitest';
import { toMetric } from '../crs/metric';
import { transformFlat } from '../crs/transform';
import { reviewParcel } from './reviewParcel';
import { FIXTURE_CONDITIONS } from './planning.fixture';

// Area on the GRS80 ellipsoid of a lon/lat polygon with short edges: Green's theorem with the integral of
// M·N·cos φ in closed form (b²/2 · [sin φ/(1 − e² sin² φ) + atanh(e sin φ)/e]), relative to the first latitude.
function ellipsoidAreaM2(lonLatDeg: ArrayLike<number>): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const e = Math.sqrt(e2);
  const b2 = a * a * (1 - e2);
  const F = (phi: number) => {
    const s = Math.sin(phi);
    return (b2 / 2) * (s / (1 - e2 * s * s) + Math.atanh(e * s) / e);
  };
  const rad = Math.PI / 180;
  const n = lonLatDeg.length / 2;
  const f0 = F(lonLatDeg[1] * rad);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const dLon = (lonLatDeg[j * 2] - lonLatDeg[i * 2]) * rad;
    sum += (dLon * (F(lonLatDeg[i * 2 + 1] * rad) - f0 + (F(lonLatDeg[j * 2 + 1] * rad) - f0))) / 2;
  }
  return Math.abs(sum);
}

function siteArea(coords: Float64Array): number {
  const ring = Float64Array.from([...coords, coords[0], coords[1]]);
  return reviewParcel({
    parcel: { id: 'P', landUse: '07', footprint: { coords: ring, ringEnds: [ring.length / 2] } },
    conditions: FIXTURE_CONDITIONS,
    buildings: [],
    greens: [],
    lines: [],
  }).metrics.siteAreaM2;
}

describe('site area from lon/lat', () => {
  // 100 m × 80 m in EPSG:4547 (zone 38, CM 114°E) near Zhengzhou, ~31 km west of the central meridian.
  const x0 = 469_000,
    y0 = 3_847_000;
  const gk = Float64Array.of(x0, y0, x0 + 100, y0, x0 + 100, y0 + 80, x0, y0 + 80);
  const lonLat = transformFlat('EPSG:4547', 'EPSG:4490', gk, new Float64Array(gk.length)) as Float64Array;

  it('projects back to the GK square with toMetric (zone picked from the data) and measures 8000 m²', () => {
    const { xyM, frame } = toMetric(lonLat, 'EPSG:4490');
    expect(frame.crs).toBe('EPSG:4547');
    for (let i = 0; i < gk.length; i++) expect(xyM[i]).toBeCloseTo(gk[i], 4);
    expect(Math.abs(siteArea(xyM) - 8000) / 8000).toBeLessThan(1e-6);
  });

  it('agrees with the area on the ellipsoid within 0.1 % (GK scale error here is ~2.4e-5)', () => {
    const ellipsoid = ellipsoidAreaM2(lonLat);
    const projected = siteArea(toMetric(lonLat, 'EPSG:4490').xyM);
    expect(Math.abs(projected - ellipsoid) / ellipsoid).toBeLessThan(1e-3);
    // Gauss-Krüger enlarges by k² ≈ 1 + x²/R² off the central meridian: the sign and size of the difference.
    expect(projected / ellipsoid - 1).toBeGreaterThan(1e-5);
    expect(projected / ellipsoid - 1).toBeLessThan(5e-5);
  });

  it('is not fooled by measuring lon/lat degrees as if they were metres', () => {
    expect(siteArea(lonLat)).toBeLessThan(1e-3);
  });
});
