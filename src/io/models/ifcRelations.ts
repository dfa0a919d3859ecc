// The spatial structure and the property sets of an IFC model: which storey holds an element (contained in it, or
// aggregated by something that is), the storeys by elevation, and every element's psets and quantities flattened
// to "Pset.Name" in SI units.
import {
  IFCBUILDINGSTOREY,
  IFCRELAGGREGATES,
  IFCRELCONTAINEDINSPATIALSTRUCTURE,
  IFCRELDEFINESBYPROPERTIES,
  IFCRELDEFINESBYTYPE,
  type IfcAPI,
} from 'web-ifc';
import type { ModelPropertyValue, ModelStorey } from '../../core/models/model';
import { type IfcLine, numberOf, refOf, refsOf, textOf } from './ifcValues';

export interface IfcStoreys {
  storeys: ModelStorey[];
  /** Storey express id → index into storeys. */
  index: Map<number, number>;
}

/** The IfcBuildingStoreys sorted by elevation: their placement's height in the model frame, else Elevation. */
export function readStoreys(api: IfcAPI, modelID: number, metresPerUnit: number, warnings: string[]): IfcStoreys {
  const found: (ModelStorey & { id: number })[] = [];
  const ids = api.GetLineIDsWithType(modelID, IFCBUILDINGSTOREY);
  for (let i = 0; i < ids.size(); i++) {
    const id = ids.get(i);
    const s = api.GetLine(modelID, id) as IfcLine;
    const name = textOf(s.Name) ?? `IfcBuildingStorey #${id}`;
    const elevation = numberOf(s.Elevation);
    const placement = refOf(s.ObjectPlacement);
    const placedZ = placement === undefined ? undefined : api.GetWorldTransformMatrix(modelID, placement)[14];
    const z = placedZ ?? elevation;
    if (placedZ !== undefined && elevation !== undefined && Math.abs(placedZ - elevation) * metresPerUnit > 0.001) {
      warnings.push(
        `storey ${name}: Elevation ${(elevation * metresPerUnit).toFixed(3)} m but placed at ${(placedZ * metresPerUnit).toFixed(3)} m; using where it is placed`,
      );
    }
    if (z === undefined) warnings.push(`storey ${name}: no Elevation and no placement, taken as 0 m`);
    found.push({ id, name, elevationM: (z ?? 0) * metresPerUnit, globalId: textOf(s.GlobalId) });
  }
  found.sort((a, b) => a.elevationM - b.elevationM);
  const index = new Map(found.map((s, i) => [s.id, i]));
  return { storeys: found.map(({ id: _id, ...s }) => s), index };
}

/** Element → the spatial element or object it is contained in or aggregated by. */
export function readParents(api: IfcAPI, modelID: number): Map<number, number> {
  const parent = new Map<number, number>();
  const add = (type: number, children: string, container: string): void => {
    const rels = api.GetLineIDsWithType(modelID, type);
    for (let i = 0; i < rels.size(); i++) {
      const rel = api.GetLine(modelID, rels.get(i)) as IfcLine;
      const to = refOf(rel[container]);
      if (to === undefined) continue;
      for (const child of refsOf(rel[children])) if (!parent.has(child)) parent.set(child, to);
    }
  };
  add(IFCRELCONTAINEDINSPATIALSTRUCTURE, 'RelatedElements', 'RelatingStructure');
  add(IFCRELAGGREGATES, 'RelatedObjects', 'RelatingObject');
  return parent;
}

/** The storey index an element lies in: the first storey up its chain of containers. */
export function storeyOf(id: number, parents: Map<number, number>, storeys: Map<number, number>): number | undefined {
  let at: number | undefined = id;
  for (let depth = 0; at !== undefined && depth < 32; depth++) {
    const s = storeys.get(at);
    if (s !== undefined) return s;
    at = parents.get(at);
  }
  return undefined;
}

export interface SiFactors {
  length: number;
  area: number;
  volume: number;
}

