// The quadtree both tile writers (buildings and pipes) split their items with: in place, on item centres.

/** A quadtree node over perm[start, end); `path` is its quadrant digits from the root. */
export interface QuadNode {
  start: number;
  end: number;
  depth: number;
  path: string;
  children: QuadNode[];
}

/**
 * Splits perm[start, end) (item indices) into quadrants of its items' centres' bbox, in place, until a node
 * holds at most maxItems items and maxTriangles triangles (tris per item); shared by the building and pipe writers.
 */
export function splitQuadtree(
  perm: Uint32Array,
  cx: Float64Array,
  cy: Float64Array,
  tris: Uint32Array,
  start: number,
  end: number,
  depth: number,
  path: string,
  maxItems: number,
  maxTriangles: number,
  maxDepth: number,
): QuadNode {
  const node: QuadNode = { start, end, depth, path, children: [] };
  let triangles = 0,
    x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = start; i < end; i++) {
    const f = perm[i];
    triangles += tris[f];
    if (cx[f] < x0) x0 = cx[f];
    if (cx[f] > x1) x1 = cx[f];
    if (cy[f] < y0) y0 = cy[f];
    if (cy[f] > y1) y1 = cy[f];
  }
  if ((end - start <= maxItems && triangles <= maxTriangles) || end - start === 1 || depth >= maxDepth) return node;
  const mx = 0.5 * (x0 + x1),
    my = 0.5 * (y0 + y1);
  const m = partition(perm, cx, start, end, mx);
  const a = partition(perm, cy, start, m, my);
  const b = partition(perm, cy, m, end, my);
  // Quadrant digits in tile paths: 0 south-west, 1 north-west, 2 south-east, 3 north-east.
  const ranges = [start, a, m, b, end];
  for (let q = 0; q < 4; q++) {
    if (ranges[q + 1] > ranges[q] && ranges[q + 1] - ranges[q] < end - start) {
      node.children.push(
        splitQuadtree(perm, cx, cy, tris, ranges[q], ranges[q + 1], depth + 1, path + q, maxItems, maxTriangles, maxDepth),
      );
    }
  }
  // Children are the non-empty quadrants: none when all centres coincide (then it stays a leaf), else >= 2.
  return node;
}

/** Moves perm entries with key < at before the others; returns the boundary. */
function partition(perm: Uint32Array, key: Float64Array, start: number, end: number, at: number): number {
  let i = start,
    j = end - 1;
  while (i <= j) {
    if (key[perm[i]] < at) i++;
    else {
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      j--;
    }
  }
  return i;
}
