// Synthetic L3 grids (a perturbed lattice whose neighbours share every vertex) and building-like
// point clouds, for tests and benchmarks. Deterministic for a given seed.
import type { PackedPolygons } from '../geom/packed';
import { Rng } from '../util/random';
import { packRings, type RingPolygons } from './packRings';

export interface LatticeOptions {
  cols: number;
  rows: number;
  cellM?: number;
  originXM?: number;
  originYM?: number;
  /** Node displacement as a fraction of the cell size. */
  jitter?: number;
  /** Extra shared vertices along each lattice edge. */
  edgeVertices?: number;
  seed?: number;
  /** Coordinates are rounded to multiples of this (a power of two keeps points on edges exact). */
  snapM?: number;
  /** Cells given a square hole that a new island feature (appended last) fills. */
  holes?: number;
  /** Cells given a square hole left empty. */
  gaps?: number;
  /** Pairs of cells (two apart in a row) merged into one MultiPolygon feature. */
  multi?: number;
}

/** Features of a perturbed lattice as nested rings (outer rings counter-clockwise, holes clockwise). */
export function latticeRings(o: LatticeOptions): RingPolygons[] {
  const { cols, rows } = o;
  const cellM = o.cellM ?? 300;
  const ox = o.originXM ?? 500_000;
  const oy = o.originYM ?? 3_800_000;
  const jitter = o.jitter ?? 0.15;
  const extra = o.edgeVertices ?? 2;
  const snap = o.snapM ?? 0.125;
  const rng = new Rng(o.seed ?? 1, 7001);
  const q = (v: number) => Math.round(v / snap) * snap;
  const nodeX = new Float64Array((cols + 1) * (rows + 1));
  const nodeY = new Float64Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      nodeX[j * (cols + 1) + i] = q(ox + (i + rng.range(-jitter, jitter)) * cellM);
      nodeY[j * (cols + 1) + i] = q(oy + (j + rng.range(-jitter, jitter)) * cellM);
    }
  }
  // Interior vertices of the edge from node a to node b, generated once and shared by both neighbours.
  const edgePoints = (a: number, b: number): number[] => {
    const out: number[] = [];
    const dx = nodeX[b] - nodeX[a];
    const dy = nodeY[b] - nodeY[a];
    for (let k = 1; k <= extra; k++) {
      const t = k / (extra + 1);
      const off = rng.range(-0.04, 0.04);
      out.push(q(nodeX[a] + t * dx - off * dy), q(nodeY[a] + t * dy + off * dx));
    }
    return out;
  };
  const node = (i: number, j: number) => j * (cols + 1) + i;
  const hEdge: number[][] = [];
  const vEdge: number[][] = [];
  for (let j = 0; j <= rows; j++) for (let i = 0; i < cols; i++) hEdge[j * cols + i] = edgePoints(node(i, j), node(i + 1, j));
  for (let j = 0; j < rows; j++) for (let i = 0; i <= cols; i++) vEdge[j * (cols + 1) + i] = edgePoints(node(i, j), node(i, j + 1));
  const reversed = (pts: number[]) => {
    const out: number[] = [];
    for (let k = pts.length - 2; k >= 0; k -= 2) out.push(pts[k], pts[k + 1]);
    return out;
  };
  const features: RingPolygons[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const a = node(i, j),
        b = node(i + 1, j),
        c = node(i + 1, j + 1),
        d = node(i, j + 1);
      const ring = [
        nodeX[a],
        nodeY[a],
        ...hEdge[j * cols + i],
        nodeX[b],
        nodeY[b],
        ...vEdge[j * (cols + 1) + i + 1],
        nodeX[c],
        nodeY[c],
        ...reversed(hEdge[(j + 1) * cols + i]),
        nodeX[d],
        nodeY[d],
        ...reversed(vEdge[j * (cols + 1) + i]),
      ];
      features.push([[ring]]);
    }
  }
  const square = (f: number, halfM: number, cw: boolean): number[] => {
    const i = f % cols,
      j = Math.floor(f / cols);
    const cx = q(ox + (i + 0.5) * cellM),
      cy = q(oy + (j + 0.5) * cellM),
      h = q(halfM);
    const ring = [cx - h, cy - h, cx + h, cy - h, cx + h, cy + h, cx - h, cy + h];
    return cw ? reversed(ring) : ring;
  };
  const used = new Set<number>();
  const pickCell = (rowParity: number): number => {
    for (let tries = 0; tries < 1000; tries++) {
      const j = rng.int(0, rows - 1);
      if (j % 2 !== rowParity) continue;
      const f = j * cols + rng.int(0, cols - 1);
      if (!used.has(f)) return f;
    }
    return -1;
  };
  const islands: RingPolygons[] = [];
  for (let k = 0; k < (o.holes ?? 0) + (o.gaps ?? 0); k++) {
    const f = pickCell(1);
    if (f < 0) break;
    used.add(f);
    const half = cellM * rng.range(0.08, 0.18);
    features[f][0].push(square(f, half, true));
    if (k < (o.holes ?? 0)) islands.push([[square(f, half, false)]]);
  }
  const removed = new Set<number>();
  for (let k = 0; k < (o.multi ?? 0) && cols >= 3; k++) {
    const f = pickCell(0);
    if (f < 0) break;
    const g = f % cols < cols - 2 ? f + 2 : f - 2;
    if (used.has(g)) continue;
    used.add(f).add(g);
    features[f].push(...features[g]);
    removed.add(g);
  }
  return [...features.filter((_, f) => !removed.has(f)), ...islands];
}

