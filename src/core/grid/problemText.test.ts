import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOp } from './applyOp';
import type { GridOp } from './gridOp';
import type { Problem } from './problems';
import { problemText } from './problemText';
import { importGrid } from './validateGrid';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));
const CJK = /[\u4e00-\u9fff]/;

/** Problems of every fixture, and refusals of edits that do not apply to the clean one. */
function sampleProblems(): Problem[] {
  const out = readdirSync(fixtures).flatMap((f) => importGrid(read(f)).problems);
  const clean = importGrid(read('clean.geojson')).grid;
  const ops: GridOp[] = [
    { type: 'deleteVertex', node: 0 },
    { type: 'deleteVertex', node: 99999 },
    { type: 'mergeCells', keep: 'A1-1', remove: 'A1-1' },
    { type: 'mergeCells', keep: 'A1-1', remove: 'A2-2' },
    { type: 'rename', id: 'nope', name: 'x' },
    { type: 'moveCellToParent', cell: 'A1-1', parentId: 'A1' },
    { type: 'insertVertex', edge: 1e6, index: 1, at: [0, 0] },
    { type: 'moveVertex', node: 1, to: [NaN, 0] },
  ];
  for (const op of ops) {
    const r = applyOp(clean, op);
    if ('error' in r) out.push(r.error);
  }
  return out;
}

describe('problemText', () => {
  const problems = sampleProblems();

  it('renders the English message each problem was made with, and a Chinese one', () => {
    expect(new Set(problems.map((p) => p.kind)).size).toBeGreaterThan(12);
    for (const p of problems) {
      // A refused edit's message names the edit first.
      expect(p.message.endsWith(problemText(p, 'en')), p.message).toBe(true);
      const zh = problemText(p, 'zh-CN');
      expect(zh, `${p.kind}: ${zh}`).toMatch(CJK);
      expect(zh).not.toBe(problemText(p, 'en'));
    }
  });

  it('keeps the ids and numbers of a problem in both languages', () => {
    const overlap = problems.find((p) => p.kind === 'overlap')!;
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = problemText(overlap, lang);
      for (const id of overlap.ids) expect(text).toContain(id);
      expect(text).toContain(overlap.location!.join(', '));
    }
  });
});
