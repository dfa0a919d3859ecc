// bench:grid-edit's measuring helpers: wall and CPU time of a call, percentiles, and the equality checks the
// bench exits 1 on (assignments, grids).
import type { Grid } from '../../src/core/grid/gridModel';

export const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

/** CPU time (user + system) of this process: steadier than wall time when other jobs share the cores. */
export const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

export const r2 = (x: number) => Math.round(x * 100) / 100;

export function pct(xs: number[], p: number): number {
  const s = Float64Array.from(xs).sort();
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN;
}

export interface Stats {
  n: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
}

export const stats = (xs: number[]): Stats => ({
  n: xs.length,
  medianMs: r2(pct(xs, 0.5)),
  p95Ms: r2(pct(xs, 0.95)),
  maxMs: r2(xs.length ? Math.max(...xs) : NaN),
  meanMs: r2(xs.reduce((a, b) => a + b, 0) / xs.length),
});

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function sameAssignment(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same node table and the same cells (ids, rings) in the same order. */
export function sameGrid(a: Grid, b: Grid): boolean {
  return (
    a.nodeXY.length === b.nodeXY.length &&
    a.nodeXY.every((v, i) => v === b.nodeXY[i]) &&
    a.cells.length === b.cells.length &&
    a.cells.every(
      (c, i) =>
        c.id === b.cells[i].id &&
        c.rings.length === b.cells[i].rings.length &&
        c.rings.every((r, k) => r.length === b.cells[i].rings[k].length && r.every((v, j) => v === b.cells[i].rings[k][j])),
    )
  );
}

export const MB = (b: number) => Math.round(b / 2 ** 20);
