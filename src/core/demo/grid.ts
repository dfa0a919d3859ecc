// The 3-level management grid in plan space: an L1 lattice, each block split into rows of L2, each L2 into rows of L3.
import { allocateCounts } from './allocate';
import type { DemoConfig } from './config';
import { Rng } from '../util/random';
import { STREAM } from './streams';

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface GridCell extends Rect {
  level: 1 | 2 | 3;
  /** Index of the parent in the level above; -1 for L1. */
  parent: number;
  /** Position among the parent's children (0-based). */
  ordinal: number;
}

/** Road classes: 1 arterial (L1 edges), 2 secondary (L2 edges), 3 branch (L3 edges). */
export type RoadClass = 1 | 2 | 3;

/** A straight plan line piece along which a road runs: y = c for x in [a, b], or x = c for y in [a, b]. */
export interface PlanLine {
  horizontal: boolean;
  c: number;
  a: number;
  b: number;
  cls: RoadClass;
  /** Lattice lines share a name along their whole length: a key for the name table. */
  nameKey: number;
}

export interface GridLayout {
  widthM: number;
  heightM: number;
  l1: GridCell[];
  l2: GridCell[];
  l3: GridCell[];
  lines: PlanLine[];
}

export const ROAD_WIDTH_M: Record<RoadClass, number> = { 1: 50, 2: 30, 3: 20 };

/** Plan extent of a configuration, integer metres, with the lattice's aspect. */
export function planExtent(config: DemoConfig): { widthM: number; heightM: number } {
  const area = config.gridsL3 * config.cellSizeM * config.cellSizeM;
  const widthM = Math.round(Math.sqrt((area * config.l1Cols) / config.l1Rows));
  return { widthM, heightM: Math.round(area / widthM) };
}

/** 0..1, highest at the city centre: drives denser grids and buildings in the core. */
export function centrality(x: number, y: number, widthM: number, heightM: number): number {
  const sigma = Math.min(9000, Math.max(2000, 0.3 * Math.min(widthM, heightM)));
  const dx = x - widthM / 2;
  const dy = y - heightM / 2;
  return Math.exp(-(dx * dx + dy * dy) / (sigma * sigma));
}

export function buildGridLayout(config: DemoConfig): GridLayout {
  const { widthM, heightM } = planExtent(config);
  const rng = new Rng(config.seed, STREAM.grid);
  const xs = latticeCuts(widthM, config.l1Cols, rng);
  const ys = latticeCuts(heightM, config.l1Rows, rng);
  const lines: PlanLine[] = [];
  for (let j = 0; j <= config.l1Rows; j++) {
    for (let i = 0; i < config.l1Cols; i++) lines.push({ horizontal: true, c: ys[j], a: xs[i], b: xs[i + 1], cls: 1, nameKey: j });
  }
  for (let i = 0; i <= config.l1Cols; i++) {
    for (let j = 0; j < config.l1Rows; j++) lines.push({ horizontal: false, c: xs[i], a: ys[j], b: ys[j + 1], cls: 1, nameKey: 1000 + i });
  }
  const l1: GridCell[] = [];
  // North to south, west to east, as people read a map.
  for (let j = config.l1Rows - 1; j >= 0; j--) {
    for (let i = 0; i < config.l1Cols; i++) {
      l1.push({ x0: xs[i], y0: ys[j], x1: xs[i + 1], y1: ys[j + 1], level: 1, parent: -1, ordinal: l1.length });
    }
  }
  const l2 = splitLevel(l1, config.gridsL2, 2, widthM, heightM, rng, lines, 4);
  const l3 = splitLevel(l2, config.gridsL3, 3, widthM, heightM, rng, lines, 2);
  return { widthM, heightM, l1, l2, l3, lines };
}

// Interior lattice cuts with +-8% jitter, integer metres.
function latticeCuts(size: number, n: number, rng: Rng): number[] {
  const cuts = [0];
  for (let i = 1; i < n; i++) cuts.push(Math.round((size * i) / n + rng.range(-0.08, 0.08) * (size / n)));
  cuts.push(size);
  return cuts;
}

function splitLevel(
  parents: GridCell[],
  total: number,
  level: 2 | 3,
  widthM: number,
  heightM: number,
  rng: Rng,
  lines: PlanLine[],
  minEach: number,
): GridCell[] {
  const base = Math.max(1, Math.min(minEach, Math.floor(total / parents.length)));
  const weights = parents.map(
    (p) => (p.x1 - p.x0) * (p.y1 - p.y0) * (1 + 0.8 * centrality((p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2, widthM, heightM)),
  );
  const extra = allocateCounts(total - base * parents.length, weights);
  const out: GridCell[] = [];
  parents.forEach((p, pi) => {
    const rects = subdivide(p, base + extra[pi], level === 2 ? 2 : 3, rng, lines);
    rects.forEach((r, k) => out.push({ ...r, level, parent: pi, ordinal: k }));
  });
  return out;
}

/** Splits a rectangle into n near-square cells: rows north to south, cells west to east; records the cut lines. */
export function subdivide(r: Rect, n: number, cls: RoadClass, rng: Rng, lines: PlanLine[]): Rect[] {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const side = Math.sqrt((w * h) / n);
  const rows = Math.max(1, Math.min(n, Math.round(h / side)));
  const counts = new Array<number>(rows).fill(Math.floor(n / rows));
  const start = rng.int(0, rows - 1);
  for (let k = 0; k < n % rows; k++) counts[(start + k) % rows]++;
  // Row heights follow the row counts so cells keep similar areas.
  const yCuts = [r.y1];
  let acc = 0;
  for (let k = 0; k < rows - 1; k++) {
    acc += counts[k];
    yCuts.push(r.y1 - Math.round((h * acc) / n + rng.range(-0.04, 0.04) * (h / rows)));
  }
  yCuts.push(r.y0);
  const out: Rect[] = [];
  for (let k = 0; k < rows; k++) {
    const top = yCuts[k];
    const bottom = yCuts[k + 1];
    if (k > 0) lines.push({ horizontal: true, c: top, a: r.x0, b: r.x1, cls, nameKey: -1 });
    const m = counts[k];
    const ws = Array.from({ length: m }, () => rng.range(0.8, 1.2));
    const wsum = ws.reduce((s, v) => s + v, 0);
    let x = r.x0;
    let cum = 0;
    for (let i = 0; i < m; i++) {
      cum += ws[i];
      const x1 = i === m - 1 ? r.x1 : r.x0 + Math.round((w * cum) / wsum);
      if (i > 0) lines.push({ horizontal: false, c: x, a: bottom, b: top, cls, nameKey: -1 });
      out.push({ x0: x, y0: bottom, x1, y1: top });
      x = x1;
    }
  }
  for (const c of out) {
    if (c.x1 - c.x0 < 60 || c.y1 - c.y0 < 60) throw new Error(`grid cell too small: ${JSON.stringify(c)}`);
  }
  return out;
}

/**
 * Class of the road along each side of an L3 cell, [bottom, right, top, left]: arterial where the side lies
 * on its L1's edge, secondary on its L2's edge, branch otherwise.
 */
export function sideClasses(c3: Rect, c2: Rect, c1: Rect): [RoadClass, RoadClass, RoadClass, RoadClass] {
  const cls = (v: number, v2: number, v1: number): RoadClass => (v === v1 ? 1 : v === v2 ? 2 : 3);
  return [cls(c3.y0, c2.y0, c1.y0), cls(c3.x1, c2.x1, c1.x1), cls(c3.y1, c2.y1, c1.y1), cls(c3.x0, c2.x0, c1.x0)];
}
