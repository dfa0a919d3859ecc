// The far view's pipeline network as a few batches of line segments, one kind per batch: earth-centred positions at
// each pipe's depth (cover depth varying linearly along the feature, down to its bottom) and vertex pairs, built off
// the page (dem worker) so the page draws each batch as one geometry instead of one instance per part.
import type { DrapedLines } from '../geom/drape';
import { geodeticToEcef } from './enu';
import { PIPELINE_KINDS, pipelineKindOf } from '../pipes/cjj61';

/** What the batcher reads of a pipelines layer (LinesData's columns). */
export interface PipeLineColumns {
  /** Part offset of each feature, plus a sentinel (parts as in `draped`). */
  featurePartStart: Uint32Array;
  categoryIndex: Uint16Array;
  /** The kind column's values (normalised with pipelineKindOf). */
  categories: string[];
  /** Diameter or section width, millimetres; NaN if absent. */
  sizeMm: Float32Array;
  startDepthM: Float32Array;
  endDepthM: Float32Array;
}

export interface PipeLineBatches {
  /** Earth-centred metres, x y z per vertex. */
  positionsM: Float64Array;
  /** Vertex pairs (one segment each), relative to their batch's first vertex. */
  indices: Uint32Array;
  /** PIPELINE_KINDS index of each batch. */
  batchKind: Uint8Array;
  /** First vertex and first index of each batch, plus a sentinel. */
  batchVertexStart: Uint32Array;
  batchIndexStart: Uint32Array;
}

export const DEFAULT_PIPE_DEPTH_M = 1.5;
const M_PER_DEG = 111_320;
/** Features are ordered along a Z-curve of cells this size, so a batch covers one district and culls with it. */
const ORDER_CELL_DEG = 0.01;

/** Interleaves the low 16 bits of x and y (a Z-order key). */
function zOrder(x: number, y: number): number {
  let key = 0;
  for (let b = 0; b < 16; b++) key += ((x >> b) & 1) * 2 ** (2 * b) + ((y >> b) & 1) * 2 ** (2 * b + 1);
  return key;
}

/** The batches: features grouped by kind, in Z-order within a kind, a new batch once one passes `maxVertices`. */
export function pipeLineBatches(draped: DrapedLines, columns: PipeLineColumns, maxVertices: number): PipeLineBatches {
  const { coords, partStart } = draped;
  const { featurePartStart, categoryIndex, categories, sizeMm, startDepthM, endDepthM } = columns;
  const features = featurePartStart.length - 1;
  const kindOfCategory = categories.map((c) => PIPELINE_KINDS.indexOf(pipelineKindOf(c)));
  const vertexOf = (f: number) => partStart[featurePartStart[f]];
  const key = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    const v = vertexOf(f);
    const cell =
      v < coords.length / 3 ? zOrder(Math.floor(coords[3 * v] / ORDER_CELL_DEG), Math.floor(coords[3 * v + 1] / ORDER_CELL_DEG)) : 0;
    key[f] = kindOfCategory[categoryIndex[f]] * 2 ** 32 + cell;
  }
  const order = Uint32Array.from({ length: features }, (_, f) => f).sort((a, b) => key[a] - key[b]);

  const totalVertices = partStart[featurePartStart[features]] - partStart[featurePartStart[0]];
  const totalSegments = totalVertices - (partStart.length - 1);
  const positionsM = new Float64Array(3 * totalVertices);
  const indices = new Uint32Array(2 * Math.max(0, totalSegments));
  const batchKind: number[] = [];
  const batchVertexStart: number[] = [];
  const batchIndexStart: number[] = [];
  let vOut = 0,
    iOut = 0;
  const stepM = (v: number) =>
    Math.hypot(
      (coords[3 * v] - coords[3 * v - 3]) * M_PER_DEG * Math.cos((coords[3 * v + 1] * Math.PI) / 180),
      (coords[3 * v + 1] - coords[3 * v - 2]) * M_PER_DEG,
    );
  for (const f of order) {
    const p0 = featurePartStart[f],
      p1 = featurePartStart[f + 1];
    const vertices = partStart[p1] - partStart[p0];
    if (vertices === 0) continue;
    const kind = kindOfCategory[categoryIndex[f]];
    const batch = batchKind.length - 1;
    if (batch < 0 || batchKind[batch] !== kind || vOut - batchVertexStart[batch] + vertices > maxVertices) {
      batchKind.push(kind);
      batchVertexStart.push(vOut);
      batchIndexStart.push(iOut);
    }
    const base = batchVertexStart[batchVertexStart.length - 1];
    const d0 = Number.isFinite(startDepthM[f]) ? startDepthM[f] : DEFAULT_PIPE_DEPTH_M;
    const d1 = Number.isFinite(endDepthM[f]) ? endDepthM[f] : d0;
    const radiusM = Number.isFinite(sizeMm[f]) ? sizeMm[f] / 2000 : 0.1;
    // Cover depth varies linearly with distance along the whole feature, from start to end.
    let totalM = 0;
    for (let p = p0; p < p1; p++) for (let v = partStart[p] + 1; v < partStart[p + 1]; v++) totalM += stepM(v);
    let alongM = 0;
    for (let p = p0; p < p1; p++) {
      for (let v = partStart[p]; v < partStart[p + 1]; v++) {
        if (v > partStart[p]) {
          alongM += stepM(v);
          indices[iOut++] = vOut - 1 - base;
          indices[iOut++] = vOut - base;
        }
        const t = totalM > 0 ? alongM / totalM : 0;
        geodeticToEcef(coords[3 * v], coords[3 * v + 1], coords[3 * v + 2] - (d0 + (d1 - d0) * t) - radiusM, positionsM, 3 * vOut);
        vOut++;
      }
    }
  }
  batchVertexStart.push(vOut);
  batchIndexStart.push(iOut);
  return {
    positionsM: positionsM.subarray(0, 3 * vOut).slice(),
    indices: indices.subarray(0, iOut).slice(),
    batchKind: Uint8Array.from(batchKind),
    batchVertexStart: Uint32Array.from(batchVertexStart),
    batchIndexStart: Uint32Array.from(batchIndexStart),
  };
}

/** Every buffer of the batches, for a worker to transfer them. */
export function pipeLineBuffers(b: PipeLineBatches): ArrayBuffer[] {
  return [b.positionsM, b.indices, b.batchKind, b.batchVertexStart, b.batchIndexStart].map((a) => a.buffer as ArrayBuffer);
}
