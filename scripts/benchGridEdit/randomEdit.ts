// bench:grid-edit's edits: seeded random small edits of the kind a grid manager makes, mostly a node shared by
// three or more cells moved a few metres. Derived here from the rings, so no cache the timed path uses is warmed.
import type { GridOp } from '../../src/core/grid/gridOp';
import type { GridTopology } from '../../src/core/grid/topology';
import type { Rng } from '../../src/core/util/random';

const perTopology = new WeakMap<GridTopology, { shared: Uint8Array; inner: number[] }>();

/** Per topology (moves keep it): the cells using each node, and the vertices strictly inside an edge. */
function nodesOf(topo: GridTopology): { shared: Uint8Array; inner: number[] } {
  let out = perTopology.get(topo);
  if (!out) {
    // The demo's edges start as single segments, so inner vertices are mostly earlier inserts.
    const inner: number[] = [];
    for (let e = 0; e < topo.edgeCount; e++)
      for (let k = topo.edgeNodeStart[e] + 1; k < topo.edgeNodeStart[e + 1] - 1; k++) inner.push(topo.edgeNodes[k]);
    out = { shared: cellsPerNode(topo), inner };
    perTopology.set(topo, out);
  }
  return out;
}

/** Cells using each node (rings of one cell visit a node once each). */
function cellsPerNode(topo: GridTopology): Uint8Array {
  const { nodes, ringStart, ringCell } = topo.rings;
  const count = new Uint8Array(topo.nodeCount);
  const last = new Int32Array(topo.nodeCount).fill(-1);
  for (let r = 0; r + 1 < ringStart.length; r++) {
    for (let p = ringStart[r]; p < ringStart[r + 1]; p++) {
      const v = nodes[p];
      if (last[v] !== ringCell[r]) {
        last[v] = ringCell[r];
        count[v]++;
      }
    }
  }
  return count;
}

/** A random small edit: 80 % a node of 3+ cells moved 1–5 m, 10 % a vertex inserted into an edge, 10 % one deleted. */
export function randomEdit(topo: GridTopology, xy: Float64Array, rng: Rng): GridOp {
  const roll = rng.next();
  if (roll < 0.8) {
    const { shared } = nodesOf(topo);
    const { nodes } = topo.rings;
    let node = nodes[rng.int(0, nodes.length - 1)];
    for (let k = 0; k < 1000 && shared[node] < 3; k++) node = nodes[rng.int(0, nodes.length - 1)];
    const d = rng.range(1, 5),
      a = rng.range(0, 2 * Math.PI);
    return { type: 'moveVertex', node, to: [xy[node * 2] + d * Math.cos(a), xy[node * 2 + 1] + d * Math.sin(a)] };
  }
  if (roll < 0.9) {
    const { inner } = nodesOf(topo);
    if (inner.length) return { type: 'deleteVertex', node: inner[rng.int(0, inner.length - 1)] };
  }
  const edge = rng.int(0, topo.edgeCount - 1);
  const s = topo.edgeNodeStart[edge],
    len = topo.edgeNodeStart[edge + 1] - s;
  const index = rng.int(1, len - 1);
  const u = topo.edgeNodes[s + index - 1],
    v = topo.edgeNodes[s + index];
  const t = rng.range(0.3, 0.7),
    off = rng.range(-3, 3);
  const dx = xy[v * 2] - xy[u * 2],
    dy = xy[v * 2 + 1] - xy[u * 2 + 1],
    l = Math.hypot(dx, dy) || 1;
  return { type: 'insertVertex', edge, index, at: [xy[u * 2] + t * dx - (off * dy) / l, xy[u * 2 + 1] + t * dy + (off * dx) / l] };
}
