import { describe, expect, it } from 'vitest';
import type { LayerSchema } from '../core/demo/sink';
import { concatBytes, FlatGeobufWriter } from './flatgeobuf';
import { readFeatures } from './featureFile';
import { categoryColumn, numberColumn, packPolygons } from './packGeoJson';
import { decodeFgbPolygons, fgbLayout, fgbRanges } from './flatgeobufColumns';
import { mergePolygonRanges } from './mergePolygonRanges';

const schema: LayerSchema = {
  geometryType: 'Polygon',
  columns: [
    { name: 'id', type: 'string' },
    { name: 'floors', type: 'int' },
    { name: 'use', type: 'string' },
    { name: 'name', type: 'string' },
  ],
};
const square = (x: number, y: number, d = 0.001) => [x, y, x + d, y, x + d, y + d, x, y + d, x, y];

/** Twelve buildings: holes, a missing id, a missing use, non-ASCII text, a too-short ring and an unclosed one. */
function sampleFile(): Uint8Array {
  const w = new FlatGeobufWriter(schema);
  for (let i = 0; i < 12; i++) {
    const x = 113.6 + i * 0.002;
    const outer = square(x, 34.7);
    const hole = [x + 0.0002, 34.7002, x + 0.0002, 34.7004, x + 0.0004, 34.7004, x + 0.0004, 34.7002, x + 0.0002, 34.7002];
    const coords =
      i === 4
        ? [x, 34.7, x + 0.001, 34.7, x, 34.7]
        : i === 7
          ? outer.slice(0, 8).concat([x + 0.0001, 34.7])
          : i % 3 === 0
            ? [...outer, ...hole]
            : outer;
    const ringEnds = i % 3 === 0 && i !== 4 && i !== 7 ? [5, 10] : [coords.length / 2];
    w.add(
      { type: 'Polygon', coords, ringEnds },
      {
        id: i === 2 ? undefined : `B-${i}`,
        floors: i === 5 ? undefined : i + 1,
        use: i === 9 ? undefined : ['07', '09', '商业'][i % 3],
        name: `楼 ${i}`,
      },
    );
  }
  return concatBytes(w.finish());
}

describe('FlatGeobuf polygons into columns', () => {
  it('decodes, in ranges merged back, exactly what GeoJSON features packed give, bad features named alike', async () => {
    const bytes = sampleFile();
    const features = await readFeatures(bytes, 'b.fgb');
    const ref = packPolygons(features, 'b.fgb');
    const layout = fgbLayout(bytes, 'b.fgb');
    const request = { numbers: [{ name: 'floors', fallback: NaN }], categories: ['use'] };
    for (const parts of [1, 2, 5]) {
      const ranges = fgbRanges(layout, parts);
      expect(ranges.at(-1)![1]).toBe(12);
      const merged = mergePolygonRanges(ranges.map(([s, e]) => decodeFgbPolygons(bytes, layout, 'b.fgb', s, e, request)));
      expect(merged.packed).toEqual(ref.packed);
      expect(merged.sourceIndex).toEqual(ref.sourceIndex);
      expect(merged.problems).toEqual(ref.problems);
      expect(merged.numbers.floors).toEqual(numberColumn(features, ref.sourceIndex, 'floors'));
      const use = categoryColumn(features, ref.sourceIndex, 'use');
      expect(merged.categories.use).toEqual({ index: use.index, values: use.values });
    }
    expect(ref.problems.map((p) => [p.index, p.id, p.kind])).toEqual([
      [4, 'B-4', 'ring-short'],
      [7, 'B-7', 'ring-unclosed'],
    ]);
  });

  it('refuses a truncated file as readFeatures does', () => {
    const bytes = sampleFile();
    expect(() => fgbLayout(bytes.subarray(0, bytes.length - 10), 'b.fgb')).toThrow(/b\.fgb: .*12/);
    expect(() => fgbLayout(bytes.subarray(0, 10), 'b.fgb')).toThrow(/b\.fgb/);
  });
});
