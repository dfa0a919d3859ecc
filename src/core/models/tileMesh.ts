// One tile's triangles, merged per material (one primitive each) with vertices welded: equal position (to half a
// millimetre), normal (as its int8 encoding), uv (float32) and element become one vertex. A part without normals gets
// flat ones, one per face (its faces split at every edge; coplanar neighbours weld back together). Optional snapping
// to a grid is the far view's vertex clustering: triangles it collapses are dropped.
import { grow } from '../util/growable';

export interface TilePrimitive {
  material: number;
  /** x east, y north, z up metres in the tile's ENU frame. */
  positions: Float32Array;
  /** Unit normals, same frame. */
  normals: Float32Array;
  /** Texture coordinates, or null when no part of this material had them. */
  uvs: Float32Array | null;
  /** Row of the tile's element table, per vertex. */
  featureIds: Uint32Array;
  /** Storey index of the vertex's element, −1 for none. */
  storeys: Float32Array;
  indices: Uint32Array;
}

export interface TileMesh {
  primitives: TilePrimitive[];
  /** The model's element index of each table row (feature id), in first-seen order. */
  elements: Uint32Array;
  triangles: number;
}

/** Welding tolerance for positions, metres. */
const WELD_M = 0.0005;
const KEY = 7;

/** The welded vertices and triangles of one material. */
class MaterialBuffer {
  n = 0;
  t = 0;
  hasUvs = false;
  positions = new Float32Array(3 * 1024);
  normals = new Float32Array(3 * 1024);
  uvs = new Float32Array(2 * 1024);
  rows = new Uint32Array(1024);
  storeys = new Float32Array(1024);
  keys = new Int32Array(KEY * 1024);
  indices = new Uint32Array(3 * 1024);
  table = new Int32Array(4096).fill(-1);

  constructor(readonly material: number) {}

