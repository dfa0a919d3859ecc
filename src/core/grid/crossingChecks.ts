// Segment checks of L3 cells (part of cellChecks): pairs of boundary segments that cross or touch away
// from shared nodes, and, for edits, come closer than the snapping clearance.
import Flatbush from 'flatbush';
import { pointSegmentDistance, segmentIntersection, segmentSegmentDistance, SEGMENTS_CROSS, SEGMENTS_DISJOINT } from '../geom/segment';
import { addCandidate, type CellCheckResult, type CheckScope } from './checkScope';
import { problemAt } from './problems';

/** Segment pairs that cross or touch away from shared nodes (and, for edits, come within the clearance). */
export function crossingProblems(s: CheckScope, res: CellCheckResult): void {
  const { grid, segments: S } = s;
  const xy = grid.nodeXY;
  const m = s.clearanceM;
  if (S.count === 0) return;
  const index = new Flatbush(S.count);
  for (let i = 0; i < S.count; i++) {
    const ax = xy[S.a[i] * 2],
      ay = xy[S.a[i] * 2 + 1],
      bx = xy[S.b[i] * 2],
      by = xy[S.b[i] * 2 + 1];
    index.add(Math.min(ax, bx) - m, Math.min(ay, by) - m, Math.max(ax, bx) + m, Math.max(ay, by) + m);
  }
  index.finish();
  const touches = (i: number) => (S.left[i] >= 0 && s.inScope(S.left[i])) || (S.right[i] >= 0 && s.inScope(S.right[i]));
  const cellsOf = (i: number) => [S.left[i], S.right[i]].filter((c) => c >= 0);
  const selfReported = new Set<number>();
  for (let k = 0; k + 2 < S.conflicts.length; k += 3) {
    const sg = S.conflicts[k];
    res.broken[sg] = 1;
    const x = (xy[S.a[sg] * 2] + xy[S.b[sg] * 2]) / 2,
      y = (xy[S.a[sg] * 2 + 1] + xy[S.b[sg] * 2 + 1]) / 2;
    addCandidate(
      res.candidates,
      S.conflicts[k + 1],
      S.conflicts[k + 2],
      x,
      y,
      { why: 'same-side', seg: s.describe(S.a[sg], S.b[sg]) },
      true,
    );
  }
  for (let i = 0; i < S.count; i++) {
    if (!touches(i)) continue;
    const a = S.a[i],
      b = S.b[i];
    const ax = xy[a * 2],
      ay = xy[a * 2 + 1],
      bx = xy[b * 2],
      by = xy[b * 2 + 1];
    for (const j of index.search(Math.min(ax, bx) - m, Math.min(ay, by) - m, Math.max(ax, bx) + m, Math.max(ay, by) + m)) {
      if (j === i || (j < i && touches(j))) continue;
      const c = S.a[j],
        d = S.b[j];
      const cx = xy[c * 2],
        cy = xy[c * 2 + 1],
        dx = xy[d * 2],
        dy = xy[d * 2 + 1];
      const shared = a === c || a === d || b === c || b === d;
      if (shared) {
        if (m > 0) {
          // Adjacent segments: the far end of one must stay clear of the other.
          const [fx, fy] = a === c || b === c ? [dx, dy] : [cx, cy];
          const [gx, gy] = c === a || d === a ? [bx, by] : [ax, ay];
          if (pointSegmentDistance(fx, fy, ax, ay, bx, by) < m || pointSegmentDistance(gx, gy, cx, cy, dx, dy) < m) {
            tooClose(s, res, i, j, (fx + gx) / 2, (fy + gy) / 2);
          }
        }
        continue;
      }
      const kind = segmentIntersection(ax, ay, bx, by, cx, cy, dx, dy);
      if (kind === SEGMENTS_DISJOINT) {
        if (m > 0 && segmentSegmentDistance(ax, ay, bx, by, cx, cy, dx, dy) < m)
          tooClose(s, res, i, j, (ax + bx + cx + dx) / 4, (ay + by + cy + dy) / 4);
        continue;
      }
      res.broken[i] = 1;
      res.broken[j] = 1;
      const [px, py] = kind === SEGMENTS_CROSS ? crossingPoint(ax, ay, bx, by, cx, cy, dx, dy) : touchPoint(ax, ay, bx, by, cx, cy, dx, dy);
      if (kind !== SEGMENTS_CROSS && m > 0) {
        tooClose(s, res, i, j, px, py);
        continue;
      }
      const what = { a: s.describe(a, b), b: s.describe(c, d), touch: kind === SEGMENTS_CROSS ? 0 : 1 };
      const ci = cellsOf(i),
        cj = cellsOf(j);
      for (const cell of ci) {
        if (!cj.includes(cell) || !s.inScope(cell) || selfReported.has(cell)) continue;
        selfReported.add(cell);
        const id = grid.cells[cell].id;
        res.problems.push(problemAt(grid.frame, 'self-intersection', [id], [px, py], 'crosses-itself', { id, ...what }));
      }
      for (const p of ci)
        for (const q of cj) if (p !== q) addCandidate(res.candidates, p, q, px, py, { why: 'crossing', ...what }, kind === SEGMENTS_CROSS);
    }
  }
}

function tooClose(s: CheckScope, res: CellCheckResult, i: number, j: number, x: number, y: number): void {
  const S = s.segments;
  const cells = [...new Set([S.left[i], S.right[i], S.left[j], S.right[j]].filter((c) => c >= 0))];
  const ids = cells.map((c) => s.grid.cells[c].id);
  res.problems.push(
    problemAt(s.grid.frame, 'too-close', ids, [x, y], 'too-close', {
      a: s.describe(S.a[i], S.b[i]),
      b: s.describe(S.a[j], S.b[j]),
      clearanceM: s.clearanceM,
      cells: ids.join(', '),
    }),
  );
}

function crossingPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] {
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  const t = den === 0 ? 0.5 : ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}

// An end of one segment lying on the other (or the nearest end when collinear).
function touchPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] {
  const ends: [number, number, number][] = [
    [pointSegmentDistance(ax, ay, cx, cy, dx, dy), ax, ay],
    [pointSegmentDistance(bx, by, cx, cy, dx, dy), bx, by],
    [pointSegmentDistance(cx, cy, ax, ay, bx, by), cx, cy],
    [pointSegmentDistance(dx, dy, ax, ay, bx, by), dx, dy],
  ];
  ends.sort((p, q) => p[0] - q[0]);
  return [ends[0][1], ends[0][2]];
}
