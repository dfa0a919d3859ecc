// Packed polygon ranges decoded separately (e.g. by several workers) joined back into one layer.
import type { PackedPolygons } from '../core/geom/packed';
import type { FgbPolygonRange } from './flatgeobufColumns';
import { CategoryTable } from './categoryTable';

/** Concatenates ranges decoded in order (e.g. by several workers) into one layer; category tables merge in first-seen order. */
export function mergePolygonRanges(parts: FgbPolygonRange[]): FgbPolygonRange {
  const sum = (f: (p: FgbPolygonRange) => number) => parts.reduce((s, p) => s + f(p), 0);
  const nF = sum((p) => p.sourceIndex.length);
  const nPoly = sum((p) => p.packed.polyRingStart.length - 1);
  const nRing = sum((p) => p.packed.ringStart.length - 1);
  const out: PackedPolygons = {
    coords: new Float64Array(sum((p) => p.packed.coords.length)),
    ringStart: new Uint32Array(nRing + 1),
    polyRingStart: new Uint32Array(nPoly + 1),
    featurePolyStart: new Uint32Array(nF + 1),
    bbox: new Float64Array(4 * nF),
    ids: [],
  };
  const sourceIndex = new Uint32Array(nF);
  const first = parts[0];
  const numbers = Object.fromEntries(Object.keys(first?.numbers ?? {}).map((k) => [k, new Float32Array(nF)]));
  const categories: FgbPolygonRange['categories'] = {};
  const tables = new Map<string, CategoryTable>();
  for (const k of Object.keys(first?.categories ?? {})) {
    const table = new CategoryTable();
    categories[k] = { index: new Uint16Array(nF), values: table.values };
    tables.set(k, table);
  }
  let f = 0,
    poly = 0,
    ring = 0,
    vert = 0;
  for (const p of parts) {
    const q = p.packed;
    const n = p.sourceIndex.length;
    out.coords.set(q.coords, 2 * vert);
    for (let i = 0; i < q.ringStart.length - 1; i++) out.ringStart[ring + i] = q.ringStart[i] + vert;
    for (let i = 0; i < q.polyRingStart.length - 1; i++) out.polyRingStart[poly + i] = q.polyRingStart[i] + ring;
    for (let i = 0; i < n; i++) out.featurePolyStart[f + i] = q.featurePolyStart[i] + poly;
    out.bbox.set(q.bbox, 4 * f);
    for (const id of q.ids) out.ids.push(id);
    sourceIndex.set(p.sourceIndex, f);
    for (const k of Object.keys(numbers)) numbers[k].set(p.numbers[k], f);
    for (const [k, table] of tables) {
      const { index, values } = p.categories[k];
      const remap = values.map((value) => table.indexOf(value));
      for (let i = 0; i < n; i++) categories[k].index[f + i] = remap[index[i]];
    }
    f += n;
    poly += q.polyRingStart.length - 1;
    ring += q.ringStart.length - 1;
    vert += q.coords.length >> 1;
  }
  out.ringStart[nRing] = vert;
  out.polyRingStart[nPoly] = nRing;
  out.featurePolyStart[nF] = nPoly;
  return { packed: out, sourceIndex, problems: parts.flatMap((p) => p.problems), numbers, categories };
}
