// Planning worker: keeps the city's planning layers (land-use versions, control lines, height zones,
// parcels, greens) and its buildings in metres; answers the one-map analyses, parcel reviews and the
// planning imagery tiles.
import { CGCS2000 } from '../src/core/crs/codes';
import { expose, transfer } from 'comlink';
import type Flatbush from 'flatbush';
import { toGk } from '../src/core/crs/gk';
import { landUseClassOf } from '../src/core/planning/landUseClasses';
import { CityPlan, type CityBuildings, type ParcelReviewResult, type PlanAnalysis, type PlanSummary } from '../src/core/planning/cityPlan';
import { reviewCityParcel } from '../src/core/planning/cityReview';
import type { DesignInput } from '../src/core/planning/designCheck';
import { heightExceedances } from '../src/core/planning/heightExceedances';
import { landUseAreas } from '../src/core/planning/landUseAreas';
import type { LineColour } from '../src/core/planning/types';
import { useConflicts } from '../src/core/planning/useConflicts';
import { fetchBytes } from '../src/io/fetchBytes';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import type { BuildingsData } from '../src/io/layerData';
import type { FeatureProblem } from '../src/io/packGeoJson';
import { workerEndpoint } from './endpoint';
import { planSourcesFromFeatures } from './planSources';
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

const api = {
  /** The plan layers' summary, and the features skipped while reading them (the page lists them with the others). */
  async load(files: PlanFiles): Promise<PlanSummary & { problems: FeatureProblem[] }> {
    const [parcelF, greenF, lineF, zoneF, ...landUseF] = await Promise.all([
      load(files.parcels),
      load(files.greenSpaces),
      load(files.controlLines),
      load(files.heightLimits),
      ...files.landUse.map((v) => load(v.url)),
    ]);
    const sources = planSourcesFromFeatures(
      {
        parcels: parcelF,
        greenSpaces: greenF,
        controlLines: lineF,
        heightLimits: zoneF,
        landUse: files.landUse.map((v, k) => ({ id: v.id, file: v.url, features: landUseF[k] })),
      },
      files,
    );
    const plan = new CityPlan(sources, CGCS2000);
    const landUse = sources.landUse;
    const lineKind = sources.lineKind;
    const draw: Loaded['draw'] = { landUse: new Map(), linesIndex: bboxIndex(sources.lines.bbox) };
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
      zones: plan.zones.map((z, i) => ({ id: z.id, name: z.name, maxHeightM: z.maxHeightM, ringLonLatDeg: zoneRing(sources.zones, i) })),
      linesByKind,
      zone: plan.frame.zone,
      problems: sources.problems,
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
    requireLoaded().plan.setBuildings(b, CGCS2000);
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
      exceedances: heightExceedances(b.points, b.reviewHeightM, plan.zones).map((e) => ({ ...e, id: ids[e.index] })),
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

  /** The building under a lon/lat point, null when none (or the buildings are not here yet). */
  buildingAt(lonLatDeg: [number, number]): string | null {
    const { plan } = requireLoaded();
    const xy = toGk(lonLatDeg, plan.frame.zone, false, [0, 0]);
    const f = plan.buildingAt(xy[0], xy[1]);
    return f < 0 ? null : plan.requireBuildings().polygons.ids[f];
  },

  /** The 多验合一 review of one parcel against its own planning conditions (and a design model placed on it). */
  review(parcelId: string, design?: DesignInput): ParcelReviewResult {
    return reviewCityParcel(requireLoaded().plan, parcelId, design);
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
