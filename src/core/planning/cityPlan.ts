// A whole city's planning layers and buildings in metres (the local GK zone), and the per-parcel review
// input cut from them: what the planning worker keeps and answers from.
import { toMetric, type MetricFrame } from '../crs/metric';
import { withCoords, type PackedLines, type PackedPolygons } from '../geom/packed';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { containsPoint, coordsBbox, featuresNear, polygonOfFeature, type Bbox } from './metricPolygon';
import { buildReviewInput, REVIEW_MARGIN_M, resolvedHeightsM } from './reviewInput';
import type { ParcelReviewDetail } from './reviewParcel';
import type { HeightZone, LandUsePolygon, LineColour, PlanningConditions, ReviewInput, ReviewLine } from './types';
import { LINE_COLOURS } from './types';

/** What the planning worker reports once its layers are loaded. */
export interface PlanSummary {
  parcelIds: string[];
  parcelLandUse: string[];
  /** Area per land-use class of each plan version, m² in the GK zone. */
  areas: Record<string, { code: string; areaM2: number; count: number }[]>;
  zones: { id: string; name: string; maxHeightM: number; ringLonLatDeg: Float64Array }[];
  linesByKind: Record<string, number>;
  zone: number;
}

export interface PlanAnalysis {
  exceedances: { index: number; id: string; zoneId: string; limitM: number; heightM: number; excessM: number }[];
  conflicts: { index: number; id: string; landUseId: string; plannedUse: string; actualUse: string }[];
}

export interface ParcelReviewResult {
  review: ParcelReviewDetail;
  conditions: PlanningConditions;
  ringLonLatDeg: Float64Array;
  /** Setback dimension lines and fire-spacing breaches, ends in lon/lat. */
  dimensions: { kind: LineColour | 'fire'; distanceM: number; fromLonLatDeg: [number, number]; toLonLatDeg: [number, number] }[];
  sitePlanSvg: string;
}

export interface PlanSources {
  parcels: PackedPolygons;
  parcelLandUse: string[];
  /** The raw `conditions` property of each parcel (validated when the parcel is reviewed). */
  parcelConditions: unknown[];
  greens: PackedPolygons;
  lines: PackedLines;
  lineKind: string[];
  lineName: string[];
  /** The feature a control line bounds (a parcel's own line is no setback for it). */
  lineRefId?: (string | null)[];
  zones: PackedPolygons;
  zoneName: string[];
  zoneMaxHeightM: Float32Array;
  /** Land-use plan versions by id. */
  landUse: Map<string, { polygons: PackedPolygons; codes: string[] }>;
}

export interface CityBuildings {
  polygons: PackedPolygons;
  /** As the file gives them, NaN where absent: reviewInput.ts's rule fills them in. */
  heightM: ArrayLike<number>;
  floors: ArrayLike<number>;
  useIndex: ArrayLike<number>;
  useCodes: string[];
}

interface CityBuildingsExtra {
  /** Point on surface of each footprint, x,y in metres. */
  points: Float64Array;
  /** Heights by reviewInput.ts's rule (NaN where neither height nor floors is given), for the height analysis. */
  reviewHeightM: Float32Array;
}

function projectPolygons(p: PackedPolygons, crs: string, zone?: number): { metric: PackedPolygons; frame: MetricFrame } {
  const { xyM, frame } = toMetric(p.coords, crs, zone);
  return { metric: withCoords(p, xyM), frame };
}

function projectLines(p: PackedLines, crs: string, zone: number): PackedLines {
  const { xyM } = toMetric(p.coords, crs, zone);
  const bbox = new Float64Array(p.ids.length * 4);
  for (let f = 0; f < p.ids.length; f++) {
    const box = coordsBbox(xyM.subarray(p.partStart[p.featurePartStart[f]] * 2, p.partStart[p.featurePartStart[f + 1]] * 2));
    bbox.set(box, f * 4);
  }
  return { ...p, coords: xyM, bbox };
}

/** The planning layers in metres; the zone is the parcels' own. */
export class CityPlan {
  readonly frame: MetricFrame;
  readonly parcels: PackedPolygons;
  readonly greens: PackedPolygons;
  readonly lines: PackedLines;
  readonly zones: HeightZone[];
  readonly landUse = new Map<string, LandUsePolygon[]>();
  private readonly parcelIndex = new Map<string, number>();
  private buildings: (CityBuildings & CityBuildingsExtra) | null = null;

