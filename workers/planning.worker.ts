// Planning worker: keeps the city's planning layers (land-use versions, control lines, height zones,
// parcels, greens) and its buildings in metres; answers the one-map analyses, parcel reviews and the
// planning imagery tiles.
import { expose, transfer } from 'comlink';
import type Flatbush from 'flatbush';
import { fromGk, toGk } from '../src/core/crs/gk';
import { landUseClassOf } from '../src/core/planning/landUseClasses';
import { CityPlan, type CityBuildings, type ParcelReviewResult, type PlanAnalysis, type PlanSummary } from '../src/core/planning/cityPlan';
import { validateConditions } from '../src/core/planning/conditionsSchema';
import { heightExceedances } from '../src/core/planning/heightExceedances';
import { landUseAreas } from '../src/core/planning/landUseAreas';
import { reviewParcel } from '../src/core/planning/reviewParcel';
import { sitePlanSvg } from '../src/core/planning/sitePlan';
import type { LineColour } from '../src/core/planning/types';
import { useConflicts } from '../src/core/planning/useConflicts';
import { fetchBytes } from '../src/io/fetchBytes';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import type { BuildingsData } from '../src/io/layerData';
import { numberColumn, packLines, packPolygons, ringsAsLines, stringColumn } from '../src/io/packGeoJson';
import { workerEndpoint } from './endpoint';
import { bboxIndex, drawLineTile, drawPolygonTile } from './planTiles';

export interface PlanFiles {
  parcels: string;
  greenSpaces: string;
  controlLines: string;
  heightLimits: string;
  /** Land-use plan versions, the one in force first. */
  landUse: { id: string; url: string }[];
}

interface Loaded {
  plan: CityPlan;
  /** Lon/lat sources for drawing tiles, with their bbox indexes. */
  draw: {
    landUse: Map<string, { index: Flatbush | null; fill: string[] }>;
    linesIndex: Flatbush | null;
  };
}

let loaded: Loaded | null = null;

async function load(url: string): Promise<GeoJsonFeature[]> {
  return readFeatures(await fetchBytes(url), url);
}

function requireLoaded(): Loaded {
  if (!loaded) throw new Error('planning layers not loaded: call load first');
  return loaded;
}

function toLonLat(xy: readonly number[] | Float64Array, zone: number): [number, number] {
  const r = fromGk(xy, zone, false, [0, 0]);
  return [r[0], r[1]];
}

