import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { assignPoints } from './assignPoints';
import { buildGridIndex } from './gridIndex';
import { packRings, type RingPolygons } from './packRings';
import { rejoin } from './rejoin';
import { latticeRings, probePoints } from './syntheticGrid';

type Edit = { cells: RingPolygons[]; oldToNew: Int32Array | undefined; name: string };

const clone = (cells: RingPolygons[]): RingPolygons[] => cells.map((f) => f.map((p) => p.map((r) => r.slice())));
const identity = (n: number) => Int32Array.from({ length: n }, (_, k) => k);

// Moves one vertex everywhere it occurs, so both cells sharing it move together.
function moveSharedVertex(cells: RingPolygons[], rng: Rng): Edit {
  const next = clone(cells);
  const f = rng.int(0, next.length - 1);
  const ring = next[f][0][0];
  const v = rng.int(0, ring.length / 2 - 1);
  const x = ring[v * 2],
    y = ring[v * 2 + 1];
  const nx = x + rng.range(-20, 20),
    ny = y + rng.range(-20, 20);
  for (const feat of next)
    for (const poly of feat)
      for (const r of poly) {
        for (let i = 0; i < r.length; i += 2) if (r[i] === x && r[i + 1] === y) [r[i], r[i + 1]] = [nx, ny];
      }
  return { cells: next, oldToNew: undefined, name: 'move' };
}

// Cuts a cell's outer ring along a chord; the second half becomes a new cell after it or at the end.
function split(cells: RingPolygons[], rng: Rng): Edit {
  const next = clone(cells);
  const f = rng.int(0, next.length - 1);
  const [outer, ...holes] = next[f][0];
  const n = outer.length / 2;
  const i = rng.int(0, n - 1),
    j = (i + rng.int(2, n - 2)) % n;
  const walk = (a: number, b: number) => {
    const out: number[] = [];
    for (let k = a; ; k = (k + 1) % n) {
      out.push(outer[k * 2], outer[k * 2 + 1]);
      if (k === b) return out;
    }
  };
  next[f] = [[walk(i, j), ...holes], ...next[f].slice(1)];
  const half: RingPolygons = [[walk(j, i)]];
  if (rng.chance(0.5)) return { cells: [...next, half], oldToNew: identity(cells.length), name: 'split-append' };
  next.splice(f + 1, 0, half);
  return { cells: next, oldToNew: Int32Array.from(cells, (_, k) => (k <= f ? k : k + 1)), name: 'split-insert' };
}

// Dissolves two cells sharing one chain of vertices into one; the second is removed.
function merge(cells: RingPolygons[], rng: Rng, cols: number): Edit {
  const next = clone(cells);
  const f = rng.int(0, 1) * 2 * cols + rng.int(0, cols - 2); // even lattice rows hold no holes or islands
  const a = next[f][0][0],
    b = next[f + 1][0][0];
  const key = (r: number[], i: number) => `${r[i * 2]},${r[i * 2 + 1]}`;
  const inB = new Map<string, number>();
  for (let i = 0; i < b.length / 2; i++) inB.set(key(b, i), i);
  const na = a.length / 2,
    nb = b.length / 2;
  const shared = (i: number) => inB.has(key(a, ((i % na) + na) % na));
  let s = 0;
  while (!(shared(s) && !shared(s - 1))) s++;
  let e = s;
  while (shared(e + 1)) e++;
  const ring: number[] = [];
  for (let k = e; ; k++) {
    ring.push(a[(k % na) * 2], a[(k % na) * 2 + 1]);
    if (k % na === s % na) break;
  }
  const end = inB.get(key(a, e % na))!;
  for (let k = (inB.get(key(a, s % na))! + 1) % nb; k !== end; k = (k + 1) % nb) ring.push(b[k * 2], b[k * 2 + 1]);
  next[f] = [[ring, ...next[f][0].slice(1), ...next[f + 1][0].slice(1)]];
  next.splice(f + 1, 1);
  return { cells: next, oldToNew: Int32Array.from(cells, (_, k) => (k <= f ? k : k === f + 1 ? -1 : k - 1)), name: 'merge' };
}

