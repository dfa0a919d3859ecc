// Building footprints and green spaces of one parcel, in plan metres: slots in rows, buildings at the north of each slot.
import { centrality, type Rect } from './grid';
import type { LandUseCode } from './landUse';
import { publicBuildingName, towerName } from './names';
import { buildableRect, MIN_SLOT_M, type Parcel } from './parcels';
import type { Rng } from '../util/random';
import type { CitySites } from './sites';

export interface PlanBuilding {
  /** Closed rings, outer counter-clockwise then holes clockwise: x,y,x,y… plan metres. */
  coords: number[];
  /** Exclusive end (point index) of each ring. */
  ringEnds: number[];
  /** Centre of the shape, for the rigid move to GK. */
  cx: number;
  cy: number;
  shape: 'rect' | 'L' | 'courtyard';
  slot: Rect;
  heightM: number;
  floors: number;
  use: LandUseCode;
  name: string | null;
}

export interface ParcelLayout {
  inner: Rect;
  buildings: PlanBuilding[];
  greens: Rect[];
}

const ASPECT: Partial<Record<LandUseCode, number>> = { '07': 2.2, '09': 1, '08': 1.3, '10': 1.5, '11': 1.8, '13': 1 };

export function rectRing(x0: number, y0: number, x1: number, y1: number, ccw = true): number[] {
  return ccw ? [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0] : [x0, y0, x0, y1, x1, y1, x1, y0, x0, y0];
}

/** Height limits over the plan (a parcel that predates a zone is not capped by it). */
export interface LayoutLimits {
  /** The height cap at a plan point (Infinity for none). */
  at(x: number, y: number): number;
}

const NO_LIMITS: LayoutLimits = { at: () => Infinity };

