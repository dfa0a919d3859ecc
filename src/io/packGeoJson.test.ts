import { describe, expect, it } from 'vitest';
import type { GeoJsonFeature } from './featureFile';
import { categoryColumn, coordinatesTooDeep, numberColumn, packLines, packPolygons } from './packGeoJson';

const feature = (geometry: unknown, properties: Record<string, unknown>): GeoJsonFeature =>
  ({ type: 'Feature', geometry, properties }) as GeoJsonFeature;

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('packPolygons', () => {
  it('packs polygons with holes and multipolygons into offsets, dropping the closing vertex', () => {
    const features = [
      feature({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] }, { id: 'a' }),
      feature({ type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(30, 0, 1)]] }, { id: 'b' }),
    ];
    const { packed, problems } = packPolygons(features, 'f.geojson');
    expect(problems).toEqual([]);
    expect(packed.ids).toEqual(['a', 'b']);
    expect(Array.from(packed.featurePolyStart)).toEqual([0, 1, 3]);
    expect(Array.from(packed.polyRingStart)).toEqual([0, 2, 3, 4]);
    expect(Array.from(packed.ringStart)).toEqual([0, 4, 8, 12, 16]);
    expect(packed.coords.length).toBe(32);
    expect(Array.from(packed.bbox.subarray(0, 4))).toEqual([0, 0, 10, 10]);
    expect(Array.from(packed.bbox.subarray(4, 8))).toEqual([20, 0, 31, 1]);
  });

  it('skips bad features and names file, index and id', () => {
    const features = [
      feature({ type: 'Point', coordinates: [0, 0] }, { id: 'pt' }),
      feature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        },
        { id: 'short' },
      ),
      feature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, null],
              [0, 0],
            ],
          ],
        },
        { id: 'nan' },
      ),
      feature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
        { id: 'open' },
      ),
      feature(null, {}),
      feature({ type: 'Polygon', coordinates: [square(0, 0, 1)] }, { id: 'ok' }),
    ];
    const { packed, problems, sourceIndex } = packPolygons(features, 'b.geojson');
    expect(packed.ids).toEqual(['ok']);
    expect(Array.from(sourceIndex)).toEqual([5]);
    expect(problems.map((p) => [p.index, p.id])).toEqual([
      [0, 'pt'],
      [1, 'short'],
      [2, 'nan'],
      [3, 'open'],
      [4, '#4'],
    ]);
    expect(problems.every((p) => p.file === 'b.geojson' && p.message.length > 5)).toBe(true);
    expect(problems[3].message).toMatch(/not closed/);
  });
});

describe('features nested without bound', () => {
  it('skips an id or coordinates nested 10,000 deep, naming them, without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const square = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ];
    const features = [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { id: deep } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[deep, deep, deep, deep]] }, properties: { id: 'c' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { id: 'ok' } },
    ] as GeoJsonFeature[];
    const r = packPolygons(features, 'deep.geojson');
    expect(r.packed.ids).toEqual(['ok']);
    expect(r.problems.map((p) => [p.index, p.id, p.kind])).toEqual([
      [0, '#0', 'id-not-scalar'],
      [1, 'c', 'non-finite'],
    ]);
    expect(coordinatesTooDeep(deep)).toBe(true);
    expect(coordinatesTooDeep([square])).toBe(false);
    expect(coordinatesTooDeep([[square]])).toBe(true);
  });
});

describe('packLines', () => {
  it('packs lines and multilines', () => {
    const features = [
      feature(
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
            [2, 0],
          ],
        },
        { id: 'l' },
      ),
      feature(
        {
          type: 'MultiLineString',
          coordinates: [
            [
              [0, 0],
              [1, 0],
            ],
            [
              [5, 5],
              [6, 6],
            ],
          ],
        },
        { id: 'm' },
      ),
      feature({ type: 'LineString', coordinates: [[0, 0]] }, { id: 'one' }),
    ];
    const { packed, problems } = packLines(features, 'l.geojson');
    expect(packed.ids).toEqual(['l', 'm']);
    expect(Array.from(packed.featurePartStart)).toEqual([0, 1, 3]);
    expect(Array.from(packed.partStart)).toEqual([0, 3, 5, 7]);
    expect(problems.map((p) => p.id)).toEqual(['one']);
  });
});

