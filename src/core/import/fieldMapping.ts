// Field mapping for an import: which source field fills each target field of a role, suggested from the field names
// (English, Chinese, pinyin initials), overridable, remembered per file signature; then each feature's values read.
import { LINE_KIND_NAMES, PIPE_KIND_NAMES, ROLE_TARGETS, type ImportRole, type TargetField } from './roles';

export interface SourceField {
  name: string;
  /** GDAL's type: String, Integer, Integer64, Real, Date … */
  type: string;
}

/** Target field → source field name, or null when nothing fills it. */
export type FieldMapping = Record<string, string | null>;

/** Lower-case, without spaces, '_', '-', brackets and units in brackets: "建筑高度(米)" → "建筑高度", "Height_M" → "heightm". */
export function normaliseFieldName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_\-./]/g, '');
}

const NUMERIC_TYPES = new Set(['Integer', 'Integer64', 'Real']);
const NUMERIC_KINDS = new Set(['number', 'integer', 'gridLevel']);
const HAS_CJK = /[\u4e00-\u9fff]/;

/** How well a source field's name fits a target: 3 exact, 2 a Chinese name inside it ("建筑高度米"), 0 none. */
function nameScore(target: TargetField, field: SourceField): number {
  const n = normaliseFieldName(field.name);
  if (!n) return 0;
  let best = 0;
  for (const raw of target.names) {
    const s = normaliseFieldName(raw);
    if (s === n) return 3;
    if (HAS_CJK.test(s) && s.length >= 2 && n.includes(s)) best = Math.max(best, 2);
  }
  return best;
}

/**
 * The suggested mapping for `role`: each target gets the best-named field (exact names first, then Chinese names
 * inside a longer name; a numeric field preferred for a numeric target); no field fills two targets.
 */
