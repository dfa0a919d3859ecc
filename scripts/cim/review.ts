// `cim review --parcel F [--id ID] --buildings F --conditions F [--lines F] [--greens F] [--height-limits F]
// [--crs EPSG:xxxx] [--lang zh|en] [--signoffs F.json] [--design model.ifc [--design-building ID]] [--strict] --out report.html`:
// the 多验合一 review of one parcel, a printable HTML report and its JSON record beside it (same basename). Missing
// floors/heights: core/planning/reviewInput.ts. --design adds the planning.design.* items: the IFC's height, storeys,
// gross floor area and footprint against the building ID (or the parcel's buildings together), its storeys in the report.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { toMetric, type MetricFrame } from '../../src/core/crs/metric';
import { selectPolygons, withCoords } from '../../src/core/geom/packed';
import { buildReport } from '../../src/core/planning/buildReport';
import { ConditionsError, validateConditions } from '../../src/core/planning/conditionsSchema';
import { areaM2, polygonOfFeature, type Bbox } from '../../src/core/planning/metricPolygon';
import { reportHtml } from '../../src/core/planning/reportHtml';
import { buildReviewInput, REVIEW_MARGIN_M } from '../../src/core/planning/reviewInput';
import { reviewParcel } from '../../src/core/planning/reviewParcel';
import { sitePlanSvg } from '../../src/core/planning/sitePlan';
import { LINE_COLOURS, type HeightZone, type ManualEntry, type PlanningConditions, type ReviewLine } from '../../src/core/planning/types';
import { designValues } from '../../src/core/models/design';
import { designInputOf } from '../../src/core/models/designInput';
import { modelFormatOf } from '../../src/core/models/model';
import type { DesignInput } from '../../src/core/planning/designCheck';
import { DataFileError, isFlatGeobuf, readFeatures, type GeoJsonFeature } from '../../src/io/featureFile';
import { implausibleValues } from '../../src/io/buildingsData';
import { packPolygons } from '../../src/io/packGeoJson';
import {
  candidateBuildings,
  heightZonesNear,
  marginInCrs,
  nearLines,
  nearPolygons,
  packControlLines,
  ReviewDataError,
  reviewRecord,
} from '../../src/io/reviewCandidates';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary, writeFileAtomic } from './args';
import { crsFlag, checkFileCrs } from './crsFlag';
import { readModelFiles } from './modelRead';
import { readPolygonLayer, DataFaults } from './readLayer';

