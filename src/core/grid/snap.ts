// Snapping imported vertices into shared nodes: a vertex joins the first node within the tolerance
// (so nodes stay farther apart than it), and a node within the tolerance of another ring's segment
// is inserted into that segment, so boundaries two cells share become the same node sequence.
import Flatbush from 'flatbush';
import { F64Builder } from '../util/growable';

const hashCell = (ix: number, iy: number) => (Math.imul(ix | 0, 73856093) ^ Math.imul(iy | 0, 19349663)) | 0;

/** Greedy vertex → node snapping over a hash of tolerance-sized buckets. */
export class NodeSnapper {
  readonly xy = new F64Builder();
  private readonly cell: number;
  private readonly heads = new Map<number, number>();
  private next: Int32Array = new Int32Array(1024);

  constructor(readonly tolM: number) {
    this.cell = tolM > 0 ? tolM : 1;
  }

  get count(): number {
    return this.xy.length >> 1;
  }

  /** The node for (x, y): an existing one within tolM, else a new one at (x, y). */
  snap(x: number, y: number): number {
    const ix = Math.floor(x / this.cell),
      iy = Math.floor(y / this.cell);
    const tol2 = this.tolM * this.tolM;
    const d = this.xy.data;
    let best = -1,
      bestD = Infinity;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let n = this.heads.get(hashCell(ix + dx, iy + dy)) ?? -1; n >= 0; n = this.next[n]) {
          const ex = d[n * 2] - x,
            ey = d[n * 2 + 1] - y;
          const dd = ex * ex + ey * ey;
          if (dd <= tol2 && (dd < bestD || (dd === bestD && n < best))) {
            best = n;
            bestD = dd;
          }
        }
      }
    }
    if (best >= 0) return best;
    const id = this.count;
    this.xy.push(x);
    this.xy.push(y);
    if (id === this.next.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.next);
      this.next = grown;
    }
    const key = hashCell(ix, iy);
    this.next[id] = this.heads.get(key) ?? -1;
    this.heads.set(key, id);
    return id;
  }
}

/** Drops repeated consecutive nodes (and a closing repeat); what snapping collapses. */
export function dropRepeats(ring: number[]): number[] {
  const out: number[] = [];
  for (const v of ring) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}

/**
 * Inserts into each ring segment every node lying within tolM of it (strictly between its ends),
 * ordered along the segment. Returns the rings (new arrays where something was inserted) and the count.
 */
export function nodeTJunctions(xy: Float64Array, rings: number[][], tolM: number): { rings: number[][]; inserted: number } {
  const n = xy.length >> 1;
  if (n === 0 || tolM < 0) return { rings, inserted: 0 };
  const index = new Flatbush(n);
  for (let v = 0; v < n; v++) index.add(xy[v * 2], xy[v * 2 + 1], xy[v * 2], xy[v * 2 + 1]);
  index.finish();
  let inserted = 0;
  const out = rings.map((ring) => {
    let changed = false;
    const next: number[] = [];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i],
        b = ring[(i + 1) % ring.length];
      next.push(a);
      const ax = xy[a * 2],
        ay = xy[a * 2 + 1],
        bx = xy[b * 2],
        by = xy[b * 2 + 1];
      const dx = bx - ax,
        dy = by - ay;
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const hits: { t: number; v: number }[] = [];
      for (const v of index.search(Math.min(ax, bx) - tolM, Math.min(ay, by) - tolM, Math.max(ax, bx) + tolM, Math.max(ay, by) + tolM)) {
        if (v === a || v === b) continue;
        const px = xy[v * 2] - ax,
          py = xy[v * 2 + 1] - ay;
        const t = (px * dx + py * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const ex = px - t * dx,
          ey = py - t * dy;
        if (ex * ex + ey * ey <= tolM * tolM) hits.push({ t, v });
      }
      if (hits.length === 0) continue;
      hits.sort((p, q) => p.t - q.t || p.v - q.v);
      for (const h of hits) next.push(h.v);
      inserted += hits.length;
      changed = true;
    }
    return changed ? next : ring;
  });
  return { rings: out, inserted };
}
