// Shapes of the 多验合一 review: planning conditions, review input (GK metres), metrics, checklist items, reports.
import type { DesignInput } from './designCheck';

export type LineColour = 'red' | 'green' | 'blue' | 'purple' | 'yellow';
/** Control-line colours in the order they are listed and drawn. */
export const LINE_COLOURS: readonly LineColour[] = ['red', 'green', 'blue', 'purple', 'yellow'];

export interface Tolerances {
  far: number;
  coverage: number;
  greenRatio: number;
  heightM: number;
  setbackM: number;
}

export interface PlanningConditions {
  farMin: number;
  farMax: number;
  coverageMax: number;
  greenRatioMin: number;
  heightMaxM: number;
  setbacksM: Partial<Record<LineColour, number>>;
  tolerances: Tolerances;
}

/** Names of the conditions a parcel can break (deliberateViolations, CheckItem.condition). */
export type ConditionName = 'farMin' | 'farMax' | 'coverageMax' | 'greenRatioMin' | 'heightMaxM' | `setbacksM.${LineColour}`;

export type Department = 'planning' | 'land' | 'fire' | 'civilDefence';
export const DEPARTMENTS: readonly Department[] = ['planning', 'land', 'fire', 'civilDefence'];

/** One polygon in metres: x,y,x,y… with the cumulative vertex count of each ring (outer first, closed rings). */
export interface MetricPolygon {
  coords: Float64Array;
  ringEnds: number[];
  /** A MultiPolygon's parts: the exclusive ring index where each ends (each part's first ring is its outer ring); absent: one part. */
  partEnds?: number[];
}

/** A candidate building of the review; null storeys or height when the data gave neither (reviewInput.ts's rule). */
export interface ReviewBuilding {
  id: string;
  footprint: MetricPolygon;
  heightM: number | null;
  floors: number | null;
  use: string;
  /** Which value reviewInput.ts estimated: floors from height, height from floors, or neither known. */
  estimated?: 'floors' | 'heightM' | 'unmeasured';
  /** Values the data gave that reviewInput.ts's rule found implausible and read as missing. */
  implausible?: ('heightM' | 'floors')[];
}

export interface ReviewLine {
  id: string;
  kind: LineColour;
  name?: string;
  /** What the line protects (a road, a park, a parcel): a parcel's own line is not a setback for it. */
  refId?: string;
  /** Polyline x,y,x,y… metres. */
  coords: Float64Array;
}

export interface HeightZone {
  id: string;
  name: string;
  maxHeightM: number;
  footprint: MetricPolygon;
}

export interface ReviewInput {
  parcel: { id: string; landUse: string; footprint: MetricPolygon };
  conditions: PlanningConditions;
  /** Candidates near the parcel: the engine decides which belong to it and which cross its boundary. */
  buildings: ReviewBuilding[];
  /** Candidates: the area counted is green ∩ parcel (greens are assumed not to overlap each other). */
  greens: MetricPolygon[];
  /** Candidates: the setback per colour is measured to every line of that colour except the parcel's own (refId). */
  lines: ReviewLine[];
  heightZones?: HeightZone[];
  /** The design model's values (an IFC placed on the parcel), compared with the as-built ones. */
  design?: DesignInput;
}

/** A measured setback with its closest points (building side first), for dimension lines. */
export interface Setback {
  colour: LineColour;
  distanceM: number;
  buildingId: string;
  lineId: string;
  from: [number, number];
  to: [number, number];
}

export interface ParcelMetrics {
  siteAreaM2: number;
  footprintM2: number;
  floorAreaM2: number;
  far: number;
  coverage: number;
  greenAreaM2: number;
  greenRatio: number;
  maxHeightM: number;
  tallestBuildingId: string | null;
  /** Buildings whose point on surface lies in the parcel, in input order. */
  buildingIds: string[];
  /** For each colour the conditions set a setback for, when there are buildings and lines of that colour. */
  setbacks: Partial<Record<LineColour, Setback>>;
  /** The parcel's buildings whose storeys or height the data did not give. */
  estimates: ReviewEstimates;
}

/** Building ids of the parcel by what reviewInput.ts's rule did for them, in input order. */
export interface ReviewEstimates {
  /** Floors estimated from heightM (3 m a storey): counted in floor area and FAR. */
  floorsFromHeight: string[];
  /** heightM estimated as floors × 3 m: counted in height checks. */
  heightFromFloors: string[];
  /** Neither given: the review's problem; counted in footprint and coverage, not in floor area, FAR or height. */
  unmeasured: string[];
  /** A value given but implausible (heightM ≤ 0 or > 1,000 m, floors ≤ 0 or > 200, not a number), read as missing. */
  implausible: string[];
}

export type Verdict = 'pass' | 'fail' | 'na' | 'pending';

/** Why an item reads as it does, in words the report and the panel translate. */
export type CheckNote = 'noLine' | 'noBuildings' | 'outsideZones' | 'crossingArrows';

export interface CheckItem {
  /** Stable id, `${department}.${key}`, e.g. 'planning.farMax', 'planning.setbacksM.red', 'fire.spacing'. */
  id: string;
  department: Department;
  mode: 'auto' | 'manual';
  /** The planning condition checked, e.g. 'farMax', 'setbacksM.red'. */
  condition?: string;
  /** The requirement in words, language-neutral (numbers and symbols), e.g. '≤ 2.5 (+0.05)'. */
  requiredText?: string;
  actual?: number;
  limit?: number;
  unit?: string;
  verdict: Verdict;
  /** Building ids at fault. */
  offenders: string[];
  /** Language-neutral facts (ids, numbers); words come from `note`, rendered by checklistText.noteText. */
  detail?: string;
  note?: CheckNote;
  /** Manual items after buildReport: the sign-off that decided them. */
  signOff?: ManualEntry;
}

export interface ParcelReview {
  parcelId: string;
  landUse: string;
  metrics: ParcelMetrics;
  items: CheckItem[];
  /** Every building at fault in any failed item. */
  offenders: string[];
  dimensionLines: Setback[];
  /** The design the review compared the as-built buildings with, when one was given. */
  design?: DesignInput;
}

export interface ManualEntry {
  itemId: string;
  verdict: 'pass' | 'fail';
  comment: string;
  reviewer: string;
  /** ISO 8601. */
  signedAt: string;
}

export type ReportVerdict = 'pass' | 'fail' | 'incomplete';

export interface ReviewReport {
  parcelId: string;
  landUse: string;
  generatedAt: string;
  city?: string;
  metrics: ParcelMetrics;
  items: CheckItem[];
  verdict: ReportVerdict;
  byDepartment: Record<Department, ReportVerdict>;
  signOffs: ManualEntry[];
  /** A data: URL image (the 3D view), from the browser. */
  snapshot?: string;
  /** The design model's values: its storeys' floor areas are listed in the report. */
  design?: DesignInput;
}

export interface HeightExceedance {
  index: number;
  zoneId: string;
  limitM: number;
  heightM: number;
  excessM: number;
}

export interface UseConflict {
  index: number;
  landUseId: string;
  plannedUse: string;
  actualUse: string;
}

export interface LandUsePolygon {
  id: string;
  code: string;
  footprint: MetricPolygon;
}