const api = {
  async load(files: PlanFiles): Promise<PlanSummary> {
    const [parcelF, greenF, lineF, zoneF, ...landUseF] = await Promise.all([
      load(files.parcels),
      load(files.greenSpaces),
      load(files.controlLines),
      load(files.heightLimits),
      ...files.landUse.map((v) => load(v.url)),
    ]);
    const parcels = packPolygons(parcelF, files.parcels);
    const greens = packPolygons(greenF, files.greenSpaces);
    const lines = packLines(lineF.map(ringsAsLines), files.controlLines);
    const zones = packPolygons(zoneF, files.heightLimits);
    const landUse = new Map<string, { polygons: typeof parcels.packed; codes: string[] }>();
    files.landUse.forEach((v, k) => {
      const p = packPolygons(landUseF[k], v.url);
      landUse.set(v.id, { polygons: p.packed, codes: stringColumn(landUseF[k], p.sourceIndex, 'code').map((c) => c ?? '') });
    });
    const lineKind = stringColumn(lineF, lines.sourceIndex, 'kind').map((k) => k ?? '');
    const plan = new CityPlan(
      {
        parcels: parcels.packed,
        parcelLandUse: stringColumn(parcelF, parcels.sourceIndex, 'landUse').map((c) => c ?? ''),
        parcelConditions: Array.from(parcels.sourceIndex, (i) => parcelF[i].properties?.conditions),
        greens: greens.packed,
        lines: lines.packed,
        lineKind,
        lineName: stringColumn(lineF, lines.sourceIndex, 'name').map((n) => n ?? ''),
        lineRefId: stringColumn(lineF, lines.sourceIndex, 'refId'),
        zones: zones.packed,
        zoneName: stringColumn(zoneF, zones.sourceIndex, 'name').map((n) => n ?? ''),
        zoneMaxHeightM: numberColumn(zoneF, zones.sourceIndex, 'maxHeightM'),
        landUse,
      },
      'EPSG:4490',
    );
    const draw: Loaded['draw'] = { landUse: new Map(), linesIndex: bboxIndex(lines.packed.bbox) };
    for (const [id, lu] of landUse) {
      draw.landUse.set(id, {
        index: bboxIndex(lu.polygons.bbox),
        fill: lu.codes.map((c) => `rgba(${landUseClassOf(c).rgb.join(',')},0.62)`),
      });
    }
    loaded = { plan, draw };
    const linesByKind: Record<string, number> = {};
    for (const k of lineKind) linesByKind[k] = (linesByKind[k] ?? 0) + 1;
    const areas: PlanSummary['areas'] = {};
    for (const [id, polys] of plan.landUse) areas[id] = landUseAreas(polys);
    return {
      parcelIds: plan.parcels.ids,
      parcelLandUse: plan.sources.parcelLandUse,
      areas,
      zones: plan.zones.map((z, i) => ({ id: z.id, name: z.name, maxHeightM: z.maxHeightM, ringLonLatDeg: zoneRing(zones.packed, i) })),
      linesByKind,
      zone: plan.frame.zone,
    };
  },

  /** The city's buildings, straight from the layers worker over a channel. */
  async receiveBuildings(port: MessagePort): Promise<number> {
    const data = await new Promise<BuildingsData>((ok) => {
      port.onmessage = (e: MessageEvent<BuildingsData>) => ok(e.data);
    });
    port.close();
    const b: CityBuildings = {
      polygons: data.polygons,
      heightM: data.heightM,
      floors: data.floors,
      useIndex: data.useIndex,
      useCodes: data.useCodes,
    };
    requireLoaded().plan.setBuildings(b, 'EPSG:4490');
    return data.polygons.ids.length;
  },

  /** 控高分析 and plan-vs-reality against one plan version. */
  analyse(version: string): PlanAnalysis {
    const { plan } = requireLoaded();
    const b = plan.requireBuildings();
    const ids = b.polygons.ids;
    const landUse = plan.landUse.get(version);
    if (!landUse) throw new Error(`unknown plan version "${version}"`);
    return {
      exceedances: heightExceedances(b.points, b.heightM, plan.zones).map((e) => ({ ...e, id: ids[e.index] })),
      conflicts: useConflicts(b.points, (i) => b.useCodes[b.useIndex[i]] ?? '', landUse).map((c) => ({ ...c, id: ids[c.index] })),
    };
  },

  /** The parcel under a lon/lat point, null when none. */
  parcelAt(lonLatDeg: [number, number]): string | null {
    const { plan } = requireLoaded();
    const xy = toGk(lonLatDeg, plan.frame.zone, false, [0, 0]);
    const f = plan.parcelAt(xy[0], xy[1]);
    return f < 0 ? null : plan.parcels.ids[f];
  },

  /** The 多验合一 review of one parcel against its own planning conditions. */
  review(parcelId: string): ParcelReviewResult {
    const { plan } = requireLoaded();
    const f = plan.parcelIndexOf(parcelId);
    if (f === undefined) throw new Error(`no parcel "${parcelId}"`);
    const conditions = validateConditions(plan.sources.parcelConditions[f], `parcel ${parcelId}`);
    const input = plan.reviewInput(f, conditions);
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
  },

  landUseTile(version: string, x: number, y: number, level: number): ImageBitmap {
    const { plan, draw } = requireLoaded();
    const d = draw.landUse.get(version);
    const src = plan.sources.landUse.get(version);
    if (!d || !src) throw new Error(`unknown plan version "${version}"`);
    const image = drawPolygonTile(src.polygons, d.index, { fill: (f) => d.fill[f], stroke: 'rgba(60,60,60,0.7)' }, x, y, level);
    return transfer(image, [image]);
  },

  lineTile(kind: LineColour, x: number, y: number, level: number): ImageBitmap {
    const { plan, draw } = requireLoaded();
    const kinds = plan.sources.lineKind;
    const image = drawLineTile(
      plan.sources.lines,
      draw.linesIndex,
      (f) => kinds[f],
      (f) => kinds[f] === kind,
      x,
      y,
      level,
    );
    return transfer(image, [image]);
  },
};

function zoneRing(
  p: { coords: Float64Array; ringStart: Uint32Array; polyRingStart: Uint32Array; featurePolyStart: Uint32Array },
  f: number,
): Float64Array {
  const r = p.polyRingStart[p.featurePolyStart[f]];
  return p.coords.slice(p.ringStart[r] * 2, p.ringStart[r + 1] * 2);
}

expose(api, workerEndpoint());
export type PlanningApi = typeof api;
