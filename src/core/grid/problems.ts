// Problem records of the grid validator and of refused edits: type, grid ids, where, how big, why.
import { transformPoint } from '../crs/transform';
import type { HierarchyProblem } from '../spatial/hierarchy';
import type { GridFrame } from './gridModel';
import { isLonLatCrs } from '../crs/codes';
import { formatPoint, PROBLEM_TEXT, type ProblemKind, type ProblemParams } from './problemText';

export const PROBLEM_TYPES = [
  'self-intersection',
  'overlap',
  'gap',
  'child-outside-parent',
  'parent-not-covered',
  'tiny-cell',
  'empty-cell',
  'duplicate-id',
  'bad-parent',
  'non-finite-coordinate',
  'too-few-points',
  'unclosed-ring',
  'bad-geometry',
  // Refused edits only: a node would come within the snapping tolerance of an edge it is not on.
  'too-close',
  // Refused edits only: the operation record itself does not apply (unknown id, wrong level, not neighbours…).
  'bad-op',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export interface Problem {
  type: ProblemType;
  /** Which message (problemText.ts): with `params` it renders the text in either language. */
  kind: ProblemKind;
  params: Record<string, string | number>;
  /** Grid ids involved (L3 first, then parents), feature index `#n` for features without an id. */
  ids: string[];
  /** In the input CRS: [lon, lat] degrees for lon/lat input, [x, y] for projected input; null when nothing is locatable. */
  location: [number, number] | null;
  /** m² for overlap, gap, tiny-cell, child-outside-parent and parent-not-covered. */
  size?: number;
  /** The English text (problemText(p, 'en') at creation; a refused edit's names the edit first). */
  message: string;
}

/** A metric point of the grid in its input CRS, rounded to about a millimetre. */
export function sourcePoint(frame: GridFrame, xM: number, yM: number): [number, number] {
  if (!Number.isFinite(xM) || !Number.isFinite(yM)) return [NaN, NaN];
  if (frame.sourceCrs === frame.crs) return [round(xM, 3), round(yM, 3)];
  const p = transformPoint(frame.crs, frame.sourceCrs, [xM, yM]);
  return isLonLatCrs(frame.sourceCrs) ? [round(p[0], 8), round(p[1], 8)] : [round(p[0], 3), round(p[1], 3)];
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

/** Areas to six significant digits: enough to compare, short to print. */
export function roundArea(m2: number): number {
  return Number(m2.toPrecision(6));
}

/** A problem with its English message; `location` already in the input CRS. */
export function problem<K extends ProblemKind>(
  type: ProblemType,
  ids: string[],
  location: [number, number] | null,
  kind: K,
  params: ProblemParams<K>,
): Problem {
  const message = (PROBLEM_TEXT[kind] as { en(p: ProblemParams<K>, at: string): string }).en(params, formatPoint(location));
  return { type, kind, params, ids, location, message };
}

/** A problem of the grid's level hierarchy (ids, levels, parent links). */
export function hierarchyProblem(h: HierarchyProblem, location: [number, number] | null): Problem {
  const type = h.kind === 'duplicate-id' ? 'duplicate-id' : 'bad-parent';
  return problem(type, [h.id], location, 'hierarchy', { id: h.id, hkind: h.kind, detail: h.detail, ...h.params });
}

/** A problem at a metric location of the grid. */
export function problemAt<K extends ProblemKind>(
  frame: GridFrame,
  type: ProblemType,
  ids: string[],
  xyM: ArrayLike<number> | null,
  kind: K,
  params: ProblemParams<K>,
  size?: number,
): Problem {
  const location = xyM && Number.isFinite(xyM[0]) && Number.isFinite(xyM[1]) ? sourcePoint(frame, xyM[0], xyM[1]) : null;
  const p = problem(type, ids, location, kind, params);
  if (size !== undefined) p.size = roundArea(size);
  return p;
}

/** Problems of each type, in PROBLEM_TYPES order (types with none left out). */
export function countProblems(problems: Problem[]): Partial<Record<ProblemType, number>> {
  const counts: Partial<Record<ProblemType, number>> = {};
  for (const t of PROBLEM_TYPES) {
    const n = problems.filter((p) => p.type === t).length;
    if (n) counts[t] = n;
  }
  return counts;
}
