// `cim review --parcel F [--id ID] --buildings F --conditions F [--lines F] [--greens F] [--height-limits F]
// [--crs EPSG:xxxx] [--lang zh|en] [--signoffs F.json] --out report.html`: the 多验合一 review of one parcel,
// a printable HTML report and its JSON record beside it (same basename). Missing floors/heights: core/planning/reviewInput.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { toMetric, type MetricFrame } from '../../src/core/crs/metric';
import { selectPolygons, withCoords, type PackedPolygons } from '../../src/core/geom/packed';
import { buildReport } from '../../src/core/planning/buildReport';
import { ConditionsError, validateConditions } from '../../src/core/planning/conditionsSchema';
import { featuresNear, polygonOfFeature, type Bbox } from '../../src/core/planning/metricPolygon';
import { reportHtml } from '../../src/core/planning/reportHtml';
import { buildReviewInput, REVIEW_MARGIN_M, type CandidateBuilding } from '../../src/core/planning/reviewInput';
import { reviewParcel } from '../../src/core/planning/reviewParcel';
import { sitePlanSvg } from '../../src/core/planning/sitePlan';
import {
  LINE_COLOURS,
  type HeightZone,
  type LineColour,
  type ManualEntry,
  type MetricPolygon,
  type PlanningConditions,
  type ReviewLine,
} from '../../src/core/planning/types';
import { DataFileError, isFlatGeobuf, readFeatures, type GeoJsonFeature } from '../../src/io/featureFile';
import { packLines, packPolygons } from '../../src/io/packGeoJson';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary } from './args';
import { crsFlag, checkFileCrs } from './crsFlag';
import { readPolygonLayer, type PolygonLayer } from './readLayer';

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

function checkProblems(problems: { file: string; index: number; id: string; message: string }[]): void {
  if (!problems.length) return;
  const shown = problems.slice(0, 5).map((p) => `${p.file}: feature ${p.index} (id ${p.id}): ${p.message}`);
  throw new CliError(
    `${problems.length} malformed feature(s):\n${shown.join('\n')}${problems.length > 5 ? `\n… and ${problems.length - 5} more` : ''}`,
  );
}

// The margin in input-CRS units along x and y, from the local scale of the projection to metres (with slack).
function marginInCrs(box: Bbox, crs: string, frame: MetricFrame, marginM: number): [number, number] {
  const cx = (box[0] + box[2]) / 2,
    cy = (box[1] + box[3]) / 2;
  const d = Math.max(box[2] - box[0], box[3] - box[1], 1e-6);
  const { xyM } = toMetric(Float64Array.of(cx, cy, cx + d, cy, cx, cy + d), crs, frame.zone);
  const perX = Math.hypot(xyM[2] - xyM[0], xyM[3] - xyM[1]) / d;
  const perY = Math.hypot(xyM[4] - xyM[0], xyM[5] - xyM[1]) / d;
  return [(1.5 * marginM) / perX, (1.5 * marginM) / perY];
}

interface Near {
  layer: PolygonLayer;
  /** Indices into the layer of the features near the parcel, and their polygons in metres. */
  indices: number[];
  polygons: MetricPolygon[];
}

