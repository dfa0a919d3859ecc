// Synthetic models for tests and benches: boxes, a building of slabs, walls and columns per storey, a textured panel.
import type { ModelData, ModelElement, ModelMaterial, ModelPart } from './model';

const FACES: [number, number, number, number, number, number][] = [
  // axis, side (0 min / 1 max), then the two in-plane axes in counter-clockwise order seen from outside
  [0, 0, 2, 1, 0, 0],
  [0, 1, 1, 2, 0, 0],
  [1, 0, 0, 2, 0, 0],
  [1, 1, 2, 0, 0, 0],
  [2, 0, 1, 0, 0, 0],
  [2, 1, 0, 1, 0, 0],
];

export interface BoxOptions {
  /** 'face': 4 vertices per face with their normals and uvs; 'soup': 3 vertices per triangle, no normals; 'shared': 8 corners, no normals. */
  layout?: 'face' | 'soup' | 'shared';
}

/** An axis-aligned box, counter-clockwise outside. */
export function boxPart(element: number, material: number, min: number[], max: number[], options: BoxOptions = {}): ModelPart {
  const layout = options.layout ?? 'face';
  if (layout === 'shared') {
    const positions = new Float32Array(24);
    for (let k = 0; k < 8; k++) for (let c = 0; c < 3; c++) positions[3 * k + c] = (k >> c) & 1 ? max[c] : min[c];
    const face = boxPart(element, material, min, max, { layout: 'face' });
    const corner = (v: number) => {
      let k = 0;
      for (let c = 0; c < 3; c++) if (face.positions[3 * v + c] === max[c]) k |= 1 << c;
      return k;
    };
    return { element, material, positions, indices: Uint32Array.from(face.indices, corner) };
  }
  const positions: number[] = [],
    normals: number[] = [],
    uvs: number[] = [],
    indices: number[] = [];
  for (const [axis, side, a, b] of FACES) {
    const base = positions.length / 3;
    for (const [s, t] of [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ]) {
      const p = [0, 0, 0];
      p[axis] = side ? max[axis] : min[axis];
      p[a] = s ? max[a] : min[a];
      p[b] = t ? max[b] : min[b];
      positions.push(...p);
      const n = [0, 0, 0];
      n[axis] = side ? 1 : -1;
      normals.push(...n);
      uvs.push(s, 1 - t);
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  if (layout === 'soup') {
    const soup = indices.flatMap((i) => positions.slice(3 * i, 3 * i + 3));
    return { element, material, positions: Float32Array.from(soup), indices: Uint32Array.from(indices.map((_, k) => k)) };
  }
  return {
    element,
    material,
    positions: Float32Array.from(positions),
    normals: Float32Array.from(normals),
    uvs: Float32Array.from(uvs),
    indices: Uint32Array.from(indices),
  };
}

/** A round column along z: `segments` sides, no normals (the tiler's flat ones), 4 · segments triangles. */
export function columnPart(
  element: number,
  material: number,
  x: number,
  y: number,
  r: number,
  z0: number,
  z1: number,
  segments = 16,
): ModelPart {
  const positions: number[] = [x, y, z0, x, y, z1];
  const indices: number[] = [];
  for (let s = 0; s < segments; s++) {
    const a = (2 * Math.PI * s) / segments;
    positions.push(x + r * Math.cos(a), y + r * Math.sin(a), z0, x + r * Math.cos(a), y + r * Math.sin(a), z1);
  }
  for (let s = 0; s < segments; s++) {
    const b0 = 2 + 2 * s,
      t0 = b0 + 1,
      b1 = 2 + 2 * ((s + 1) % segments),
      t1 = b1 + 1;
    indices.push(b0, b1, t1, b0, t1, t0, 0, b1, b0, 1, t0, t1);
  }
  return { element, material, positions: Float32Array.from(positions), indices: Uint32Array.from(indices) };
}

/** A valid 2×2 RGBA PNG (its zlib stream one stored block, CRCs and Adler-32 computed), for textured materials. */
export function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    dv.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 2);
  hv.setUint32(4, 2);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Uint8Array.of(0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255);
  const parts = [
    Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10),
    chunk('IHDR', header),
    chunk('IDAT', storedZlib(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const MATERIALS: ModelMaterial[] = [
  { name: 'concrete', color: [0.7, 0.7, 0.68, 1] },
  { name: 'glass', color: [0.5, 0.7, 0.9, 0.5], doubleSided: true },
  { name: 'facade', color: [1, 1, 1, 1], texture: { name: 'facade.png', mime: 'image/png', bytes: tinyPng() } },
];

export function model(file: string, elements: ModelElement[], parts: ModelPart[], storeys: ModelData['storeys'] = []): ModelData {
  return { file, format: 'ifc', units: { metresPerUnit: 1, source: 'test' }, elements, materials: MATERIALS, parts, storeys, warnings: [] };
}

export interface BuildingOptions {
  storeys?: number;
  /** Walls along x and along y per storey: a grid of rooms. */
  rooms?: number;
  /** Columns per storey (16 sides each). */
  columns?: number;
  storeyHeightM?: number;
  sizeM?: number;
}

/** A building: per storey a slab, a grid of walls, round columns and a textured facade panel; elements named and in storeys. */
export function syntheticBuilding(file: string, options: BuildingOptions = {}): ModelData {
  const storeys = options.storeys ?? 3,
    rooms = options.rooms ?? 3,
    columns = options.columns ?? 2,
    h = options.storeyHeightM ?? 3.5,
    size = options.sizeM ?? 30;
  const elements: ModelElement[] = [],
    parts: ModelPart[] = [];
  const add = (ifcClass: string, storey: number, part: (e: number) => ModelPart) => {
    const e = elements.length;
    elements.push({
      name: `${ifcClass.slice(3)} ${storey}-${e}`,
      ifcClass,
      globalId: `G${String(e).padStart(21, '0')}`,
      storey,
      properties: { 'Pset_Common.Reference': `R${e}`, 'Qto.Volume': e * 0.5, 'Pset_Common.IsExternal': e % 2 === 0 },
    });
    parts.push(part(e));
  };
  for (let s = 0; s < storeys; s++) {
    const z = s * h;
    add('IfcSlab', s, (e) => boxPart(e, 0, [0, 0, z], [size, size, z + 0.3]));
    for (let k = 0; k <= rooms; k++) {
      const c = (k * size) / rooms;
      add('IfcWall', s, (e) => boxPart(e, 0, [c - 0.1, 0, z + 0.3], [c + 0.1, size, z + h], { layout: 'shared' }));
      add('IfcWall', s, (e) => boxPart(e, 1, [0, c - 0.1, z + 0.3], [size, c + 0.1, z + h], { layout: 'soup' }));
    }
    for (let k = 0; k < columns; k++) {
      const x = (size * (k + 0.5)) / columns;
      add('IfcColumn', s, (e) => columnPart(e, 0, x, size / 2 + 1, 0.3, z + 0.3, z + h));
    }
    add('IfcPlate', s, (e) => boxPart(e, 2, [size, 0, z + 0.3], [size + 0.05, size, z + h]));
  }
  const m = model(
    file,
    elements,
    parts,
    Array.from({ length: storeys }, (_, s) => ({ name: `Level ${s + 1}`, elevationM: s * h })),
  );
  // One element in no storey: the site's ground plate.
  m.elements.push({ name: 'Site plate', properties: {} });
  m.parts.push(boxPart(m.elements.length - 1, 0, [-5, -5, -0.5], [size + 5, size + 5, -0.2]));
  return m;
}

/** A zlib stream of one uncompressed (stored) deflate block. */
function storedZlib(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 11);
  out.set([0x78, 0x01, 0x01, data.length & 255, data.length >> 8, ~data.length & 255, (~data.length >> 8) & 255]);
  out.set(data, 7);
  let a = 1,
    b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  new DataView(out.buffer).setUint32(7 + data.length, ((b << 16) | a) >>> 0);
  return out;
}
