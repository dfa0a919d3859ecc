// Columnar polygons and lines: every coordinate in one Float64Array, rings and parts by offsets,
// so a layer of a million features is a handful of transferable buffers.

/** Polygons (MultiPolygon features hold several) with holes; rings are stored open (no repeated first vertex). */
export interface PackedPolygons {
  /** x,y interleaved: lon/lat degrees or projected metres. */
  coords: Float64Array;
  /** Vertex offset of each ring, plus a final sentinel. */
  ringStart: Uint32Array;
  /** Ring offset of each polygon (its first ring is the outer one), plus a final sentinel. */
  polyRingStart: Uint32Array;
  /** Polygon offset of each feature, plus a final sentinel. */
  featurePolyStart: Uint32Array;
  /** minX, minY, maxX, maxY per feature. */
  bbox: Float64Array;
  ids: string[];
}

/** Lines (MultiLineString features hold several parts). */
export interface PackedLines {
  coords: Float64Array;
  /** Vertex offset of each part, plus a final sentinel. */
  partStart: Uint32Array;
  /** Part offset of each feature, plus a final sentinel. */
  featurePartStart: Uint32Array;
  bbox: Float64Array;
  ids: string[];
}

export function featureCount(p: PackedPolygons | PackedLines): number {
  return p.ids.length;
}

/** The buffers of a packed layer, for Comlink.transfer / postMessage transfer lists. */
export function packedBuffers(p: PolygonBuffers | PackedLines): ArrayBuffer[] {
  const arrays =
    'ringStart' in p
      ? [p.coords, p.ringStart, p.polyRingStart, p.featurePolyStart, p.bbox]
      : [p.coords, p.partStart, p.featurePartStart, p.bbox];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** The features at `indices` (in that order) as a new PackedPolygons. */
export function selectPolygons(p: PackedPolygons, indices: ArrayLike<number>): PackedPolygons {
  let polys = 0,
    rings = 0,
    verts = 0;
  for (let k = 0; k < indices.length; k++) {
    const f = indices[k];
    const p0 = p.featurePolyStart[f],
      p1 = p.featurePolyStart[f + 1];
    polys += p1 - p0;
    rings += p.polyRingStart[p1] - p.polyRingStart[p0];
    verts += p.ringStart[p.polyRingStart[p1]] - p.ringStart[p.polyRingStart[p0]];
  }
  const out: PackedPolygons = {
    coords: new Float64Array(verts * 2),
    ringStart: new Uint32Array(rings + 1),
    polyRingStart: new Uint32Array(polys + 1),
    featurePolyStart: new Uint32Array(indices.length + 1),
    bbox: new Float64Array(indices.length * 4),
    ids: new Array<string>(indices.length),
  };
  let po = 0,
    ro = 0,
    vo = 0;
  for (let k = 0; k < indices.length; k++) {
    const f = indices[k];
    out.featurePolyStart[k] = po;
    out.ids[k] = p.ids[f];
    out.bbox.set(p.bbox.subarray(4 * f, 4 * f + 4), 4 * k);
    for (let q = p.featurePolyStart[f]; q < p.featurePolyStart[f + 1]; q++) {
      out.polyRingStart[po++] = ro;
      for (let r = p.polyRingStart[q]; r < p.polyRingStart[q + 1]; r++) {
        out.ringStart[ro++] = vo;
        const v0 = p.ringStart[r],
          v1 = p.ringStart[r + 1];
        out.coords.set(p.coords.subarray(2 * v0, 2 * v1), 2 * vo);
        vo += v1 - v0;
      }
    }
  }
  out.featurePolyStart[indices.length] = po;
  out.polyRingStart[polys] = ro;
  out.ringStart[rings] = vo;
  return out;
}

/** The same polygons with their coordinates replaced (e.g. projected to metres); bboxes recomputed. */
export function withCoords(p: PackedPolygons, coords: Float64Array): PackedPolygons {
  const bbox = new Float64Array(p.ids.length * 4);
  for (let f = 0; f < p.ids.length; f++) {
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    const v0 = p.ringStart[p.polyRingStart[p.featurePolyStart[f]]];
    const v1 = p.ringStart[p.polyRingStart[p.featurePolyStart[f + 1]]];
    for (let v = v0; v < v1; v++) {
      const x = coords[2 * v],
        y = coords[2 * v + 1];
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    bbox[4 * f] = minX;
    bbox[4 * f + 1] = minY;
    bbox[4 * f + 2] = maxX;
    bbox[4 * f + 3] = maxY;
  }
  return { ...p, coords, bbox };
}

/** The geometry of packed polygons without their ids: what a worker needs to work by feature index. */
export type PolygonBuffers = Omit<PackedPolygons, 'ids'>;

/** A copy of the geometry with buffers of its own, e.g. to transfer to a worker while keeping the original. */
export function copyPolygonBuffers(p: PolygonBuffers): PolygonBuffers {
  return {
    coords: p.coords.slice(),
    ringStart: p.ringStart.slice(),
    polyRingStart: p.polyRingStart.slice(),
    featurePolyStart: p.featurePolyStart.slice(),
    bbox: p.bbox.slice(),
  };
}

/** Buffers from copyPolygonBuffers as PackedPolygons whose ids are the feature indices' placeholders (''). */
export function anonymousPolygons(p: PolygonBuffers): PackedPolygons {
  return { ...p, ids: new Array<string>(p.featurePolyStart.length - 1).fill('') };
}
