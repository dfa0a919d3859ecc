// The overlay feature under a point: the candidates from the R-tree tested against their own geometry (inside a
// polygon, within the tolerance of a line or a point); points win over lines over polygons, the last drawn on top.
import { NO_CLASS } from '../src/core/style/fieldStyle';
import {
  KIND_LINE,
  KIND_POINT,
  KIND_POLYGON,
  featureGeometry,
  featuresIn,
  visitGeometry,
  type OverlayData,
  type PartSink,
} from './overlayData';

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Tests one feature's parts against a point: crossings of its rings (even-odd) and its nearest part by kind. */
class HitSink implements PartSink {
  x = 0;
  y = 0;
  /** Metres per degree of longitude over per degree of latitude at the point, so the tolerance is round on the ground. */
  kx = 1;
  tol2 = 0;
  inside = false;
  best = 0;
  constructor(private readonly v: DataView) {}
  reset(): void {
    this.inside = false;
    this.best = 0;
  }
  part(kind: number, xy: number, from: number, to: number): void {
    const { v, x, y, kx } = this;
    let ax = v.getFloat64(xy + 16 * (kind === KIND_POLYGON ? to - 1 : from), true);
    let ay = v.getFloat64(xy + 16 * (kind === KIND_POLYGON ? to - 1 : from) + 8, true);
    if (kind === KIND_POINT || to - from === 1) {
      for (let i = from; i < to; i++) {
        const dx = (v.getFloat64(xy + 16 * i, true) - x) * kx;
        const dy = v.getFloat64(xy + 16 * i + 8, true) - y;
        if (dx * dx + dy * dy <= this.tol2) this.best = 4;
      }
      return;
    }
    for (let i = kind === KIND_POLYGON ? from : from + 1; i < to; i++) {
      const bx = v.getFloat64(xy + 16 * i, true);
      const by = v.getFloat64(xy + 16 * i + 8, true);
      if (kind === KIND_POLYGON && by > y !== ay > y && x < ((ax - bx) * (y - by)) / (ay - by) + bx) this.inside = !this.inside;
      if (segmentDist2(x * kx, y, ax * kx, ay, bx * kx, by) <= this.tol2) this.best = Math.max(this.best, kind === KIND_LINE ? 3 : 1);
      ax = bx;
      ay = by;
    }
  }
}

/** The drawn feature at lon/lat within `toleranceDeg` (degrees of latitude), -1 when none. */
export function featureAt(d: OverlayData, classOf: Uint8Array | null, lonDeg: number, latDeg: number, toleranceDeg: number): number {
  const kx = Math.cos((latDeg * Math.PI) / 180);
  const tolLon = toleranceDeg / Math.max(kx, 1e-6);
  const rows = featuresIn(d, lonDeg - tolLon, latDeg - toleranceDeg, lonDeg + tolLon, latDeg + toleranceDeg);
  const sink = new HitSink(d.view);
  sink.x = lonDeg;
  sink.y = latDeg;
  sink.kx = kx;
  sink.tol2 = toleranceDeg * toleranceDeg;
  let found = -1;
  let foundRank = 0;
  for (const row of rows) {
    if (classOf && classOf[row] === NO_CLASS) continue;
    const { g, type } = featureGeometry(d, row);
    sink.reset();
    visitGeometry(d.tables, d.view, g, type, sink);
    // Rank: a dot 4, a line 3, inside a polygon 2, on a polygon's edge 1; later rows are drawn above earlier ones.
    const rank = Math.max(sink.best, sink.inside ? 2 : 0);
    if (rank > 0 && rank >= foundRank) {
      found = row;
      foundRank = rank;
    }
  }
  return found;
}
