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
export function packedBuffers(p: PackedPolygons | PackedLines): ArrayBuffer[] {
  const arrays = 'ringStart' in p
    ? [p.coords, p.ringStart, p.polyRingStart, p.featurePolyStart, p.bbox]
    : [p.coords, p.partStart, p.featurePartStart, p.bbox];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** Growable Float64 storage for builders. */
export class F64Builder {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Growable Uint32 storage for builders. */
export class U32Builder {
  data = new Uint32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
