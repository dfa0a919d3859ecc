// Tours from untrusted JSON (a file, IndexedDB, the demo), checked against the published schema
// (data/schemas/tour.schema.json is a copy of the one imported here).
import { applySchema, schemaIssue, type JsonSchema, type SchemaIssue } from '../util/jsonSchemaSubset';
import { schemaIssuesText } from '../util/schemaIssueText';
import schemaJson from './tour.schema.json';
import type { Tour } from './types';

export const TOUR_SCHEMA = schemaJson as unknown as JsonSchema;

/** A bad tour; the message names the source and every field at fault. */
export class TourError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(schemaIssuesText(source, issues, 'en'));
    this.name = 'TourError';
  }
}

/** A validated tour with defaults filled in; throws TourError naming the fields at fault. */
export function validateTour(json: unknown, source: string): Tour {
  const { value, issues } = applySchema(TOUR_SCHEMA, json, 'tour');
  if (issues.length) throw new TourError(source, issues);
  return value as Tour;
}

/** Parses and validates tour JSON text; never throws anything but TourError. */
export function parseTour(text: string, source: string): Tour {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TourError(source, [schemaIssue('tour', { kind: 'not-json', params: { detail: (err as Error).message } })]);
  }
  return validateTour(json, source);
}
