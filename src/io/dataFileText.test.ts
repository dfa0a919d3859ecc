// The data-file catalogue: every kind renders in both languages with its params, and real bad inputs (a
// malformed feature, a broken or truncated file) carry the kind and params the catalogue renders.
import { geojson } from 'flatgeobuf';
import { describe, expect, it } from 'vitest';
import {
  DATA_FILE_TEXT,
  dataFileProblemText,
  FEATURE_PROBLEM_TEXT,
  featureProblemText,
  type DataFileProblemRef,
  type FeatureProblemRef,
} from './dataFileText';
import { DataFileError, readFeatures, type GeoJsonFeature } from './featureFile';
import { packLines, packPolygons } from './packGeoJson';

type Samples<R extends { kind: string; params: object }> = { [K in R['kind']]: Extract<R, { kind: K }>['params'] };
const FILE_SAMPLES: Samples<DataFileProblemRef> = {
  'fetch-failed': { detail: 'Failed to fetch' },
  http: { status: 404, statusText: 'Not Found', detail: '' },
  'geojson-too-large': { bytes: 600000000 },
  'not-json': { detail: 'Unexpected token' },
  'fgb-header-truncated': { bytes: 7 },
  'fgb-truncated': { features: 3, bytes: 512 },
  'fgb-unreadable': { detail: 'bad magic' },
  'not-feature-collection': {},
  'csv-columns': { columns: 'gridId' },
  'csv-short-line': { line: 12, fields: 1, expected: 2 },
  'not-sensorthings-things': {},
  'not-sensorthings-collection': {},
  'too-many-pages': { pages: 1000 },
  'geotiff-unreadable': { detail: 'no IFD' },
  'dem-crs': { epsg: 3857 },
  'no-buildings': {},
  'no-usable-building': { index: 4, id: 'B-9', detail: 'ring is not an array' },
  'no-pipelines': {},
};
const FEATURE_SAMPLES: Samples<FeatureProblemRef> = {
  'geometry-type': { geometry: 'Point', expected: 'Polygon or MultiPolygon' },
  'polygon-no-rings': {},
  'ring-not-array': {},
  'ring-short': { count: 3 },
  'ring-unclosed': {},
  'ring-zero-area': {},
  'non-finite': {},
  'line-short': {},
  'id-not-scalar': {},
  'coordinates-too-deep': { depth: 4 },
  'value-implausible': { field: 'heightM', value: '1000000000', range: '0 < heightM ≤ 1000 m' },
  'height-default': { heightM: 10 },
  'height-from-floors': { floors: 4, heightM: 12 },
  'thing-no-location': {},
};

function expectBothLanguages(en: string, zh: string, params: object) {
  expect(en).not.toBe(zh);
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  for (const v of Object.values(params)) {
    expect(en).toContain(String(v));
    // GeoJSON type lists are worded in each language ("Polygon 或 MultiPolygon"); every other param shows verbatim.
    if (!String(v).includes(' or ')) expect(zh).toContain(String(v));
  }
}

describe('data-file messages', () => {
  it.each(Object.keys(DATA_FILE_TEXT) as DataFileProblemRef['kind'][])('renders file problem %s in both languages', (kind) => {
    const ref = { kind, params: FILE_SAMPLES[kind] } as DataFileProblemRef;
    expectBothLanguages(dataFileProblemText(ref, 'en'), dataFileProblemText(ref, 'zh-CN'), ref.params);
  });

  it.each(Object.keys(FEATURE_PROBLEM_TEXT) as FeatureProblemRef['kind'][])('renders feature problem %s in both languages', (kind) => {
    const ref = { kind, params: FEATURE_SAMPLES[kind] } as FeatureProblemRef;
    expectBothLanguages(featureProblemText(ref, 'en'), featureProblemText(ref, 'zh-CN'), ref.params);
  });

  it('malformed features yield their kinds and params, and the English message the catalogue renders', () => {
    const f = (geometry: GeoJsonFeature['geometry'], id: string): GeoJsonFeature => ({ type: 'Feature', geometry, properties: { id } });
    /** A ring from "x y,x y,…". */
    const ring = (text: string) => text.split(',').map((p) => p.split(' ').map(Number));
    const { problems } = packPolygons(
      [
        f({ type: 'Point', coordinates: [0, 0] }, 'pt'),
        f({ type: 'Polygon', coordinates: [ring('0 0,1 0,0 0')] }, 'short'),
        f({ type: 'Polygon', coordinates: [ring('0 0,1 0,1 1,0 1')] }, 'open'),
      ],
      'b.geojson',
    );
    expect(problems.map((p) => [p.id, p.kind, p.params])).toEqual([
      ['pt', 'geometry-type', { geometry: 'Point', expected: 'Polygon or MultiPolygon' }],
      ['short', 'ring-short', { count: 3 }],
      ['open', 'ring-unclosed', {}],
    ]);
    for (const p of problems) expect(p.message).toBe(featureProblemText(p, 'en'));
    expect(featureProblemText(problems[1], 'zh-CN')).toBe('环只有 3 个坐标，闭合环至少需要 4 个');
    const lines = packLines([f({ type: 'LineString', coordinates: [[0, 0]] }, 'one')], 'p.geojson').problems;
    expect(lines.map((p) => [p.kind, p.params])).toEqual([['line-short', {}]]);
  });

  it('broken and truncated files yield DataFileError with kind and params', async () => {
    const errorOf = (bytes: Uint8Array, file: string) =>
      readFeatures(bytes, file).then(
        () => expect.unreachable(),
        (err: unknown) => err as DataFileError,
      );
    const notJson = await errorOf(new TextEncoder().encode('{"type": "Feat'), 'broken.geojson');
    expect(notJson).toBeInstanceOf(DataFileError);
    expect(notJson.kind).toBe('not-json');
    expect(notJson.message).toBe(`broken.geojson: ${dataFileProblemText(notJson.problem, 'en')}`);
    expect(dataFileProblemText(notJson.problem, 'zh-CN')).toMatch(/^不是有效的 JSON（.+）$/);
    const notCollection = await errorOf(new TextEncoder().encode('[]'), 'arr.geojson');
    expect(notCollection.problem).toEqual({ kind: 'not-feature-collection', params: {} });
    const one = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: {} }],
    };
    const fgb = geojson.serialize(one as never);
    const cut = await errorOf(fgb.slice(0, 10), 'cut.fgb');
    expect(cut.problem).toEqual({ kind: 'fgb-header-truncated', params: { bytes: 10 } });
    expect(dataFileProblemText(cut.problem, 'zh-CN')).toBe('FlatGeobuf 文件头不完整（文件仅 10 字节）');
  });
});