export function suggestMapping(role: ImportRole, fields: readonly SourceField[]): FieldMapping {
  const candidates: { target: string; field: string; score: number; order: number }[] = [];
  ROLE_TARGETS[role].forEach((t, order) => {
    for (const f of fields) {
      const s = nameScore(t, f);
      if (s === 0) continue;
      const typed = NUMERIC_KINDS.has(t.kind) === NUMERIC_TYPES.has(f.type) ? 0.5 : 0;
      candidates.push({ target: t.name, field: f.name, score: s + typed, order });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const mapping: FieldMapping = Object.fromEntries(ROLE_TARGETS[role].map((t) => [t.name, null]));
  const used = new Set<string>();
  for (const c of candidates) {
    if (mapping[c.target] !== null || used.has(c.field)) continue;
    mapping[c.target] = c.field;
    used.add(c.field);
  }
  return mapping;
}

/** A mapping override that cannot apply: an unknown target or a field the file does not have. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** `overrides` ("heightM" → "高度", or null to leave a target empty) applied over `mapping`, each checked. */
export function overrideMapping(
  role: ImportRole,
  mapping: FieldMapping,
  overrides: FieldMapping,
  fields: readonly SourceField[],
): FieldMapping {
  const targets = new Set(ROLE_TARGETS[role].map((t) => t.name));
  const names = new Set(fields.map((f) => f.name));
  const out = { ...mapping };
  for (const [target, field] of Object.entries(overrides)) {
    if (!targets.has(target)) throw new MappingError(`"${target}" is not a field of ${role} (${[...targets].join(', ')})`);
    if (field !== null && !names.has(field))
      throw new MappingError(`${target}=${field}: the file has no field "${field}" (it has ${[...names].join(', ')})`);
    out[target] = field;
  }
  return out;
}

/** Targets the role needs that the mapping leaves empty. */
export function missingRequired(role: ImportRole, mapping: FieldMapping): string[] {
  return ROLE_TARGETS[role].filter((t) => t.required && !mapping[t.name]).map((t) => t.name);
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A file's field signature (names and types, in order): the key a remembered mapping is stored under. */
export function fieldSignature(fields: readonly SourceField[]): string {
  return `${fields.length}-${fnv1a(fields.map((f) => `${f.name}\u0000${f.type}`).join('\u0001'))}`;
}

/** Why one value was not taken as given. */
export interface ValueProblem {
  target: string;
  field: string;
  value: unknown;
  reason: 'not-a-number' | 'unknown-kind' | 'missing';
}

function vocabulary(value: string, names: Record<string, string[]>): string | null {
  const n = normaliseFieldName(value);
  for (const [kind, words] of Object.entries(names)) if (words.some((w) => normaliseFieldName(w) === n)) return kind;
  for (const [kind, words] of Object.entries(names)) if (words.some((w) => HAS_CJK.test(w) && n.includes(w))) return kind;
  return null;
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** A number from a number or a numeric string ("12.5", " 12 ", "12米"); NaN otherwise. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const m = /^\s*([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(m|米|mm|毫米)?\s*$/i.exec(value);
  return m ? Number(m[1]) : NaN;
}

function readValue(t: TargetField, value: unknown): { value: unknown; ok: boolean } {
  switch (t.kind) {
    case 'number':
    case 'integer': {
      const n = toNumber(value);
      return Number.isFinite(n) ? { value: t.kind === 'integer' ? Math.round(n) : n, ok: true } : { value: null, ok: false };
    }
    case 'gridLevel': {
      const s = String(value).trim();
      const n = CHINESE_DIGITS[s.replace(/[级层]$/, '')] ?? toNumber(s.replace(/[级层]$/, ''));
      return Number.isInteger(n) && n >= 1 && n <= 3 ? { value: n, ok: true } : { value: null, ok: false };
    }
    case 'useCode': {
      const s = String(value).trim();
      return { value: /^\d$/.test(s) ? `0${s}` : s, ok: true };
    }
    case 'pipeKind': {
      const k = vocabulary(String(value), PIPE_KIND_NAMES);
      return k ? { value: k, ok: true } : { value: 'unknown', ok: false };
    }
    case 'lineKind': {
      const k = vocabulary(String(value), LINE_KIND_NAMES);
      return k ? { value: k, ok: true } : { value: null, ok: false };
    }
    default:
      return { value: typeof value === 'string' ? value.trim() : String(value), ok: true };
  }
}

/**
 * One feature's properties under the role's contract: mapped targets read by their kind (conditions grouped for
 * parcels), the other source fields kept under their own names. Empty values are null (missing), never 0.
 */
export function mapProperties(
  role: ImportRole,
  mapping: FieldMapping,
  source: Record<string, unknown> | null,
): { properties: Record<string, unknown>; problems: ValueProblem[] } {
  const props = source ?? {};
  const out: Record<string, unknown> = {};
  const conditions: Record<string, unknown> = {};
  const problems: ValueProblem[] = [];
  const mapped = new Set(Object.values(mapping).filter((f): f is string => !!f));
  for (const [k, v] of Object.entries(props)) if (!mapped.has(k) && !(k in out)) out[k] = v;
  for (const t of ROLE_TARGETS[role]) {
    const field = mapping[t.name];
    const raw = field ? props[field] : undefined;
    let value: unknown = null;
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      if (t.required && field) problems.push({ target: t.name, field, value: raw ?? null, reason: 'missing' });
    } else {
      const r = readValue(t, raw);
      value = r.value;
      if (!r.ok)
        problems.push({ target: t.name, field: field!, value: raw, reason: t.kind.endsWith('Kind') ? 'unknown-kind' : 'not-a-number' });
    }
    if (t.inConditions) {
      if (value !== null) conditions[t.name] = value;
    } else out[t.name] = value;
  }
  if (role === 'parcels') out.conditions = conditions;
  return { properties: out, problems };
}

/** The role a layer most likely plays: the one whose specific fields (beyond id and name) its names fill most. */
export function suggestRole(geometryType: string, fields: readonly SourceField[]): ImportRole {
  const g = geometryType.replace(/^Multi/, '').replace(/ ?25D|Z$/, '');
  const roles: ImportRole[] =
    g === 'Polygon'
      ? ['buildings', 'grids', 'parcels', 'heightLimits', 'greenSpaces']
      : g === 'LineString'
        ? ['pipelines', 'controlLines']
        : [];
  let best: ImportRole = 'overlay';
  let bestScore = 0;
  for (const role of roles) {
    const m = suggestMapping(role, fields);
    const score = Object.entries(m).filter(([t, f]) => f && t !== 'id' && t !== 'name').length;
    if (score > bestScore) [best, bestScore] = [role, score];
  }
  return best;
}
