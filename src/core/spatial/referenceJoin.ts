// Brute-force reference of the point join for tests: every polygon tested with exact rational
// arithmetic (BigInt), written independently of predicates.ts and the index.
import type { PackedPolygons } from '../geom/packed';

// v as an exact BigInt numerator over 2^scale.
function big(v: number, scale: number): bigint {
  return BigInt(v * 2 ** scale);
}

// Smallest power of two making every value an integer.
function scaleFor(values: number[]): number {
  let k = 0;
  for (const v of values) while (!Number.isInteger(v * 2 ** k)) k++;
  return k;
}

// Edge a-b crossed by the ray from (x, y) towards +x under the half-open rule, decided exactly.
function crosses(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (ay > y === by > y) return false;
  const k = scaleFor([ax, ay, bx, by, x, y]);
  const [AX, AY, BX, BY, X, Y] = [ax, ay, bx, by, x, y].map((v) => big(v, k));
  // x < x-intercept  <=>  (X - AX) * (BY - AY) < (BX - AX) * (Y - AY), flipping when BY < AY.
  const lhs = (X - AX) * (BY - AY);
  const rhs = (BX - AX) * (Y - AY);
  return BY > AY ? lhs < rhs : lhs > rhs;
}

function onEdge(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by)) return false;
  const k = scaleFor([ax, ay, bx, by, x, y]);
  const [AX, AY, BX, BY, X, Y] = [ax, ay, bx, by, x, y].map((v) => big(v, k));
  return (X - AX) * (BY - AY) === (BX - AX) * (Y - AY);
}

function forEachEdge(cells: PackedPolygons, p: number, visit: (ax: number, ay: number, bx: number, by: number) => void): void {
  const c = cells.coords;
  for (let r = cells.polyRingStart[p]; r < cells.polyRingStart[p + 1]; r++) {
    const s = cells.ringStart[r],
      e = cells.ringStart[r + 1];
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      visit(c[i * 2], c[i * 2 + 1], c[j * 2], c[j * 2 + 1]);
    }
  }
}

function inBbox(cells: PackedPolygons, f: number, x: number, y: number): boolean {
  const b = cells.bbox;
  return x >= b[f * 4] && x <= b[f * 4 + 2] && y >= b[f * 4 + 1] && y <= b[f * 4 + 3];
}

/** Features whose half-open region holds (x, y), ascending. */
export function halfOpenOwners(cells: PackedPolygons, x: number, y: number): number[] {
  const out: number[] = [];
  for (let f = 0; f < cells.ids.length; f++) {
    if (!inBbox(cells, f, x, y)) continue;
    for (let p = cells.featurePolyStart[f]; p < cells.featurePolyStart[f + 1]; p++) {
      let inside = false;
      forEachEdge(cells, p, (ax, ay, bx, by) => {
        if (crosses(ax, ay, bx, by, x, y)) inside = !inside;
      });
      if (inside) {
        out.push(f);
        break;
      }
    }
  }
  return out;
}

/** Features whose closed boundary passes through (x, y), ascending. */
export function boundaryOwners(cells: PackedPolygons, x: number, y: number): number[] {
  const out: number[] = [];
  for (let f = 0; f < cells.ids.length; f++) {
    if (!inBbox(cells, f, x, y)) continue;
    let on = false;
    for (let p = cells.featurePolyStart[f]; p < cells.featurePolyStart[f + 1] && !on; p++) {
      forEachEdge(cells, p, (ax, ay, bx, by) => {
        on ||= onEdge(ax, ay, bx, by, x, y);
      });
    }
    if (on) out.push(f);
  }
  return out;
}

/** The join rule by brute force: lowest half-open owner, else lowest closed-boundary owner, else -1. */
export function referenceAssign(cells: PackedPolygons, xyM: Float64Array): Int32Array {
  const out = new Int32Array(xyM.length / 2);
  for (let i = 0; i < out.length; i++) {
    const x = xyM[i * 2],
      y = xyM[i * 2 + 1];
    const h = halfOpenOwners(cells, x, y);
    out[i] = h.length ? h[0] : (boundaryOwners(cells, x, y)[0] ?? -1);
  }
  return out;
}
