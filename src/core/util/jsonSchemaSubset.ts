// A small JSON Schema (draft 2020-12) interpreter for the keywords our published schemas use: type, required,
// properties, additionalProperties, minimum, maximum, enum, default, items, minItems, maxLength. Other keywords are ignored, so a schema
// using more must grow this file, not silently pass: schemaKeywordsUnsupported() lists them for a test.

import {
  describeExpected,
  schemaIssueText,
  type JsonType,
  type SchemaExpected,
  type SchemaIssue,
  type SchemaIssueRef,
} from './schemaIssueText';

export type { SchemaExpected, SchemaIssue, SchemaIssueRef };

export interface JsonSchema {
  type?: JsonType | JsonType[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema;
  minItems?: number;
  maxLength?: number;
  [annotation: string]: unknown;
}

/** An issue at `path`, its English message rendered from the catalogue. */
export const schemaIssue = (path: string, ref: SchemaIssueRef): SchemaIssue => ({ path, message: schemaIssueText(ref, 'en'), ...ref });

const KNOWN = new Set([
  'type',
  'required',
  'properties',
  'additionalProperties',
  'minimum',
  'maximum',
  'enum',
  'default',
  'items',
  'minItems',
  'maxLength',
  '$schema',
  '$id',
  'title',
  'description',
  '$comment',
  'examples',
]);

/** Keywords in the schema (at any depth) that this interpreter does not enforce. */
export function schemaKeywordsUnsupported(schema: JsonSchema): string[] {
  const out = new Set<string>();
  const walk = (s: JsonSchema) => {
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) out.add(k);
    for (const p of Object.values(s.properties ?? {})) walk(p);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
    if (s.items) walk(s.items);
  };
  walk(schema);
  return [...out];
}

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

function typeMatches(v: unknown, t: JsonType): boolean {
  const actual = typeOf(v);
  // JSON numbers are finite; NaN and Infinity cannot come from JSON but can from code.
  if (t === 'number' || t === 'integer')
    return (actual === 'number' || actual === 'integer') && Number.isFinite(v) && (t === 'number' || actual === 'integer');
  return actual === t;
}

/** What the schema accepts, as params for a message. */
export function schemaExpected(s: JsonSchema): SchemaExpected {
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const out: SchemaExpected = { types: types.join('|') };
  if (s.enum) out.enum = s.enum.map((v) => JSON.stringify(v)).join(', ');
  if (s.minimum !== undefined) out.min = s.minimum;
  if (s.maximum !== undefined) out.max = s.maximum;
  if (s.minItems !== undefined) out.minItems = s.minItems;
  else if (s.maxLength !== undefined) out.maxLength = s.maxLength;
  return out;
}

/** What the schema accepts, in words: 'a number ≥ 0 and ≤ 1'. */
export function describeSchema(s: JsonSchema): string {
  return describeExpected(schemaExpected(s));
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Checks `value` against `schema`; returns the value with defaults filled in (a copy where anything was
 * filled; the input is not modified) and every issue found.
 */
export function applySchema(schema: JsonSchema, value: unknown, path: string): { value: unknown; issues: SchemaIssue[] } {
  const issues: SchemaIssue[] = [];
  const result = check(schema, value, path, issues);
  return { value: result, issues };
}

function check(s: JsonSchema, v: unknown, path: string, issues: SchemaIssue[]): unknown {
  const fail = () => {
    issues.push(schemaIssue(path, { kind: 'invalid', params: { ...schemaExpected(s), got: shown(v) } }));
  };
  if (s.enum && !s.enum.some((e) => e === v)) {
    fail();
    return v;
  }
  const types = s.type === undefined ? null : Array.isArray(s.type) ? s.type : [s.type];
  if (types && !types.some((t) => typeMatches(v, t))) {
    fail();
    return v;
  }
  if (typeof v === 'number' && ((s.minimum !== undefined && v < s.minimum) || (s.maximum !== undefined && v > s.maximum))) {
    fail();
    return v;
  }
  if (typeof v === 'string' && s.maxLength !== undefined && v.length > s.maxLength) {
    fail();
    return v;
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) fail();
    return s.items ? v.map((item, i) => check(s.items!, item, `${path}[${i}]`, issues)) : v;
  }
  if (typeOf(v) !== 'object') return v;
  const obj = v as Record<string, unknown>;
  const props = s.properties ?? {};
  const out: Record<string, unknown> = {};
  // This object's own problems first (missing and unexpected keys), then its properties' in schema order.
  for (const key of s.required ?? []) {
    if (!(key in obj)) issues.push(schemaIssue(`${path}.${key}`, { kind: 'required', params: schemaExpected(props[key] ?? {}) }));
  }
  const extra = Object.keys(obj).filter((key) => !(key in props));
  if (s.additionalProperties === false) {
    const allowed = Object.keys(props).join(', ');
    for (const key of extra) issues.push(schemaIssue(`${path}.${key}`, { kind: 'not-allowed', params: { allowed } }));
  }
  for (const [key, sub] of Object.entries(props)) {
    if (key in obj) out[key] = check(sub, obj[key], `${path}.${key}`, issues);
    else if (sub.default !== undefined) out[key] = check(sub, structuredClone(sub.default), `${path}.${key}`, issues);
  }
  if (s.additionalProperties !== false) {
    for (const key of extra) {
      out[key] = typeof s.additionalProperties === 'object' ? check(s.additionalProperties, obj[key], `${path}.${key}`, issues) : obj[key];
    }
  }
  return out;
}
