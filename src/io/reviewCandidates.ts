// The candidates of one parcel's 多验合一 review from GeoJSON features in a lon/lat or projected CRS: the search
// margin around the parcel, the polygons and control lines near it in its GK zone, the buildings with their
// attributes as given, the height-limit zones, and the archived JSON record. `cim review` (features from files) and
// `cim serve` (features from the database) both build their review input here, so their figures are the same.
import { toMetric, type MetricFrame } from '../core/crs/metric';
import { selectPolygons, withCoords, type PackedPolygons } from '../core/geom/packed';
import { featuresNear, polygonOfFeature, type Bbox } from '../core/planning/metricPolygon';
import type { CandidateBuilding } from '../core/planning/reviewInput';
import type { ParcelReviewDetail } from '../core/planning/reviewParcel';
import {
  LINE_COLOURS,
  type HeightZone,
  type LineColour,
  type MetricPolygon,
  type PlanningConditions,
  type ReviewLine,
  type ReviewReport,
} from '../core/planning/types';
import type { GeoJsonFeature } from './featureFile';
import { packLines, ringsAsLines, type PackResult } from './packGeoJson';

/** A packed polygon layer with the features it was packed from. */
export interface FeatureLayer extends PackResult<PackedPolygons> {
  features: GeoJsonFeature[];
}

/** Candidates of one layer near the parcel: indices into the layer and their polygons in metres. */
export interface NearPolygons {
  layer: FeatureLayer;
  indices: number[];
  polygons: MetricPolygon[];
}

/** A feature's data that the review cannot use (a height-limit zone without a numeric limit). */
export class ReviewDataError extends Error {}

/** The margin in CRS units along x and y, from the local scale of the projection to metres (with slack). */
export function marginInCrs(box: Bbox, crs: string, frame: MetricFrame, marginM: number): [number, number] {
  const cx = (box[0] + box[2]) / 2,
    cy = (box[1] + box[3]) / 2;
  const d = Math.max(box[2] - box[0], box[3] - box[1], 1e-6);
  const { xyM } = toMetric(Float64Array.of(cx, cy, cx + d, cy, cx, cy + d), crs, frame.zone);
  const perX = Math.hypot(xyM[2] - xyM[0], xyM[3] - xyM[1]) / d;
  const perY = Math.hypot(xyM[4] - xyM[0], xyM[5] - xyM[1]) / d;
  return [(1.5 * marginM) / perX, (1.5 * marginM) / perY];
}

/** The box searched for candidates: the parcel's box grown by the margin, in CRS units. */
export function searchBox(box: Bbox, margin: [number, number]): Bbox {
  return [box[0] - margin[0], box[1] - margin[1], box[2] + margin[0], box[3] + margin[1]];
}

/** The layer's features whose boxes meet the search box, projected into the parcel's zone. */
export function nearPolygons(layer: FeatureLayer, box: Bbox, margin: [number, number], crs: string, frame: MetricFrame): NearPolygons {
  const bb = layer.packed.bbox;
  const indices: number[] = [];
  for (let f = 0; f < layer.packed.ids.length; f++) {
    if (
      bb[f * 4] > box[2] + margin[0] ||
      bb[f * 4 + 2] < box[0] - margin[0] ||
      bb[f * 4 + 1] > box[3] + margin[1] ||
      bb[f * 4 + 3] < box[1] - margin[1]
    )
      continue;
    indices.push(f);
  }
  const sel: PackedPolygons = selectPolygons(layer.packed, indices);
  const metric = withCoords(sel, toMetric(sel.coords, crs, frame.zone).xyM);
  return { layer, indices, polygons: indices.map((_, k) => polygonOfFeature(metric, k)) };
}

export const propsOf = (layer: FeatureLayer, f: number) => layer.features[layer.sourceIndex[f]].properties ?? {};

/** Buildings near the parcel with their attributes as given: reviewInput.ts's rule resolves missing floors and heights. */
export function candidateBuildings(near: NearPolygons): CandidateBuilding[] {
  return near.indices.map((f, k) => {
    const pr = propsOf(near.layer, f);
    return { id: near.layer.packed.ids[f], footprint: near.polygons[k], heightM: pr.heightM, floors: pr.floors, use: pr.use };
  });
}

/** Height-limit zones near the parcel; a zone whose maxHeightM is not a number is a ReviewDataError naming `source`. */
export function heightZonesNear(near: NearPolygons, source: string): HeightZone[] {
  return near.indices.map((f, k) => {
    const pr = propsOf(near.layer, f);
    const id = near.layer.packed.ids[f];
    const maxHeightM = Number(pr.maxHeightM);
    if (!Number.isFinite(maxHeightM))
      throw new ReviewDataError(`${source}: zone ${id}: maxHeightM must be a number, got ${JSON.stringify(pr.maxHeightM)}`);
    return { id, name: pr.name == null ? id : String(pr.name), maxHeightM, footprint: near.polygons[k] };
  });
}

/** Packs control-line features (polygons as the lines of their rings); broken ones are in `problems`. */
export function packControlLines(features: GeoJsonFeature[], source: string) {
  return packLines(features.map(ringsAsLines), source);
}

/** Control lines near the parcel as polylines in metres, one per part; lines of an unknown colour are left out. */
export function nearLines(
  features: readonly GeoJsonFeature[],
  packed: ReturnType<typeof packControlLines>,
  box: Bbox,
  margin: [number, number],
  crs: string,
  frame: MetricFrame,
): ReviewLine[] {
  const l = packed.packed;
  const out: ReviewLine[] = [];
  for (const f of featuresNear(l.bbox, searchBox(box, margin), 0)) {
    const pr = features[packed.sourceIndex[f]].properties ?? {};
    const kind = String(pr.kind ?? '') as LineColour;
    if (!LINE_COLOURS.includes(kind)) continue;
    for (let part = l.featurePartStart[f]; part < l.featurePartStart[f + 1]; part++) {
      const coords = toMetric(l.coords.slice(l.partStart[part] * 2, l.partStart[part + 1] * 2), crs, frame.zone).xyM;
      out.push({
        id: l.ids[f],
        kind,
        coords,
        ...(pr.name != null ? { name: String(pr.name) } : {}),
        ...(pr.refId != null ? { refId: String(pr.refId) } : {}),
      });
    }
  }
  return out;
}

/** The JSON record archived beside the printed report (`report.json` of `cim review`). */
export function reviewRecord(report: ReviewReport, review: ParcelReviewDetail, frame: MetricFrame, conditions: PlanningConditions) {
  return {
    ...report,
    crs: frame.crs,
    conditions,
    dimensionLines: review.dimensionLines,
    fireSpacing: review.fireSpacing,
    crossings: review.crossings,
  };
}
