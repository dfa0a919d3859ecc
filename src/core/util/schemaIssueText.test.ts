// The schema-issue catalogue: every kind renders in both languages with its params, and real bad inputs (a
// tour file, planning conditions) carry the kind and params the catalogue renders.
import { describe, expect, it } from 'vitest';
import { ConditionsError, validateConditions } from '../planning/conditionsSchema';
import { FIXTURE_CONDITIONS } from '../planning/planning.fixture';
import { parseTour, TourError } from '../tour/tourSchema';
import { SCHEMA_ISSUE_TEXT, schemaIssuesText, schemaIssueText, type SchemaIssueRef } from './schemaIssueText';

const SAMPLES: { [K in SchemaIssueRef['kind']]: Extract<SchemaIssueRef, { kind: K }>['params'] } = {
  invalid: { types: 'number', min: -90, max: 90, got: '"north"' },
  required: { types: 'array', minItems: 2 },
  'not-allowed': { allowed: 'id, title, keyframes' },
  'not-json': { detail: 'Unexpected end of JSON input' },
  'far-min-above-max': { farMin: 3.5, farMax: 2.5 },
};

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a refusal');
}

describe('schemaIssueText', () => {
  it.each(Object.keys(SCHEMA_ISSUE_TEXT) as SchemaIssueRef['kind'][])('renders %s in both languages with its params', (kind) => {
    const ref = { kind, params: SAMPLES[kind] } as SchemaIssueRef;
    const en = schemaIssueText(ref, 'en');
    const zh = schemaIssueText(ref, 'zh-CN');
    expect(en).not.toBe(zh);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    // Every param shows verbatim, except the type names, which are words of each language.
    for (const [k, v] of Object.entries(ref.params)) {
      if (k === 'types') continue;
      expect(en).toContain(String(v));
      expect(zh).toContain(String(v));
    }
  });

  it('words bounds, sizes and choices in Chinese', () => {
    expect(schemaIssueText({ kind: 'invalid', params: { types: 'number', min: 0, max: 1, got: '2' } }, 'zh-CN')).toBe(
      '应为数值，≥ 0 且 ≤ 1，实际为 2',
    );
    expect(schemaIssueText({ kind: 'required', params: { types: 'array', minItems: 1 } }, 'zh-CN')).toBe('缺少此项（应为数组，至少 1 项）');
    expect(schemaIssueText({ kind: 'invalid', params: { types: '', enum: '"a", "b"', got: '"c"' } }, 'zh-CN')).toBe(
      '应为"a", "b" 之一，实际为 "c"',
    );
  });

  it('a bad tour file yields the kinds and params the catalogue renders, in either language', () => {
    const text = JSON.stringify({
      id: 't',
      title: { zh: '巡游', en: 'Tour' },
      keyframes: [{ atMs: 0, camera: { pitchDeg: 'up' } }],
      zoom: 3,
    });
    const err = errorOf(() => parseTour(text, 'upload.json'));
    expect(err).toBeInstanceOf(TourError);
    const issues = (err as TourError).issues;
    const pitch = issues.find((i) => i.path === 'tour.keyframes[0].camera.pitchDeg')!;
    expect(pitch).toMatchObject({ kind: 'invalid', params: { types: 'number', min: -90, max: 90, got: '"up"' } });
    expect(issues.find((i) => i.path === 'tour.zoom')).toMatchObject({ kind: 'not-allowed' });
    expect(issues.some((i) => i.kind === 'required')).toBe(true);
    expect(schemaIssuesText('upload.json', issues, 'en')).toBe(err.message);
    expect(schemaIssuesText('upload.json', issues, 'zh-CN')).toContain(
      'upload.json: tour.keyframes[0].camera.pitchDeg: 应为数值，≥ -90 且 ≤ 90，实际为 "up"',
    );
    const notJson = errorOf(() => parseTour('{"id": ', 'upload.json')) as TourError;
    expect(notJson.issues).toEqual([expect.objectContaining({ path: 'tour', kind: 'not-json' })]);
    expect(schemaIssuesText('upload.json', notJson.issues, 'zh-CN')).toMatch(/^upload\.json: tour: 不是有效的 JSON（.+）$/);
  });

  it('bad planning conditions yield their kinds and params', () => {
    const bad = { ...structuredClone(FIXTURE_CONDITIONS), farMin: 9 } as unknown;
    const err = errorOf(() => validateConditions(bad, 'parcel P-1')) as ConditionsError;
    expect(err).toBeInstanceOf(ConditionsError);
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'conditions.farMin',
        kind: 'far-min-above-max',
        params: { farMin: 9, farMax: FIXTURE_CONDITIONS.farMax },
      }),
    ]);
    expect(schemaIssuesText('parcel P-1', err.issues, 'zh-CN')).toBe(
      `parcel P-1: conditions.farMin: 不得大于 farMax（${FIXTURE_CONDITIONS.farMax}），实际为 9`,
    );
  });
});
