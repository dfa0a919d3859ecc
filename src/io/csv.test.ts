import { describe, expect, it } from 'vitest';
import { csvChunks, csvField } from './csv';

describe('csv', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('B-1')).toBe('B-1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });
  it('writes header and rows in chunks that join to the whole file', () => {
    const text = [...csvChunks(['id', 'v'], 5, (i) => [`r${i}`, i === 2 ? null : i], 2)].join('');
    expect(text).toBe('id,v\nr0,0\nr1,1\nr2,\nr3,3\nr4,4\n');
  });
});
