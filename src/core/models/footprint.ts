// A placed model seen from above: its footprint (the outline of its triangles' shadow), a convex hull that only the
// live preview may use (fast, but it fills every concave corner), and its bounding region.
//
// Footprint: every triangle's plan shadow marks the grid cells it touches (conservatively, by separating axes, so a
// vertical wall marks the cells along it); cells not reachable from outside are filled (courtyards count as inside);
// each 4-connected patch's boundary is traced with the patch on its left (counter-clockwise, x east, y north) and
// simplified (Douglas–Peucker at half a cell): the outline is within about a cell of the shadow's.
import { emptyRegion } from '../tiles/region';
import { enuToGeodetic } from './geodetic';
import type { ModelData } from './model';
import type { PlacedModel } from './placement';

export interface Footprint {
  /** Outer rings, lon, lat degrees flat, closed (the first point repeated), counter-clockwise. */
  ringsLonLatDeg: Float64Array[];
  /** The grid's cell, metres: the outline's resolution. */
  cellM: number;
}

/** Every vertex of the model in the anchor's ENU frame, flat. */
function placedVertices(model: Pick<ModelData, 'parts'>, placed: PlacedModel): Float64Array[] {
  return model.parts.map((p) => {
    const out = new Float64Array(p.positions.length);
    placed.toEnu(p.positions, out);
    return out;
  });
}

/** The model's footprint on a grid of `cellM` (default: the plan's longer side / 1024, at least 5 cm). */
export function modelFootprint(model: Pick<ModelData, 'parts'>, placed: PlacedModel, cellM?: number): Footprint {
  const enu = placedVertices(model, placed);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    zMin = Infinity;
  for (const p of enu)
    for (let i = 0; i < p.length; i += 3) {
      x0 = Math.min(x0, p[i]);
      x1 = Math.max(x1, p[i]);
      y0 = Math.min(y0, p[i + 1]);
      y1 = Math.max(y1, p[i + 1]);
      zMin = Math.min(zMin, p[i + 2]);
    }
  if (!(x1 >= x0)) return { ringsLonLatDeg: [], cellM: cellM ?? 0 };
  const cell = cellM ?? Math.max(0.05, Math.max(x1 - x0, y1 - y0) / 1024);
  // One empty cell around the shadow, so the outside is connected.
  const ox = x0 - cell,
    oy = y0 - cell;
  const w = Math.ceil((x1 - x0) / cell) + 3,
    h = Math.ceil((y1 - y0) / cell) + 3;
  const filled = new Uint8Array(w * h);
  model.parts.forEach((part, k) => markTriangles(enu[k], part.indices, ox, oy, cell, w, filled));
  fillHoles(filled, w, h);
  const rings = traceRings(filled, w, h).map((ring) => {
    const simple = douglasPeucker(ring, 0.5);
    const out = new Float64Array(simple.length);
    const g = new Float64Array(3);
    for (let i = 0; i < simple.length; i += 2) {
      enuToGeodetic(placed.frame.enuToEcef, ox + simple[i] * cell, oy + simple[i + 1] * cell, zMin, g);
      out[i] = g[0];
      out[i + 1] = g[1];
    }
    return out;
  });
  return { ringsLonLatDeg: rings, cellM: cell };
}

/** Marks the cells each triangle's plan shadow touches. */
function markTriangles(p: Float64Array, indices: Uint32Array, ox: number, oy: number, cell: number, w: number, filled: Uint8Array): void {
  const xs = [0, 0, 0],
    ys = [0, 0, 0];
  for (let t = 0; t < indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      xs[k] = (p[3 * indices[t + k]] - ox) / cell;
      ys[k] = (p[3 * indices[t + k] + 1] - oy) / cell;
    }
    const cx0 = Math.floor(Math.min(xs[0], xs[1], xs[2])),
      cx1 = Math.floor(Math.max(xs[0], xs[1], xs[2])),
      cy0 = Math.floor(Math.min(ys[0], ys[1], ys[2])),
      cy1 = Math.floor(Math.max(ys[0], ys[1], ys[2]));
    for (let cy = cy0; cy <= cy1; cy++)
      for (let cx = cx0; cx <= cx1; cx++) if (triangleTouchesCell(xs, ys, cx, cy)) filled[cy * w + cx] = 1;
  }
}

/** Separating-axis test of a (possibly degenerate) triangle against the unit cell at (cx, cy). */
function triangleTouchesCell(xs: number[], ys: number[], cx: number, cy: number): boolean {
  for (let e = 0; e < 3; e++) {
    const nx = ys[(e + 1) % 3] - ys[e],
      ny = xs[e] - xs[(e + 1) % 3];
    if (nx === 0 && ny === 0) continue;
    let tMin = Infinity,
      tMax = -Infinity;
    for (let k = 0; k < 3; k++) {
      const d = nx * xs[k] + ny * ys[k];
      tMin = Math.min(tMin, d);
      tMax = Math.max(tMax, d);
    }
    let cMin = Infinity,
      cMax = -Infinity;
    for (let k = 0; k < 4; k++) {
      const d = nx * (cx + (k & 1)) + ny * (cy + (k >> 1));
      cMin = Math.min(cMin, d);
      cMax = Math.max(cMax, d);
    }
    if (cMax < tMin || cMin > tMax) return false;
  }
  return true;
}

