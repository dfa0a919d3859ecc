// One parcel's 多验合一 review from the database: the parcel and the candidate features near it read from `features`
// (layers as `cim db load` names them), the review input built by src/io/reviewCandidates.ts and the core engine,
// exactly as `cim review` builds it from files; and the canonical inputs whose SHA-256 an archived report carries.
import { CGCS2000 } from '../../src/core/crs/codes';
import { toMetric, type MetricFrame } from '../../src/core/crs/metric';
import { selectPolygons, withCoords } from '../../src/core/geom/packed';
import { ConditionsError, validateConditions } from '../../src/core/planning/conditionsSchema';
import { areaM2, polygonOfFeature, type Bbox } from '../../src/core/planning/metricPolygon';
import { buildReviewInput, REVIEW_MARGIN_M } from '../../src/core/planning/reviewInput';
import { reviewParcel, type ParcelReviewDetail } from '../../src/core/planning/reviewParcel';
import type { PlanningConditions, ReviewInput } from '../../src/core/planning/types';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { packPolygons } from '../../src/io/packGeoJson';
import {
  candidateBuildings,
  heightZonesNear,
  marginInCrs,
  nearLines,
  nearPolygons,
  packControlLines,
  ReviewDataError,
  searchBox,
  type FeatureLayer,
} from '../../src/io/reviewCandidates';
import type { Queryable } from '../db/db';

/** The city layers a review reads, by the names `cim db load` gives them (the manifest's file keys). */
export const REVIEW_LAYERS = {
  parcels: 'parcels',
  buildings: 'buildings',
  greens: 'greenSpaces',
  lines: 'controlLines',
  heightLimits: 'heightLimits',
} as const;

