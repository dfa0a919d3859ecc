// Parcels: each L3 block (inside the road red lines) split into 1–3 parcels with a planned use and a building count.
import { allocateCounts } from './allocate';
import type { DemoConfig } from './config';
import { centrality, ROAD_WIDTH_M, sideClasses, type GridLayout, type Rect, type RoadClass } from './grid';
import { plannedLandUse, USE_DENSITY, type LandUseCode } from './landUse';
import { Rng } from '../util/random';
import { STREAM } from './streams';
import { riverDistanceToRect, type CitySites } from './sites';

export type ParcelSite = 'normal' | 'park' | 'river' | 'lake' | 'heritage' | 'utility';

/** Side order used everywhere: 0 bottom (south), 1 right (east), 2 top (north), 3 left (west). */
export interface Parcel extends Rect {
  index: number;
  id: string;
  /** L3 cell index. */
  cell: number;
  /** Road class along each side, 0 where the side is an interior boundary shared with another parcel. */
  sideRoad: [number, number, number, number];
  /** Neighbouring parcel across each interior side, -1 on road sides. */
  neighbour: [number, number, number, number];
  landUse: LandUseCode;
  site: ParcelSite;
  /** Building setback from the road red line, plan metres (before any deliberate violation). */
  setbackRoadM: number;
  capacity: number;
  buildings: number;
}

export const INTERIOR_SETBACK_M = 5;
export const MIN_SLOT_M = 16;

const ROAD_SETBACK: Record<LandUseCode, [number, number]> = {
  '07': [8, 12],
  '08': [8, 12],
  '09': [10, 15],
  '10': [6, 10],
  '11': [6, 10],
  '13': [5, 8],
  '14': [5, 5],
  '17': [5, 5],
};

/** The parcel rectangle shrunk by the road setback on road sides and INTERIOR_SETBACK_M elsewhere. */
export function buildableRect(p: Parcel, roadSetbackM = p.setbackRoadM): Rect {
  const s = (side: number) => (p.sideRoad[side] ? roadSetbackM : INTERIOR_SETBACK_M);
  return { x0: p.x0 + s(3), y0: p.y0 + s(0), x1: p.x1 - s(1), y1: p.y1 - s(2) };
}

