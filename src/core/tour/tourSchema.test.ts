// Tours validated by the published JSON Schema: good tours get their defaults, bad ones are refused with the
// field at fault named; the published copy in data/schemas is identical to the one the code reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaKeywordsUnsupported } from '../util/jsonSchemaSubset';
import { parseTour, TOUR_SCHEMA, TourError, validateTour } from './tourSchema';
import { actionsAt } from './types';

const good = () => ({
  id: 'overview',
  title: { zh: '城市总览', en: 'City overview' },
  keyframes: [
    {
      camera: { lonDeg: 113.66, latDeg: 34.74, heightM: 2500, headingDeg: 0, pitchDeg: -35 },
      holdS: 2,
      caption: { zh: '总览', en: 'Overview' },
      layers: { gridL3: false },
    },
    {
      camera: { lonDeg: 113.67, latDeg: 34.75, heightM: 800, headingDeg: 90, pitchDeg: -25 },
      durationS: 8,
      buildingStyle: 'heightM',
      highlight: { grid: 'L1-01' },
    },
  ],
});

function errorOf(json: unknown, source = 'tour.json'): TourError {
  try {
    validateTour(json, source);
  } catch (err) {
    if (err instanceof TourError) return err;
    throw err;
  }
  throw new Error('expected a TourError');
}

describe('validateTour', () => {
  it('fills the defaults: version 1, loop, 6 s flights, no hold, ease in and out, no roll', () => {
    const t = validateTour(good(), 'x');
    expect(t.version).toBe(1);
    expect(t.loop).toBe(true);
    expect(t.keyframes[0]).toMatchObject({ durationS: 6, holdS: 2, easing: 'easeInOut', camera: { rollDeg: 0 } });
    expect(t.keyframes[1]).toMatchObject({ durationS: 8, holdS: 0 });
  });

  it.each([
    ['keyframes.1.camera.heightM', '800', 'tour.keyframes[1].camera.heightM: must be a number ≥ -1000 and ≤ 1000000, got "800"'],
    ['keyframes.0.camera.latDeg', 95, 'tour.keyframes[0].camera.latDeg: must be a number ≥ -89 and ≤ 89, got 95'],
    ['keyframes.1.durationS', -1, 'tour.keyframes[1].durationS: must be a number ≥ 0 and ≤ 3600, got -1'],
    ['keyframes.0.easing', 'bounce', 'tour.keyframes[0].easing: must be one of "linear", "easeIn", "easeOut", "easeInOut", got "bounce"'],
    ['keyframes.0.layers.gridL3', 'off', 'tour.keyframes[0].layers.gridL3: must be true or false, got "off"'],
    [
      'keyframes.1.buildingStyle',
      'pink',
      'tour.keyframes[1].buildingStyle: must be one of "use", "heightM", "floors", "baseM", "grid", got "pink"',
    ],
    ['keyframes.0.caption', 'hello', 'tour.keyframes[0].caption: must be an object, got "hello"'],
    ['keyframes', [], 'tour.keyframes: must be an array of at least 1 item, got []'],
    ['title', null, 'tour.title: must be an object, got null'],
    ['loop', 1, 'tour.loop: must be true or false, got 1'],
  ])('names the field at fault: %s', (path, value, message) => {
    const t = good() as Record<string, unknown>;
    const keys = path.split('.');
    let target = t as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
    const err = errorOf(t);
    expect(err.message).toBe(`tour.json: ${message}`);
    expect(err.issues).toHaveLength(1);
  });

  it('names missing and unexpected fields', () => {
    const t = good() as Record<string, unknown> & { keyframes: Record<string, unknown>[] };
    delete (t.keyframes[1].camera as Record<string, unknown>).pitchDeg;
    t.keyframes[0].zoom = 3;
    (t.keyframes[1].highlight as Record<string, unknown>).building = 'B-1';
    const err = errorOf(t);
    expect(err.issues.map((i) => i.path)).toEqual([
      'tour.keyframes[0].zoom',
      'tour.keyframes[1].camera.pitchDeg',
      'tour.keyframes[1].highlight.building',
    ]);
    expect(err.message).toMatch(/tour\.keyframes\[1\]\.camera\.pitchDeg: is required \(a number ≥ -90 and ≤ 90\)/);
  });

  it('refuses text that is not JSON, or not a tour, with the source named and no other exception', () => {
    expect(() => parseTour('{"id": ', 'upload.json')).toThrow(/^upload\.json: tour: is not valid JSON/);
    expect(() => parseTour('[1, 2]', 'upload.json')).toThrow('upload.json: tour: must be an object, got [1,2]');
    expect(() => parseTour('null', 'upload.json')).toThrow(TourError);
    expect(parseTour(JSON.stringify(good()), 'ok.json').id).toBe('overview');
  });

  it('does not modify its input', () => {
    const t = good();
    const copy = structuredClone(t);
    validateTour(t, 'x');
    expect(t).toEqual(copy);
  });
});

describe('actionsAt', () => {
  it('carries layers and style forward; caption and highlight belong to their keyframe', () => {
    const t = validateTour(good(), 'x');
    expect(actionsAt(t, 0)).toEqual({ layers: { gridL3: false }, caption: { zh: '总览', en: 'Overview' }, highlight: null });
    expect(actionsAt(t, 1)).toEqual({ layers: { gridL3: false }, buildingStyle: 'heightM', caption: null, highlight: { grid: 'L1-01' } });
  });
});

describe('the published schema', () => {
  const published = readFileSync(join(import.meta.dirname, '../../../data/schemas/tour.schema.json'), 'utf8');

  it('is valid JSON with $schema (draft 2020-12), $id and title', () => {
    const s = JSON.parse(published);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toBe('urn:cim-viewer:schema:tour:1');
    expect(s.title).toMatch(/tour/i);
  });

  it('is byte-identical to the copy the validator imports (copy src/core/tour/tour.schema.json over it)', () => {
    expect(published).toBe(readFileSync(join(import.meta.dirname, 'tour.schema.json'), 'utf8'));
    expect(JSON.parse(published)).toEqual(TOUR_SCHEMA);
  });

  it('uses only keywords the interpreter enforces', () => {
    expect(schemaKeywordsUnsupported(TOUR_SCHEMA)).toEqual([]);
  });
});
