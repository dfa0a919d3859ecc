// The design values a 多验合一 (joint acceptance) check compares with the permit, from a model with IFC classes:
// building height, gross floor area (建筑面积) per storey and in total, the footprint (基底面积) and its outline.
import type { ModelData, ModelPart } from './model';
import { triangleOutline } from './outline';

export interface StoreyDesignValues {
  name: string;
  elevationM: number;
  gfaM2: number;
  /** 'quantities': the file's own gross areas; 'computed': at least one floor's area measured from its geometry. */
  source: 'quantities' | 'computed';
  /** What was summed: the storey's floor slabs (preferred), else its spaces, else nothing. */
  basis: 'IfcSlab' | 'IfcSpace' | 'none';
}

export interface DesignValues {
  /** Top of the highest element above the ground (groundM). */
  heightM: number;
  /** The ground height in the model frame: the lowest storey at or above 0 m (basements below do not count), else the lowest storey, else the lowest point. */
  groundM: number;
  storeys: StoreyDesignValues[];
  gfaM2: number;
  footprintM2: number;
  /** The ground storey's floor slabs seen from above, model frame x, y metres: outer rings counter-clockwise, holes clockwise. */
  footprint: [number, number][][];
  /** Why a value is missing or estimated, for the user. */
  notes: string[];
}

/** Slab top faces: upward triangles within this of the slab's highest point. */
const TOP_TOLERANCE_M = 0.05;
/** cos 10°: how upward a face must be to count as floor. */
const UP_COS = Math.cos((10 * Math.PI) / 180);

const FLOOR_TYPES = new Set(['FLOOR', 'BASESLAB']);
const NOT_FLOOR_TYPES = new Set(['ROOF', 'LANDING']);

/**
 * GFA per storey: Chinese practice measures 建筑面积 to the outer face of the external walls, and a floor slab's
 * Qto_SlabBaseQuantities.GrossArea is the nearest IFC quantity to that; spaces (GrossFloorArea) stop at the walls'
 * inner faces, so they are used only for a storey without floor slabs. A slab without the quantity is measured
 * from its top face.
 */
export function designValues(model: ModelData): DesignValues {
  const notes: string[] = [];
  const partsOf = new Map<number, ModelPart[]>();
  for (const p of model.parts) partsOf.set(p.element, [...(partsOf.get(p.element) ?? []), p]);

  const storeys: StoreyDesignValues[] = model.storeys.map((s, index) => {
    const members = model.elements.map((e, i) => ({ e, i })).filter(({ e }) => e.storey === index);
    const slabs = members.filter(({ e }) => e.ifcClass === 'IfcSlab');
    let floors = slabs.filter(({ e }) => FLOOR_TYPES.has(String(e.properties.PredefinedType)));
    if (floors.length === 0) floors = slabs.filter(({ e }) => !NOT_FLOOR_TYPES.has(String(e.properties.PredefinedType ?? '')));
    const spaces = members.filter(({ e }) => e.ifcClass === 'IfcSpace');
    const basis = floors.length ? 'IfcSlab' : spaces.length ? 'IfcSpace' : 'none';
    const key = basis === 'IfcSlab' ? ['Qto_SlabBaseQuantities.GrossArea'] : ['Qto_SpaceBaseQuantities.GrossFloorArea'];
    let gfaM2 = 0;
    let computed = basis === 'none';
    for (const { e, i } of basis === 'IfcSlab' ? floors : spaces) {
      const q = key.map((k) => e.properties[k]).find((v) => typeof v === 'number');
      if (typeof q === 'number') gfaM2 += q;
      else {
        gfaM2 += topFaceArea(partsOf.get(i) ?? []);
        computed = true;
      }
    }
    if (basis === 'none') notes.push(`storey ${s.name}: no floor slab and no space, no floor area`);
    return { name: s.name, elevationM: s.elevationM, gfaM2, source: computed ? 'computed' : 'quantities', basis };
  });

  let minZ = Infinity;
  let maxZ = -Infinity;
  model.parts.forEach((p) => {
    if (model.elements[p.element]?.ifcClass === 'IfcSite') return;
    for (let k = 2; k < p.positions.length; k += 3) {
      minZ = Math.min(minZ, p.positions[k]);
      maxZ = Math.max(maxZ, p.positions[k]);
    }
  });
  const groundIndex = groundStorey(model.storeys.map((s) => s.elevationM));
  const groundM = groundIndex >= 0 ? model.storeys[groundIndex].elevationM : Number.isFinite(minZ) ? minZ : 0;
  if (groundIndex < 0) notes.push('no storeys: the ground is the lowest point of the model');

  const slabTops: number[] = [];
  if (groundIndex >= 0) {
    model.elements.forEach((e, i) => {
      if (e.storey !== groundIndex || e.ifcClass !== 'IfcSlab') return;
      if (NOT_FLOOR_TYPES.has(String(e.properties.PredefinedType ?? ''))) return;
      topFaces(partsOf.get(i) ?? [], slabTops);
    });
  }
  if (slabTops.length === 0) notes.push('no floor slab on the ground storey: no footprint');
  const outline = triangleOutline(slabTops);
  return {
    heightM: Number.isFinite(maxZ) ? maxZ - groundM : 0,
    groundM,
    storeys,
    gfaM2: storeys.reduce((sum, s) => sum + s.gfaM2, 0),
    footprintM2: outline.areaM2,
    footprint: outline.rings,
    notes,
  };
}

/** The lowest storey at or above 0 m, else the lowest; -1 without storeys. Elevations are sorted ascending. */
function groundStorey(elevationsM: number[]): number {
  if (elevationsM.length === 0) return -1;
  const above = elevationsM.findIndex((z) => z >= -0.01);
  return above >= 0 ? above : 0;
}

/** Area of the parts' top faces seen from above, m². */
export function topFaceArea(parts: ModelPart[]): number {
  const tris: number[] = [];
  topFaces(parts, tris);
  let area = 0;
  for (let t = 0; t < tris.length; t += 6) {
    area += Math.abs((tris[t + 2] - tris[t]) * (tris[t + 5] - tris[t + 1]) - (tris[t + 3] - tris[t + 1]) * (tris[t + 4] - tris[t])) / 2;
  }
  return area;
}

/** Appends the x, y of every upward triangle within TOP_TOLERANCE_M of the parts' highest point. */
function topFaces(parts: ModelPart[], out: number[]): void {
  let top = -Infinity;
  for (const p of parts) for (let k = 2; k < p.positions.length; k += 3) top = Math.max(top, p.positions[k]);
  for (const { positions: v, indices } of parts) {
    for (let t = 0; t + 2 < indices.length; t += 3) {
      const a = indices[t] * 3,
        b = indices[t + 1] * 3,
        c = indices[t + 2] * 3;
      if (Math.min(v[a + 2], v[b + 2], v[c + 2]) < top - TOP_TOLERANCE_M) continue;
      const ux = v[b] - v[a],
        uy = v[b + 1] - v[a + 1],
        uz = v[b + 2] - v[a + 2];
      const wx = v[c] - v[a],
        wy = v[c + 1] - v[a + 1],
        wz = v[c + 2] - v[a + 2];
      const nx = uy * wz - uz * wy,
        ny = uz * wx - ux * wz,
        nz = ux * wy - uy * wx;
      if (nz <= UP_COS * Math.hypot(nx, ny, nz)) continue;
      out.push(v[a], v[a + 1], v[b], v[b + 1], v[c], v[c + 1]);
    }
  }
}
