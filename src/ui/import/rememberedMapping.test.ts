import { describe, expect, it } from 'vitest';
import { fieldSignature, suggestMapping } from '../../core/import/fieldMapping';
import { rememberedMapping, rememberMapping } from './rememberedMapping';

/** Storage's two methods over a Map (Node has no localStorage). */
function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

const fields = [
  { name: '编号', type: 'String' },
  { name: '建筑高度', type: 'Real' },
  { name: '楼高', type: 'Real' },
];

describe('remembered field mappings', () => {
  it('gives back the mapping the user imported with for a file with the same fields, and none for other fields or roles', () => {
    const storage = memoryStorage();
    const signature = fieldSignature(fields);
    const edited = { ...suggestMapping('buildings', fields), heightM: '楼高' };
    expect(rememberedMapping(storage, 'buildings', signature, fields)).toBeNull();
    rememberMapping(storage, 'buildings', signature, edited);
    expect(rememberedMapping(storage, 'buildings', signature, fields)).toEqual(edited);
    expect(rememberedMapping(storage, 'grids', signature, fields)).toBeNull();
    const other = [...fields, { name: '层数', type: 'Integer' }];
    expect(rememberedMapping(storage, 'buildings', fieldSignature(other), other)).toBeNull();
  });

  it('drops a remembered field the file no longer has, and ignores a damaged entry', () => {
    const storage = memoryStorage();
    rememberMapping(storage, 'buildings', 'sig', { id: '编号', heightM: '高度' });
    expect(rememberedMapping(storage, 'buildings', 'sig', fields)).toEqual({ id: '编号', heightM: null });
    storage.items.set([...storage.items.keys()][0], '{not json');
    expect(rememberedMapping(storage, 'buildings', 'sig', fields)).toBeNull();
  });
});