const ms = (t0: number) => Math.round(performance.now() - t0);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function readJson(path: string): unknown {
  const text = new TextDecoder().decode(readBytes(path));
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

// A FeatureCollection (GeoJSON or FlatGeobuf) or a single GeoJSON Feature.
async function readAnyFeatures(path: string): Promise<GeoJsonFeature[]> {
  const bytes = readBytes(path);
  if (!isFlatGeobuf(bytes)) {
    let json: { type?: string } | null;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (err) {
      throw new CliError(`${path}: not valid JSON (${(err as Error).message})`);
    }
    if (json?.type === 'Feature') return [json as GeoJsonFeature];
  }
  try {
    return await readFeatures(bytes, path);
  } catch (err) {
    throw new CliError(err instanceof DataFileError ? err.message : `${path}: ${(err as Error).message}`);
  }
}

function readSignOffs(path: string, manualIds: Set<string>): ManualEntry[] {
  const json = readJson(path) as unknown;
  const list = Array.isArray(json) ? json : (json as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) throw new CliError(`${path}: expected an array of sign-offs (or {"entries": [...]})`);
  return list.map((e: Record<string, unknown>, i) => {
    const at = (field: string, why: string) => new CliError(`${path}: [${i}].${field}: ${why}, got ${JSON.stringify(e?.[field])}`);
    if (typeof e !== 'object' || e === null) throw new CliError(`${path}: [${i}]: must be an object`);
    if (typeof e.itemId !== 'string' || !manualIds.has(e.itemId))
      throw at('itemId', `must be a manual item (${[...manualIds].join(', ')})`);
    if (e.verdict !== 'pass' && e.verdict !== 'fail') throw at('verdict', 'must be "pass" or "fail"');
    if (typeof e.reviewer !== 'string' || !e.reviewer.trim()) throw at('reviewer', 'must be a name');
    if (typeof e.signedAt !== 'string' || Number.isNaN(Date.parse(e.signedAt))) throw at('signedAt', 'must be an ISO 8601 date');
    if (e.comment !== undefined && typeof e.comment !== 'string') throw at('comment', 'must be a string');
    return {
      itemId: e.itemId,
      verdict: e.verdict,
      reviewer: e.reviewer,
      signedAt: e.signedAt,
      comment: (e.comment as string | undefined) ?? '',
    };
  });
}

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    parcel: 'string',
    id: 'string',
    buildings: 'string',
    conditions: 'string',
    lines: 'string',
    greens: 'string',
    'height-limits': 'string',
    crs: 'string',
    lang: 'string',
    signoffs: 'string',
    out: 'string',
    strict: 'boolean',
    design: 'string',
    'design-building': 'string',
  });
  if (typeof flags.parcel !== 'string') throw new CliError('missing --parcel FILE');
  if (typeof flags['design-building'] === 'string' && typeof flags.design !== 'string')
    throw new CliError('--design-building ID needs --design model.ifc');
  if (typeof flags.buildings !== 'string') throw new CliError('missing --buildings FILE');
  if (typeof flags.out !== 'string') throw new CliError('missing --out FILE (report.html)');
  const faults = new DataFaults(flags.strict === true);
  const lang = String(flags.lang ?? 'zh');
  if (lang !== 'zh' && lang !== 'en') throw new CliError(`--lang must be zh or en, got "${lang}"`);
  const crsChoice = crsFlag(flags.crs);
  const crs = crsChoice.crs.code;
  const timingsMs = { read: 0, review: 0, write: 0 };
  let t0 = performance.now();

  // The parcel and its conditions.
  const parcelFeatures = await readAnyFeatures(flags.parcel);
  const parcels = packPolygons(parcelFeatures, flags.parcel);
  const ids = parcels.packed.ids;
  // The parcel under review is refused with its id when it is broken (a zero-area parcel has no site to review).
  const refused = parcels.problems.find((q) => q.id === flags.id || (flags.id === undefined && parcelFeatures.length === 1));
  if (refused)
    throw new CliError(`${flags.parcel}: parcel ${refused.id} (feature ${refused.index}) cannot be reviewed: ${refused.message}`);
  faults.skip(parcels.problems);
  checkFileCrs(flags.parcel, parcels.packed.bbox, crsChoice, undefined, parcels.packed.ids);
  let p = 0;
  if (typeof flags.id === 'string') {
    p = ids.indexOf(flags.id);
    if (p < 0)
      throw new CliError(
        `${flags.parcel}: no parcel with id "${flags.id}" (${ids.length} parcels${ids.length <= 5 ? `: ${ids.join(', ')}` : ''})`,
      );
  } else if (ids.length !== 1) {
    throw new CliError(`${flags.parcel} holds ${ids.length} parcels: pick one with --id`);
  }
  const parcelProps = parcelFeatures[parcels.sourceIndex[p]].properties ?? {};
  let conditions: PlanningConditions;
  try {
    if (typeof flags.conditions === 'string') conditions = validateConditions(readJson(flags.conditions), flags.conditions);
    else if (parcelProps.conditions !== undefined)
      conditions = validateConditions(parcelProps.conditions, `${flags.parcel} feature ${ids[p]}`);
    else throw new CliError(`no --conditions FILE and ${flags.parcel} feature ${ids[p]} has no "conditions" property`);
  } catch (err) {
    if (err instanceof ConditionsError) throw new CliError(err.message);
    throw err;
  }
  const one = selectPolygons(parcels.packed, [p]);
  const { xyM, frame } = toMetric(one.coords, crs);
  const parcelFootprint = polygonOfFeature(withCoords(one, xyM), 0);
  if (!(areaM2(parcelFootprint) > 0))
    throw new CliError(
      `${flags.parcel}: parcel ${ids[p]} cannot be reviewed: its site area in ${frame.crs} is ${areaM2(parcelFootprint)} m²`,
    );
  const box = Array.from(one.bbox) as Bbox;
  const margin = marginInCrs(box, crs, frame, REVIEW_MARGIN_M);
  // Each layer's coordinates against --crs; the parcel's longitude picks the zone GK metres without one look like.
  const centreLonDeg = crsChoice.crs.kind === 'geographic' ? (box[0] + box[2]) / 2 : undefined;
  const checkCrs = (file: string, boxes: Float64Array, ids: string[]) => checkFileCrs(file, boxes, crsChoice, centreLonDeg, ids);
  const readLayerChecked = async (file: string) => {
    const layer = await readPolygonLayer(file, faults);
    checkCrs(file, layer.packed.bbox, layer.packed.ids);
    return layer;
  };

  // Candidates near the parcel, projected to its GK zone.
  const bLayer = nearPolygons(await readLayerChecked(flags.buildings), box, margin, crs, frame);
  // Attributes as the file gives them: reviewInput.ts's rule resolves missing floors and heights, the same as the viewer's.
  const buildings = candidateBuildings(bLayer);
  // Implausible heights or floors of the candidates are named too (the report lists the parcel's own).
  for (const f of bLayer.indices) {
    const source = bLayer.layer.sourceIndex[f];
    faults.flag(implausibleValues(bLayer.layer.features[source], flags.buildings, source, bLayer.layer.packed.ids[f]));
  }
  const greens =
    typeof flags.greens === 'string' ? nearPolygons(await readLayerChecked(flags.greens), box, margin, crs, frame).polygons : [];
  const lines = typeof flags.lines === 'string' ? await readLines(flags.lines, box, margin, crs, frame, checkCrs, faults) : [];
  let heightZones: HeightZone[] | undefined;
  if (typeof flags['height-limits'] === 'string') {
    const file = flags['height-limits'];
    const z = nearPolygons(await readLayerChecked(file), box, margin, crs, frame);
    try {
      heightZones = heightZonesNear(z, file);
    } catch (err) {
      if (err instanceof ReviewDataError) throw new CliError(err.message);
      throw err;
    }
  }
  const design = typeof flags.design === 'string' ? await readDesign(flags.design, flags['design-building'] as string | undefined) : null;
  if (design?.buildingId !== undefined && !buildings.some((b) => b.id === design.buildingId))
    throw new CliError(`--design-building ${design.buildingId}: no such building in or near parcel ${ids[p]} in ${flags.buildings}`);
  timingsMs.read = ms(t0);

  t0 = performance.now();
  const input = buildReviewInput({
    parcel: { id: ids[p], landUse: parcelProps.landUse == null ? '' : String(parcelProps.landUse), footprint: parcelFootprint },
    conditions,
    buildings,
    greens,
    lines,
    ...(heightZones ? { heightZones } : {}),
  });
  const review = reviewParcel(design ? { ...input, design } : input);
  const manualIds = new Set(review.items.filter((i) => i.mode === 'manual').map((i) => i.id));
  const entries = typeof flags.signoffs === 'string' ? readSignOffs(flags.signoffs, manualIds) : [];
  const report = buildReport(review, entries, { generatedAt: new Date().toISOString() });
  const svg = sitePlanSvg(review, input, lang);
  timingsMs.review = ms(t0);

  t0 = performance.now();
  const out = flags.out;
  const jsonOut = join(dirname(out), `${parse(out).name}.json`);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileAtomic(out, reportHtml(report, lang, svg));
    writeFileAtomic(jsonOut, `${JSON.stringify(reviewRecord(report, review, frame, conditions), null, 2)}\n`);
  } catch (err) {
    throw new CliError(`cannot write ${out}: ${(err as Error).message}`);
  }
  timingsMs.write = ms(t0);

  const failed = report.items.filter((i) => i.verdict === 'fail').map((i) => i.id);
  const m = review.metrics;
  printSummary({
    command: 'review',
    parcelId: review.parcelId,
    verdict: report.verdict,
    metrics: {
      siteAreaM2: round(m.siteAreaM2, 1),
      footprintM2: round(m.footprintM2, 1),
      floorAreaM2: round(m.floorAreaM2, 1),
      far: round(m.far, 3),
      coverage: round(m.coverage, 3),
      greenAreaM2: round(m.greenAreaM2, 1),
      greenRatio: round(m.greenRatio, 3),
      maxHeightM: round(m.maxHeightM, 1),
      buildings: m.buildingIds.length,
      // How many of them reviewInput.ts's rule filled in (report.json lists their ids).
      floorsFromHeight: m.estimates.floorsFromHeight.length,
      heightFromFloors: m.estimates.heightFromFloors.length,
      unmeasured: m.estimates.unmeasured.length,
      implausible: m.estimates.implausible.length,
      setbacksM: Object.fromEntries(LINE_COLOURS.filter((c) => m.setbacks[c]).map((c) => [c, round(m.setbacks[c]!.distanceM, 2)])),
    },
    failed,
    faults: faults.summary(),
    crs: frame.crs,
    timingsMs,
    out,
    json: jsonOut,
  });
  return failed.length || faults.count ? EXIT_PROBLEMS : EXIT_OK;
}

/** An IFC design model's values as the review compares them (the model's own scale: it is not placed here). */
async function readDesign(file: string, buildingId: string | undefined): Promise<DesignInput> {
  if (modelFormatOf(file) !== 'ifc') throw new CliError(`--design ${file}: the design values come from an IFC model (.ifc)`);
  const model = await readModelFiles([file]);
  const values = designValues(model);
  for (const note of values.notes) process.stderr.write(`${file}: ${note}\n`);
  return designInputOf(values, file, 1, buildingId);
}

// Control lines near the parcel as polylines in metres (polygon features count as the lines of their rings).
async function readLines(
  path: string,
  box: Bbox,
  margin: [number, number],
  crs: string,
  frame: MetricFrame,
  checkCrs: (file: string, boxes: Float64Array, ids: string[]) => void,
  faults: DataFaults,
): Promise<ReviewLine[]> {
  const features = await readAnyFeatures(path);
  const packed = packControlLines(features, path);
  faults.skip(packed.problems);
  checkCrs(path, packed.packed.bbox, packed.packed.ids);
  return nearLines(features, packed, box, margin, crs, frame);
}
