import { describe, expect, it } from 'vitest';
import { epsgForGkZone, GK_ZONE_MAX, GK_ZONE_MIN } from './defs';
import { CGCS2000 } from './codes';
import { gkForwardFlat } from './gkForward';
import { transformFlat } from './transform';

/** lon/lat pairs over every zone: across its width and beyond, from the equator to the north of China. */
function samples(zone: number): Float64Array {
  const out: number[] = [];
  for (let dLon = -4.9; dLon <= 4.9; dLon += 0.37) for (let lat = 0; lat <= 55; lat += 1.13) out.push(zone * 3 + dLon, lat + dLon / 1000);
  return Float64Array.from(out);
}

describe('gkForwardFlat', () => {
  it('gives bit for bit what proj4 gives for CGCS2000 lon/lat into every GK zone', () => {
    for (let zone = GK_ZONE_MIN; zone <= GK_ZONE_MAX; zone++) {
      const lonLat = samples(zone);
      const expected = transformFlat(CGCS2000, `EPSG:${epsgForGkZone(zone, false)}`, lonLat, new Float64Array(lonLat.length));
      const got = gkForwardFlat(lonLat, zone, new Float64Array(lonLat.length));
      let differing = 0;
      for (let i = 0; i < got.length; i++) if (!Object.is(got[i], expected[i])) differing++;
      expect(differing, `zone ${zone}`).toBe(0);
    }
  });

  it('projects in place, and refuses a non-finite coordinate as proj4 does', () => {
    const lonLat = Float64Array.from([113.66, 34.76, 113.7, 34.8]);
    const expected = transformFlat(CGCS2000, 'EPSG:4547', lonLat, new Float64Array(4));
    expect(Array.from(gkForwardFlat(lonLat, 38, lonLat))).toEqual(Array.from(expected));
    expect(() => transformFlat(CGCS2000, 'EPSG:4547', [NaN, 34.8], [0, 0])).toThrow(/finite/);
    expect(() => gkForwardFlat([113.7, NaN], 38, new Float64Array(2))).toThrow(/finite/);
  });
});
