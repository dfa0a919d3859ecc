// A loaded three.js scene as the contract's elements, materials and parts: world matrices applied, then the frame that
// takes the loader's axes and unit to metres z-up; one part per (mesh, material group).
import { DoubleSide, Matrix3, Matrix4, Vector3, type BufferAttribute, type Material, type Mesh, type Object3D, type Texture } from 'three';
import type { ModelElement, ModelMaterial, ModelPart, ModelPropertyValue } from '../../core/models/model';
import { textureBytes } from './threeAssets';
import type { ModelFiles } from './modelFiles';

export interface SceneModel {
  elements: ModelElement[];
  materials: ModelMaterial[];
  parts: ModelPart[];
}

/** y-up (three.js, glTF) to z-up, scaled to metres: (x, y, z) → s·(x, −z, y), a rotation (right-handed both). */
export function yUpToZUp(metresPerUnit: number): Matrix4 {
  const s = metresPerUnit;
  return new Matrix4().set(s, 0, 0, 0, 0, 0, -s, 0, 0, s, 0, 0, 0, 0, 0, 1);
}

/** Already z-up: only the unit. */
export function zUpScaled(metresPerUnit: number): Matrix4 {
  return new Matrix4().makeScale(metresPerUnit, metresPerUnit, metresPerUnit);
}

/**
 * Every mesh under `root` as parts. `frame` takes the loader's world coordinates to metres z-up; `elementOf` names the
 * object a mesh is an element of (a glTF mesh's primitives are one element), default the mesh itself.
 */
export function sceneToModel(
  root: Object3D,
  frame: Matrix4,
  files: ModelFiles,
  elementOf: (mesh: Mesh) => Object3D = (m) => m,
): SceneModel {
  root.updateMatrixWorld(true);
  const meshes: Mesh[] = [];
  let skipped = 0;
  root.traverse((o) => {
    if ((o as Mesh).isMesh) meshes.push(o as Mesh);
    else if ('isLine' in o || 'isPoints' in o) skipped++;
  });
  if (skipped) files.warn(`${skipped} line or point object(s) skipped: only triangles are read`);

  const elementIndex = new Map<Object3D, number>();
  const elementObjects: Object3D[] = [];
  const firstMesh: Mesh[] = [];
  const materialIndex = new Map<Material, number>();
  const materials: ModelMaterial[] = [];
  const parts: ModelPart[] = [];
  const matrix = new Matrix4();
  const normalMatrix = new Matrix3();

  for (const mesh of meshes) {
    const owner = elementOf(mesh);
    let element = elementIndex.get(owner);
    if (element === undefined) {
      element = elementObjects.push(owner) - 1;
      firstMesh.push(mesh);
      elementIndex.set(owner, element);
    }
    matrix.multiplyMatrices(frame, mesh.matrixWorld);
    normalMatrix.getNormalMatrix(matrix);
    const meshMaterials = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const range of materialRanges(mesh)) {
      const material = meshMaterials[range.materialIndex] ?? meshMaterials[0];
      let m = materialIndex.get(material);
      if (m === undefined) {
        m = materials.push(toModelMaterial(material, materials.length)) - 1;
        materialIndex.set(material, m);
      }
      const flipV = mapOf(material)?.flipY ?? true;
      const part = meshPart(mesh, range, matrix, normalMatrix, materials[m].texture !== undefined, flipV);
      if (part) parts.push({ element, material: m, ...part });
    }
  }
  const names = uniqueNames(elementObjects);
  const elements = elementObjects.map((o, i) => ({ name: names[i], properties: properties(o, firstMesh[i]) }));
  return { elements, materials, parts };
}

interface Range {
  start: number;
  count: number;
  materialIndex: number;
}

/** The index ranges of each material (geometry.groups when the mesh has several materials), within the draw range. */
function materialRanges(mesh: Mesh): Range[] {
  const g = mesh.geometry;
  const total = g.index ? g.index.count : (g.getAttribute('position')?.count ?? 0);
  const lo = Math.max(0, g.drawRange.start);
  const hi = Math.min(total, lo + (Number.isFinite(g.drawRange.count) ? g.drawRange.count : total));
  const groups = Array.isArray(mesh.material) && g.groups.length ? g.groups : [{ start: 0, count: total, materialIndex: 0 }];
  const out: Range[] = [];
  for (const gr of groups) {
    const start = Math.max(lo, gr.start);
    const end = Math.min(hi, gr.start + gr.count);
    if (end - start >= 3) out.push({ start, count: end - start - ((end - start) % 3), materialIndex: gr.materialIndex ?? 0 });
  }
  return out;
}

