// The spatial split of a placed model into tiles: items are parts (whole elements in one material) or, for a part
// larger than a quarter of the tile budget, runs of its triangles; a k-d tree on item centres splits at the
// triangle-weighted median of the longest axis until a node holds at most the budget.

/** Items: part index, triangle range, box (model ENU metres) and centre. */
export interface ModelItems {
  count: number;
  part: Uint32Array;
  triStart: Uint32Array;
  triEnd: Uint32Array;
  /** min x, y, z, max x, y, z per item. */
  box: Float32Array;
  /** Items in tree order: a node's items are perm[start..end). */
  perm: Uint32Array;
}

export interface ModelNode {
  /** '' for the root, then '0'/'1' per level. */
  path: string;
  depth: number;
  start: number;
  end: number;
  triangles: number;
  children: ModelNode[];
}

/** The items of parts whose ENU positions are `enu[part]` and triangles `indices[part]`. */
export function modelItems(enu: Float32Array[], indices: Uint32Array[], maxItemTriangles: number): ModelItems {
  let count = 0;
  for (const idx of indices) count += Math.max(1, Math.ceil(idx.length / 3 / maxItemTriangles));
  const part = new Uint32Array(count),
    triStart = new Uint32Array(count),
    triEnd = new Uint32Array(count),
    box = new Float32Array(6 * count);
  let i = 0;
  for (let p = 0; p < indices.length; p++) {
    const tris = indices[p].length / 3;
    if (tris === 0) continue;
    const pos = enu[p],
      idx = indices[p];
    for (let t0 = 0; t0 < tris; t0 += maxItemTriangles) {
      const t1 = Math.min(tris, t0 + maxItemTriangles);
      part[i] = p;
      triStart[i] = t0;
      triEnd[i] = t1;
      const b = box.subarray(6 * i, 6 * i + 6);
      b.set([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
      for (let k = 3 * t0; k < 3 * t1; k++) {
        const v = 3 * idx[k];
        for (let c = 0; c < 3; c++) {
          const x = pos[v + c];
          if (x < b[c]) b[c] = x;
          if (x > b[3 + c]) b[3 + c] = x;
        }
      }
      i++;
    }
  }
  const perm = new Uint32Array(i);
  for (let k = 0; k < i; k++) perm[k] = k;
  return {
    count: i,
    part: part.subarray(0, i),
    triStart: triStart.subarray(0, i),
    triEnd: triEnd.subarray(0, i),
    box: box.subarray(0, 6 * i),
    perm,
  };
}

/** The k-d tree over the items (reordering items.perm): leaves hold at most maxTriangles, or a single item. */
export function splitModel(items: ModelItems, maxTriangles: number, maxDepth = 24): ModelNode {
  const { perm, box, triStart, triEnd } = items;
  const weight = (i: number) => triEnd[i] - triStart[i];
  const centre = (i: number, axis: number) => box[6 * i + axis] + box[6 * i + 3 + axis];

  const split = (start: number, end: number, depth: number, path: string): ModelNode => {
    let triangles = 0;
    for (let k = start; k < end; k++) triangles += weight(perm[k]);
    const node: ModelNode = { path, depth, start, end, triangles, children: [] };
    if (triangles <= maxTriangles || end - start < 2 || depth >= maxDepth) return node;
    let axis = 0,
      widest = -1;
    for (let c = 0; c < 3; c++) {
      let lo = Infinity,
        hi = -Infinity;
      for (let k = start; k < end; k++) {
        const x = centre(perm[k], c);
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      if (hi - lo > widest) [axis, widest] = [c, hi - lo];
    }
    perm.subarray(start, end).sort((a, b) => centre(a, axis) - centre(b, axis) || a - b);
    let mid = start + 1,
      before = weight(perm[start]);
    while (mid < end - 1 && before + weight(perm[mid]) <= triangles / 2) before += weight(perm[mid++]);
    node.children = [split(start, mid, depth + 1, `${path}0`), split(mid, end, depth + 1, `${path}1`)];
    return node;
  };
  return split(0, items.count, 0, '');
}
