// Area of the intersection of two polygons (concave, with holes) by slab integration: between
// consecutive event heights (vertices and edge crossings) the width of A ∩ B is linear in y, so
// its value at the slab's middle times the slab's height is exact. Shared and collinear edges need
// no special case, unlike Greiner–Hormann.
import { sortPrefix } from './sortPrefix';

/**
 * Growable list of edges x0,y0,x1,y1 bounding an even-odd region, relative to a local origin. Edges
 * wholly right of the other operand may be left out: an odd crossing count then closes at +infinity.
 */
export class EdgeList {
  data = new Float64Array(256);
  count = 0;
  minY = Infinity;
  maxY = -Infinity;

  clear(): void {
    this.count = 0;
    this.minY = Infinity;
    this.maxY = -Infinity;
  }

  push(x0: number, y0: number, x1: number, y1: number): void {
    if ((this.count + 1) * 4 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const o = this.count++ * 4;
    this.data[o] = x0;
    this.data[o + 1] = y0;
    this.data[o + 2] = x1;
    this.data[o + 3] = y1;
    if (y0 < this.minY) this.minY = y0;
    if (y1 < this.minY) this.minY = y1;
    if (y0 > this.maxY) this.maxY = y0;
    if (y1 > this.maxY) this.maxY = y1;
  }
}

let ys = new Float64Array(256);
let xsA: Float64Array = new Float64Array(64);
let xsB: Float64Array = new Float64Array(64);

function pushY(n: number, y: number): number {
  if (n === ys.length) {
    const next = new Float64Array(n * 2);
    next.set(ys);
    ys = next;
  }
  ys[n] = y;
  return n + 1;
}

// Crossings of the edges with the line at height y, sorted into the returned scratch (count in [0]).
function crossings(e: EdgeList, y: number, into: Float64Array): Float64Array {
  if (into.length < e.count + 1) into = new Float64Array(Math.max(e.count + 1, into.length * 2));
  const d = e.data;
  let n = 0;
  for (let k = 0; k < e.count * 4; k += 4) {
    const y0 = d[k + 1],
      y1 = d[k + 3];
    if (y0 > y === y1 > y) continue;
    const x = d[k] + ((y - y0) * (d[k + 2] - d[k])) / (y1 - y0);
    // Insertion keeps the list sorted; crossings per line are few.
    let j = n++;
    while (j > 0 && into[j] > x) {
      into[j + 1] = into[j];
      j--;
    }
    into[j + 1] = x;
  }
  into[0] = n;
  return into;
}

// Total length of the overlap of two even-odd crossing lists (a missing final end is +infinity).
function overlapLength(a: Float64Array, b: Float64Array): number {
  const na = a[0],
    nb = b[0];
  let i = 1,
    j = 1,
    len = 0;
  while (i <= na && j <= nb) {
    const a0 = a[i],
      a1 = i + 1 <= na ? a[i + 1] : Infinity;
    const b0 = b[j],
      b1 = j + 1 <= nb ? b[j + 1] : Infinity;
    const lo = a0 > b0 ? a0 : b0;
    const hi = a1 < b1 ? a1 : b1;
    if (hi > lo) len += hi - lo;
    if (a1 < b1) i += 2;
    else j += 2;
  }
  return len;
}

/** Area of the intersection of the even-odd regions bounded by edge lists a and b, in their units². */
export function intersectionAreaM2(a: EdgeList, b: EdgeList): number {
  const yLo = Math.max(a.minY, b.minY);
  const yHi = Math.min(a.maxY, b.maxY);
  // No x test: an edge list may omit edges right of the area of interest (its last span then runs to +infinity).
  if (!(yHi > yLo)) return 0;
  const ad = a.data,
    bd = b.data;
  let n = 0;
  n = pushY(n, yLo);
  n = pushY(n, yHi);
  for (let k = 0; k < a.count * 4; k += 2) if (ad[k + 1] > yLo && ad[k + 1] < yHi) n = pushY(n, ad[k + 1]);
  for (let k = 0; k < b.count * 4; k += 2) if (bd[k + 1] > yLo && bd[k + 1] < yHi) n = pushY(n, bd[k + 1]);
  for (let i = 0; i < a.count * 4; i += 4) {
    const ax = ad[i],
      ay = ad[i + 1],
      dax = ad[i + 2] - ax,
      day = ad[i + 3] - ay;
    const aMinX = Math.min(ax, ad[i + 2]),
      aMaxX = Math.max(ax, ad[i + 2]);
    const aMinY = Math.min(ay, ad[i + 3]),
      aMaxY = Math.max(ay, ad[i + 3]);
    for (let j = 0; j < b.count * 4; j += 4) {
      const bx = bd[j],
        by = bd[j + 1],
        bx1 = bd[j + 2],
        by1 = bd[j + 3];
      if ((bx > aMaxX && bx1 > aMaxX) || (bx < aMinX && bx1 < aMinX)) continue;
      if ((by > aMaxY && by1 > aMaxY) || (by < aMinY && by1 < aMinY)) continue;
      const dbx = bx1 - bx,
        dby = by1 - by;
      const den = dax * dby - day * dbx;
      if (den === 0) continue; // parallel: any overlap ends at vertices, already events
      const t = ((bx - ax) * dby - (by - ay) * dbx) / den;
      if (t <= 0 || t >= 1) continue;
      const u = ((bx - ax) * day - (by - ay) * dax) / den;
      if (u <= 0 || u >= 1) continue;
      const y = ay + t * day;
      if (y > yLo && y < yHi) n = pushY(n, y);
    }
  }
  sortPrefix(ys, n);
  const events = ys;
  let area = 0;
  for (let k = 0; k + 1 < n; k++) {
    const y0 = events[k],
      y1 = events[k + 1];
    if (!(y1 > y0)) continue;
    const ym = (y0 + y1) / 2;
    xsA = crossings(a, ym, xsA);
    xsB = crossings(b, ym, xsB);
    area += overlapLength(xsA, xsB) * (y1 - y0);
  }
  return area;
}

/** True when some edge's bbox meets the box [x0, x1] x [y0, y1] (a conservative "may cross it"). */
export function edgesMeetBox(e: EdgeList, x0: number, y0: number, x1: number, y1: number): boolean {
  const d = e.data;
  for (let k = 0; k < e.count * 4; k += 4) {
    const ax = d[k],
      ay = d[k + 1],
      bx = d[k + 2],
      by = d[k + 3];
    if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
    return true;
  }
  return false;
}

/** Odd number of edges straddling the line at height y (half-open): inside, when all of them lie to one side. */
export function crossingParity(e: EdgeList, y: number): boolean {
  const d = e.data;
  let odd = false;
  for (let k = 0; k < e.count * 4; k += 4) if (d[k + 1] > y !== d[k + 3] > y) odd = !odd;
  return odd;
}
