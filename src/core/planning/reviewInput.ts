// The one review input of a parcel, for the CLI (`cim review`) and the viewer (planning worker) alike: candidate
// buildings as the data gives them, their storeys and height resolved by the one rule for missing and implausible
// values, which the tiles (src/io/buildingsData.ts) follow too.
//
// A value is missing when it is absent, null or empty; it is implausible when it is given but not a number in
// (0, max]: heightM ≤ 0 or > 1,000 m, floors ≤ 0 or > 200, "NaN", "abc". An implausible value is flagged (named per
// building) and then treated as missing, so it never reaches a neighbour's figures or geometry.
// - floors missing, heightM given → floors = max(1, round(heightM / 3 m)), the building marked 'floors' estimated;
// - heightM missing, floors given → heightM = floors × 3 m, marked 'heightM' estimated;
// - both missing → nothing is guessed: floors and heightM are null; the building still counts in footprint,
//   coverage, boundary, land use and fire spacing, but not in floor area, FAR or height, and the review names it
//   (metrics.estimates.unmeasured). The tiles draw such a building DEFAULT_HEIGHT_M tall, flagged as an estimate.
// measureParcel lists the parcel's own estimated buildings in metrics.estimates, which the report and panel show.
import type { HeightZone, MetricPolygon, PlanningConditions, ReviewBuilding, ReviewInput, ReviewLine } from './types';

/** Buildings, greens and lines farther than this from a parcel's box are not its candidates. */
export const REVIEW_MARGIN_M = 500;

/** Storey height assumed when only one of floors and heightM is given. */
export const STOREY_HEIGHT_M = 3;

/** A building near the parcel with its attributes as read (any type: the rule decides what counts as given). */
export interface CandidateBuilding {
  id: string;
  footprint: MetricPolygon;
  heightM: unknown;
  floors: unknown;
  use: unknown;
}

export interface ReviewSource {
  parcel: ReviewInput['parcel'];
  conditions: PlanningConditions;
  buildings: readonly CandidateBuilding[];
  greens: MetricPolygon[];
  lines: ReviewLine[];
  heightZones?: HeightZone[];
}

/** The plausible range of each value: above 0 and at most this. */
export const HEIGHT_MAX_M = 1000;
export const FLOORS_MAX = 200;

/** A building drawn (tiles) though neither floors nor height is given or plausible: this tall, flagged as an estimate. */
export const DEFAULT_HEIGHT_M = 10;

/** One value by the rule: a number in (0, max], 'missing' (absent, null, empty) or 'implausible' (anything else). */
export function readValue(v: unknown, max: number): number | 'missing' | 'implausible' {
  // A numeric NaN is a column's mark for "absent" (src/io numberColumn); the text "NaN" is a value, implausible.
  if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) return 'missing';
  const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n <= max ? n : 'implausible';
}

export interface Storeys {
  heightM: number | null;
  floors: number | null;
  estimated?: ReviewBuilding['estimated'];
  /** Values given but implausible, treated as missing. */
  implausible?: ('heightM' | 'floors')[];
}

/** Floors and height of one building by the rule above, which of them was estimated and which was implausible. */
export function resolveStoreys(heightM: unknown, floors: unknown): Storeys {
  const hv = readValue(heightM, HEIGHT_MAX_M);
  const fv = readValue(floors, FLOORS_MAX);
  const h = typeof hv === 'number' ? hv : null;
  const f = typeof fv === 'number' ? fv : null;
  const bad: ('heightM' | 'floors')[] = [];
  if (hv === 'implausible') bad.push('heightM');
  if (fv === 'implausible') bad.push('floors');
  const implausible = bad.length ? { implausible: bad } : {};
  if (h !== null && f !== null) return { heightM: h, floors: f, ...implausible };
  if (h !== null) return { heightM: h, floors: Math.max(1, Math.round(h / STOREY_HEIGHT_M)), estimated: 'floors', ...implausible };
  if (f !== null) return { heightM: f * STOREY_HEIGHT_M, floors: f, estimated: 'heightM', ...implausible };
  return { heightM: null, floors: null, estimated: 'unmeasured', ...implausible };
}

export function reviewBuilding(c: CandidateBuilding): ReviewBuilding {
  const s = resolveStoreys(c.heightM, c.floors);
  return {
    id: c.id,
    footprint: c.footprint,
    heightM: s.heightM,
    floors: s.floors,
    use: c.use == null ? '' : String(c.use),
    ...(s.estimated ? { estimated: s.estimated } : {}),
    ...(s.implausible ? { implausible: s.implausible } : {}),
  };
}

/** The engine's input: the candidates with their storeys resolved. */
export function buildReviewInput(src: ReviewSource): ReviewInput {
  return {
    parcel: src.parcel,
    conditions: src.conditions,
    buildings: src.buildings.map(reviewBuilding),
    greens: src.greens,
    lines: src.lines,
    ...(src.heightZones ? { heightZones: src.heightZones } : {}),
  };
}

/** Heights of a whole building column by the same rule (NaN where neither is given), for the city-wide analyses. */
export function resolvedHeightsM(heightM: ArrayLike<number>, floors: ArrayLike<number>): Float32Array {
  const out = new Float32Array(heightM.length);
  for (let i = 0; i < out.length; i++) out[i] = resolveStoreys(heightM[i], floors[i]).heightM ?? NaN;
  return out;
}
