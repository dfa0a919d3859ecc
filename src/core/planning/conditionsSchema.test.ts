// Planning conditions validated by the published JSON Schema: every bad field named with its path, the
// schema file itself well-formed, and the published copy in data/schemas identical to the one the code reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConditionsError, PLANNING_CONDITIONS_SCHEMA, validateConditions } from './conditionsSchema';
import { schemaKeywordsUnsupported } from '../util/jsonSchemaSubset';
import { FIXTURE_CONDITIONS } from './planning.fixture';

const good = () => structuredClone(FIXTURE_CONDITIONS) as unknown as Record<string, unknown>;

function errorOf(json: unknown, source = 'P-1.json'): ConditionsError {
  try {
    validateConditions(json, source);
  } catch (err) {
    if (err instanceof ConditionsError) return err;
    throw err;
  }
  throw new Error('expected a ConditionsError');
}

describe('validateConditions', () => {
  it('accepts good conditions unchanged', () => {
    expect(validateConditions(good(), 'x')).toEqual(FIXTURE_CONDITIONS);
  });

  it('names the source, the path, the rule and the value', () => {
    const c = good();
    (c.setbacksM as Record<string, unknown>).red = '8m';
    expect(errorOf(c).message).toBe('P-1.json: conditions.setbacksM.red: must be a number ≥ 0 and ≤ 1000, got "8m"');
  });

  it.each([
    ['farMin', -0.1, 'conditions.farMin: must be a number ≥ 0 and ≤ 50, got -0.1'],
    ['farMax', '2.5', 'conditions.farMax: must be a number ≥ 0 and ≤ 50, got "2.5"'],
    ['coverageMax', 1.2, 'conditions.coverageMax: must be a number ≥ 0 and ≤ 1, got 1.2'],
    ['greenRatioMin', null, 'conditions.greenRatioMin: must be a number ≥ 0 and ≤ 1, got null'],
    ['heightMaxM', [24], 'conditions.heightMaxM: must be a number ≥ 0 and ≤ 1000, got [24]'],
    ['setbacksM', 8, 'conditions.setbacksM: must be an object, got 8'],
    ['setbacksM.green', true, 'conditions.setbacksM.green: must be a number ≥ 0 and ≤ 1000, got true'],
    ['setbacksM.blue', -1, 'conditions.setbacksM.blue: must be a number ≥ 0 and ≤ 1000, got -1'],
    ['setbacksM.purple', {}, 'conditions.setbacksM.purple: must be a number ≥ 0 and ≤ 1000, got {}'],
    ['setbacksM.yellow', 'far', 'conditions.setbacksM.yellow: must be a number ≥ 0 and ≤ 1000, got "far"'],
    ['tolerances', 'loose', 'conditions.tolerances: must be an object, got "loose"'],
    ['tolerances.far', 2, 'conditions.tolerances.far: must be a number ≥ 0 and ≤ 1, got 2'],
    ['tolerances.coverage', -0.01, 'conditions.tolerances.coverage: must be a number ≥ 0 and ≤ 1, got -0.01'],
    ['tolerances.greenRatio', '1%', 'conditions.tolerances.greenRatio: must be a number ≥ 0 and ≤ 1, got "1%"'],
    ['tolerances.heightM', 101, 'conditions.tolerances.heightM: must be a number ≥ 0 and ≤ 100, got 101'],
    ['tolerances.setbackM', NaN, 'conditions.tolerances.setbackM: must be a number ≥ 0 and ≤ 100, got null'],
  ])('rejects a bad %s', (path, value, message) => {
    const c = good();
    const keys = path.split('.');
    let target = c;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
    const err = errorOf(c);
    expect(err.message).toBe(`P-1.json: ${message}`);
    expect(err.issues).toHaveLength(1);
  });

  it('names a missing required field', () => {
    const c = good();
    delete c.heightMaxM;
    expect(errorOf(c, 'parcels.geojson feature P-000011').message).toBe(
      'parcels.geojson feature P-000011: conditions.heightMaxM: is required (a number ≥ 0 and ≤ 1000)',
    );
  });

  it('rejects extra fields, at the top and inside setbacksM', () => {
    const c = good();
    c.farMaxx = 3;
    (c.setbacksM as Record<string, unknown>).orange = 5;
    const err = errorOf(c);
    expect(err.issues.map((i) => i.path)).toEqual(['conditions.farMaxx', 'conditions.setbacksM.orange']);
    expect(err.message).toMatch(/conditions\.farMaxx: is not allowed \(allowed: farMin, farMax,/);
    expect(err.message).toMatch(/conditions\.setbacksM\.orange: is not allowed \(allowed: red, green, blue, purple, yellow\)/);
  });

  it('rejects a non-object and farMin above farMax', () => {
    expect(errorOf('conditions').message).toBe('P-1.json: conditions: must be an object, got "conditions"');
    expect(errorOf({ ...good(), farMin: 2, farMax: 1.5 }).message).toBe('P-1.json: conditions.farMin: must be ≤ farMax (1.5), got 2');
  });

  it('fills the defaults: farMin 0, no setbacks, the standard tolerances', () => {
    const c = validateConditions({ farMax: 2, coverageMax: 0.3, greenRatioMin: 0.3, heightMaxM: 54 }, 'x');
    expect(c).toEqual({
      farMin: 0,
      farMax: 2,
      coverageMax: 0.3,
      greenRatioMin: 0.3,
      heightMaxM: 54,
      setbacksM: {},
      tolerances: { far: 0.05, coverage: 0.01, greenRatio: 0.01, heightM: 1, setbackM: 0.5 },
    });
    const partial = validateConditions({ ...good(), tolerances: { heightM: 2 } }, 'x');
    expect(partial.tolerances).toEqual({ far: 0.05, coverage: 0.01, greenRatio: 0.01, heightM: 2, setbackM: 0.5 });
  });

  it('does not modify its input', () => {
    const c = { farMax: 2, coverageMax: 0.3, greenRatioMin: 0.3, heightMaxM: 54 };
    validateConditions(c, 'x');
    expect(c).toEqual({ farMax: 2, coverageMax: 0.3, greenRatioMin: 0.3, heightMaxM: 54 });
  });
});

describe('the published schema', () => {
  const published = readFileSync(join(import.meta.dirname, '../../../data/schemas/planning-conditions.schema.json'), 'utf8');

  it('is valid JSON with $schema (draft 2020-12), $id and title', () => {
    const s = JSON.parse(published);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof s.$id).toBe('string');
    expect(s.title).toMatch(/Planning conditions/);
  });

  it('is byte-identical to the copy the validator imports (copy src/core/planning/planning-conditions.schema.json over it)', () => {
    expect(published).toBe(readFileSync(join(import.meta.dirname, 'planning-conditions.schema.json'), 'utf8'));
    expect(JSON.parse(published)).toEqual(PLANNING_CONDITIONS_SCHEMA);
  });

  it('uses only keywords the interpreter enforces', () => {
    expect(schemaKeywordsUnsupported(PLANNING_CONDITIONS_SCHEMA)).toEqual([]);
    expect(schemaKeywordsUnsupported({ type: 'object', properties: { a: { type: 'string', pattern: '^x' } } })).toEqual(['pattern']);
  });
});