/** A parcel that cannot be reviewed (broken geometry, missing or bad conditions, a layer missing): a 422 or 409. */
export class CaseDataError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A feature as read from the database, in the order of its layer (fid). */
export interface StoredFeature {
  id: string;
  props: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface MeasuredCase {
  parcel: StoredFeature;
  conditions: PlanningConditions;
  frame: MetricFrame;
  input: ReviewInput;
  review: ParcelReviewDetail;
  /** Every feature the review read, by layer: the canonical inputs with the parcel and the conditions. */
  read: Record<string, StoredFeature[]>;
}

const FEATURE_COLUMNS = 'id, props, ST_AsGeoJSON(geom, 17, 0) AS geometry';

function stored(row: { id: string; props: Record<string, unknown>; geometry: string | null }): StoredFeature {
  return { id: row.id, props: row.props ?? {}, geometry: row.geometry ? JSON.parse(row.geometry) : null };
}

const asFeature = (f: StoredFeature): GeoJsonFeature =>
  ({ type: 'Feature', id: f.id, properties: f.props, geometry: f.geometry }) as GeoJsonFeature;

/** The parcel's row, or null when the city has no such parcel. */
export async function readParcel(q: Queryable, parcelId: string): Promise<StoredFeature | null> {
  const rows = await q.query<{ id: string; props: Record<string, unknown>; geometry: string | null }>(
    `SELECT ${FEATURE_COLUMNS} FROM features WHERE layer = $1 AND id = $2`,
    [REVIEW_LAYERS.parcels, parcelId],
  );
  return rows.length ? stored(rows[0]) : null;
}

/** Features of a layer whose boxes meet `box` (EPSG:4490), in layer order; null when the layer is not loaded. */
async function readNear(q: Queryable, layer: string, box: Bbox, loaded: Set<string>): Promise<StoredFeature[] | null> {
  if (!loaded.has(layer)) return null;
  const rows = await q.query<{ id: string; props: Record<string, unknown>; geometry: string | null }>(
    `SELECT ${FEATURE_COLUMNS} FROM features
     WHERE layer = $1 AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4490) ORDER BY fid`,
    [layer, ...box],
  );
  return rows.map(stored);
}

function layerOf(features: StoredFeature[], name: string): FeatureLayer {
  const list = features.map(asFeature);
  return { ...packPolygons(list, name), features: list };
}

/** The review of one parcel from the database, or null when no such parcel is loaded. */
export async function measureCase(q: Queryable, parcelId: string): Promise<MeasuredCase | null> {
  const parcel = await readParcel(q, parcelId);
  if (!parcel) return null;
  const crs = CGCS2000;
  const parcelFeature = asFeature(parcel);
  const packedParcel = packPolygons([parcelFeature], REVIEW_LAYERS.parcels);
  const broken = packedParcel.problems[0];
  if (broken) throw new CaseDataError(422, `parcel ${parcelId} cannot be reviewed: ${broken.message}`);
  if (parcel.props.conditions === undefined) throw new CaseDataError(422, `parcel ${parcelId} has no "conditions" property`);
  let conditions: PlanningConditions;
  try {
    conditions = validateConditions(parcel.props.conditions, `parcel ${parcelId}`);
  } catch (err) {
    if (err instanceof ConditionsError) throw new CaseDataError(422, err.message);
    throw err;
  }
  const one = selectPolygons(packedParcel.packed, [0]);
  const { xyM, frame } = toMetric(one.coords, crs);
  const footprint = polygonOfFeature(withCoords(one, xyM), 0);
  if (!(areaM2(footprint) > 0))
    throw new CaseDataError(422, `parcel ${parcelId} cannot be reviewed: its site area in ${frame.crs} is ${areaM2(footprint)} m²`);
  const box = Array.from(one.bbox) as Bbox;
  const margin = marginInCrs(box, crs, frame, REVIEW_MARGIN_M);
  const search = searchBox(box, margin);

  const loaded = new Set((await q.query<{ name: string }>('SELECT name FROM layers')).map((r) => r.name));
  const buildingRows = await readNear(q, REVIEW_LAYERS.buildings, search, loaded);
  if (!buildingRows) throw new CaseDataError(409, `the city has no "${REVIEW_LAYERS.buildings}" layer loaded (cim db load)`);
  const greenRows = await readNear(q, REVIEW_LAYERS.greens, search, loaded);
  const lineRows = await readNear(q, REVIEW_LAYERS.lines, search, loaded);
  const zoneRows = await readNear(q, REVIEW_LAYERS.heightLimits, search, loaded);

  // The same steps as `cim review`: broken candidates are left out by packing, the rest filtered by box and projected.
  const buildings = candidateBuildings(nearPolygons(layerOf(buildingRows, REVIEW_LAYERS.buildings), box, margin, crs, frame));
  const greens = greenRows ? nearPolygons(layerOf(greenRows, REVIEW_LAYERS.greens), box, margin, crs, frame).polygons : [];
  let lines: ReviewInput['lines'] = [];
  if (lineRows) {
    const features = lineRows.map(asFeature);
    lines = nearLines(features, packControlLines(features, REVIEW_LAYERS.lines), box, margin, crs, frame);
  }
  let heightZones: ReviewInput['heightZones'];
  try {
    if (zoneRows)
      heightZones = heightZonesNear(
        nearPolygons(layerOf(zoneRows, REVIEW_LAYERS.heightLimits), box, margin, crs, frame),
        REVIEW_LAYERS.heightLimits,
      );
  } catch (err) {
    if (err instanceof ReviewDataError) throw new CaseDataError(422, err.message);
    throw err;
  }

  const input = buildReviewInput({
    parcel: { id: parcel.id, landUse: parcel.props.landUse == null ? '' : String(parcel.props.landUse), footprint },
    conditions,
    buildings,
    greens,
    lines,
    ...(heightZones ? { heightZones } : {}),
  });
  const read: Record<string, StoredFeature[]> = { [REVIEW_LAYERS.buildings]: buildingRows };
  if (greenRows) read[REVIEW_LAYERS.greens] = greenRows;
  if (lineRows) read[REVIEW_LAYERS.lines] = lineRows;
  if (zoneRows) read[REVIEW_LAYERS.heightLimits] = zoneRows;
  return { parcel, conditions, frame, input, review: reviewParcel(input), read };
}
