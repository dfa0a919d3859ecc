// Planning conditions from untrusted JSON (a file, a feature property, a form), checked against the published
// schema (data/schemas/planning-conditions.schema.json is a copy of the one imported here).
import { applySchema, schemaIssue, type JsonSchema, type SchemaIssue } from '../util/jsonSchemaSubset';
import { schemaIssuesText } from '../util/schemaIssueText';
import schemaJson from './planning-conditions.schema.json';
import type { PlanningConditions } from './types';

export const PLANNING_CONDITIONS_SCHEMA = schemaJson as unknown as JsonSchema;

/** Bad planning conditions; the message names the source and every field at fault. */
export class ConditionsError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(schemaIssuesText(source, issues, 'en'));
    this.name = 'ConditionsError';
  }
}

/** Validated conditions with defaults filled in (farMin 0, no setbacks, the standard tolerances). */
export function validateConditions(json: unknown, source: string): PlanningConditions {
  const { value, issues } = applySchema(PLANNING_CONDITIONS_SCHEMA, json, 'conditions');
  if (issues.length === 0) {
    // Relations between fields, beyond what the schema subset says.
    const c = value as PlanningConditions;
    if (c.farMin > c.farMax)
      issues.push(schemaIssue('conditions.farMin', { kind: 'far-min-above-max', params: { farMin: c.farMin, farMax: c.farMax } }));
  }
  if (issues.length) throw new ConditionsError(source, issues);
  return value as PlanningConditions;
}
