// Errors from core and io worded in the page's language: a bad tour, a broken data file (also as the copy a
// worker sends), skipped features, and an unexpected error as a translated lead-in and its raw text.
import { describe, expect, it } from 'vitest';
import { parseTour } from '../core/tour/tourSchema';
import { readFeatures } from '../io/featureFile';
import { packPolygons } from '../io/packGeoJson';
import { initI18n } from './i18n/i18n';
import { validateConditions } from '../core/planning/conditionsSchema';
import { FIXTURE_CONDITIONS } from '../core/planning/planning.fixture';
import { errorData } from '../io/errorData';
import { errorText, featureProblemLine, importErrorText, storedErrorText } from './errorText';

const refusal = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
};

describe('errorText', () => {
  it('words a bad tour, a broken file and an unexpected error in each language', async () => {
    const i18n = initI18n('en');
    const t = i18n.t.bind(i18n);
    const tour = await refusal(() => parseTour('{"id": ', 'junk.json'));
    expect(errorText(tour, 'en', t)).toMatch(/^junk\.json: tour: is not valid JSON \(.+\)$/);
    expect(errorText(tour, 'zh-CN', t)).toMatch(/^junk\.json: tour: 不是有效的 JSON（.+）$/);

    const file = await refusal(() => readFeatures(new TextEncoder().encode('[]'), 'arr.geojson'));
    expect(errorText(file, 'zh-CN', t)).toBe('arr.geojson: 应为带 "features" 数组的 GeoJSON FeatureCollection');
    // What the page gets from a worker: a plain Error with the catalogued fields copied onto it.
    const copy = Object.assign(new Error((file as Error).message), { ...(file as object), name: 'DataFileError' });
    expect(errorText(copy, 'zh-CN', t)).toBe(errorText(file, 'zh-CN', t));
    expect(
      importErrorText(
        { name: 'arr.geojson', phase: 'error', error: 'x', problem: { file: 'arr.geojson', kind: 'no-buildings', params: {} } },
        'zh-CN',
      ),
    ).toBe('没有建筑要素');

    expect(errorText(new Error('Failed to fetch'), 'en', t)).toBe('Error: Failed to fetch');
    await i18n.changeLanguage('zh-CN');
    expect(errorText(new Error('Failed to fetch'), 'zh-CN', i18n.t.bind(i18n))).toBe('出错：Failed to fetch');
  });

  it('words a stored review or plan error from its data, or leads in its English text', async () => {
    const i18n = initI18n('zh-CN');
    const t = i18n.t.bind(i18n);
    const bad = await refusal(() => validateConditions({ ...FIXTURE_CONDITIONS, farMin: 9 }, 'parcel P-1'));
    const data = errorData(bad);
    expect(data).toBeDefined();
    expect(storedErrorText((bad as Error).message, data, 'zh-CN', t)).toBe(
      `parcel P-1: conditions.farMin: 不得大于 farMax（${FIXTURE_CONDITIONS.farMax}），实际为 9`,
    );
    expect(errorData(new Error('the city is still loading'))).toBeUndefined();
    expect(storedErrorText('the city is still loading', undefined, 'zh-CN', t)).toBe('出错：the city is still loading');
  });

  it('lists a skipped feature with its file, index and id unchanged', () => {
    const { problems } = packPolygons(
      [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { id: 'B-7' } }],
      'b.geojson',
    );
    expect(featureProblemLine(problems[0], 'zh-CN')).toBe('b.geojson #0 B-7: 几何类型为 Point，应为 Polygon 或 MultiPolygon');
    expect(featureProblemLine(problems[0], 'en')).toBe('b.geojson #0 B-7: geometry is Point, expected Polygon or MultiPolygon');
  });
});