const MEASURE_FACTOR: Record<string, keyof SiFactors> = {
  IFCLENGTHMEASURE: 'length',
  IFCPOSITIVELENGTHMEASURE: 'length',
  IFCNONNEGATIVELENGTHMEASURE: 'length',
  IFCAREAMEASURE: 'area',
  IFCVOLUMEMEASURE: 'volume',
};
const QUANTITY_VALUE: [string, keyof SiFactors | null][] = [
  ['LengthValue', 'length'],
  ['AreaValue', 'area'],
  ['VolumeValue', 'volume'],
  ['CountValue', null],
  ['WeightValue', null],
  ['TimeValue', null],
];

/** Reads every element's property sets and quantity sets (its own over its type's), caching each set once. */
export class IfcPropertyReader {
  private readonly byObject = new Map<number, number[]>();
  private readonly typeOf = new Map<number, number>();
  private readonly sets = new Map<number, [string, ModelPropertyValue][]>();

  constructor(
    private readonly api: IfcAPI,
    private readonly modelID: number,
    private readonly si: SiFactors,
  ) {
    const rels = api.GetLineIDsWithType(modelID, IFCRELDEFINESBYPROPERTIES);
    for (let i = 0; i < rels.size(); i++) {
      const rel = api.GetLine(modelID, rels.get(i)) as IfcLine;
      const sets = refsOf(rel.RelatingPropertyDefinition);
      for (const obj of refsOf(rel.RelatedObjects)) this.byObject.set(obj, [...(this.byObject.get(obj) ?? []), ...sets]);
    }
    const types = api.GetLineIDsWithType(modelID, IFCRELDEFINESBYTYPE);
    for (let i = 0; i < types.size(); i++) {
      const rel = api.GetLine(modelID, types.get(i)) as IfcLine;
      const type = refOf(rel.RelatingType);
      if (type !== undefined) for (const obj of refsOf(rel.RelatedObjects)) this.typeOf.set(obj, type);
    }
  }

  /** "Pset_WallCommon.IsExternal" → true, "Qto_SlabBaseQuantities.GrossArea" → 168 (m²). */
  propertiesOf(id: number): Record<string, ModelPropertyValue> {
    const out: Record<string, ModelPropertyValue> = {};
    const type = this.typeOf.get(id);
    const typeSets = type === undefined ? [] : refsOf((this.api.GetLine(this.modelID, type) as IfcLine).HasPropertySets);
    for (const set of [...typeSets, ...(this.byObject.get(id) ?? [])]) {
      for (const [k, v] of this.set(set)) out[k] = v;
    }
    return out;
  }

  private set(id: number): [string, ModelPropertyValue][] {
    const cached = this.sets.get(id);
    if (cached) return cached;
    const entries: [string, ModelPropertyValue][] = [];
    const set = this.api.GetLine(this.modelID, id) as IfcLine;
    const setName = textOf(set.Name) ?? `#${id}`;
    for (const pid of [...refsOf(set.HasProperties), ...refsOf(set.Quantities)]) {
      const p = this.api.GetLine(this.modelID, pid) as IfcLine;
      const name = textOf(p.Name);
      const value = name === undefined ? undefined : this.valueOf(p);
      if (name !== undefined && value !== undefined) entries.push([`${setName}.${name}`, value]);
    }
    this.sets.set(id, entries);
    return entries;
  }

  private valueOf(p: IfcLine): ModelPropertyValue | undefined {
    if (p.NominalValue !== undefined) return this.measure(p.NominalValue);
    if (Array.isArray(p.EnumerationValues)) {
      const values = p.EnumerationValues.map((v: unknown) => this.measure(v)).filter((v: unknown) => v !== undefined);
      return values.length ? values.join(', ') : undefined;
    }
    for (const [attr, kind] of QUANTITY_VALUE) {
      const v = numberOf(p[attr]);
      if (v !== undefined) return kind ? v * this.si[kind] : v;
    }
    return undefined;
  }

  private measure(v: unknown): ModelPropertyValue | undefined {
    const w = v as { name?: string; value?: unknown } | null | undefined;
    if (w == null) return undefined;
    if (typeof w.value === 'boolean' || typeof w.value === 'string') return w.value;
    const n = numberOf(w);
    if (n === undefined) return undefined;
    const kind = w.name ? MEASURE_FACTOR[w.name] : undefined;
    return kind ? n * this.si[kind] : n;
  }
}
