import { describe, expect, it } from 'vitest';
import { MAX_DEM_PIXELS, readGeoTiffFloat32, writeGeoTiffFloat32 } from './geotiff';
import { readDem } from './pipesData';

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

  describe('a broken DEM (issue 18: "Invalid typed array length: 10000000000", no file named)', () => {
    const good = new Uint8Array(
      writeGeoTiffFloat32({ width: 4, height: 3, bboxLonLatDeg: [113, 34, 114, 35], values: new Float32Array(12) }),
    );
    /** The bytes with the first IFD's ImageWidth and ImageLength (SHORT or LONG tags) set to `size`. */
    function resized(size: number): Uint8Array {
      const b = good.slice();
      const v = new DataView(b.buffer);
      const le = b[0] === 0x49; // "II" little-endian, "MM" big-endian
      const ifd = v.getUint32(4, le);
      for (let e = 0, n = v.getUint16(ifd, le); e < n; e++) {
        const at = ifd + 2 + e * 12;
        const tag = v.getUint16(at, le);
        if (tag !== 256 && tag !== 257) continue;
        if (v.getUint16(at + 2, le) === 3) v.setUint16(at + 8, Math.min(size, 65535), le);
        else v.setUint32(at + 8, size, le);
      }
      return b;
    }
    /** The bytes with the first IFD's offset set to `offset`. */
    function ifdAt(offset: number): Uint8Array {
      const b = good.slice();
      new DataView(b.buffer).setUint32(4, offset, b[0] === 0x49);
      return b;
    }
    const read = (b: Uint8Array) => readDem(b, 'city/dem.tif');

    it('refuses a huge size before allocating, naming the file', async () => {
      await expect(read(resized(100_000))).rejects.toThrow(
        /^city\/dem\.tif: not a readable GeoTIFF \(\d+ × \d+ pixels, more than the 100,000,000/,
      );
      expect(MAX_DEM_PIXELS).toBeLessThan(65535 * 65535);
    });

    it('refuses a truncated file, naming the file', async () => {
      await expect(read(good.slice(0, good.length - 20))).rejects.toThrow(
        /^city\/dem\.tif: not a readable GeoTIFF \(truncated: strip 0 ends at byte/,
      );
      await expect(read(good.slice(0, 30))).rejects.toThrow(/^city\/dem\.tif: not a readable GeoTIFF \(truncated or corrupt header/);
    });

    it('refuses an IFD pointing at itself or past the end', async () => {
      await expect(read(ifdAt(4))).rejects.toThrow(/^city\/dem\.tif: not a readable GeoTIFF/);
      await expect(read(ifdAt(1 << 30))).rejects.toThrow(/^city\/dem\.tif: not a readable GeoTIFF \(truncated or corrupt header/);
    });
  });
});
