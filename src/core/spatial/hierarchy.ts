// The L1 > L2 > L3 roll-up through parentId. Inconsistent links are reported and broken (-1), never guessed.

export interface GridHierarchyInput {
  ids: string[];
  level: Uint8Array;
  parentId: (string | null)[];
}

export type HierarchyProblemKind = 'missing-parent' | 'cycle' | 'wrong-level' | 'duplicate-id' | 'level-1-with-parent' | 'bad-level';

export interface HierarchyProblem {
  kind: HierarchyProblemKind;
  id: string;
  detail: string;
  /** The detail's values, for a message in another language. */
  params: Record<string, string | number>;
}

export interface GridHierarchy {
  /** Index of each feature's parent, -1 for level 1 and for every broken link. */
  parentIndex: Int32Array;
  /** Indices of the level-3 features in input order: pack the L3 cells in this order so index feature k is l3[k]. */
  l3: Uint32Array;
  /** Level-2 feature of l3[k], or -1. */
  l3ToL2: Int32Array;
  /** Level-1 feature of l3[k], or -1. */
  l3ToL1: Int32Array;
  problems: HierarchyProblem[];
}

/** Resolves parent links and the L3 -> L2 -> L1 chains, reporting every inconsistency. */
export function buildHierarchy(input: GridHierarchyInput): GridHierarchy {
  const { ids, level, parentId } = input;
  const n = ids.length;
  const problems: HierarchyProblem[] = [];
  const byId = new Map<string, number>();
  const duplicated = new Set<string>();
  for (let i = 0; i < n; i++) {
    const prev = byId.get(ids[i]);
    if (prev === undefined) {
      byId.set(ids[i], i);
    } else {
      duplicated.add(ids[i]);
      problems.push({
        kind: 'duplicate-id',
        id: ids[i],
        detail: `features ${prev} and ${i} share the id`,
        params: { first: prev, second: i },
      });
    }
  }
  // Raw links by id (ambiguous or missing ones excluded), for the cycle check.
  const raw = new Int32Array(n).fill(-1);
  const parentIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    const lv = level[i];
    const pid = parentId[i];
    if (lv !== 1 && lv !== 2 && lv !== 3) {
      problems.push({ kind: 'bad-level', id, detail: `level ${lv} is not 1, 2 or 3`, params: { level: lv } });
    }
    if (pid === null || pid === undefined || pid === '') {
      if (lv === 2 || lv === 3)
        problems.push({ kind: 'missing-parent', id, detail: `level ${lv} has no parentId`, params: { level: lv, parent: '' } });
      continue;
    }
    if (duplicated.has(pid)) {
      problems.push({
        kind: 'missing-parent',
        id,
        detail: `parentId "${pid}" is ambiguous: several features share it`,
        params: { level: lv, parent: pid, ambiguous: 1 },
      });
      continue;
    }
    const p = byId.get(pid);
    if (p === undefined) {
      problems.push({ kind: 'missing-parent', id, detail: `parentId "${pid}" matches no feature`, params: { level: lv, parent: pid } });
      continue;
    }
    raw[i] = p;
    if (lv === 1) {
      problems.push({ kind: 'level-1-with-parent', id, detail: `level 1 has parentId "${pid}"`, params: { parent: pid } });
      continue;
    }
    if (lv !== 2 && lv !== 3) continue;
    if (level[p] !== lv - 1) {
      problems.push({
        kind: 'wrong-level',
        id,
        detail: `level ${lv} has parent "${pid}" of level ${level[p]}, expected ${lv - 1}`,
        params: { level: lv, parent: pid, parentLevel: level[p] },
      });
      continue;
    }
    parentIndex[i] = p;
  }
  reportCycles(raw, ids, problems);
  const l3: number[] = [];
  for (let i = 0; i < n; i++) if (level[i] === 3) l3.push(i);
  const l3ToL2 = new Int32Array(l3.length).fill(-1);
  const l3ToL1 = new Int32Array(l3.length).fill(-1);
  l3.forEach((i, k) => {
    const p2 = parentIndex[i];
    if (p2 < 0) return;
    l3ToL2[k] = p2;
    l3ToL1[k] = parentIndex[p2];
  });
  return { parentIndex, l3: Uint32Array.from(l3), l3ToL2, l3ToL1, problems };
}

// Each cycle of raw parent links once, named by its first member in input order.
function reportCycles(raw: Int32Array, ids: string[], problems: HierarchyProblem[]): void {
  const state = new Uint8Array(raw.length); // 0 unvisited, 1 on the current walk, 2 done
  for (let start = 0; start < raw.length; start++) {
    if (state[start]) continue;
    const walk: number[] = [];
    let i = start;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      i = raw[i];
    }
    if (i >= 0 && state[i] === 1) {
      const members = walk.slice(walk.indexOf(i));
      const first = Math.min(...members);
      const ordered = [...members.slice(members.indexOf(first)), first];
      const loop = ordered.map((k) => ids[k]).join(' -> ');
      problems.push({ kind: 'cycle', id: ids[first], detail: `parent links loop: ${loop}`, params: { loop } });
    }
    for (const k of walk) state[k] = 2;
  }
}
