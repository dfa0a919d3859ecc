// The catalogue of JSON-schema issue messages (tours, planning conditions) in English and Chinese: an issue
// carries its `kind` and `params`, its English `message` is written at creation for the CLI and logs.
import { renderMessage, type Catalogue, type MessageLang } from './messageCatalogue';
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** What a schema accepts, as message params: `types` joined with '|', bounds and sizes only when set. */
export interface SchemaExpected {
  types: string;
  enum?: string;
  min?: number;
  max?: number;
  minItems?: number;
  maxLength?: number;
}

export type SchemaIssueRef =
  | { kind: 'invalid'; params: SchemaExpected & { got: string } }
  | { kind: 'required'; params: SchemaExpected }
  | { kind: 'not-allowed'; params: { allowed: string } }
  | { kind: 'not-json'; params: { detail: string } }
  | { kind: 'far-min-above-max'; params: { farMin: number; farMax: number } };

/** One issue: `kind` and `params` for the catalogue (schemaIssueText.ts), `message` in English for the CLI. */
export type SchemaIssue = {
  /** Dotted path from the root name, e.g. 'conditions.setbacksM.red'. */
  path: string;
  message: string;
} & SchemaIssueRef;

const ARTICLE: Record<JsonType, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'null',
};
const ARTICLE_ZH: Record<JsonType, string> = {
  object: '对象',
  array: '数组',
  string: '字符串',
  number: '数值',
  integer: '整数',
  boolean: 'true 或 false',
  null: 'null',
};

/** What a schema accepts, in words: 'a number ≥ 0 and ≤ 1' or '数值，≥ 0 且 ≤ 1'. */
export function describeExpected(e: SchemaExpected, lang: MessageLang = 'en'): string {
  const zh = lang === 'zh-CN';
  if (e.enum !== undefined) return zh ? `${e.enum} 之一` : `one of ${e.enum}`;
  const types = e.types ? (e.types.split('|') as JsonType[]) : [];
  const bounds = [e.min !== undefined ? `≥ ${e.min}` : '', e.max !== undefined ? `≤ ${e.max}` : '']
    .filter(Boolean)
    .join(zh ? ' 且 ' : ' and ');
  if (zh) {
    const size = e.minItems !== undefined ? `至少 ${e.minItems} 项` : e.maxLength !== undefined ? `最多 ${e.maxLength} 个字符` : '';
    return [types.map((t) => ARTICLE_ZH[t]).join('或') || '一个值', bounds, size].filter(Boolean).join('，');
  }
  const size =
    e.minItems !== undefined
      ? `of at least ${e.minItems} item${e.minItems === 1 ? '' : 's'}`
      : e.maxLength !== undefined
        ? `of at most ${e.maxLength} characters`
        : '';
  return [types.map((t) => ARTICLE[t]).join(' or ') || 'a value', bounds, size].filter(Boolean).join(' ');
}

export const SCHEMA_ISSUE_TEXT: Catalogue<SchemaIssueRef> = {
  invalid: {
    en: (p) => `must be ${describeExpected(p)}, got ${p.got}`,
    zh: (p) => `应为${describeExpected(p, 'zh-CN')}，实际为 ${p.got}`,
  },
  required: {
    en: (p) => `is required (${describeExpected(p)})`,
    zh: (p) => `缺少此项（应为${describeExpected(p, 'zh-CN')}）`,
  },
  'not-allowed': {
    en: (p) => `is not allowed (allowed: ${p.allowed})`,
    zh: (p) => `不允许此项（允许：${p.allowed}）`,
  },
  'not-json': {
    en: (p) => `is not valid JSON (${p.detail})`,
    zh: (p) => `不是有效的 JSON（${p.detail}）`,
  },
  'far-min-above-max': {
    en: (p) => `must be ≤ farMax (${p.farMax}), got ${p.farMin}`,
    zh: (p) => `不得大于 farMax（${p.farMax}），实际为 ${p.farMin}`,
  },
};

/** An issue's text (without its path) in `lang`. */
export function schemaIssueText(issue: SchemaIssueRef, lang: MessageLang): string {
  return renderMessage(SCHEMA_ISSUE_TEXT, issue, lang);
}

/** Every issue of a file, one a line, as TourError and ConditionsError word them: "source: path: text". */
export function schemaIssuesText(source: string, issues: SchemaIssue[], lang: MessageLang): string {
  return issues.map((i) => `${source}: ${i.path}: ${schemaIssueText(i, lang)}`).join('\n');
}
