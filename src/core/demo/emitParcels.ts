// The parcel pass: lay out buildings and greens, measure, set planning conditions, plant violations, write it all.
import { checkConditions, deriveConditions, relaxOthers, violationMargin, type ConditionName, type PlanningConditions } from './conditions';
import type { DemoConfig } from './config';
import { demHeightM } from './dem';
import { planToLonLat } from './emitGrid';
import type { CityFrame } from './frame';
import { planHeightLimitM, planHeightZones } from './heightLimits';
import { LAND_USE_NAMES } from './landUse';
import { layoutParcel, rectRing } from './layout';
import { parcelGeometry, parcelMetrics, type LineColour, type ParcelMetrics, type SetbackLines } from './metrics';
import { parkName, utilityName } from './names';
import type { Parcel } from './parcels';
import { Rng } from '../util/random';
import { STREAM } from './streams';
import type { SensorCandidate } from './sensors';
import type { FeatureSink } from './sink';
import { riverDistanceToRect, type CitySites } from './sites';
import { applyViolation, VIOLATION_KINDS } from './violations';
import { pointsOnSurface } from '../spatial/pointOnSurface';

export interface ParcelSinks {
  buildings: FeatureSink;
  greenSpaces: FeatureSink;
  parcels: FeatureSink;
  landUse: FeatureSink;
  landUse2035: FeatureSink;
  controlLines: FeatureSink;
}

export interface LandUseConflict {
  buildingId: string;
  parcelId: string;
  plannedUse: string;
  actualUse: string;
}

export interface ParcelPassResult {
  deliberateViolations: { parcelId: string; condition: string }[];
  /** Parcels built before their height zone (exempt from its cap) whose buildings stand above it. */
  heightZoneBreaches: { parcelId: string; buildingIds: string[] }[];
  landUseConflicts: LandUseConflict[];
  elevator: SensorCandidate[];
  parking: SensorCandidate[];
}

export interface ParcelPassInput {
  config: DemoConfig;
  frame: CityFrame;
  sites: CitySites;
  parcels: Parcel[];
  l3Ids: string[];
  /** Both river banks in GK, sampled every BANK_STEP_M of plan x. */
  riverBanksGk: Float64Array[];
  nextLineId: () => string;
  onProgress?: (done: number, total: number) => void;
}

export const BANK_STEP_M = 20;
const VIOLATION_RATE = 0.03;
/** Share of parcels built before their height zone: their buildings keep their height (the 控高 analysis finds them). */
const ZONE_EXEMPT_RATE = 0.12;
/** Breaches smaller than this are not recorded (the review allows a 1 m tolerance). */
const ZONE_BREACH_MARGIN_M = 1.5;