function nearPolygons(layer: PolygonLayer, box: Bbox, margin: [number, number], crs: string, frame: MetricFrame): Near {
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

const props = (layer: PolygonLayer, f: number) => layer.features[layer.sourceIndex[f]].properties ?? {};

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
  });
  if (typeof flags.parcel !== 'string') throw new CliError('missing --parcel FILE');
  if (typeof flags.buildings !== 'string') throw new CliError('missing --buildings FILE');
  if (typeof flags.out !== 'string') throw new CliError('missing --out FILE (report.html)');
  const lang = String(flags.lang ?? 'zh');
  if (lang !== 'zh' && lang !== 'en') throw new CliError(`--lang must be zh or en, got "${lang}"`);
  const crsChoice = crsFlag(flags.crs);
  const crs = crsChoice.crs.code;
  const timingsMs = { read: 0, review: 0, write: 0 };
  let t0 = performance.now();

  // The parcel and its conditions.
  const parcelFeatures = await readAnyFeatures(flags.parcel);
  const parcels = packPolygons(parcelFeatures, flags.parcel);
  checkProblems(parcels.problems);
  checkFileCrs(flags.parcel, parcels.packed.bbox, crsChoice, undefined, parcels.packed.ids);
  const ids = parcels.packed.ids;
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
  const box = Array.from(one.bbox) as Bbox;
  const margin = marginInCrs(box, crs, frame, REVIEW_MARGIN_M);
  // Each layer's coordinates against --crs; the parcel's longitude picks the zone GK metres without one look like.
  const centreLonDeg = crsChoice.crs.kind === 'geographic' ? (box[0] + box[2]) / 2 : undefined;
  const checkCrs = (file: string, boxes: Float64Array, ids: string[]) => checkFileCrs(file, boxes, crsChoice, centreLonDeg, ids);
  const readLayerChecked = async (file: string) => {
    const layer = await readPolygonLayer(file);
    checkCrs(file, layer.packed.bbox, layer.packed.ids);
    return layer;
  };

  // Candidates near the parcel, projected to its GK zone.
  const bLayer = nearPolygons(await readLayerChecked(flags.buildings), box, margin, crs, frame);
  // Attributes as the file gives them: reviewInput.ts's rule resolves missing floors and heights, the same as the viewer's.
  const buildings: CandidateBuilding[] = bLayer.indices.map((f, k) => {
    const pr = props(bLayer.layer, f);
    return { id: bLayer.layer.packed.ids[f], footprint: bLayer.polygons[k], heightM: pr.heightM, floors: pr.floors, use: pr.use };
  });
  const greens =
    typeof flags.greens === 'string' ? nearPolygons(await readLayerChecked(flags.greens), box, margin, crs, frame).polygons : [];
  const lines = typeof flags.lines === 'string' ? await readLines(flags.lines, box, margin, crs, frame, checkCrs) : [];
  let heightZones: HeightZone[] | undefined;
  if (typeof flags['height-limits'] === 'string') {
    const file = flags['height-limits'];
    const z = nearPolygons(await readLayerChecked(file), box, margin, crs, frame);
    heightZones = z.indices.map((f, k) => {
      const pr = props(z.layer, f);
      const id = z.layer.packed.ids[f];
      const maxHeightM = Number(pr.maxHeightM);
      if (!Number.isFinite(maxHeightM))
        throw new CliError(`${file}: zone ${id}: maxHeightM must be a number, got ${JSON.stringify(pr.maxHeightM)}`);
      return { id, name: pr.name == null ? id : String(pr.name), maxHeightM, footprint: z.polygons[k] };
    });
  }
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
  const review = reviewParcel(input);
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
    writeFileSync(out, reportHtml(report, lang, svg));
    writeFileSync(
      jsonOut,
      `${JSON.stringify(
        {
          ...report,
          crs: frame.crs,
          conditions,
          dimensionLines: review.dimensionLines,
          fireSpacing: review.fireSpacing,
          crossings: review.crossings,
        },
        null,
        2,
      )}\n`,
    );
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
      setbacksM: Object.fromEntries(LINE_COLOURS.filter((c) => m.setbacks[c]).map((c) => [c, round(m.setbacks[c]!.distanceM, 2)])),
    },
    failed,
    crs: frame.crs,
    timingsMs,
    out,
    json: jsonOut,
  });
  return failed.length ? EXIT_PROBLEMS : EXIT_OK;
}

// Control lines near the parcel as polylines in metres (polygon features count as the lines of their rings).
async function readLines(
  path: string,
  box: Bbox,
  margin: [number, number],
  crs: string,
  frame: MetricFrame,
  checkCrs: (file: string, boxes: Float64Array, ids: string[]) => void,
): Promise<ReviewLine[]> {
  const features = await readAnyFeatures(path);
  const packed = packLines(features.map(ringsAsLines), path);
  checkProblems(packed.problems);
  checkCrs(path, packed.packed.bbox, packed.packed.ids);
  const l = packed.packed;
  const out: ReviewLine[] = [];
  const near = featuresNear(l.bbox, [box[0] - margin[0], box[1] - margin[1], box[2] + margin[0], box[3] + margin[1]], 0);
  for (const f of near) {
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

function ringsAsLines(f: GeoJsonFeature): GeoJsonFeature {
  const g = f?.geometry;
  if (g?.type === 'Polygon') return { ...f, geometry: { type: 'MultiLineString', coordinates: g.coordinates } };
  if (g?.type === 'MultiPolygon')
    return { ...f, geometry: { type: 'MultiLineString', coordinates: (g.coordinates as unknown[][]).flat() } };
  return f;
}
