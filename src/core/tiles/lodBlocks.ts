// Far-view content of inner tiles: the subtree's buildings merged into blocks. Their footprints are
// binned on a grid × grid raster of the tile's extent; each occupied raster cell becomes one box over
// the union of its buildings' bboxes, as high as their footprint-area-weighted mean height, in their
// most common use. From afar a city reads as its massing, not as its few tallest towers.
import type { PackedPolygons } from '../geom/packed';
import type { BuildingColumns } from './buildingTable';
import { DEG, M_PER_DEG } from './enu';

export interface MergedBlocks {
  /** One counter-clockwise 4-vertex ring per block, ids `${idPrefix}${k}`. */
  polygons: PackedPolygons;
  heightM: Float32Array;
  baseM: Float32Array;
  useIndex: Uint16Array;
  /** Buildings merged into each block. */
  buildings: Uint32Array;
  /** Diagonal of one raster cell, m: how far a block's outline may stray from its buildings'. */
  cellDiagonalM: number;
}

/** Blocks of `members` (indices into `input`); `areaM2[f]` is building f's footprint area. */
export function mergedBlocks(
  input: BuildingColumns,
  members: ArrayLike<number>,
  areaM2: ArrayLike<number>,
  grid: number,
  idPrefix: string,
): MergedBlocks {
  const b = input.polygons.bbox;
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (let k = 0; k < members.length; k++) {
    const f = members[k];
    w = Math.min(w, b[4 * f]);
    s = Math.min(s, b[4 * f + 1]);
    e = Math.max(e, b[4 * f + 2]);
    n = Math.max(n, b[4 * f + 3]);
  }
  const cw = Math.max((e - w) / grid, 1e-9),
    ch = Math.max((n - s) / grid, 1e-9);
  const cells = grid * grid;
  const box = new Float64Array(4 * cells).fill(NaN);
  const base = new Float64Array(cells).fill(Infinity);
  const areaSum = new Float64Array(cells),
    heightArea = new Float64Array(cells);
  const count = new Uint32Array(cells);
  const nUse = Math.max(1, input.useCodes.length);
  const useVotes = new Float64Array(cells * nUse);
  for (let k = 0; k < members.length; k++) {
    const f = members[k];
    const i = Math.min(grid - 1, Math.floor((0.5 * (b[4 * f] + b[4 * f + 2]) - w) / cw));
    const j = Math.min(grid - 1, Math.floor((0.5 * (b[4 * f + 1] + b[4 * f + 3]) - s) / ch));
    const c = j * grid + i;
    if (count[c]++ === 0) box.set(b.subarray(4 * f, 4 * f + 4), 4 * c);
    else {
      box[4 * c] = Math.min(box[4 * c], b[4 * f]);
      box[4 * c + 1] = Math.min(box[4 * c + 1], b[4 * f + 1]);
      box[4 * c + 2] = Math.max(box[4 * c + 2], b[4 * f + 2]);
      box[4 * c + 3] = Math.max(box[4 * c + 3], b[4 * f + 3]);
    }
    const a = Math.max(areaM2[f], 1e-6);
    base[c] = Math.min(base[c], input.baseM[f]);
    areaSum[c] += a;
    heightArea[c] += a * input.heightM[f];
    useVotes[c * nUse + input.useIndex[f]] += a;
  }
  let k = 0;
  for (let c = 0; c < cells; c++) if (count[c]) k++;
  const coords = new Float64Array(8 * k),
    bbox = new Float64Array(4 * k);
  const ringStart = new Uint32Array(k + 1),
    polyRingStart = new Uint32Array(k + 1),
    featurePolyStart = new Uint32Array(k + 1);
  const ids = new Array<string>(k);
  const heightM = new Float32Array(k),
    baseM = new Float32Array(k),
    useIndex = new Uint16Array(k),
    buildings = new Uint32Array(k);
  let o = 0;
  for (let c = 0; c < cells; c++) {
    if (!count[c]) continue;
    const [x0, y0, x1, y1] = box.subarray(4 * c, 4 * c + 4);
    coords.set([x0, y0, x1, y0, x1, y1, x0, y1], 8 * o);
    bbox.set([x0, y0, x1, y1], 4 * o);
    ringStart[o + 1] = 4 * (o + 1);
    polyRingStart[o + 1] = o + 1;
    featurePolyStart[o + 1] = o + 1;
    ids[o] = `${idPrefix}${o}`;
    heightM[o] = heightArea[c] / areaSum[c];
    baseM[o] = base[c];
    let bestUse = 0;
    for (let u = 1; u < nUse; u++) if (useVotes[c * nUse + u] > useVotes[c * nUse + bestUse]) bestUse = u;
    useIndex[o] = bestUse;
    buildings[o] = count[c];
    o++;
  }
  const midLat = 0.5 * (s + n) * DEG;
  const cellDiagonalM = Math.hypot(cw * M_PER_DEG * Math.cos(midLat), ch * M_PER_DEG);
  return {
    polygons: { coords, ringStart, polyRingStart, featurePolyStart, bbox, ids },
    heightM,
    baseM,
    useIndex,
    buildings,
    cellDiagonalM,
  };
}

/** Rows `a` then rows `b` of two single-ring polygon sets (boxes), as one set. */
export function concatBoxes(a: PackedPolygons, b: PackedPolygons): PackedPolygons {
  const na = a.ids.length,
    nb = b.ids.length,
    n = na + nb;
  const coords = new Float64Array(a.coords.length + b.coords.length);
  coords.set(a.coords);
  coords.set(b.coords, a.coords.length);
  const bbox = new Float64Array(4 * n);
  bbox.set(a.bbox.subarray(0, 4 * na));
  bbox.set(b.bbox.subarray(0, 4 * nb), 4 * na);
  const vertsA = a.ringStart[a.ringStart.length - 1];
  const ringStart = new Uint32Array(n + 1),
    polyRingStart = new Uint32Array(n + 1),
    featurePolyStart = new Uint32Array(n + 1);
  ringStart.set(a.ringStart.subarray(0, na + 1));
  for (let k = 1; k <= nb; k++) ringStart[na + k] = vertsA + b.ringStart[k];
  for (let k = 0; k <= n; k++) polyRingStart[k] = featurePolyStart[k] = k;
  return { coords, ringStart, polyRingStart, featurePolyStart, bbox, ids: [...a.ids, ...b.ids] };
}
