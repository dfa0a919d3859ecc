// Snapping to reference lines (road centrelines) while editing grid boundaries: a line vertex within the
// tolerance wins (road junctions and bends), else the nearest point on a line segment. Coordinates are
// the grid's metres; the segments are indexed once, so a query tests only the few near the cursor.
import Flatbush from 'flatbush';

export interface LineSnapHit {
  x: number;
  y: number;
  distM: number;
  /** A line vertex (junction, bend) rather than a point along a segment. */
  vertex: boolean;
}

export interface LineSnapper {
  readonly segments: number;
  nearest(x: number, y: number, tolM: number): LineSnapHit | null;
}

/**
 * `xy`: x,y per vertex; `partStart`: vertex offset of each line, plus a final sentinel
 * (PackedLines' layout). Lines with fewer than two vertices are ignored.
 */
export function createLineSnapper(xy: Float64Array, partStart: Uint32Array): LineSnapper {
  const a: number[] = [];
  for (let p = 0; p + 1 < partStart.length; p++) {
    for (let v = partStart[p]; v + 1 < partStart[p + 1]; v++) a.push(v);
  }
  const index = new Flatbush(Math.max(1, a.length));
  for (const v of a) {
    const [x0, y0, x1, y1] = [xy[v * 2], xy[v * 2 + 1], xy[v * 2 + 2], xy[v * 2 + 3]];
    index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }
  if (a.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  return {
    segments: a.length,
    nearest(x, y, tolM) {
      if (a.length === 0) return null;
      let vertex: LineSnapHit | null = null;
      let along: LineSnapHit | null = null;
      for (const k of index.search(x - tolM, y - tolM, x + tolM, y + tolM)) {
        const v = a[k];
        const ax = xy[v * 2],
          ay = xy[v * 2 + 1],
          bx = xy[v * 2 + 2],
          by = xy[v * 2 + 3];
        for (const [px, py] of [
          [ax, ay],
          [bx, by],
        ]) {
          const d = Math.hypot(px - x, py - y);
          if (d <= tolM && (!vertex || d < vertex.distM)) vertex = { x: px, y: py, distM: d, vertex: true };
        }
        const dx = bx - ax,
          dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
        const px = ax + t * dx,
          py = ay + t * dy;
        const d = Math.hypot(px - x, py - y);
        if (d <= tolM && (!along || d < along.distM)) along = { x: px, y: py, distM: d, vertex: false };
      }
      return vertex ?? along;
    },
  };
}
