// Reading web-ifc's line objects: references, labels, numbers (web-ifc wraps reals as {_representationValue}),
// and the project's units (IfcUnitAssignment) as metres per unit.
import { IFCPROJECT, type IfcAPI } from 'web-ifc';

/** A line as web-ifc's GetLine hands it: attribute name → wrapped value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IfcLine = Record<string, any>;

/** The express id a reference attribute points to, or undefined. */
export function refOf(v: unknown): number | undefined {
  const r = v as { type?: number; value?: unknown } | null | undefined;
  return r && r.type === 5 && typeof r.value === 'number' ? r.value : undefined;
}

/** The express ids of a list of references (web-ifc gives a list, one reference, or null). */
export function refsOf(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(refOf).filter((x): x is number => x !== undefined);
  const one = refOf(v);
  return one === undefined ? [] : [one];
}

/** A wrapped value as a number, or undefined. */
export function numberOf(v: unknown): number | undefined {
  const r = v as { value?: unknown; _representationValue?: unknown } | null | undefined;
  if (r == null) return undefined;
  const raw = typeof r.value === 'number' ? r.value : r._representationValue;
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
}

/** A wrapped label, identifier or enumeration as a string, or undefined. */
export function textOf(v: unknown): string | undefined {
  const r = v as { value?: unknown } | null | undefined;
  return r != null && typeof r.value === 'string' ? r.value : undefined;
}

/** An IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds, millionths of a second) in degrees. */
export function compoundAngleDeg(v: unknown): number | undefined {
  const parts = (v as { value?: unknown } | null | undefined)?.value;
  if (!Array.isArray(parts) || parts.length < 3 || !parts.every((p) => typeof p === 'number')) return undefined;
  const [d, m, s, micro = 0] = parts as number[];
  return d + m / 60 + (s + micro / 1e6) / 3600;
}

const SI_PREFIX: Record<string, number> = {
  EXA: 1e18,
  PETA: 1e15,
  TERA: 1e12,
  GIGA: 1e9,
  MEGA: 1e6,
  KILO: 1e3,
  HECTO: 1e2,
  DECA: 1e1,
  DECI: 1e-1,
  CENTI: 1e-2,
  MILLI: 1e-3,
  MICRO: 1e-6,
  NANO: 1e-9,
  PICO: 1e-12,
  FEMTO: 1e-15,
  ATTO: 1e-18,
};

export interface IfcUnit {
  /** SI base units per file unit (metres for lengths, m² for areas, m³ for volumes). */
  factor: number;
  /** As the user reads it: "IFCSIUNIT .MILLI. .METRE.", "IFCCONVERSIONBASEDUNIT 'FOOT' (0.3048 m)". */
  source: string;
}

/** An IfcSIUnit or IfcConversionBasedUnit (whose factor may itself refer to an SI unit) in SI base units. */
export function unitOf(api: IfcAPI, modelID: number, unitId: number, depth = 0): IfcUnit | undefined {
  const u = api.GetLine(modelID, unitId) as IfcLine;
  const name = textOf(u.Name);
  if (u.Prefix !== undefined && u.Dimensions !== undefined && name) {
    const prefix = textOf(u.Prefix);
    const scale = prefix ? SI_PREFIX[prefix] : 1;
    if (scale === undefined) return undefined;
    const power = name.startsWith('SQUARE_') ? 2 : name.startsWith('CUBIC_') ? 3 : 1;
    return { factor: scale ** power, source: `IFCSIUNIT ${prefix ? `.${prefix}. ` : ''}.${name}.` };
  }
  const conversion = refOf(u.ConversionFactor);
  if (conversion !== undefined && depth < 4) {
    const m = api.GetLine(modelID, conversion) as IfcLine;
    const value = numberOf(m.ValueComponent);
    const inner = refOf(m.UnitComponent);
    const base = inner === undefined ? undefined : unitOf(api, modelID, inner, depth + 1);
    if (value === undefined || !base) return undefined;
    const factor = value * base.factor;
    return { factor, source: `IFCCONVERSIONBASEDUNIT '${name ?? '?'}' (${factor} of ${base.source})` };
  }
  return undefined;
}

export interface IfcProjectUnits {
  length?: IfcUnit;
  area?: IfcUnit;
  volume?: IfcUnit;
}

/** The IfcProject's IfcUnitAssignment: its length, area and volume units. */
export function projectUnits(api: IfcAPI, modelID: number): IfcProjectUnits {
  const out: IfcProjectUnits = {};
  const projects = api.GetLineIDsWithType(modelID, IFCPROJECT);
  if (projects.size() === 0) return out;
  const project = api.GetLine(modelID, projects.get(0)) as IfcLine;
  const assignment = refOf(project.UnitsInContext);
  if (assignment === undefined) return out;
  for (const id of refsOf((api.GetLine(modelID, assignment) as IfcLine).Units)) {
    const kind = textOf((api.GetLine(modelID, id) as IfcLine).UnitType);
    const key = kind === 'LENGTHUNIT' ? 'length' : kind === 'AREAUNIT' ? 'area' : kind === 'VOLUMEUNIT' ? 'volume' : null;
    if (!key || out[key]) continue;
    const unit = unitOf(api, modelID, id);
    if (unit) out[key] = unit;
  }
  return out;
}
