// A catalogued error as plain data the store can hold: a schema error (TourError, ConditionsError) or a
// DataFileError, also their copies from a worker, so the UI can word it in the page's language.
import type { SchemaIssue } from '../core/util/jsonSchemaSubset';
import { dataFileErrorData, type DataFileErrorData } from './dataFileText';

export interface SchemaErrorData {
  source: string;
  issues: SchemaIssue[];
}
export type ErrorData = SchemaErrorData | DataFileErrorData;

/** The source and issues of a TourError or ConditionsError (or its copy from a worker); undefined otherwise. */
export function schemaErrorData(err: unknown): SchemaErrorData | undefined {
  const e = err as { source?: unknown; issues?: unknown } | null;
  if (typeof e?.source !== 'string' || !Array.isArray(e.issues) || e.issues.length === 0) return undefined;
  if (!e.issues.every((i: { path?: unknown; kind?: unknown } | null) => typeof i?.path === 'string' && typeof i.kind === 'string'))
    return undefined;
  return { source: e.source, issues: e.issues as SchemaIssue[] };
}

/** The error as data when its kind is catalogued; undefined for any other error (its text is shown raw). */
export function errorData(err: unknown): ErrorData | undefined {
  return schemaErrorData(err) ?? dataFileErrorData(err);
}