export function buildParcels(config: DemoConfig, grid: GridLayout, sites: CitySites): Parcel[] {
  const { widthM, heightM } = grid;
  const lakeCell = cellAt(grid, sites.cbd.x, sites.cbd.y);
  const heritageCell = cellAt(grid, sites.heritage.x, sites.heritage.y);
  const parcels: Parcel[] = [];
  grid.l3.forEach((c3, ci) => {
    const c2 = grid.l2[c3.parent];
    const c1 = grid.l1[c2.parent];
    const cls = sideClasses(c3, c2, c1);
    const half = (k: number) => ROAD_WIDTH_M[cls[k] as RoadClass] / 2;
    const block: Rect = { x0: c3.x0 + half(3), y0: c3.y0 + half(0), x1: c3.x1 - half(1), y1: c3.y1 - half(2) };
    const rng = new Rng(config.seed, STREAM.parcel, ci);
    const special = ci === lakeCell || ci === heritageCell;
    const alongX = block.x1 - block.x0 >= block.y1 - block.y0;
    const len = alongX ? block.x1 - block.x0 : block.y1 - block.y0;
    const parts = special || len < 160 ? 1 : len < 320 ? (rng.chance(0.6) ? 2 : 1) : rng.int(2, 3);
    const first = parcels.length;
    // Cut positions drawn once per block: a parcel ends exactly where the next begins (no overlap, no gap).
    const cuts = Array.from({ length: parts + 1 }, (_, i) =>
      i === 0 ? 0 : i === parts ? len : Math.round((len * i) / parts + rng.range(-0.1, 0.1) * (len / parts)),
    );
    for (let k = 0; k < parts; k++) {
      const a = cuts[k];
      const b = cuts[k + 1];
      const r: Rect = alongX
        ? { x0: block.x0 + a, y0: block.y0, x1: block.x0 + b, y1: block.y1 }
        : { x0: block.x0, y0: block.y0 + a, x1: block.x1, y1: block.y0 + b };
      const sideRoad: [number, number, number, number] = [cls[0], cls[1], cls[2], cls[3]];
      const neighbour: [number, number, number, number] = [-1, -1, -1, -1];
      const idx = first + k;
      if (alongX) {
        if (k > 0) {
          sideRoad[3] = 0;
          neighbour[3] = idx - 1;
        }
        if (k < parts - 1) {
          sideRoad[1] = 0;
          neighbour[1] = idx + 1;
        }
      } else {
        if (k > 0) {
          sideRoad[0] = 0;
          neighbour[0] = idx - 1;
        }
        if (k < parts - 1) {
          sideRoad[2] = 0;
          neighbour[2] = idx + 1;
        }
      }
      const luRng = new Rng(config.seed, STREAM.landUse, idx);
      const cx = (r.x0 + r.x1) / 2;
      const cy = (r.y0 + r.y1) / 2;
      let landUse = plannedLandUse(sites, cx, cy, luRng);
      let site: ParcelSite = landUse === '14' ? 'park' : landUse === '13' ? 'utility' : 'normal';
      if (ci === lakeCell) {
        landUse = '14';
        site = 'lake';
      } else if (ci === heritageCell) {
        landUse = '08';
        site = 'heritage';
      } else if (riverDistanceToRect(sites, r.x0, r.y0, r.x1, r.y1) < sites.river.halfWidthM + 20) {
        landUse = '14';
        site = 'river';
      }
      const [lo, hi] = ROAD_SETBACK[landUse];
      const p: Parcel = {
        ...r,
        index: idx,
        id: `P-${String(idx + 1).padStart(6, '0')}`,
        cell: ci,
        sideRoad,
        neighbour,
        landUse,
        site,
        setbackRoadM: Math.round(luRng.range(lo, hi) * 2) / 2,
        capacity: 0,
        buildings: 0,
      };
      const inner = buildableRect(p);
      const w = inner.x1 - inner.x0;
      const h = inner.y1 - inner.y0;
      p.capacity = w > MIN_SLOT_M && h > MIN_SLOT_M ? Math.floor(w / MIN_SLOT_M) * Math.floor(h / MIN_SLOT_M) : 0;
      parcels.push(p);
    }
  });
  const weights = parcels.map((p) => {
    if (p.site !== 'normal' && p.site !== 'utility') return 0;
    const inner = buildableRect(p);
    const area = Math.max(0, inner.x1 - inner.x0) * Math.max(0, inner.y1 - inner.y0);
    const cx = (p.x0 + p.x1) / 2;
    const cy = (p.y0 + p.y1) / 2;
    // CBD towers: fewer, bigger buildings per parcel.
    const tower = p.landUse === '09' && Math.hypot(cx - sites.cbd.x, cy - sites.cbd.y) < sites.cbd.radiusM ? 0.35 : 1;
    return area * USE_DENSITY[p.landUse] * tower * (1 + 1.5 * centrality(cx, cy, widthM, heightM));
  });
  // Utilities get one to three buildings (substation halls, pump houses); the rest share the total.
  const counts = allocateCounts(
    config.buildings,
    weights,
    parcels.map((p) => (p.site === 'utility' ? Math.min(3, p.capacity) : p.capacity)),
  );
  parcels.forEach((p, i) => (p.buildings = counts[i]));
  return parcels;
}

/** Index of the L3 cell containing a plan point (first match). */
export function cellAt(grid: GridLayout, x: number, y: number): number {
  return grid.l3.findIndex((c) => x >= c.x0 && x < c.x1 && y >= c.y0 && y < c.y1);
}