  /** The index of the vertex with these attributes, added when new. */
  vertex(x: number, y: number, z: number, nx: number, ny: number, nz: number, u: number, v: number, row: number, storey: number): number {
    const qx = Math.round(x / WELD_M),
      qy = Math.round(y / WELD_M),
      qz = Math.round(z / WELD_M);
    const qn = (Math.round(nx * 127) & 255) | ((Math.round(ny * 127) & 255) << 8) | ((Math.round(nz * 127) & 255) << 16);
    F32[0] = u;
    F32[1] = v;
    const qu = I32[0],
      qv = I32[1];
    let h = Math.imul(qx, 73856093) ^ Math.imul(qy, 19349663) ^ Math.imul(qz, 83492791) ^ Math.imul(qn, 2654435761) ^ Math.imul(row, 40503);
    h ^= Math.imul(qu, 1597334677) ^ Math.imul(qv, 3812015801);
    const mask = this.table.length - 1;
    const keys = this.keys;
    for (let slot = (h ^ (h >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const i = this.table[slot];
      if (i < 0) {
        this.table[slot] = this.n;
        break;
      }
      const k = KEY * i;
      if (
        keys[k] === qx &&
        keys[k + 1] === qy &&
        keys[k + 2] === qz &&
        keys[k + 3] === qn &&
        keys[k + 4] === row &&
        keys[k + 5] === qu &&
        keys[k + 6] === qv
      )
        return i;
    }
    const i = this.n++;
    if (i === this.rows.length) this.growVertices();
    const k = KEY * i;
    this.keys[k] = qx;
    this.keys[k + 1] = qy;
    this.keys[k + 2] = qz;
    this.keys[k + 3] = qn;
    this.keys[k + 4] = row;
    this.keys[k + 5] = qu;
    this.keys[k + 6] = qv;
    this.positions[3 * i] = x;
    this.positions[3 * i + 1] = y;
    this.positions[3 * i + 2] = z;
    this.normals[3 * i] = nx;
    this.normals[3 * i + 1] = ny;
    this.normals[3 * i + 2] = nz;
    this.uvs[2 * i] = u;
    this.uvs[2 * i + 1] = v;
    this.rows[i] = row;
    this.storeys[i] = storey;
    if (2 * this.n > this.table.length) this.rehash();
    return i;
  }

  triangle(a: number, b: number, c: number): void {
    if (a === b || b === c || a === c) return;
    if (3 * this.t + 3 > this.indices.length) this.indices = grow(this.indices);
    this.indices[3 * this.t] = a;
    this.indices[3 * this.t + 1] = b;
    this.indices[3 * this.t + 2] = c;
    this.t++;
  }

  private growVertices(): void {
    const n = 2 * this.rows.length;
    this.positions = grow(this.positions, 3 * n);
    this.normals = grow(this.normals, 3 * n);
    this.uvs = grow(this.uvs, 2 * n);
    this.rows = grow(this.rows, n);
    this.storeys = grow(this.storeys, n);
    this.keys = grow(this.keys, KEY * n);
  }

  private rehash(): void {
    const size = 2 * this.table.length;
    const table = new Int32Array(size).fill(-1);
    const keys = this.keys;
    for (let i = 0; i < this.n; i++) {
      const k = KEY * i;
      let h = Math.imul(keys[k], 73856093) ^ Math.imul(keys[k + 1], 19349663) ^ Math.imul(keys[k + 2], 83492791);
      h ^= Math.imul(keys[k + 3], 2654435761) ^ Math.imul(keys[k + 4], 40503);
      h ^= Math.imul(keys[k + 5], 1597334677) ^ Math.imul(keys[k + 6], 3812015801);
      let slot = (h ^ (h >>> 15)) & (size - 1);
      while (table[slot] >= 0) slot = (slot + 1) & (size - 1);
      table[slot] = i;
    }
    this.table = table;
  }

  finish(): TilePrimitive {
    return {
      material: this.material,
      positions: this.positions.slice(0, 3 * this.n),
      normals: this.normals.slice(0, 3 * this.n),
      uvs: this.hasUvs ? this.uvs.slice(0, 2 * this.n) : null,
      featureIds: this.rows.slice(0, this.n),
      storeys: this.storeys.slice(0, this.n),
      indices: this.indices.slice(0, 3 * this.t),
    };
  }
}

const F32 = new Float32Array(2);
const I32 = new Int32Array(F32.buffer);

/** Collects one tile's parts, each already in the tile's ENU frame, into welded per-material primitives. */
export class TileMeshBuilder {
  private readonly byMaterial = new Map<number, MaterialBuffer>();
  private readonly rowOf: Int32Array;
  private readonly elements: number[] = [];

  /** storeyOf[element] is the element's storey index, −1 for none. */
  constructor(private readonly storeyOf: Int32Array) {
    this.rowOf = new Int32Array(storeyOf.length).fill(-1);
  }

  /**
   * Adds triangles of one element in one material. `normals` null: flat per face. `snapM` > 0: positions snapped to
   * that grid first (vertex clustering), faces then flat.
   */
  add(
    element: number,
    material: number,
    positions: ArrayLike<number>,
    normals: ArrayLike<number> | null,
    uvs: ArrayLike<number> | null,
    indices: ArrayLike<number>,
    snapM = 0,
  ): void {
    let buffer = this.byMaterial.get(material);
    if (!buffer) this.byMaterial.set(material, (buffer = new MaterialBuffer(material)));
    if (uvs) buffer.hasUvs = true;
    let row = this.rowOf[element];
    if (row < 0) row = this.rowOf[element] = this.elements.push(element) - 1;
    const storey = this.storeyOf[element];
    const flat = normals === null || snapM > 0;
    const snap = (c: number) => (snapM > 0 ? Math.round(c / snapM) * snapM : c);
    const p = positions;
    const ids = [0, 0, 0];
    for (let t = 0; t < indices.length; t += 3) {
      const a = indices[t],
        b = indices[t + 1],
        c = indices[t + 2];
      let fx = 0,
        fy = 0,
        fz = 0;
      if (flat) {
        const ax = snap(p[3 * a]),
          ay = snap(p[3 * a + 1]),
          az = snap(p[3 * a + 2]);
        const ux = snap(p[3 * b]) - ax,
          uy = snap(p[3 * b + 1]) - ay,
          uz = snap(p[3 * b + 2]) - az;
        const vx = snap(p[3 * c]) - ax,
          vy = snap(p[3 * c + 1]) - ay,
          vz = snap(p[3 * c + 2]) - az;
        fx = uy * vz - uz * vy;
        fy = uz * vx - ux * vz;
        fz = ux * vy - uy * vx;
        const len = Math.hypot(fx, fy, fz);
        // No area, no face: nothing to draw and no normal to give it.
        if (!(len > 1e-12)) continue;
        fx /= len;
        fy /= len;
        fz /= len;
      }
      for (let k = 0; k < 3; k++) {
        const v = indices[t + k];
        const nx = flat ? fx : normals![3 * v],
          ny = flat ? fy : normals![3 * v + 1],
          nz = flat ? fz : normals![3 * v + 2];
        const u = uvs ? uvs[2 * v] : 0,
          w = uvs ? uvs[2 * v + 1] : 0;
        ids[k] = buffer.vertex(snap(p[3 * v]), snap(p[3 * v + 1]), snap(p[3 * v + 2]), nx, ny, nz, u, w, row, storey);
      }
      buffer.triangle(ids[0], ids[1], ids[2]);
    }
  }

  /** The tile's primitives in material order (empty ones left out) and its element rows. */
  finish(): TileMesh {
    const primitives: TilePrimitive[] = [];
    let triangles = 0;
    for (const material of [...this.byMaterial.keys()].sort((a, b) => a - b)) {
      const prim = this.byMaterial.get(material)!.finish();
      if (prim.indices.length === 0) continue;
      primitives.push(prim);
      triangles += prim.indices.length / 3;
    }
    return { primitives, elements: Uint32Array.from(this.elements), triangles };
  }
}