/** A perturbed lattice grid packed as L3 cells. */
export function latticeGrid(o: LatticeOptions): PackedPolygons {
  return packRings(latticeRings(o));
}

export interface PointCloudOptions {
  seed?: number;
  /** Number of building clusters (neighbourhoods). */
  clusters?: number;
  /** Standard deviation of a cluster, metres. */
  spreadM?: number;
  /** Share of points scattered uniformly over the extent. */
  uniformShare?: number;
}

/** n points (x,y interleaved) clustered like buildings over bbox [minX, minY, maxX, maxY], some beyond it. */
export function clusteredPoints(bboxM: ArrayLike<number>, n: number, o: PointCloudOptions = {}): Float64Array {
  const rng = new Rng(o.seed ?? 1, 7002);
  const [minX, minY, maxX, maxY] = [bboxM[0], bboxM[1], bboxM[2], bboxM[3]];
  const clusters = o.clusters ?? 2000;
  const spread = o.spreadM ?? Math.sqrt(((maxX - minX) * (maxY - minY)) / clusters) / 3;
  const uniform = o.uniformShare ?? 0.1;
  const cx = new Float64Array(clusters);
  const cy = new Float64Array(clusters);
  for (let k = 0; k < clusters; k++) {
    cx[k] = rng.range(minX, maxX);
    cy[k] = rng.range(minY, maxY);
  }
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    if (rng.next() < uniform) {
      // A little beyond the extent so some points fall outside every cell.
      const mx = (maxX - minX) * 0.02,
        my = (maxY - minY) * 0.02;
      out[i * 2] = rng.range(minX - mx, maxX + mx);
      out[i * 2 + 1] = rng.range(minY - my, maxY + my);
      continue;
    }
    const k = Math.floor(rng.next() * clusters);
    // Box-Muller normal offsets.
    const r = spread * Math.sqrt(-2 * Math.log(1 - rng.next()));
    const t = 2 * Math.PI * rng.next();
    out[i * 2] = cx[k] + r * Math.cos(t);
    out[i * 2 + 1] = cy[k] + r * Math.sin(t);
  }
  return out;
}

/** Test probes for a layer: n random points over its bbox (5 % beyond), every vertex, a point exactly on each edge
 * (a dyadic step along it, exact with power-of-two snapped coordinates) and one within rounding of each edge. */
export function probePoints(cells: PackedPolygons, nRandom: number, seed = 1): Float64Array {
  const rng = new Rng(seed, 7003);
  const out: number[] = [];
  const b = cells.bbox;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let f = 0; f < cells.ids.length; f++) {
    minX = Math.min(minX, b[f * 4]);
    minY = Math.min(minY, b[f * 4 + 1]);
    maxX = Math.max(maxX, b[f * 4 + 2]);
    maxY = Math.max(maxY, b[f * 4 + 3]);
  }
  const padX = (maxX - minX) * 0.05,
    padY = (maxY - minY) * 0.05;
  for (let k = 0; k < nRandom; k++) out.push(rng.range(minX - padX, maxX + padX), rng.range(minY - padY, maxY + padY));
  const c = cells.coords;
  for (let r = 0; r + 1 < cells.ringStart.length; r++) {
    const s = cells.ringStart[r],
      e = cells.ringStart[r + 1];
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const ax = c[i * 2],
        ay = c[i * 2 + 1],
        bx = c[j * 2],
        by = c[j * 2 + 1];
      const t = rng.int(1, 15) / 16;
      const u = rng.next();
      out.push(ax, ay, ax + t * (bx - ax), ay + t * (by - ay), ax + u * (bx - ax), ay + u * (by - ay));
    }
  }
  return Float64Array.from(out);
}

/** Building-like footprints around the given points: rotated rectangles, L-shapes and courtyard blocks, 8-40 m. */
export function syntheticFootprints(xyM: Float64Array, seed = 1): PackedPolygons {
  const rng = new Rng(seed, 7004);
  const n = xyM.length >> 1;
  const features: RingPolygons[] = [];
  const l = [0, 0, 1, 0, 1, 0.4, 0.4, 0.4, 0.4, 1, 0, 1];
  for (let i = 0; i < n; i++) {
    const cx = xyM[i * 2],
      cy = xyM[i * 2 + 1];
    const w = rng.range(8, 40),
      h = rng.range(8, 25),
      a = rng.range(0, Math.PI);
    const c = Math.cos(a),
      s = Math.sin(a);
    const place = (u: number, v: number): [number, number] => [
      cx + (u - 0.5) * w * c - (v - 0.5) * h * s,
      cy + (u - 0.5) * w * s + (v - 0.5) * h * c,
    ];
    const kind = rng.next();
    if (kind < 0.7) {
      features.push([[[0, 0, 1, 0, 1, 1, 0, 1].flatMap((_, k, r) => (k % 2 ? [] : place(r[k], r[k + 1])))]]);
    } else if (kind < 0.9) {
      features.push([[l.flatMap((_, k, r) => (k % 2 ? [] : place(r[k], r[k + 1])))]]);
    } else {
      const outer = [0, 0, 1, 0, 1, 1, 0, 1].flatMap((_, k, r) => (k % 2 ? [] : place(r[k], r[k + 1])));
      const hole = [0.3, 0.3, 0.3, 0.7, 0.7, 0.7, 0.7, 0.3].flatMap((_, k, r) => (k % 2 ? [] : place(r[k], r[k + 1])));
      features.push([[outer, hole]]);
    }
  }
  return packRings(features);
}
