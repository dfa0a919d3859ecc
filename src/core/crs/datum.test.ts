import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type initGdalJsType from 'gdal3.js';
import { proj4StringOf, setDatumShift, type DatumShift } from './defs';
import { knownCrs, listKnownCrs } from './known';
import { toMetric } from './metric';
import { transformFlat } from './transform';

type Gdal = Awaited<ReturnType<typeof initGdalJsType>>;
let gdal: Gdal;

beforeAll(async () => {
  const initGdalJs = (await import('gdal3.js/node.js' as string)).default as typeof initGdalJsType;
  gdal = await initGdalJs({ useWorker: false });
}, 120_000); // GDAL's start and the declarations take seconds on a loaded machine
afterEach(() => {
  setDatumShift('Xian1980', null);
  setDatumShift('Beijing1954', null);
});

/** A lon/lat grid over a zone: its central meridian ±1.4° (3°) or ±2.9° (6°), 20°N to 50°N. */
function pointsIn(code: string): number[] {
  const c = knownCrs(code)!;
  const half = c.kind === 'gk3' ? 1.4 : 2.9;
  const out: number[] = [];
  for (const dLon of [-half, -0.3, 0, 0.7, half]) for (const lat of [20, 34.75, 50]) out.push(c.centralMeridianDeg! + dLon, lat);
  return out;
}

/** Distance in metres between two lon/lat points (equirectangular; exact enough below a metre). */
function metresApart(a: ArrayLike<number>, b: ArrayLike<number>, i: number): number {
  const k = (Math.PI / 180) * 6371000;
  return Math.hypot((a[i] - b[i]) * k * Math.cos((a[i + 1] * Math.PI) / 180), (a[i + 1] - b[i + 1]) * k);
}

describe('GK round trips', () => {
  const gk = listKnownCrs().filter((c) => c.kind === 'gk3' || c.kind === 'gk6');
  it.each(gk.map((c) => c.code))('lon/lat → %s → lon/lat within 1e-6 m', (code) => {
    const ll = pointsIn(code);
    const xy = transformFlat('EPSG:4490', code, ll, new Array<number>(ll.length));
    const back = transformFlat(code, 'EPSG:4490', xy, new Array<number>(ll.length));
    for (let i = 0; i < ll.length; i += 2) expect(metresApart(ll, back, i)).toBeLessThan(1e-6);
    const c = knownCrs(code)!;
    expect(xy[12]).toBeCloseTo(c.falseEastingM, 6); // the 7th point is on the central meridian
  });
});

describe('against GDAL (PROJ, proj.db)', () => {
  // PROJ has no Xi'an 1980 shift and no Beijing 1954 shift for most of China: it keeps latitude and longitude
  // ("ballpark"), as the project's default does, so both give the same metres.
  it.each([
    'EPSG:4547',
    'EPSG:4526',
    'EPSG:4498',
    'EPSG:4509',
    'EPSG:2383',
    'EPSG:2362',
    'EPSG:2333',
    'EPSG:2435',
    'EPSG:21459',
    'EPSG:3857',
  ])('CGCS2000 lon/lat → %s as GDAL within 1 mm', async (code) => {
    const ll = knownCrs(code)!.kind === 'webMercator' ? [113.7, 34.75, 120.1, 30.3] : pointsIn(code);
    const pairs = [];
    for (let i = 0; i < ll.length; i += 2) pairs.push([ll[i], ll[i + 1]]);
    const want = await gdal.gdaltransform(pairs, ['-s_srs', 'EPSG:4490', '-t_srs', code, '-output_xy']);
    const got = transformFlat('EPSG:4490', code, ll, new Array<number>(ll.length));
    want.forEach(([x, y], i) => {
      expect(Math.abs(got[2 * i] - x)).toBeLessThan(1e-3);
      expect(Math.abs(got[2 * i + 1] - y)).toBeLessThan(1e-3);
    });
  });

  it("applies a city's 7-parameter shift as PROJ does (+towgs84, position vector)", async () => {
    const shift: DatumShift = [24.1, -131.5, -82.9, 0.9, -1.8, 2.2, -3.5];
    setDatumShift('Xian1980', shift);
    const xy = [472530, 3846901, 380000, 4420000];
    const got = transformFlat('EPSG:2383', 'EPSG:4490', xy, [0, 0, 0, 0]);
    const source = proj4StringOf(knownCrs(2383)!)!;
    expect(source).toContain(`+towgs84=${shift.join(',')}`);
    const want = await gdal.gdaltransform(
      [
        [xy[0], xy[1]],
        [xy[2], xy[3]],
      ],
      ['-s_srs', source, '-t_srs', 'EPSG:4326', '-output_xy'],
    );
    for (let i = 0; i < 2; i++) expect(metresApart(got, want.flat(), 2 * i)).toBeLessThan(1e-3);
    // The shift moves the points by tens of metres against the default (latitude and longitude kept).
    setDatumShift('Xian1980', null);
    const ballpark = transformFlat('EPSG:2383', 'EPSG:4490', xy, [0, 0, 0, 0]);
    expect(metresApart(got, ballpark, 0)).toBeGreaterThan(10);
  });
});

describe('toMetric on the older datums and GCJ-02', () => {
  it('keeps a Xi’an 1980 3° zone number; by default latitude and longitude are kept (the same metres as CGCS2000)', () => {
    const ll = Float64Array.from([113.7, 34.75, 113.75, 34.8]);
    const xian = transformFlat('EPSG:4490', 'EPSG:2383', ll, new Float64Array(4)) as Float64Array;
    const { xyM, frame } = toMetric(xian, 'EPSG:2383');
    expect(frame).toEqual({ crs: 'EPSG:4547', zone: 38 });
    const direct = toMetric(ll, 'EPSG:4490').xyM;
    for (let i = 0; i < 4; i++) expect(Math.abs(xyM[i] - direct[i])).toBeLessThan(1e-6);
  });
  it('takes GCJ-02 lon/lat through its inverse', () => {
    const ll = Float64Array.from([113.7, 34.75]);
    const gcj = transformFlat('EPSG:4326', 'GCJ02', ll, new Float64Array(2)) as Float64Array;
    expect(metresApart(gcj, ll, 0)).toBeGreaterThan(100);
    const { xyM } = toMetric(gcj, 'gcj02');
    const direct = toMetric(ll, 'EPSG:4326').xyM;
    expect(Math.hypot(xyM[0] - direct[0], xyM[1] - direct[1])).toBeLessThan(1e-3);
  });
});
