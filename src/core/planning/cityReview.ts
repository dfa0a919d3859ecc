// The viewer's review of one parcel of a loaded city (what the planning worker answers): the parcel's own
// conditions validated, the review input built by reviewInput.ts, the checklist, and its dimensions in lon/lat.
import { fromGk } from '../crs/gk';
import type { CityPlan, ParcelReviewResult } from './cityPlan';
import type { DesignInput } from './designCheck';
import { validateConditions } from './conditionsSchema';
import { reviewParcel } from './reviewParcel';
import { sitePlanSvg } from './sitePlan';

function toLonLat(xy: readonly number[] | Float64Array, zone: number): [number, number] {
  const r = fromGk(xy, zone, false, [0, 0]);
  return [r[0], r[1]];
}

/**
 * The 多验合一 review of one parcel against its own planning conditions, and against the design model placed on it when
 * one is given; throws on an unknown id or bad conditions.
 */
export function reviewCityParcel(plan: CityPlan, parcelId: string, design?: DesignInput): ParcelReviewResult {
  const f = plan.parcelIndexOf(parcelId);
  if (f === undefined) throw new Error(`no parcel "${parcelId}"`);
  const conditions = validateConditions(plan.sources.parcelConditions[f], `parcel ${parcelId}`);
  const input = { ...plan.reviewInput(f, conditions), ...(design && { design }) };
  const review = reviewParcel(input);
  const zone = plan.frame.zone;
  const dimensions: ParcelReviewResult['dimensions'] = review.dimensionLines.map((d) => ({
    kind: d.colour,
    distanceM: d.distanceM,
    fromLonLatDeg: toLonLat(d.from, zone),
    toLonLatDeg: toLonLat(d.to, zone),
  }));
  for (const breach of review.fireSpacing) {
    dimensions.push({
      kind: 'fire',
      distanceM: breach.distanceM,
      fromLonLatDeg: toLonLat(breach.from, zone),
      toLonLatDeg: toLonLat(breach.to, zone),
    });
  }
  const ring = input.parcel.footprint.coords;
  const ringLonLatDeg = new Float64Array(ring.length);
  for (let i = 0; i < ring.length; i += 2) ringLonLatDeg.set(toLonLat(ring.subarray(i, i + 2), zone), i);
  return { review, conditions, ringLonLatDeg, dimensions, sitePlanSvg: sitePlanSvg(review, input) };
}