/** One range's triangles with only the vertices they use, transformed; counter-clockwise kept under mirroring. */
function meshPart(
  mesh: Mesh,
  range: Range,
  matrix: Matrix4,
  normalMatrix: Matrix3,
  textured: boolean,
  flipV: boolean,
): Omit<ModelPart, 'element' | 'material'> | null {
  const g = mesh.geometry;
  const pos = g.getAttribute('position') as BufferAttribute | undefined;
  if (!pos) return null;
  const nor = g.getAttribute('normal') as BufferAttribute | undefined;
  const uv = textured ? (g.getAttribute('uv') as BufferAttribute | undefined) : undefined;
  const index = g.index;
  const remap = new Int32Array(pos.count).fill(-1);
  const used: number[] = [];
  const indices = new Uint32Array(range.count);
  const mirrored = matrix.determinant() < 0;
  for (let k = 0; k < range.count; k++) {
    const src = index ? index.getX(range.start + k) : range.start + k;
    if (src >= pos.count) return null;
    let dst = remap[src];
    if (dst < 0) dst = remap[src] = used.push(src) - 1;
    // Mirroring turns triangles inside out: swap each triangle's last two corners.
    const slot = mirrored && k % 3 ? k + (k % 3 === 1 ? 1 : -1) : k;
    indices[slot] = dst;
  }
  const positions = new Float32Array(used.length * 3);
  const normals = nor ? new Float32Array(used.length * 3) : undefined;
  const uvs = uv ? new Float32Array(used.length * 2) : undefined;
  const v = new Vector3();
  for (let i = 0; i < used.length; i++) {
    const s = used[i];
    v.fromBufferAttribute(pos, s).applyMatrix4(matrix);
    positions[i * 3] = v.x;
    positions[i * 3 + 1] = v.y;
    positions[i * 3 + 2] = v.z;
    if (normals && nor) {
      v.fromBufferAttribute(nor, s).applyMatrix3(normalMatrix).normalize();
      normals[i * 3] = v.x;
      normals[i * 3 + 1] = v.y;
      normals[i * 3 + 2] = v.z;
    }
    if (uvs && uv) {
      uvs[i * 2] = uv.getX(s);
      // The contract counts v down from the image's top (glTF); three.js's flipY textures count it up.
      uvs[i * 2 + 1] = flipV ? 1 - uv.getY(s) : uv.getY(s);
    }
  }
  return { positions, normals, uvs, indices };
}

/** The colour texture, on the materials that have one. */
function mapOf(material: Material | undefined): Texture | null | undefined {
  return (material as { map?: Texture | null } | undefined)?.map;
}

function toModelMaterial(material: Material | undefined, i: number): ModelMaterial {
  const m = material as (Material & { color?: { r: number; g: number; b: number } }) | undefined;
  // three.js keeps colours in its working space, linear sRGB: the loaders converted sRGB file colours already.
  const c = m?.color;
  const out: ModelMaterial = {
    name: m?.name || `material ${i + 1}`,
    color: [c?.r ?? 1, c?.g ?? 1, c?.b ?? 1, m?.opacity ?? 1],
  };
  const texture = textureBytes(mapOf(material));
  if (texture) out.texture = texture;
  if (m?.side === DoubleSide) out.doubleSided = true;
  return out;
}

/** The element's and its first mesh's userData (glTF extras, FBX user properties) flattened to "a.b" scalars. */
function properties(owner: Object3D, mesh: Mesh | undefined): Record<string, ModelPropertyValue> {
  const out: Record<string, ModelPropertyValue> = {};
  flatten(owner.userData, '', out);
  if (mesh && mesh !== owner) flatten(mesh.userData, '', out);
  return out;
}

/** userData the loaders write for themselves, not the file's properties. */
const LOADER_KEYS = new Set(['name', 'originalName', 'transformData', 'unitScaleFactor']);

function flatten(value: unknown, prefix: string, out: Record<string, ModelPropertyValue>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!prefix && LOADER_KEYS.has(key)) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[name] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) out[name] = v.join(', ');
    else flatten(v, name, out);
  }
}

/** The object's own name as the file wrote it (kept in userData by glTF's and FBX's loaders; `name` is sanitised). */
function ownName(o: Object3D): string {
  const data = o.userData as { name?: unknown; originalName?: unknown };
  const original = data.name ?? data.originalName;
  return typeof original === 'string' && original ? original : o.name;
}

/** Names unique among the elements: a clash is told apart by the path of named ancestors, then by a number. */
function uniqueNames(objects: Object3D[]): string[] {
  const base = objects.map((o, i) => ownName(o) || ownName(o.parent ?? o) || `element ${i + 1}`);
  const baseCount = counts(base);
  const withPath = base.map((n, i) => (baseCount.get(n)! > 1 ? pathName(objects[i], n) : n));
  const pathCount = counts(withPath);
  const seen = new Map<string, number>();
  return withPath.map((n) => {
    if (pathCount.get(n) === 1) return n;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return `${n} #${k}`;
  });
}

function counts(names: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of names) out.set(n, (out.get(n) ?? 0) + 1);
  return out;
}

function pathName(o: Object3D, name: string): string {
  const parts = [name];
  for (let p = o.parent; p; p = p.parent) if (ownName(p)) parts.unshift(ownName(p));
  return parts.join('/');
}
