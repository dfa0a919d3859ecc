import { describe, expect, it } from 'vitest';
import { bboxOfFlat, checkCrsFit, checkFeatureBoxesFit, fitsCrs, guessMissingCrs, readCoordinates, type BboxXY } from './areaOfUse';
import { knownCrs, listKnownCrs } from './known';
import { transformFlat } from './transform';

// Zhengzhou's centre, and a 2 km box around it in lon/lat.
const LON = 113.66;
const zhengzhou = [113.65, 34.75, 113.67, 34.77];
/** The Zhengzhou box's corners in `code`, as a bbox. */
const boxIn = (code: string): BboxXY => bboxOfFlat(transformFlat('EPSG:4490', code, zhengzhou, [0, 0, 0, 0]))!;
const crs = (code: string | number) => knownCrs(code)!;

describe('fitsCrs', () => {
  it('fits every known CRS of the zone holding Zhengzhou when the data are in it, and none other of its family', () => {
    for (const c of listKnownCrs()) {
      const coversZhengzhou =
        c.kind === 'geographic' || c.kind === 'webMercator' || Math.abs(c.centralMeridianDeg! - LON) <= (c.kind === 'gk3' ? 1.5 : 3);
      if (!coversZhengzhou || c.code === 'GCJ02') continue;
      expect(fitsCrs(boxIn(c.code), c), c.code).toBe(true);
    }
    const gk = boxIn('EPSG:4526'); // zone 38 with its number: no other zone's false easting fits
    expect(
      listKnownCrs()
        .filter((c) => fitsCrs(gk, c))
        .map((c) => c.code),
    ).toEqual(['EPSG:4526', 'EPSG:2362', 'EPSG:2414']);
  });
  it('allows data a little over its zone’s edge (a city across the boundary), not a zone away', () => {
    const over = bboxOfFlat(transformFlat('EPSG:4490', 'EPSG:4547', [115.9, 34.7, 116.0, 34.8], [0, 0, 0, 0]))!;
    expect(fitsCrs(over, crs(4547))).toBe(true);
    const away = bboxOfFlat(transformFlat('EPSG:4490', 'EPSG:4547', [118.5, 34.7, 118.6, 34.8], [0, 0, 0, 0]))!;
    expect(fitsCrs(away, crs(4547))).toBe(false);
  });
});

