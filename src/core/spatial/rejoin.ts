// Incremental re-join after L3 cells changed geometry: only points inside a changed cell's old or
// new bbox are located again; every other point keeps its cell (renumbered through oldToNew).
import { U32Builder } from '../util/growable';
import type { GridIndex } from './gridIndexLayout';
import { locateInRecord } from './locate';

export interface RejoinResult {
  /** Feature of each point in the new index, or -1: always equal to a full assignPoints with newIndex. */
  assignment: Int32Array;
  /** Points whose cell changed (a renumbered but unchanged cell is no change). */
  changed: Uint32Array;
  /** Points located again. */
  retested: number;
}

// Identity for the features both indexes have, -1 (removed) for old features beyond the new count.
function defaultMapping(oldCount: number, newCount: number): Int32Array {
  const m = new Int32Array(oldCount);
  for (let k = 0; k < oldCount; k++) m[k] = k < newCount ? k : -1;
  return m;
}

function checkMapping(oldToNew: Int32Array, oldCount: number, newCount: number): void {
  if (oldToNew.length !== oldCount) throw new Error(`rejoin: oldToNew has ${oldToNew.length} entries, the old index ${oldCount} features`);
  let last = -1;
  for (let k = 0; k < oldCount; k++) {
    const j = oldToNew[k];
    if (j < 0) continue;
    // Order matters: on overlaps and outer corners the lowest feature index wins.
    if (j <= last || j >= newCount) throw new Error(`rejoin: oldToNew must be increasing into [0, ${newCount}); entry ${k} is ${j}`);
    last = j;
  }
}

function sameGeometry(a: GridIndex, fa: number, b: GridIndex, fb: number): boolean {
  const pa = a.featurePolyStart[fa],
    pb = b.featurePolyStart[fb];
  const np = a.featurePolyStart[fa + 1] - pa;
  if (np !== b.featurePolyStart[fb + 1] - pb) return false;
  const ra = a.polyRingStart[pa],
    rb = b.polyRingStart[pb];
  const nr = a.polyRingStart[pa + np] - ra;
  if (nr !== b.polyRingStart[pb + np] - rb) return false;
  for (let p = 0; p <= np; p++) if (a.polyRingStart[pa + p] - ra !== b.polyRingStart[pb + p] - rb) return false;
  const va = a.ringStart[ra],
    vb = b.ringStart[rb];
  for (let r = 0; r <= nr; r++) if (a.ringStart[ra + r] - va !== b.ringStart[rb + r] - vb) return false;
  const nv = a.ringStart[ra + nr] - va;
  for (let i = 0; i < nv * 2; i++) if (a.coords[va * 2 + i] !== b.coords[vb * 2 + i]) return false;
  return true;
}

function pushFeatureBox(boxes: number[], index: GridIndex, f: number): void {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let p = index.featurePolyStart[f]; p < index.featurePolyStart[f + 1]; p++) {
    x0 = Math.min(x0, index.polyBbox[p * 4]);
    y0 = Math.min(y0, index.polyBbox[p * 4 + 1]);
    x1 = Math.max(x1, index.polyBbox[p * 4 + 2]);
    y1 = Math.max(y1, index.polyBbox[p * 4 + 3]);
  }
  if (x0 <= x1) boxes.push(x0, y0, x1, y1);
}

/** Bboxes (minX, minY, maxX, maxY each) of every feature removed, added or reshaped between two indexes. */
export function changedCellBoxes(oldIndex: GridIndex, newIndex: GridIndex, oldToNew?: Int32Array): Float64Array {
  const map = oldToNew ?? defaultMapping(oldIndex.featureCount, newIndex.featureCount);
  checkMapping(map, oldIndex.featureCount, newIndex.featureCount);
  const boxes: number[] = [];
  const kept = new Uint8Array(newIndex.featureCount);
  for (let k = 0; k < oldIndex.featureCount; k++) {
    const j = map[k];
    if (j >= 0) kept[j] = 1;
    if (j >= 0 && sameGeometry(oldIndex, k, newIndex, j)) continue;
    pushFeatureBox(boxes, oldIndex, k);
    if (j >= 0) pushFeatureBox(boxes, newIndex, j);
  }
  for (let j = 0; j < newIndex.featureCount; j++) if (!kept[j]) pushFeatureBox(boxes, newIndex, j);
  return Float64Array.from(boxes);
}

/** Re-join after cell edits: points in changed cells' old or new bboxes are located again in newIndex. */
export function rejoin(
  oldIndex: GridIndex,
  newIndex: GridIndex,
  xyM: Float64Array,
  previous: Int32Array,
  oldToNew?: Int32Array,
): RejoinResult {
  const map = oldToNew ?? defaultMapping(oldIndex.featureCount, newIndex.featureCount);
  return rejoinInBoxes(newIndex, xyM, previous, changedCellBoxes(oldIndex, newIndex, map), map);
}

/** Re-join given the changed regions directly (boxes from changedCellBoxes or from the edit itself). */
export function rejoinInBoxes(
  newIndex: GridIndex,
  xyM: Float64Array,
  previous: Int32Array,
  boxesM: Float64Array,
  oldToNew: Int32Array,
  result?: Int32Array,
): RejoinResult {
  checkMapping(oldToNew, oldToNew.length, newIndex.featureCount);
  const n = xyM.length >> 1;
  const out = result ?? new Int32Array(n);
  const { minX, minY, maxX, maxY, nCols, nRows, cellValue, marginM: m } = newIndex;
  const inv = 1 / newIndex.cellSizeM;
  // Raster cells under any changed box (slightly grown, so floor() rounding never misses one).
  const dirty = new Uint8Array(nCols * nRows);
  for (let b = 0; b + 3 < boxesM.length; b += 4) {
    if (boxesM[b + 2] < minX - m || boxesM[b] > maxX + m || boxesM[b + 3] < minY - m || boxesM[b + 1] > maxY + m) continue;
    const c0 = Math.max(0, Math.floor((boxesM[b] - m - minX) * inv)),
      c1 = Math.min(nCols - 1, Math.floor((boxesM[b + 2] + m - minX) * inv));
    const r0 = Math.max(0, Math.floor((boxesM[b + 1] - m - minY) * inv)),
      r1 = Math.min(nRows - 1, Math.floor((boxesM[b + 3] + m - minY) * inv));
    for (let r = r0; r <= r1; r++) dirty.fill(1, r * nCols + c0, r * nCols + c1 + 1);
  }
  const changed = new U32Builder();
  let retested = 0;
  for (let i = 0; i < n; i++) {
    const prev = previous[i];
    const mapped = prev >= 0 && prev < oldToNew.length ? oldToNew[prev] : -1;
    const x = xyM[i * 2],
      y = xyM[i * 2 + 1];
    let next = -1;
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
      let col = ((x - minX) * inv) | 0;
      let row = ((y - minY) * inv) | 0;
      if (col >= nCols) col = nCols - 1;
      if (row >= nRows) row = nRows - 1;
      const cell = row * nCols + col;
      if (dirty[cell]) {
        retested++;
        const v = cellValue[cell];
        next = v > -2 ? v : locateInRecord(newIndex, -2 - v, x, y);
      } else {
        next = mapped;
      }
    }
    out[i] = next;
    if (next !== mapped) changed.push(i);
  }
  return { assignment: out, changed: changed.finish(), retested };
}
