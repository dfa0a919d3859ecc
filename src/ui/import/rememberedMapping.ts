// Field mappings the user imported with, remembered in localStorage per role and file signature (the layer's field
// names and types), so the next file with the same fields gets the same mapping suggested.
import type { FieldMapping, SourceField } from '../../core/import/fieldMapping';
import type { ImportRole } from '../../core/import/roles';

const PREFIX = 'cim.importMapping.';

const keyOf = (role: ImportRole, signature: string) => `${PREFIX}${role}.${signature}`;

/** The remembered mapping, kept only where its fields still exist in `fields` (null when none is remembered). */
export function rememberedMapping(
  storage: Pick<Storage, 'getItem'>,
  role: ImportRole,
  signature: string,
  fields: readonly SourceField[],
): FieldMapping | null {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(keyOf(role, signature)) ?? 'null');
  } catch {
    return null; // a damaged entry is as good as none
  }
  if (!saved || typeof saved !== 'object') return null;
  const names = new Set(fields.map((f) => f.name));
  const out: FieldMapping = {};
  for (const [target, field] of Object.entries(saved as Record<string, unknown>))
    out[target] = typeof field === 'string' && names.has(field) ? field : null;
  return out;
}

export function rememberMapping(storage: Pick<Storage, 'setItem'>, role: ImportRole, signature: string, mapping: FieldMapping): void {
  try {
    storage.setItem(keyOf(role, signature), JSON.stringify(mapping));
  } catch {
    // storage full or disabled: the mapping is simply not remembered
  }
}