export function layoutParcel(p: Parcel, sites: CitySites, seed: number, rng: Rng, limits: LayoutLimits = NO_LIMITS): ParcelLayout {
  const inner = buildableRect(p);
  const greens: Rect[] = [];
  const n = p.buildings;
  if (n === 0) {
    if (p.site !== 'normal' && p.site !== 'utility') greens.push({ x0: p.x0 + 3, y0: p.y0 + 3, x1: p.x1 - 3, y1: p.y1 - 3 });
    else addBelt(p, inner, greens);
    return { inner, buildings: [], greens };
  }
  const w = inner.x1 - inner.x0;
  const h = inner.y1 - inner.y0;
  const cmax = Math.floor(w / MIN_SLOT_M);
  const rmax = Math.floor(h / MIN_SLOT_M);
  let cols = Math.max(1, Math.min(cmax, Math.round(Math.sqrt((n * w) / (h * (ASPECT[p.landUse] ?? 1))))));
  let rows = Math.ceil(n / cols);
  if (rows > rmax) {
    cols = Math.ceil(n / rmax);
    rows = Math.ceil(n / cols);
  }
  const slotW = w / cols;
  const slotH = h / rows;
  const g = centrality((p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2, sites.widthM, sites.heightM);
  const dc = Math.hypot((p.x0 + p.x1) / 2 - sites.cbd.x, (p.y0 + p.y1) / 2 - sites.cbd.y) / sites.cbd.radiusM;
  const estate = residentialFloors(rng, g);
  const buildings: PlanBuilding[] = [];
  for (let k = 0; k < n; k++) {
    const row = Math.floor(k / cols);
    const col = k % cols;
    const slot: Rect = {
      x0: inner.x0 + col * slotW,
      x1: inner.x0 + (col + 1) * slotW,
      y1: inner.y1 - row * slotH,
      y0: inner.y1 - (row + 1) * slotH,
    };
    let [floors, heightM] = storeys(p.landUse, rng, estate, dc);
    // No taller than the height zone allows (unless this parcel predates it), and a high-rise only where
    // its slot leaves the fire separation around a real footprint.
    const roomy = Math.min(slotW, slotH) - 2 * HIGH_RISE_HALF_GAP_M >= MIN_FOOTPRINT_M;
    const capM = Math.min(limits.at((slot.x0 + slot.x1) / 2, (slot.y0 + slot.y1) / 2) - 1.5, roomy ? Infinity : 24);
    if (heightM > capM) {
      const perFloor = heightM / floors;
      floors = Math.max(1, Math.floor(capM / perFloor));
      heightM = Math.round(floors * perFloor * 10) / 10;
    }
    const b = footprint(p.landUse, slot, rng, heightM > 24 ? HIGH_RISE_HALF_GAP_M : HALF_GAP_M);
    b.floors = floors;
    b.heightM = heightM;
    if (p.landUse === '09' && heightM > 150) b.name = towerName(seed, p.index * 1000 + k);
    else if (p.landUse === '08' && k === 0) b.name = publicBuildingName(seed, p.index);
    buildings.push(b);
  }
  // Lawns south of each row of buildings, the empty slots of the last row, and a belt in the road setback.
  for (let row = 0; row < rows; row++) {
    const rowTop = inner.y1 - row * slotH;
    const rowBottom = rowTop - slotH;
    let minY = Infinity;
    for (let k = row * cols; k < Math.min(n, (row + 1) * cols); k++) minY = Math.min(minY, bboxOf(buildings[k]).y0);
    // The lawn fills the fire-separation strip south of the row, a metre clear of the buildings each side.
    const top = minY - 1;
    if (top - (rowBottom + 1) >= 3) greens.push({ x0: inner.x0 + 1, y0: rowBottom + 1, x1: inner.x1 - 1, y1: top });
    const filled = Math.min(n, (row + 1) * cols) - row * cols;
    if (filled < cols) {
      const gx0 = inner.x0 + filled * slotW + 2;
      const gy0 = Math.max(top + 1, rowBottom + 1);
      if (inner.x1 - 1 - gx0 >= 3 && rowTop - 2 - gy0 >= 3) greens.push({ x0: gx0, y0: gy0, x1: inner.x1 - 1, y1: rowTop - 2 });
    }
  }
  addBelt(p, inner, greens);
  return { inner, buildings, greens };
}

// A green belt in the setback along the parcel's longest road side.
function addBelt(p: Parcel, inner: Rect, greens: Rect[]): void {
  let best = -1;
  let bestLen = 0;
  for (let s = 0; s < 4; s++) {
    if (!p.sideRoad[s]) continue;
    const len = s % 2 === 0 ? p.x1 - p.x0 : p.y1 - p.y0;
    if (len > bestLen) {
      best = s;
      bestLen = len;
    }
  }
  if (best < 0 || p.setbackRoadM - 2 < 3) return;
  const belts: Rect[] = [
    { x0: inner.x0, y0: p.y0 + 1, x1: inner.x1, y1: inner.y0 - 1 },
    { x0: inner.x1 + 1, y0: inner.y0, x1: p.x1 - 1, y1: inner.y1 },
    { x0: inner.x0, y0: inner.y1 + 1, x1: inner.x1, y1: p.y1 - 1 },
    { x0: p.x0 + 1, y0: inner.y0, x1: inner.x0 - 1, y1: inner.y1 },
  ];
  const b = belts[best];
  if (b.x1 - b.x0 >= 3 && b.y1 - b.y0 >= 3) greens.push(b);
}

export function bboxOf(b: PlanBuilding): Rect {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  const end = b.ringEnds[0] * 2;
  for (let i = 0; i < end; i += 2) {
    x0 = Math.min(x0, b.coords[i]);
    x1 = Math.max(x1, b.coords[i]);
    y0 = Math.min(y0, b.coords[i + 1]);
    y1 = Math.max(y1, b.coords[i + 1]);
  }
  return { x0, y0, x1, y1 };
}

// Footprint inside a slot: at least 2 m from the slot's sides and bottom, 2–3 m below its top.
/**
 * Clearance each building keeps to its slot's edges (with room for the city warp and rounding), so neighbours stand at least the fire separation of
 * GB 50016 apart: 6 m between multi-storey buildings, 9 m to a high-rise, 13 m between high-rises.
 */
const HALF_GAP_M = 5;
const MIN_FOOTPRINT_M = 6;
const HIGH_RISE_HALF_GAP_M = 7.2;

function footprint(use: LandUseCode, slot: Rect, rng: Rng, gapM: number): PlanBuilding {
  const sw = slot.x1 - slot.x0;
  const sh = slot.y1 - slot.y0;
  const maxW = sw - 2 * gapM;
  const maxD = sh - 2 * gapM;
  let bw: number;
  let bd: number;
  if (use === '07') {
    bw = Math.min(80, sw * rng.range(0.6, 0.85));
    bd = Math.min(18, Math.max(10, sh * rng.range(0.35, 0.5)));
  } else if (use === '09') {
    bw = Math.min(60, sw * rng.range(0.5, 0.75));
    bd = Math.min(60, sh * rng.range(0.5, 0.72));
  } else if (use === '08') {
    bw = sw * rng.range(0.55, 0.75);
    bd = sh * rng.range(0.4, 0.6);
  } else if (use === '10' || use === '11') {
    bw = sw * rng.range(0.65, 0.85);
    bd = sh * rng.range(0.5, 0.7);
  } else {
    bw = sw * 0.5;
    bd = sh * 0.5;
  }
  bw = round1(Math.max(MIN_FOOTPRINT_M, Math.min(bw, maxW)));
  bd = round1(Math.max(MIN_FOOTPRINT_M, Math.min(bd, maxD)));
  const x0 = round1(slot.x0 + gapM + rng.range(0, Math.max(0, maxW - bw)));
  const y1 = round1(slot.y1 - gapM - rng.range(0, Math.max(0, Math.min(1, maxD - bd))));
  const x1 = x0 + bw;
  const y0 = y1 - bd;
  const base = { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, slot, heightM: 0, floors: 0, use, name: null };
  const wingLen = Math.min(sh - bd - 2 * gapM - 1, bd * 1.2);
  if (use === '07' && bw >= 30 && wingLen >= 6 && rng.chance(0.15)) {
    const ww = round1(Math.min(bd, bw / 3));
    const wl = round1(wingLen);
    const coords = rng.chance(0.5)
      ? [x0, y0 - wl, x0 + ww, y0 - wl, x0 + ww, y0, x1, y0, x1, y1, x0, y1, x0, y0 - wl]
      : [x0, y0, x1 - ww, y0, x1 - ww, y0 - wl, x1, y0 - wl, x1, y1, x0, y1, x0, y0];
    return { ...base, cy: (y0 - wl + y1) / 2, coords, ringEnds: [7], shape: 'L' };
  }
  if ((use === '08' || use === '09') && Math.min(bw, bd) >= 30 && rng.chance(0.5)) {
    const t = round1(Math.max(8, Math.min(bw, bd) * 0.28));
    return {
      ...base,
      coords: [...rectRing(x0, y0, x1, y1), ...rectRing(x0 + t, y0 + t, x1 - t, y1 - t, false)],
      ringEnds: [5, 10],
      shape: 'courtyard',
    };
  }
  return { ...base, coords: rectRing(x0, y0, x1, y1), ringEnds: [5], shape: 'rect' };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

// One storey band per residential estate: multi-storey, mid-rise or high-rise, more high-rise near the centre.
function residentialFloors(rng: Rng, g: number): [number, number] {
  const u = rng.next();
  if (u < 0.15 + 0.5 * g) return [24, 33];
  if (u < 0.5 + 0.35 * g) return [11, 18];
  return [6, 7];
}

/** Floors and height for a use; height / floors stays within 3–4.5 m. */
export function storeys(use: LandUseCode, rng: Rng, estate: [number, number], cbdDistance: number): [number, number] {
  let floors: number;
  let fh: number;
  let parapet: number;
  switch (use) {
    case '07':
      floors = rng.int(estate[0], estate[1]);
      fh = 3;
      parapet = 0.9;
      break;
    case '09': {
      const top = cbdDistance < 1 ? 15 + 45 * (1 - cbdDistance) : 6;
      floors = Math.min(70, Math.max(2, Math.round(top * rng.range(0.5, 1.3))));
      fh = 4;
      parapet = Math.min(1.5, 0.5 * floors);
      break;
    }
    case '08':
      floors = rng.chance(0.1) ? rng.int(12, 20) : rng.int(2, 8);
      fh = 3.9;
      parapet = 0.6;
      break;
    case '10':
      floors = rng.int(1, 4);
      fh = 4.5;
      parapet = 0;
      break;
    case '11':
      floors = rng.int(1, 2);
      fh = 4.5;
      parapet = 0;
      break;
    default:
      floors = rng.int(1, 3);
      fh = 4;
      parapet = 0.5;
  }
  return [floors, Math.round((floors * fh + parapet) * 10) / 10];
}
