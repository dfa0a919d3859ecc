// Every grid corner, indexed by the plan line it lies on, so shared edges carry the same vertices on both sides.
import type { PlanLine, Rect } from './grid';

/** Sorted node positions per horizontal line (keyed by y) and per vertical line (keyed by x). */
export class NodeIndex {
  private readonly h = new Map<number, number[]>();
  private readonly v = new Map<number, number[]>();
  private frozen = false;

  addRect(r: Rect): void {
    this.add(this.h, r.y0, r.x0);
    this.add(this.h, r.y0, r.x1);
    this.add(this.h, r.y1, r.x0);
    this.add(this.h, r.y1, r.x1);
    this.add(this.v, r.x0, r.y0);
    this.add(this.v, r.x0, r.y1);
    this.add(this.v, r.x1, r.y0);
    this.add(this.v, r.x1, r.y1);
  }

  private add(map: Map<number, number[]>, key: number, pos: number): void {
    if (this.frozen) throw new Error('NodeIndex is frozen');
    const list = map.get(key);
    if (list) list.push(pos);
    else map.set(key, [pos]);
  }

  /** Sorts and de-duplicates; call once after adding every rectangle. */
  freeze(): void {
    for (const map of [this.h, this.v]) {
      for (const [key, list] of map) {
        list.sort((p, q) => p - q);
        map.set(
          key,
          list.filter((p, i) => i === 0 || p !== list[i - 1]),
        );
      }
    }
    this.frozen = true;
  }

  /** Node positions on a line within [a, b], ascending; always includes a and b. */
  along(horizontal: boolean, c: number, a: number, b: number): number[] {
    const list = (horizontal ? this.h : this.v).get(c) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < a) lo = mid + 1;
      else hi = mid;
    }
    const out = [a];
    for (let i = lo; i < list.length && list[i] <= b; i++) if (list[i] > a && list[i] < b) out.push(list[i]);
    out.push(b);
    return out;
  }

  /** Closed counter-clockwise plan ring of a rectangle with every node on its edges: x,y,x,y… */
  rectRing(r: Rect): number[] {
    const out: number[] = [];
    for (const x of this.along(true, r.y0, r.x0, r.x1)) out.push(x, r.y0);
    const right = this.along(false, r.x1, r.y0, r.y1);
    for (let i = 1; i < right.length; i++) out.push(r.x1, right[i]);
    const top = this.along(true, r.y1, r.x0, r.x1);
    for (let i = top.length - 2; i >= 0; i--) out.push(top[i], r.y1);
    const left = this.along(false, r.x0, r.y0, r.y1);
    for (let i = left.length - 2; i >= 0; i--) out.push(r.x0, left[i]);
    return out;
  }

  /** Plan points of a line piece with every node on it: x,y,x,y… */
  linePoints(line: PlanLine): number[] {
    const out: number[] = [];
    for (const p of this.along(line.horizontal, line.c, line.a, line.b)) {
      if (line.horizontal) out.push(p, line.c);
      else out.push(line.c, p);
    }
    return out;
  }
}