  constructor(
    readonly sources: PlanSources,
    crs: string,
  ) {
    const parcels = projectPolygons(sources.parcels, crs);
    this.frame = parcels.frame;
    this.parcels = parcels.metric;
    this.parcels.ids.forEach((id, i) => this.parcelIndex.set(id, i));
    const zone = this.frame.zone;
    this.greens = projectPolygons(sources.greens, crs, zone).metric;
    this.lines = projectLines(sources.lines, crs, zone);
    const zones = projectPolygons(sources.zones, crs, zone).metric;
    this.zones = zones.ids.map((id, i) => ({
      id,
      name: sources.zoneName[i],
      maxHeightM: sources.zoneMaxHeightM[i],
      footprint: polygonOfFeature(zones, i),
    }));
    for (const [version, lu] of sources.landUse) {
      const m = projectPolygons(lu.polygons, crs, zone).metric;
      this.landUse.set(
        version,
        m.ids.map((id, i) => ({ id, code: lu.codes[i], footprint: polygonOfFeature(m, i) })),
      );
    }
  }

  /** Buildings in the same frame, with a point on each footprint's surface (what the analyses test). */
  setBuildings(b: CityBuildings, crs: string): void {
    const polygons = projectPolygons(b.polygons, crs, this.frame.zone).metric;
    this.buildings = { ...b, polygons, points: pointsOnSurface(polygons), reviewHeightM: resolvedHeightsM(b.heightM, b.floors) };
  }

  requireBuildings(): CityBuildings & CityBuildingsExtra {
    if (!this.buildings) throw new Error('planning: buildings not loaded yet');
    return this.buildings;
  }

  parcelIndexOf(id: string): number | undefined {
    return this.parcelIndex.get(id);
  }

  /** The parcel containing a point in metres, -1 when none does. */
  parcelAt(x: number, y: number): number {
    const bbox = this.parcels.bbox;
    for (const f of featuresNear(bbox, [x, y, x, y], 0)) {
      if (containsPoint(polygonOfFeature(this.parcels, f), x, y)) return f;
    }
    return -1;
  }

  /** The building whose footprint contains a point in metres, -1 when none does (or buildings are not loaded). */
  buildingAt(x: number, y: number): number {
    const b = this.buildings;
    if (!b) return -1;
    for (const f of featuresNear(b.polygons.bbox, [x, y, x, y], 0)) {
      if (containsPoint(polygonOfFeature(b.polygons, f), x, y)) return f;
    }
    return -1;
  }

  /** The engine's input for one parcel: its buildings, greens, lines and zones nearby, in metres. */
  reviewInput(parcel: number, conditions: PlanningConditions): ReviewInput {
    const b = this.requireBuildings();
    const box = Array.from(this.parcels.bbox.subarray(parcel * 4, parcel * 4 + 4)) as Bbox;
    const buildings = featuresNear(b.polygons.bbox, box, REVIEW_MARGIN_M).map((i) => ({
      id: b.polygons.ids[i],
      footprint: polygonOfFeature(b.polygons, i),
      heightM: b.heightM[i],
      floors: b.floors[i],
      use: b.useCodes[b.useIndex[i]],
    }));
    const greens = featuresNear(this.greens.bbox, box, REVIEW_MARGIN_M).map((i) => polygonOfFeature(this.greens, i));
    const lines: ReviewLine[] = [];
    const kinds = new Set<string>(LINE_COLOURS);
    for (const f of featuresNear(this.lines.bbox, box, REVIEW_MARGIN_M)) {
      const kind = this.sources.lineKind[f];
      if (!kinds.has(kind)) continue;
      const l = this.lines;
      for (let part = l.featurePartStart[f]; part < l.featurePartStart[f + 1]; part++) {
        lines.push({
          id: l.ids[f],
          kind: kind as LineColour,
          name: this.sources.lineName[f],
          refId: this.sources.lineRefId?.[f] ?? undefined,
          coords: l.coords.slice(l.partStart[part] * 2, l.partStart[part + 1] * 2),
        });
      }
    }
    return buildReviewInput({
      parcel: {
        id: this.parcels.ids[parcel],
        landUse: this.sources.parcelLandUse[parcel],
        footprint: polygonOfFeature(this.parcels, parcel),
      },
      conditions,
      buildings,
      greens,
      lines,
      heightZones: this.zones,
    });
  }
}