// Appends a new cell next to the grid (growing its extent) or deletes one.
function addOrDelete(cells: RingPolygons[], rng: Rng): Edit {
  if (rng.chance(0.5)) {
    const next = clone(cells);
    const f = rng.int(0, next.length - 1);
    next.splice(f, 1);
    return { cells: next, oldToNew: Int32Array.from(cells, (_, k) => (k < f ? k : k === f ? -1 : k - 1)), name: 'delete' };
  }
  let maxX = -Infinity,
    minY = Infinity;
  for (const f of cells)
    for (let i = 0; i < f[0][0].length; i += 2) {
      maxX = Math.max(maxX, f[0][0][i]);
      minY = Math.min(minY, f[0][0][i + 1]);
    }
  const x = maxX + rng.range(-30, 30),
    y = minY + rng.range(0, 300);
  const square = [x, y, x + 90, y, x + 90, y + 90, x, y + 90];
  return { cells: [...clone(cells), [[square]]], oldToNew: undefined, name: 'add' };
}

describe('rejoin', () => {
  it('always equals a full join after random edits (move a shared vertex, split, merge, add, delete)', () => {
    const rng = new Rng(2024);
    const seen = new Set<string>();
    const changedByEdit = new Map<string, number>();
    for (let trial = 0; trial < 48; trial++) {
      const cols = 6,
        rows = 5;
      const cells = latticeRings({ cols, rows, cellM: 100, seed: trial, edgeVertices: trial % 3, holes: 1 });
      const edit = [moveSharedVertex, split, (c: RingPolygons[], r: Rng) => merge(c, r, cols), addOrDelete][trial % 4](cells, rng);
      seen.add(edit.name);
      const oldLayer = packRings(cells),
        newLayer = packRings(edit.cells);
      const pts = new Float64Array([...probePoints(oldLayer, 1500, trial), ...probePoints(newLayer, 0, trial + 1)]);
      const oldIndex = buildGridIndex(oldLayer, { cellsPerFeature: [2, 16, 64][trial % 3] });
      const newIndex = buildGridIndex(newLayer, { cellsPerFeature: [64, 2, 16][trial % 3] });
      const previous = assignPoints(oldIndex, pts);
      const full = assignPoints(newIndex, pts);
      const r = rejoin(oldIndex, newIndex, pts, previous, edit.oldToNew);
      expect(r.assignment).toEqual(full);
      const map = edit.oldToNew ?? identity(cells.length);
      const changed = Array.from(full.keys()).filter((i) => full[i] !== (previous[i] >= 0 ? map[previous[i]] : -1));
      expect(Array.from(r.changed)).toEqual(changed);
      expect(r.retested).toBeLessThan(pts.length / 2 / 3);
      changedByEdit.set(edit.name, (changedByEdit.get(edit.name) ?? 0) + r.changed.length);
    }
    expect(seen).toEqual(new Set(['move', 'split-append', 'split-insert', 'merge', 'add', 'delete']));
    // Every kind of edit moved some points (a thin split sliver alone may move none).
    for (const [name, count] of changedByEdit) expect(count, name).toBeGreaterThan(10);
  });

  it('re-tests nothing when no cell changed and rejects a reordering map', () => {
    const layer = packRings(latticeRings({ cols: 4, rows: 4, seed: 1 }));
    const index = buildGridIndex(layer);
    const pts = probePoints(layer, 500);
    const prev = assignPoints(index, pts);
    const same = rejoin(index, buildGridIndex(layer), pts, prev);
    expect(same.retested).toBe(0);
    expect(same.assignment).toEqual(prev);
    const swap = identity(16);
    [swap[0], swap[1]] = [1, 0];
    expect(() => rejoin(index, index, pts, prev, swap)).toThrow(/increasing/);
  });
});