export function emitParcels(input: ParcelPassInput, sinks: ParcelSinks): ParcelPassResult {
  const { config, frame, sites, parcels } = input;
  const heritage = parcels.find((p) => p.site === 'heritage');
  const heritageRing = heritage ? frame.flatToGk(rectRing(heritage.x0, heritage.y0, heritage.x1, heritage.y1)) : null;
  const conflictParcels = parcels.filter((p) => p.landUse === '07' && p.site === 'normal' && p.buildings >= 3).length;
  const conflictRate = Math.min(1, (6 * Math.sqrt(config.buildings / 20000)) / Math.max(1, conflictParcels));
  const result: ParcelPassResult = { deliberateViolations: [], heightZoneBreaches: [], landUseConflicts: [], elevator: [], parking: [] };
  const zones = planHeightZones(sites);
  const limitAt = (x: number, y: number) => planHeightLimitM(zones, x, y);
  let buildingSeq = 0;
  let greenSeq = 0;
  let violationTurn = 0;
  const ll = [0, 0];

  parcels.forEach((p, pi) => {
    const rng = new Rng(config.seed, STREAM.building, pi);
    const vr = new Rng(config.seed, STREAM.violation, pi);
    const exempt = new Rng(config.seed, STREAM.zone, pi).chance(ZONE_EXEMPT_RATE);
    let layout = layoutParcel(p, sites, config.seed, rng, { at: (x, y) => planHeightLimitM(zones, x, y, exempt) });
    let geo = parcelGeometry(frame, p, layout);
    const lines = setbackLines(input, p, heritage ?? null, heritageRing);
    let metrics = parcelMetrics(layout, geo, lines);
    const conditions = deriveConditions(metrics, vr);
    let broken: ConditionName | null = null;
    const eligible = p.site === 'normal' && p.buildings >= 2 && ['07', '08', '09', '10'].includes(p.landUse);
    if (eligible && vr.chance(VIOLATION_RATE)) {
      for (let k = 0; k < VIOLATION_KINDS.length && !broken; k++) {
        const kind = VIOLATION_KINDS[(violationTurn + k) % VIOLATION_KINDS.length];
        const changed = applyViolation(kind, p, layout, metrics, conditions, vr);
        if (!changed) continue;
        const g2 = parcelGeometry(frame, p, changed);
        const m2 = parcelMetrics(changed, g2, lines);
        if (violationMargin(m2, conditions, kind) > marginNeeded(kind)) {
          layout = changed;
          geo = g2;
          metrics = m2;
          broken = kind;
        }
      }
      if (broken) {
        violationTurn++;
        result.deliberateViolations.push({ parcelId: p.id, condition: broken });
      }
    }
    relaxOthers(metrics, conditions, broken, vr);
    assertOnly(metrics, conditions, broken, p.id);

    let conflictAt = -1;
    if (p.landUse === '07' && p.site === 'normal' && p.buildings >= 3 && vr.chance(conflictRate)) conflictAt = vr.int(0, p.buildings - 1);

    const aboveZone: string[] = [];
    layout.buildings.forEach((b, k) => {
      const id = `B-${String(++buildingSeq).padStart(7, '0')}`;
      if (exempt && b.heightM > limitAt(b.cx, b.cy) + ZONE_BREACH_MARGIN_M) aboveZone.push(id);
      const coords = frame.gkFlatToLonLat(geo.buildings[k].gk);
      let baseM = Infinity;
      for (let i = 0; i < b.ringEnds[0] * 2; i += 2) baseM = Math.min(baseM, demHeightM(coords[i], coords[i + 1]));
      let use: string = b.use;
      if (k === conflictAt) {
        use = vr.chance(0.5) ? '10' : '09';
        result.landUseConflicts.push({ buildingId: id, parcelId: p.id, plannedUse: p.landUse, actualUse: use });
      }
      sinks.buildings.add(
        { type: 'Polygon', coords, ringEnds: b.ringEnds },
        {
          id,
          heightM: b.heightM,
          floors: b.floors,
          baseM: Math.round(baseM * 100) / 100,
          use,
          parcelId: p.id,
          name: b.name ?? undefined,
        },
      );
      if (b.heightM >= 24) {
        // On the written footprint: a point guaranteed inside it (the plan centroid can miss an L-shaped one).
        const [lon, lat] = frame.gkFlatToLonLat(pointInsideGk(geo.buildings[k].gk, b.ringEnds));
        ll[0] = lon;
        ll[1] = lat;
        // The lift's machine room sits on the roof: baseM + heightM, as the building is drawn.
        const elevationM = Math.round((Math.round(baseM * 100) / 100 + b.heightM) * 100) / 100;
        result.elevator.push({ assetId: id, assetKind: 'building', lon: ll[0], lat: ll[1], depthM: -b.heightM, elevationM });
      }
    });
    if (aboveZone.length) result.heightZoneBreaches.push({ parcelId: p.id, buildingIds: aboveZone });
    for (const g of geo.greens) {
      sinks.greenSpaces.add(
        { type: 'Polygon', coords: frame.gkFlatToLonLat(g), ringEnds: [5] },
        {
          id: `G-${String(++greenSeq).padStart(7, '0')}`,
          parcelId: p.id,
        },
      );
    }
    const ringLonLat = frame.gkFlatToLonLat(geo.ring);
    sinks.parcels.add(
      { type: 'Polygon', coords: ringLonLat, ringEnds: [5] },
      {
        id: p.id,
        landUse: p.landUse,
        gridId: input.l3Ids[p.cell],
        conditions: conditionsRecord(conditions),
      },
    );
    const name = siteName(config.seed, p);
    sinks.landUse.add({ type: 'Polygon', coords: ringLonLat, ringEnds: [5] }, { id: `LU-${p.id.slice(2)}`, code: p.landUse, name });
    const code2035 = rezone2035(p, sites, new Rng(config.seed, STREAM.rezone, pi));
    sinks.landUse2035.add(
      { type: 'Polygon', coords: ringLonLat, ringEnds: [5] },
      {
        id: `LU-${p.id.slice(2)}`,
        code: code2035,
        name: code2035 === p.landUse ? name : LAND_USE_NAMES[code2035 as keyof typeof LAND_USE_NAMES],
      },
    );
    const kind = p.site === 'utility' ? 'yellow' : p.site === 'heritage' ? 'purple' : p.site === 'normal' ? null : 'green';
    if (kind) {
      const suffix = { yellow: '黄线', purple: '紫线', green: '绿线' }[kind];
      sinks.controlLines.add(
        { type: 'LineString', coords: planToLonLat(frame, rectRing(p.x0, p.y0, p.x1, p.y1)) },
        {
          id: input.nextLineId(),
          kind,
          name: `${name}${suffix}`,
          refId: p.id,
        },
      );
    }
    if (layout.buildings.length && ['07', '08', '09'].includes(p.landUse)) {
      frame.toLonLat((p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2, ll);
      result.parking.push({ assetId: p.id, assetKind: 'parcel', lon: ll[0], lat: ll[1], depthM: vr.chance(0.5) ? 3.5 : 0 });
    }
    if (input.onProgress && (pi + 1) % 2000 === 0) input.onProgress(pi + 1, parcels.length);
  });
  return result;
}

/** A point strictly inside a footprint given as GK metres (flat pairs) and ring ends. */
function pointInsideGk(gk: ArrayLike<number>, ringEnds: ArrayLike<number>): Float64Array {
  const rings = ringEnds.length;
  const packed = {
    coords: Float64Array.from(gk),
    ringStart: Uint32Array.from([0, ...Array.from(ringEnds)]),
    polyRingStart: Uint32Array.from([0, rings]),
    featurePolyStart: Uint32Array.from([0, 1]),
    bbox: new Float64Array(4),
    ids: [''],
  };
  return pointsOnSurface(packed);
}

// Margins beyond the tolerance, so coordinate rounding cannot undo a planted violation.
function marginNeeded(kind: ConditionName): number {
  return kind === 'farMax' ? 0.1 : kind === 'coverageMax' || kind === 'greenRatioMin' ? 0.02 : kind === 'heightMaxM' ? 2 : 1;
}

function assertOnly(m: ParcelMetrics, c: PlanningConditions, broken: ConditionName | null, id: string): void {
  const found = checkConditions(m, c);
  if (found.length !== (broken ? 1 : 0) || (broken && found[0] !== broken)) {
    throw new Error(`parcel ${id}: expected ${broken ?? 'no'} violation, found ${found.join(', ') || 'none'}`);
  }
}

export function siteName(seed: number, p: Parcel): string {
  if (p.site === 'park' || p.site === 'river') return parkName(seed, p.index);
  if (p.site === 'lake') return '如意湖公园';
  if (p.site === 'heritage') return '商城遗址';
  if (p.site === 'utility') return utilityName(seed, p.index);
  return LAND_USE_NAMES[p.landUse];
}

function conditionsRecord(c: PlanningConditions): PlanningConditions {
  return {
    farMin: c.farMin,
    farMax: c.farMax,
    coverageMax: c.coverageMax,
    greenRatioMin: c.greenRatioMin,
    heightMaxM: c.heightMaxM,
    setbacksM: { ...c.setbacksM },
    tolerances: { ...c.tolerances },
  };
}

const SIDE_CORNERS = [
  [0, 0, 1, 0],
  [1, 0, 1, 1],
  [0, 1, 1, 1],
  [0, 0, 0, 1],
];

// The control lines whose setback applies to this parcel, as GK polylines.
function setbackLines(input: ParcelPassInput, p: Parcel, heritage: Parcel | null, heritageRing: Float64Array | null): SetbackLines {
  const { frame, parcels, sites } = input;
  const lines: SetbackLines = {};
  const push = (colour: LineColour, l: Float64Array) => (lines[colour] ??= []).push(l);
  const xs = [p.x0, p.x1];
  const ys = [p.y0, p.y1];
  for (let s = 0; s < 4; s++) {
    const [ax, ay, bx, by] = SIDE_CORNERS[s];
    const edge = () => frame.flatToGk([xs[ax], ys[ay], xs[bx], ys[by]]);
    if (p.sideRoad[s]) push('red', edge());
    const nb = p.neighbour[s] >= 0 ? parcels[p.neighbour[s]] : null;
    if (nb && (nb.site === 'park' || nb.site === 'river' || nb.site === 'lake')) push('green', edge());
    if (nb && nb.site === 'utility') push('yellow', edge());
  }
  if (p.site !== 'river' && riverDistanceToRect(sites, p.x0, p.y0, p.x1, p.y1) < 150) {
    const i0 = Math.max(0, Math.floor((p.x0 - 200) / BANK_STEP_M));
    for (const bank of input.riverBanksGk) {
      const i1 = Math.min(bank.length / 2, Math.ceil((p.x1 + 200) / BANK_STEP_M) + 1);
      if (i1 - i0 >= 2) push('blue', bank.subarray(i0 * 2, i1 * 2));
    }
  }
  if (heritage && heritageRing && p !== heritage && rectGap(p, heritage) < 400) push('purple', heritageRing);
  return lines;
}

function rectGap(a: { x0: number; y0: number; x1: number; y1: number }, b: { x0: number; y0: number; x1: number; y1: number }): number {
  const dx = Math.max(0, a.x0 - b.x1, b.x0 - a.x1);
  const dy = Math.max(0, a.y0 - b.y1, b.y0 - a.y1);
  return Math.hypot(dx, dy);
}

/**
 * The plan revision's land use of a parcel: industry near the centre turns to commerce and housing
 * ("退二进三"), fringe storage to green belt, housing by the CBD to commerce, a few housing parcels to schools.
 */
export function rezone2035(p: Parcel, sites: CitySites, rng: Rng): string {
  if (p.site !== 'normal') return p.landUse;
  const u = rng.next();
  const dc = Math.hypot((p.x0 + p.x1) / 2 - sites.cbd.x, (p.y0 + p.y1) / 2 - sites.cbd.y) / sites.cbd.radiusM;
  if (p.landUse === '10' && u < 0.5) return u < 0.3 ? '09' : '07';
  if (p.landUse === '11' && u < 0.4) return '14';
  if (p.landUse === '07' && dc < 1.8 && u < 0.3) return '09';
  if (p.landUse === '07' && u < 0.04) return '08';
  return p.landUse;
}
