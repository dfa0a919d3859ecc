// One IFC element's triangles from web-ifc as ModelParts, one per colour. web-ifc hands each placed geometry's
// vertices (x, y, z, nx, ny, nz; file units, near the geometry's centre) with a column-major 4×4 that places them in
// its Y-up world (X, Y, Z) = (x, z, −y) of the model: this undoes that turn and converts to metres, in doubles.
import type { IfcAPI } from 'web-ifc';
import type { ModelMaterial, ModelPart } from '../../core/models/model';

/** The materials of a model, one per distinct colour (web-ifc gives a colour, not a material, per geometry). */
export class IfcColourTable {
  readonly materials: ModelMaterial[] = [];
  private readonly byKey = new Map<string, number>();

  /** The material index of a web-ifc colour (sRGB display values, w = opacity). */
  indexOf(c: { x: number; y: number; z: number; w: number }): number {
    const bytes = [c.x, c.y, c.z, c.w].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
    const key = bytes.join(',');
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.materials.length;
      const hex = bytes
        .slice(0, 3)
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      const color: [number, number, number, number] = [srgbToLinear(c.x), srgbToLinear(c.y), srgbToLinear(c.z), bytes[3] / 255];
      this.materials.push({ name: `#${hex}${bytes[3] < 255 ? ` ${Math.round((bytes[3] / 255) * 100)}%` : ''}`, color });
      this.byKey.set(key, i);
    }
    return i;
  }
}

function srgbToLinear(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

interface Chunk {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

/** Largest |coordinate| in metres seen so far (Float32 positions lose millimetres beyond ~100 km). */
export interface Extent {
  maxAbsM: number;
}

/** The element's parts (empty when web-ifc produced no triangles), merged by colour. */
export function elementParts(
  api: IfcAPI,
  modelID: number,
  expressID: number,
  element: number,
  metresPerUnit: number,
  colours: IfcColourTable,
  extent: Extent,
): ModelPart[] {
  const byMaterial = new Map<number, Chunk[]>();
  const mesh = api.GetFlatMesh(modelID, expressID, false);
  try {
    const placed = mesh.geometries;
    for (let i = 0; i < placed.size(); i++) {
      const pg = placed.get(i);
      const geometry = api.GetGeometry(modelID, pg.geometryExpressID);
      try {
        const v = api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
        const ix = api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
        if (ix.length < 3) continue;
        const chunk = placeChunk(v, ix, pg.flatTransformation, metresPerUnit, extent);
        const material = colours.indexOf(pg.color);
        byMaterial.set(material, [...(byMaterial.get(material) ?? []), chunk]);
      } finally {
        geometry.delete();
      }
    }
  } finally {
    // web-ifc 0.0.78's FlatMesh is a plain object (no delete(), whatever its .d.ts says); its vector is wasm memory.
    (mesh.geometries as { delete?: () => void }).delete?.();
  }
  const parts: ModelPart[] = [];
  for (const [material, chunks] of byMaterial) parts.push({ element, material, ...concat(chunks) });
  return parts;
}

/** Vertices through web-ifc's placement, back to the model's Z-up frame, in metres; winding kept outward. */
function placeChunk(v: Float32Array, ix: Uint32Array, f: number[], k: number, extent: Extent): Chunk {
  // Rows of the model-frame linear map: model x = X, y = −Z, z = Y of web-ifc's world.
  const a = f[0],
    b = f[4],
    c = f[8];
  const d = -f[2],
    e = -f[6],
    g = -f[10];
  const h = f[1],
    i = f[5],
    j = f[9];
  const tx = f[12],
    ty = -f[14],
    tz = f[13];
  // Normals go through the cofactor matrix (the inverse transpose times the determinant's sign).
  const det = a * (e * j - g * i) - b * (d * j - g * h) + c * (d * i - e * h);
  const s = det < 0 ? -1 : 1;
  const n00 = s * (e * j - g * i),
    n01 = s * (g * h - d * j),
    n02 = s * (d * i - e * h);
  const n10 = s * (c * i - b * j),
    n11 = s * (a * j - c * h),
    n12 = s * (b * h - a * i);
  const n20 = s * (b * g - c * e),
    n21 = s * (c * d - a * g),
    n22 = s * (a * e - b * d);
  const n = v.length / 6;
  const positions = new Float32Array(n * 3);
  const normals = new Float32Array(n * 3);
  let maxAbs = extent.maxAbsM;
  for (let q = 0; q < n; q++) {
    const x = v[q * 6],
      y = v[q * 6 + 1],
      z = v[q * 6 + 2];
    const px = k * (a * x + b * y + c * z + tx);
    const py = k * (d * x + e * y + g * z + ty);
    const pz = k * (h * x + i * y + j * z + tz);
    positions[q * 3] = px;
    positions[q * 3 + 1] = py;
    positions[q * 3 + 2] = pz;
    maxAbs = Math.max(maxAbs, Math.abs(px), Math.abs(py), Math.abs(pz));
    const nx = v[q * 6 + 3],
      ny = v[q * 6 + 4],
      nz = v[q * 6 + 5];
    const ox = n00 * nx + n01 * ny + n02 * nz;
    const oy = n10 * nx + n11 * ny + n12 * nz;
    const oz = n20 * nx + n21 * ny + n22 * nz;
    const len = Math.hypot(ox, oy, oz) || 1;
    normals[q * 3] = ox / len;
    normals[q * 3 + 1] = oy / len;
    normals[q * 3 + 2] = oz / len;
  }
  extent.maxAbsM = maxAbs;
  const indices = Uint32Array.from(ix);
  if (det < 0) {
    for (let t = 0; t + 2 < indices.length; t += 3) [indices[t + 1], indices[t + 2]] = [indices[t + 2], indices[t + 1]];
  }
  return { positions, normals, indices };
}

function concat(chunks: Chunk[]): Chunk {
  if (chunks.length === 1) return chunks[0];
  let nv = 0;
  let ni = 0;
  for (const ch of chunks) {
    nv += ch.positions.length;
    ni += ch.indices.length;
  }
  const out: Chunk = { positions: new Float32Array(nv), normals: new Float32Array(nv), indices: new Uint32Array(ni) };
  let ov = 0;
  let oi = 0;
  for (const ch of chunks) {
    out.positions.set(ch.positions, ov);
    out.normals.set(ch.normals, ov);
    const base = ov / 3;
    for (let t = 0; t < ch.indices.length; t++) out.indices[oi + t] = ch.indices[t] + base;
    ov += ch.positions.length;
    oi += ch.indices.length;
  }
  return out;
}