describe('readCoordinates', () => {
  const read = (code: string, centreLonDeg?: number) => readCoordinates(boxIn(code), { centreLonDeg }).looksLike;
  it('tells degrees, zone-prefixed GK, Web Mercator and GK metres of a known centre apart', () => {
    expect(read('EPSG:4490')).toBe('lon/lat degrees (EPSG:4490)');
    expect(read('EPSG:4526')).toBe('GK zone 38 metres with the zone number in the easting (EPSG:4526)');
    expect(read('EPSG:4497')).toBe('6° GK zone 19 metres with the zone number in the easting (EPSG:4497)');
    expect(read('EPSG:3857')).toBe('Web Mercator metres (EPSG:3857)');
    expect(read('EPSG:4547', LON)).toBe('GK zone 38 metres (EPSG:4547)');
    expect(read('EPSG:4547')).toMatch(/^GK metres without a zone number in the easting \(the zone cannot be told/);
    expect(readCoordinates(boxIn('EPSG:2362'), { datum: 'Xian1980' }).crs?.code).toBe('EPSG:2362');
  });
  it('names swapped axes, degrees outside China and numbers no CRS uses', () => {
    expect(readCoordinates([34.75, 113.65, 34.77, 113.67]).looksLike).toBe('lon/lat degrees with latitude first (axes swapped)');
    expect(readCoordinates([2.3, 48.8, 2.4, 48.9]).looksLike).toMatch(/^lon\/lat degrees outside China/);
    expect(readCoordinates([-5e7, 1, 9e9, 2]).crs).toBeNull();
  });
  it('breaks the tie between 6° zone 13 with its number and Web Mercator over Shanghai by the centre', () => {
    const shanghai = bboxOfFlat(transformFlat('EPSG:4326', 'EPSG:3857', [121.4, 31.2, 121.5, 31.3], [0, 0, 0, 0]))!;
    expect(readCoordinates(shanghai).crs?.code).toBe('EPSG:3857');
    expect(readCoordinates(shanghai, { centreLonDeg: 121.45 }).crs?.code).toBe('EPSG:3857');
    expect(readCoordinates(shanghai, { centreLonDeg: 75 }).crs?.code).toBe('EPSG:4491');
    expect(readCoordinates(shanghai).looksLike).toMatch(/or 6° GK zone 13 metres .*EPSG:4491/);
  });
});

describe('checkCrsFit', () => {
  it('says what the numbers look like and what was declared, naming the file', () => {
    expect(checkCrsFit(boxIn('EPSG:4490'), crs(4547), 'buildings.shp').message).toBe(
      'buildings.shp: coordinates look like lon/lat degrees (EPSG:4490), not GK zone 38 metres as EPSG:4547 declares',
    );
    // GK metres declared as degrees: the declared CRS has no zone, so the centre given (the city's) picks it.
    expect(checkCrsFit(boxIn('EPSG:4547'), crs(4490), 'buildings.shp', { centreLonDeg: LON }).message).toBe(
      'buildings.shp: coordinates look like GK zone 38 metres (EPSG:4547), not lon/lat degrees as EPSG:4490 declares',
    );
    // A Beijing 1954 zone's metres given as that datum's zone with the number: the likely CRS keeps the datum.
    const fit = checkCrsFit(boxIn('EPSG:2435'), crs(2414), 'roads.tab');
    expect(fit.reading?.crs?.code).toBe('EPSG:2435');
    expect(fit.message).toMatch(/Beijing 1954 GK zone 38 metres \(EPSG:2435\), not Beijing 1954 GK zone 38 metres with the zone number/);
  });
  it('fits when the data fit, and when there is nothing to check', () => {
    expect(checkCrsFit(boxIn('EPSG:4547'), crs(4547))).toEqual({ fits: true, reading: null, message: null });
    expect(checkCrsFit(null, crs(4547)).fits).toBe(true);
  });
});

describe('checkFeatureBoxesFit', () => {
  const lonLat = [...boxIn('EPSG:4490'), ...boxIn('EPSG:4490'), ...boxIn('EPSG:4490')];
  it('names the few features outside the area (a stray point at 0,0) instead of refusing the file', () => {
    const fit = checkFeatureBoxesFit([...lonLat, 0, 0, 0, 0, NaN, NaN, NaN, NaN], crs(4490), 'b.shp');
    expect(fit).toEqual({ fits: true, reading: null, message: null, outliers: [3] });
  });
  it('refuses when most features do not fit, saying what those look like', () => {
    const gk = [...boxIn('EPSG:4547'), ...boxIn('EPSG:4547'), ...boxIn('EPSG:4547')];
    const fit = checkFeatureBoxesFit([...gk, ...boxIn('EPSG:4490')], crs(4490), 'b.shp', { centreLonDeg: LON });
    expect(fit.fits).toBe(false);
    expect(fit.message).toBe('b.shp: coordinates look like GK zone 38 metres (EPSG:4547), not lon/lat degrees as EPSG:4490 declares');
  });
});

describe('guessMissingCrs', () => {
  it('takes plain lon/lat degrees in China as CGCS2000, with a warning', () => {
    const g = guessMissingCrs(boxIn('EPSG:4490'), 'parcels.shp');
    expect(g.crs?.code).toBe('EPSG:4490');
    expect(g.message).toBe(
      'parcels.shp: no CRS declared; lon/lat degrees in China taken as CGCS2000 (EPSG:4490); declare GCJ02 for web-map data',
    );
  });
  it('refuses anything else, with the guess', () => {
    const g = guessMissingCrs(boxIn('EPSG:4526'), 'buildings.shp');
    expect(g.crs).toBeNull();
    expect(g.message).toBe(
      'buildings.shp: no CRS declared; coordinates look like GK zone 38 metres with the zone number in the easting (EPSG:4526): declare it (EPSG:4526)',
    );
    expect(guessMissingCrs(boxIn('EPSG:4547'), 'b.shp').message).toMatch(/zone cannot be told .*: declare its CRS$/);
  });
});

describe('bboxOfFlat', () => {
  it('skips non-finite values and is null without any', () => {
    expect(bboxOfFlat([1, 2, NaN, 5, 3, -1, Infinity, 0])).toEqual([1, -1, 3, 2]);
    expect(bboxOfFlat([NaN, NaN])).toBeNull();
  });
});
