import { describe, expect, it } from 'vitest';
import { readAssignments } from './assignments';
import { csvChunks, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads what csvChunks writes, quotes and line breaks included', () => {
    const rows = [
      ['a,b', 'say "hi"', ''],
      ['line\nbreak', 'x', 'y'],
    ];
    const text = [...csvChunks(['h1', 'h2', 'h3'], rows.length, (i) => rows[i])].join('');
    expect(parseCsv(text)).toEqual([['h1', 'h2', 'h3'], ...rows]);
  });
  it('accepts CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('readAssignments', () => {
  const text = 'building_id,l3_id,l2_id,l1_id\nB-2,L3-b,L2-a,L1\nB-1,L3-a,L2-a,L1\nB-9,L3-a,L2-a,L1\nB-3,,,\n';
  it('maps each building to its L3 cell and the cell to its ancestors', () => {
    const g = readAssignments(text, 'a.csv', ['B-1', 'B-2', 'B-3']);
    expect(Array.from(g.cell, (c) => (c < 0 ? null : g.l3Id[c]))).toEqual(['L3-a', 'L3-b', null]);
    expect(g.l2Id[g.cell[0]]).toBe('L2-a');
    expect(g.l1Id[g.cell[1]]).toBe('L1');
    expect(g.unknownBuildings).toBe(1);
  });
  it('names the file and the missing columns of a wrong CSV', () => {
    expect(() => readAssignments('id,grid\n1,2\n', 'wrong.csv', ['1'])).toThrow(/wrong\.csv.*l3_id, l2_id, l1_id/);
  });
});
