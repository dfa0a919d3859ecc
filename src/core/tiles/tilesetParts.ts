// Splitting a building tileset's quadtree into independent subtrees, so several threads write it at once: each
// part writes its subtrees (every tile in them), then one writes the tiles above them from the parts' results.
// The split is deterministic (the same on every thread given the same input and options).
import type { QuadNode } from './quadtree';

/** Which share of the subtrees this writer does, or the tiles above them given every subtree's result. */
export type TilesetPart<D> = { index: number; count: number } | { subtrees: D[] };

/**
 * The subtree roots: the root's descendants expanded largest first (by triangles) until there are about
 * 4 × parts of them (so a greedy assignment balances), each assigned to the part with the least work so far.
 */
export function splitParts(root: QuadNode, triangles: (node: QuadNode) => number, parts: number): Map<QuadNode, number> {
  const frontier = [root];
  const work = new Map<QuadNode, number>([[root, triangles(root)]]);
  for (;;) {
    let largest = -1;
    for (let i = 0; i < frontier.length; i++)
      if (frontier[i].children.length && (largest < 0 || work.get(frontier[i])! > work.get(frontier[largest])!)) largest = i;
    if (largest < 0 || frontier.length >= 4 * parts) break;
    const [node] = frontier.splice(largest, 1);
    for (const c of node.children) {
      work.set(c, triangles(c));
      frontier.push(c);
    }
  }
  frontier.sort((a, b) => work.get(b)! - work.get(a)! || (a.path < b.path ? -1 : 1));
  const load = new Float64Array(parts);
  const owner = new Map<QuadNode, number>();
  for (const node of frontier) {
    let p = 0;
    for (let i = 1; i < parts; i++) if (load[i] < load[p]) p = i;
    owner.set(node, p);
    load[p] += work.get(node)!;
  }
  return owner;
}
