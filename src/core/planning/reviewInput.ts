// The one review input of a parcel, for the CLI (`cim review`) and the viewer (planning worker) alike: candidate
// buildings as the data gives them, their storeys and height resolved by one rule for missing values.
//
// A value is missing when it is absent, null, not a finite number, or ≤ 0.
// - floors missing, heightM given → floors = max(1, round(heightM / 3 m)), the building marked 'floors' estimated;
// - heightM missing, floors given → heightM = floors × 3 m, marked 'heightM' estimated;
// - both missing → nothing is guessed: floors and heightM are null; the building still counts in footprint,
//   coverage, boundary, land use and fire spacing, but not in floor area, FAR or height, and the review names it
//   (metrics.estimates.unmeasured).
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

// Absent, null, non-numeric, non-finite or ≤ 0 all read as "not given".
function given(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Floors and height of one building by the rule above, and which of them was estimated. */
export function resolveStoreys(
  heightM: unknown,
  floors: unknown,
): { heightM: number | null; floors: number | null; estimated?: ReviewBuilding['estimated'] } {
  const h = given(heightM);
  const f = given(floors);
  if (h !== null && f !== null) return { heightM: h, floors: f };
  if (h !== null) return { heightM: h, floors: Math.max(1, Math.round(h / STOREY_HEIGHT_M)), estimated: 'floors' };
  if (f !== null) return { heightM: f * STOREY_HEIGHT_M, floors: f, estimated: 'heightM' };
  return { heightM: null, floors: null, estimated: 'unmeasured' };
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
