// Vertex and index storage for meshes of unknown size, grown by doubling and written straight into typed arrays.
import { grow } from '../util/growable';
import type { FeatureMesh } from './mesh';

/** Growable vertex and index storage, written straight into typed arrays. */
export class MeshBuilder {
  positions = new Float32Array(3 * 4096);
  normals = new Float32Array(3 * 4096);
  featureIds = new Uint32Array(4096);
  indices = new Uint32Array(3 * 4096);
  vertexCount = 0;
  indexCount = 0;
  featureId = 0;

  vertex(x: number, y: number, z: number, nx: number, ny: number, nz: number): void {
    const v = this.vertexCount;
    if (v === this.featureIds.length) {
      this.positions = grow(this.positions);
      this.normals = grow(this.normals);
      this.featureIds = grow(this.featureIds);
    }
    this.positions[3 * v] = x;
    this.positions[3 * v + 1] = y;
    this.positions[3 * v + 2] = z;
    this.normals[3 * v] = nx;
    this.normals[3 * v + 1] = ny;
    this.normals[3 * v + 2] = nz;
    this.featureIds[v] = this.featureId;
    this.vertexCount = v + 1;
  }

  triangle(a: number, b: number, c: number): void {
    if (this.indexCount + 3 > this.indices.length) this.indices = grow(this.indices);
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = b;
    this.indices[this.indexCount++] = c;
  }

  finish(): FeatureMesh {
    const v = this.vertexCount;
    return {
      positions: this.positions.slice(0, 3 * v),
      normals: this.normals.slice(0, 3 * v),
      featureIds: this.featureIds.slice(0, v),
      indices: this.indices.slice(0, this.indexCount),
    };
  }
}
