// Planning conditions from untrusted JSON (a file, a feature property, a form), checked against the published
// schema (data/schemas/planning-conditions.schema.json is a copy of the one imported here).
import { applySchema, type JsonSchema, type SchemaIssue } from '../util/jsonSchemaSubset';
import schemaJson from './planning-conditions.schema.json';
import type { PlanningConditions } from './types';

export const PLANNING_CONDITIONS_SCHEMA = schemaJson as unknown as JsonSchema;

/** Bad planning conditions; the message names the source and every field at fault. */
export class ConditionsError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(issues.map((i) => `${source}: ${i.path}: ${i.message}`).join('\n'));
    this.name = 'ConditionsError';
  }
}

/** Validated conditions with defaults filled in (farMin 0, no setbacks, the standard tolerances). */
export function validateConditions(json: unknown, source: string): PlanningConditions {
  const { value, issues } = applySchema(PLANNING_CONDITIONS_SCHEMA, json, 'conditions');
  if (issues.length === 0) {
    // Relations between fields, beyond what the schema subset says.
    const c = value as PlanningConditions;
    if (c.farMin > c.farMax) issues.push({ path: 'conditions.farMin', message: `must be ≤ farMax (${c.farMax}), got ${c.farMin}` });
  }
  if (issues.length) throw new ConditionsError(source, issues);
  return value as PlanningConditions;
}
