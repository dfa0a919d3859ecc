// The outline of a set of non-overlapping triangles seen from above (e.g. a storey's slab tops): every edge two
// triangles share cancels, the rest chain into rings. Vertices are welded on a 1 mm grid and an edge passing
// through another triangle's corner is split there first, so abutting slabs merge into one outline.

/** Rings in x, y metres: outer rings counter-clockwise, holes clockwise, collinear points removed. */
export interface Outline {
  rings: [number, number][][];
  /** Sum of the rings' signed areas: the covered area, m². */
  areaM2: number;
}

const WELD_M = 0.001;

/** The outline of triangles given as flat x, y triples (6 numbers per triangle). */
export function triangleOutline(triangles: ArrayLike<number>): Outline {
  const xs: number[] = [];
  const ys: number[] = [];
  const ids = new Map<string, number>();
  const vertex = (x: number, y: number): number => {
    const key = `${Math.round(x / WELD_M)},${Math.round(y / WELD_M)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = xs.length;
      ids.set(key, id);
      xs.push(Math.round(x / WELD_M) * WELD_M);
      ys.push(Math.round(y / WELD_M) * WELD_M);
    }
    return id;
  };
  const edges: [number, number][] = [];
  for (let t = 0; t + 5 < triangles.length; t += 6) {
    let a = vertex(triangles[t], triangles[t + 1]);
    const b = vertex(triangles[t + 2], triangles[t + 3]);
    let c = vertex(triangles[t + 4], triangles[t + 5]);
    if (a === b || b === c || c === a) continue;
    if (cross(xs, ys, a, b, c) < 0) [a, c] = [c, a];
    edges.push([a, b], [b, c], [c, a]);
  }
  const split = splitAtVertices(edges, xs, ys);
  // A shared edge appears once each way: cancel the pairs, keep the boundary.
  const open = new Map<string, number>();
  for (const [a, b] of split) {
    const back = `${b},${a}`;
    const n = open.get(back) ?? 0;
    if (n > 0) open.set(back, n - 1);
    else open.set(`${a},${b}`, (open.get(`${a},${b}`) ?? 0) + 1);
  }
  const next = new Map<number, number[]>();
  for (const [key, n] of open) {
    const [a, b] = key.split(',').map(Number);
    for (let k = 0; k < n; k++) next.set(a, [...(next.get(a) ?? []), b]);
  }
  const rings: [number, number][][] = [];
  let areaM2 = 0;
  for (const start of [...next.keys()]) {
    while ((next.get(start)?.length ?? 0) > 0) {
      const ring: number[] = [];
      let at = start;
      for (let guard = 0; guard <= xs.length; guard++) {
        const outs = next.get(at);
        if (!outs?.length) break;
        ring.push(at);
        at = outs.pop()!;
        if (at === start) break;
      }
      const simple = dropCollinear(ring, xs, ys);
      if (simple.length < 3) continue;
      const coords = simple.map((i): [number, number] => [xs[i], ys[i]]);
      rings.push(coords);
      areaM2 += ringArea(coords);
    }
  }
  return { rings, areaM2 };
}

/** Signed area of a ring (counter-clockwise positive), m². */
export function ringArea(ring: readonly (readonly [number, number])[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

function cross(xs: number[], ys: number[], a: number, b: number, c: number): number {
  return (xs[b] - xs[a]) * (ys[c] - ys[a]) - (ys[b] - ys[a]) * (xs[c] - xs[a]);
}

/** Each edge split at the vertices lying on it (within the weld tolerance), in order from its start. */
function splitAtVertices(edges: [number, number][], xs: number[], ys: number[]): [number, number][] {
  const byX = xs.map((_, i) => i).sort((p, q) => xs[p] - xs[q]);
  const sortedX = byX.map((i) => xs[i]);
  const out: [number, number][] = [];
  for (const [a, b] of edges) {
    const minX = Math.min(xs[a], xs[b]) - WELD_M;
    const maxX = Math.max(xs[a], xs[b]) + WELD_M;
    const dx = xs[b] - xs[a];
    const dy = ys[b] - ys[a];
    const len2 = dx * dx + dy * dy;
    const on: [number, number][] = [];
    for (let k = lowerBound(sortedX, minX); k < byX.length && sortedX[k] <= maxX; k++) {
      const v = byX[k];
      if (v === a || v === b) continue;
      const t = ((xs[v] - xs[a]) * dx + (ys[v] - ys[a]) * dy) / len2;
      if (t <= 0 || t >= 1) continue;
      const d = Math.abs((xs[v] - xs[a]) * dy - (ys[v] - ys[a]) * dx) / Math.sqrt(len2);
      if (d < WELD_M) on.push([t, v]);
    }
    on.sort((p, q) => p[0] - q[0]);
    let from = a;
    for (const [, v] of on) {
      out.push([from, v]);
      from = v;
    }
    out.push([from, b]);
  }
  return out;
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dropCollinear(ring: number[], xs: number[], ys: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[(i + ring.length - 1) % ring.length];
    const q = ring[(i + 1) % ring.length];
    const len = Math.hypot(xs[q] - xs[p], ys[q] - ys[p]) || 1;
    if (Math.abs(cross(xs, ys, p, ring[i], q)) / len > WELD_M) out.push(ring[i]);
  }
  return out;
}
