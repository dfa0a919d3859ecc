// Rings from directed segments: the union of cells (merge, derived L2/L1 boundaries) and the
// boundary of empty regions (gaps). Where several continuations leave a node, the next one
// clockwise from the way back is taken, which keeps the region on the left and splits pinches.
import { ringSignedAreaM2 } from './gridModel';

const TWO_PI = 2 * Math.PI;

/** Closed rings (node ids, open) linked from directed segments from[i] → to[i]; chains that do not close are counted. */
export function linkSegments(xy: Float64Array, from: ArrayLike<number>, to: ArrayLike<number>): { rings: number[][]; open: number } {
  const n = from.length;
  const out = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = out.get(from[i]);
    if (list) list.push(i);
    else out.set(from[i], [i]);
  }
  const used = new Uint8Array(n);
  const rings: number[][] = [];
  let open = 0;
  for (let start = 0; start < n; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const ring = [from[start]];
    let cur = start;
    for (let guard = 0; guard <= n; guard++) {
      const u = from[cur],
        v = to[cur];
      const back = Math.atan2(xy[u * 2 + 1] - xy[v * 2 + 1], xy[u * 2] - xy[v * 2]);
      let best = -1,
        bestDelta = Infinity;
      for (const s of out.get(v) ?? []) {
        if (used[s] && s !== start) continue;
        const w = to[s];
        let delta = back - Math.atan2(xy[w * 2 + 1] - xy[v * 2 + 1], xy[w * 2] - xy[v * 2]);
        while (delta <= 0) delta += TWO_PI;
        while (delta > TWO_PI) delta -= TWO_PI;
        if (delta < bestDelta || (delta === bestDelta && s === start)) {
          best = s;
          bestDelta = delta;
        }
      }
      if (best < 0) {
        open++;
        break;
      }
      if (best === start) {
        rings.push(ring);
        break;
      }
      used[best] = 1;
      ring.push(v);
      cur = best;
    }
  }
  return { rings, open };
}

/** Directed segments of the given rings that are not cancelled by the same segment walked the other way. */
export function uncancelledSegments(rings: Iterable<ArrayLike<number>>): { from: number[]; to: number[] } {
  const from: number[] = [],
    to: number[] = [];
  for (const r of rings)
    for (let i = 0; i < r.length; i++) {
      from.push(r[i]);
      to.push(r[(i + 1) % r.length]);
    }
  const pending = new Map<number, number[]>();
  const key = (u: number, v: number) => u * 67_108_864 + v; // node ids stay below 2^26
  const alive = new Uint8Array(from.length).fill(1);
  for (let i = 0; i < from.length; i++) {
    const twin = pending.get(key(to[i], from[i]));
    if (twin && twin.length) {
      alive[twin.pop()!] = 0;
      alive[i] = 0;
      continue;
    }
    const k = key(from[i], to[i]);
    const list = pending.get(k);
    if (list) list.push(i);
    else pending.set(k, [i]);
  }
  const f: number[] = [],
    t: number[] = [];
  for (let i = 0; i < from.length; i++)
    if (alive[i]) {
      f.push(from[i]);
      t.push(to[i]);
    }
  return { from: f, to: t };
}

/** The union of cells given by their rings: outer rings (counter-clockwise) first, then holes; zero-area rings dropped. */
export function unionRings(xy: Float64Array, rings: Iterable<ArrayLike<number>>): { rings: Int32Array[]; open: number } {
  const { from, to } = uncancelledSegments(rings);
  const linked = linkSegments(xy, from, to);
  const outers: Int32Array[] = [],
    holes: Int32Array[] = [];
  for (const r of linked.rings) {
    const a = ringSignedAreaM2(xy, r);
    if (a > 0) outers.push(Int32Array.from(r));
    else if (a < 0) holes.push(Int32Array.from(r));
  }
  return { rings: [...outers, ...holes], open: linked.open };
}
