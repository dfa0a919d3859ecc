// What the cell checks share: the scope of a check (the whole grid, or the cells an edit touched and
// their neighbours), its result, and the overlap candidates the checks collect for confirmOverlaps.
import type { Grid } from './gridModel';
import type { Problem } from './problems';
import type { RingsView, SegmentTable } from './topology';

export interface CheckScope {
  grid: Grid;
  /** Rings of the cells looked at: the checked cells and every cell near them. */
  view: RingsView;
  segments: SegmentTable;
  /** Cells whose problems are reported. */
  inScope: (cell: number) => boolean;
  /** How a segment is named in problems: "e45" (edge 45) or "n3-5" (a new segment between nodes 3 and 5), see problemText. */
  describe: (u: number, v: number) => string;
  /** > 0 for edits: a node closer than this to a segment it is not on is a too-close problem. */
  clearanceM: number;
  /** A point strictly inside each checked cell (x, y by cell index). */
  repXY: Float64Array;
  /** Cells whose box holds the point (global indices), for containment tests. */
  cellsAt: (x: number, y: number) => number[];
}

export interface OverlapCandidate {
  a: number;
  b: number;
  x: number;
  y: number;
  why: OverlapWhy;
  /** From a crossing: reported whatever its area. */
  hard: boolean;
}

/** Why two cells are taken to overlap (the overlap problem's params, see problemText). */
export type OverlapWhy =
  | { why: 'areas' }
  | { why: 'around-node'; node: number }
  | { why: 'same-side'; seg: string }
  | { why: 'contains'; outer: string; inner: string }
  | { why: 'crossing'; a: string; b: string; touch: number };

export interface CellCheckResult {
  problems: Problem[];
  candidates: Map<number, OverlapCandidate>;
  /** Segments whose geometry is broken (crossing, touching, claimed twice): gap tracing leaves them out. */
  broken: Uint8Array;
}

const PAIR = 67_108_864; // cell indices stay below 2^26

export function addCandidate(
  out: Map<number, OverlapCandidate>,
  a: number,
  b: number,
  x: number,
  y: number,
  why: OverlapWhy,
  hard: boolean,
): void {
  if (a === b || a < 0 || b < 0) return;
  const lo = Math.min(a, b),
    hi = Math.max(a, b);
  const key = lo * PAIR + hi;
  const prev = out.get(key);
  if (!prev) out.set(key, { a: lo, b: hi, x, y, why, hard });
  else if (hard && !prev.hard) out.set(key, { a: lo, b: hi, x, y, why, hard });
}