/** Fills every empty cell the outside cannot reach through empty cells (4-connected). */
function fillHoles(filled: Uint8Array, w: number, h: number): void {
  const outside = new Uint8Array(w * h);
  const stack: number[] = [0];
  outside[0] = 1;
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w,
      y = (i - x) / w;
    for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1])
      if (j >= 0 && !outside[j] && !filled[j]) {
        outside[j] = 1;
        stack.push(j);
      }
  }
  for (let i = 0; i < filled.length; i++) if (!outside[i]) filled[i] = 1;
}

/** The boundary rings of the filled cells, grid corner coordinates flat, filled side on the left. */
function traceRings(filled: Uint8Array, w: number, h: number): number[][] {
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && filled[y * w + x] === 1;
  // Directed boundary edges keyed by their start corner; a corner starts at most two (where patches touch diagonally).
  const out = new Map<number, number[]>();
  const key = (x: number, y: number) => y * (w + 1) + x;
  const edge = (ax: number, ay: number, bx: number, by: number) => {
    const k = key(ax, ay);
    const list = out.get(k);
    if (list) list.push(bx, by);
    else out.set(k, [bx, by]);
  };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!at(x, y)) continue;
      if (!at(x, y - 1)) edge(x, y, x + 1, y);
      if (!at(x + 1, y)) edge(x + 1, y, x + 1, y + 1);
      if (!at(x, y + 1)) edge(x + 1, y + 1, x, y + 1);
      if (!at(x - 1, y)) edge(x, y + 1, x, y);
    }
  const rings: number[][] = [];
  for (const [start, first] of out)
    while (first.length) {
      const sx = start % (w + 1),
        sy = (start - sx) / (w + 1);
      const ring = [sx, sy];
      let px = sx,
        py = sy,
        list = first;
      for (;;) {
        // Two ways on: turn left (stay on this patch; patches touching at a corner are separate).
        let pick = 0;
        if (list.length > 2) {
          const dx = ring.length >= 4 ? px - ring[ring.length - 4] : 0,
            dy = ring.length >= 4 ? py - ring[ring.length - 3] : 0;
          const cross = (list[0] - px) * dy - (list[1] - py) * dx;
          pick = cross < 0 ? 0 : 2;
        }
        const nx = list[pick],
          ny = list[pick + 1];
        list.splice(pick, 2);
        if (nx === sx && ny === sy) break;
        ring.push(nx, ny);
        px = nx;
        py = ny;
        list = out.get(key(nx, ny))!;
      }
      ring.push(sx, sy);
      rings.push(ring);
    }
  return rings;
}

/** Douglas–Peucker of a closed ring (first point repeated), `tol` in the ring's units. */
function douglasPeucker(ring: number[], tol: number): number[] {
  const n = ring.length / 2;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  // Split the closed ring at its farthest point from the start, so each half is an open polyline.
  let far = 0,
    best = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = Math.hypot(ring[2 * i] - ring[0], ring[2 * i + 1] - ring[1]);
    if (d > best) [far, best] = [i, d];
  }
  keep[far] = 1;
  const stack = [0, far, far, n - 1];
  while (stack.length) {
    const b = stack.pop()!,
      a = stack.pop()!;
    const ax = ring[2 * a],
      ay = ring[2 * a + 1],
      dx = ring[2 * b] - ax,
      dy = ring[2 * b + 1] - ay;
    const len = Math.hypot(dx, dy) || 1;
    let worst = -1,
      dist = tol;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs((ring[2 * i] - ax) * dy - (ring[2 * i + 1] - ay) * dx) / len;
      if (d > dist) [worst, dist] = [i, d];
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[2 * i], ring[2 * i + 1]);
  return out;
}

/**
 * For the live preview only: the convex hull of the model's vertices from above, lon, lat degrees flat, closed,
 * counter-clockwise. The hull is taken once in the model frame (planHull) and only its corners are placed: placing
 * is a similarity up to the projection's tiny distortion across one model, so it maps the hull onto the placed hull.
 */
export function convexHullForLivePreview(hull: ArrayLike<number>, placed: PlacedModel): Float64Array {
  const n = hull.length / 2;
  const xyz = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) xyz.set([hull[2 * i], hull[2 * i + 1], 0], 3 * i);
  const lonLatH = placed.toLonLatHeight(xyz);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) out.set([lonLatH[3 * i], lonLatH[3 * i + 1]], 2 * i);
  return out;
}

/** The convex hull of the model's vertices projected on x, y (model frame): x, y flat, closed, counter-clockwise (monotone chain). */
export function planHull(model: Pick<ModelData, 'parts'>): Float64Array {
  const pts: [number, number][] = [];
  for (const p of model.parts) for (let i = 0; i < p.positions.length; i += 3) pts.push([p.positions[i], p.positions[i + 1]]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = pts.length < 3 ? pts : [...half(pts), ...half([...pts].reverse())];
  if (hull.length) hull.push(hull[0]);
  return Float64Array.from(hull.flat());
}

/** The model's region: west, south, east, north degrees, min and max height m, over every vertex. */
export function modelRegion(model: Pick<ModelData, 'parts'>, placed: PlacedModel): Float64Array {
  const r = emptyRegion();
  for (const part of model.parts) {
    const g = placed.toLonLatHeight(part.positions);
    for (let i = 0; i < g.length; i += 3) {
      r[0] = Math.min(r[0], g[i]);
      r[2] = Math.max(r[2], g[i]);
      r[1] = Math.min(r[1], g[i + 1]);
      r[3] = Math.max(r[3], g[i + 1]);
      r[4] = Math.min(r[4], g[i + 2]);
      r[5] = Math.max(r[5], g[i + 2]);
    }
  }
  return r;
}
