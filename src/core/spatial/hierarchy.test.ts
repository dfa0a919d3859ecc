import { describe, expect, it } from 'vitest';
import { buildHierarchy, type HierarchyProblemKind } from './hierarchy';

type Row = [id: string, level: number, parent: string | null];

function run(rows: Row[]) {
  return buildHierarchy({
    ids: rows.map((r) => r[0]),
    level: Uint8Array.from(rows.map((r) => r[1])),
    parentId: rows.map((r) => r[2]),
  });
}

const kinds = (rows: Row[]) => run(rows).problems.map((p) => `${p.kind}:${p.id}`);

const good: Row[] = [
  ['A', 1, null],
  ['A1', 2, 'A'],
  ['A1a', 3, 'A1'],
  ['B', 1, null],
  ['A1b', 3, 'A1'],
  ['B1', 2, 'B'],
  ['B1a', 3, 'B1'],
];

describe('buildHierarchy', () => {
  it('rolls L3 cells up to their L2 and L1', () => {
    const h = run(good);
    expect(h.problems).toEqual([]);
    expect(Array.from(h.l3)).toEqual([2, 4, 6]);
    expect(Array.from(h.l3ToL2)).toEqual([1, 1, 5]);
    expect(Array.from(h.l3ToL1)).toEqual([0, 0, 3]);
    expect(Array.from(h.parentIndex)).toEqual([-1, 0, 1, -1, 1, 3, 5]);
  });

  it('reports a missing parent and breaks the chain', () => {
    const h = run([...good, ['C1a', 3, 'C1'], ['C2', 2, null]]);
    expect(h.problems.map((p) => `${p.kind}:${p.id}`)).toEqual(['missing-parent:C1a', 'missing-parent:C2']);
    expect(h.l3ToL2[3]).toBe(-1);
    expect(h.l3ToL1[3]).toBe(-1);
  });

  it('reports a parent of the wrong level', () => {
    const h = run([...good, ['X', 3, 'A']]);
    expect(kinds([...good, ['X', 3, 'A']])).toEqual(['wrong-level:X']);
    expect(h.l3ToL2[3]).toBe(-1);
  });

  it('reports duplicate ids and treats links to them as ambiguous', () => {
    const rows: Row[] = [...good, ['A1', 2, 'B'], ['Z', 3, 'A1']];
    expect(kinds(rows)).toEqual(['duplicate-id:A1', 'missing-parent:A1a', 'missing-parent:A1b', 'missing-parent:Z']);
    expect(Array.from(run(rows).l3ToL2)).toEqual([-1, -1, 5, -1]);
  });

  it('reports a level-1 feature with a parent and bad levels', () => {
    expect(kinds([...good, ['Q', 1, 'B']])).toEqual(['level-1-with-parent:Q']);
    expect(kinds([...good, ['W', 4, 'B1']])).toEqual(['bad-level:W']);
    expect(kinds([...good, ['V', 0, null]])).toEqual(['bad-level:V']);
  });

  it('reports each cycle once, including self-parents', () => {
    const rows: Row[] = [...good, ['P', 2, 'Q'], ['Q', 2, 'R'], ['R', 2, 'P'], ['S', 3, 'S']];
    const h = run(rows);
    const cycles = h.problems.filter((p) => p.kind === 'cycle');
    expect(cycles.map((p) => p.id)).toEqual(['P', 'S']);
    expect(cycles[0].detail).toContain('P -> Q -> R -> P');
    const all = new Set<HierarchyProblemKind>(h.problems.map((p) => p.kind));
    expect(all).toEqual(new Set(['wrong-level', 'cycle']));
    expect(h.parentIndex[rows.length - 1]).toBe(-1);
  });
});