describe('a feature skipped part-way', () => {
  const closed = square(0, 0, 1);
  const open = square(5, 5, 1).slice(0, 4);
  it('leaves no ring, polygon or coordinate behind, whichever check skips it', () => {
    const good = [
      feature({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] }, { id: 'a' }),
      feature({ type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(30, 0, 1)]] }, { id: 'b' }),
    ];
    const bad = [
      feature({ type: 'MultiPolygon', coordinates: [[closed], []] }, { id: 'no-rings' }),
      feature({ type: 'Polygon', coordinates: [closed, 7] }, { id: 'not-array' }),
      feature({ type: 'Polygon', coordinates: [closed, closed.slice(0, 3)] }, { id: 'short' }),
      feature({ type: 'MultiPolygon', coordinates: [[closed], [[...closed.slice(0, 4), 'x', closed[0]]]] }, { id: 'nan' }),
      feature({ type: 'MultiPolygon', coordinates: [[closed], [closed, open]] }, { id: 'open' }),
      // Collinear points: the zero-area parcel of issue 18, in lon/lat, and a part of repeated points.
      feature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [113.65, 34.75],
              [113.66, 34.76],
              [113.67, 34.77],
              [113.65, 34.75],
            ],
          ],
        },
        { id: 'collinear' },
      ),
      feature({ type: 'MultiPolygon', coordinates: [[closed], [[closed[0], closed[0], closed[0], closed[0]]]] }, { id: 'point' }),
    ];
    const alone = packPolygons(good, 'f.geojson');
    const mixed = packPolygons([good[0], ...bad, good[1]], 'f.geojson');
    expect(mixed.packed).toEqual(alone.packed);
    expect(Array.from(mixed.sourceIndex)).toEqual([0, 8]);
    expect(mixed.problems.map((p) => [p.index, p.id, p.kind])).toEqual([
      [1, 'no-rings', 'polygon-no-rings'],
      [2, 'not-array', 'ring-not-array'],
      [3, 'short', 'ring-short'],
      [4, 'nan', 'non-finite'],
      [5, 'open', 'ring-unclosed'],
      [6, 'collinear', 'ring-zero-area'],
      [7, 'point', 'ring-zero-area'],
    ]);
  });

  it('leaves no line part behind either', () => {
    const line = (x: number) => [
      [x, 0],
      [x + 1, 1],
    ];
    const good = [feature({ type: 'MultiLineString', coordinates: [line(0), line(2)] }, { id: 'm' })];
    const bad = [
      feature({ type: 'MultiLineString', coordinates: [line(0), [[1, 1]]] }, { id: 'short' }),
      feature({ type: 'MultiLineString', coordinates: [line(0), [[1, 1], null]] }, { id: 'nan' }),
      feature({ type: 'Polygon', coordinates: [closed] }, { id: 'polygon' }),
    ];
    const mixed = packLines([...bad, ...good], 'l.geojson');
    expect(mixed.packed).toEqual(packLines(good, 'l.geojson').packed);
    expect(mixed.problems.map((p) => [p.id, p.kind])).toEqual([
      ['short', 'line-short'],
      ['nan', 'non-finite'],
      ['polygon', 'geometry-type'],
    ]);
  });
});

describe('property columns', () => {
  const features = [feature(null, { h: 10, use: '07' }), feature(null, { h: 'x', use: '09' }), feature(null, { use: '07' })];
  const all = Uint32Array.from([0, 1, 2]);
  it('reads numbers with a fallback for missing and non-numeric values', () => {
    expect(Array.from(numberColumn(features, all, 'h', -1))).toEqual([10, -1, -1]);
  });
  it('reads null, empty text and booleans as missing, not as Number()’s 0 or 1 (issue 18: floors null counted as 0)', () => {
    const odd = [feature(null, { h: null }), feature(null, { h: '' }), feature(null, { h: true }), feature(null, { h: ' 7 ' })];
    expect(Array.from(numberColumn(odd, Uint32Array.from([0, 1, 2, 3]), 'h'))).toEqual([NaN, NaN, NaN, 7]);
  });
  it('indexes categories in order of appearance', () => {
    const c = categoryColumn(features, all, 'use');
    expect(c.values).toEqual(['07', '09']);
    expect(Array.from(c.index)).toEqual([0, 1, 0]);
  });
});
