import { describe, expect, it } from 'vitest';
import { readGeoTiffFloat32, writeGeoTiffFloat32 } from './geotiff';

describe('GeoTIFF DEM', () => {
  it('reads back the same size, bbox, CRS and values', async () => {
    const width = 37;
    const height = 23;
    const values = new Float32Array(width * height).map((_, i) => 90 + (i % width) * 0.5 - Math.floor(i / width) * 0.25);
    const bbox: [number, number, number, number] = [113.55, 34.68, 113.77, 34.84];
    const buf = writeGeoTiffFloat32({ width, height, bboxLonLatDeg: bbox, values });
    const r = await readGeoTiffFloat32(buf);
    expect(r.width).toBe(width);
    expect(r.height).toBe(height);
    expect(r.epsg).toBe(4326);
    r.bboxLonLatDeg.forEach((v, i) => expect(v).toBeCloseTo(bbox[i], 10));
    expect(Array.from(r.values)).toEqual(Array.from(values));
  });

  it('refuses a value count that does not match the size', () => {
    expect(() => writeGeoTiffFloat32({ width: 2, height: 2, bboxLonLatDeg: [0, 0, 1, 1], values: new Float32Array(3) })).toThrow(
      /3 values/,
    );
  });
});
