// A static bucket index of points (x,y metres): the buildings' points, indexed once, so an edit's
// re-join finds the few points inside its changed boxes without visiting the other million.
export interface PointBuckets {
  minX: number;
  minY: number;
  cellM: number;
  nx: number;
  ny: number;
  /** Points of bucket k: order[start[k] .. start[k + 1]), ascending. */
  start: Uint32Array;
  order: Uint32Array;
}

/** About this many points per bucket on average. */
const PER_BUCKET = 8;

export function buildPointBuckets(xyM: Float64Array): PointBuckets {
  const n = xyM.length >> 1;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xyM[i * 2],
      y = xyM[i * 2 + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  const w = Math.max(maxX - minX, 1e-6),
    h = Math.max(maxY - minY, 1e-6);
  // At most 4096 buckets a side, however thin or sparse the extent.
  const cellM = Math.max(Math.sqrt((w * h * PER_BUCKET) / Math.max(1, n)), w / 4095, h / 4095, 1e-6);
  const nx = Math.min(4096, Math.floor(w / cellM) + 1),
    ny = Math.min(4096, Math.floor(h / cellM) + 1);
  const bucket = new Int32Array(n);
  const start = new Uint32Array(nx * ny + 1);
  for (let i = 0; i < n; i++) {
    const b = bucketOf({ minX, minY, cellM, nx, ny }, xyM[i * 2], xyM[i * 2 + 1]);
    bucket[i] = b;
    if (b >= 0) start[b + 1]++;
  }
  for (let k = 0; k < nx * ny; k++) start[k + 1] += start[k];
  const order = new Uint32Array(start[nx * ny]);
  const fill = start.slice(0, nx * ny);
  for (let i = 0; i < n; i++) if (bucket[i] >= 0) order[fill[bucket[i]]++] = i;
  return { minX, minY, cellM, nx, ny, start, order };
}

function bucketOf(b: Pick<PointBuckets, 'minX' | 'minY' | 'cellM' | 'nx' | 'ny'>, x: number, y: number): number {
  if (!(Number.isFinite(x) && Number.isFinite(y))) return -1;
  const cx = Math.min(b.nx - 1, Math.max(0, Math.floor((x - b.minX) / b.cellM)));
  const cy = Math.min(b.ny - 1, Math.max(0, Math.floor((y - b.minY) / b.cellM)));
  return cy * b.nx + cx;
}

/** Every point whose bucket meets the box (a superset of the points inside it: test them). */
export function pointsNearBox(b: PointBuckets, x0: number, y0: number, x1: number, y1: number, out: number[]): void {
  if (!(x1 >= b.minX && y1 >= b.minY)) return;
  const col = (x: number) => Math.min(b.nx - 1, Math.max(0, Math.floor((x - b.minX) / b.cellM)));
  const row = (y: number) => Math.min(b.ny - 1, Math.max(0, Math.floor((y - b.minY) / b.cellM)));
  const cx0 = col(x0),
    cy0 = row(y0),
    cx1 = col(x1),
    cy1 = row(y1);
  for (let cy = cy0; cy <= cy1; cy++)
    for (let cx = cx0; cx <= cx1; cx++) {
      const k = cy * b.nx + cx;
      for (let p = b.start[k]; p < b.start[k + 1]; p++) out.push(b.order[p]);
    }
}

const cache = new WeakMap<Float64Array, PointBuckets>();

/** The buckets of a points array (built on first use; the array must not change afterwards). */
export function pointBucketsOf(xyM: Float64Array): PointBuckets {
  let b = cache.get(xyM);
  if (!b) {
    b = buildPointBuckets(xyM);
    cache.set(xyM, b);
  }
  return b;
}
