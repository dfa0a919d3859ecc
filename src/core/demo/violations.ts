// Deliberate plan-vs-reality breaches: reshape a parcel's built layout so it breaks one planning condition.
import type { ConditionName, PlanningConditions } from './conditions';
import { bboxOf, type ParcelLayout, type PlanBuilding } from './layout';
import type { ParcelMetrics } from './metrics';
import type { Parcel } from './parcels';
import type { Rng } from '../util/random';

export const VIOLATION_KINDS: ConditionName[] = ['heightMaxM', 'farMax', 'coverageMax', 'greenRatioMin', 'setbacksM.red'];

/** Gap left between a building pushed into the setback and the red line, plan metres (outside the road corridor). */
export const SETBACK_BREACH_GAP_M = 3;

function cloneBuilding(b: PlanBuilding): PlanBuilding {
  return { ...b, coords: b.coords.slice(), ringEnds: b.ringEnds.slice() };
}

/** A modified copy of the layout that breaks `kind`, or null when this parcel cannot break it. */
export function applyViolation(
  kind: ConditionName,
  p: Parcel,
  layout: ParcelLayout,
  m: ParcelMetrics,
  c: PlanningConditions,
  rng: Rng,
): ParcelLayout | null {
  const out: ParcelLayout = { inner: layout.inner, buildings: layout.buildings.map(cloneBuilding), greens: layout.greens.slice() };
  const bs = out.buildings;
  if (bs.length === 0) return null;
  switch (kind) {
    case 'heightMaxM': {
      // Extra storeys on the tallest building.
      const b = bs.reduce((a, x) => (x.heightM > a.heightM ? x : a));
      const fh = b.heightM / b.floors;
      b.floors = Math.ceil((c.heightMaxM + c.tolerances.heightM + rng.range(4, 15)) / fh);
      b.heightM = Math.round(b.floors * fh * 10) / 10;
      return out;
    }
    case 'farMax': {
      // Every building grew storeys beyond the approved floor area.
      if (m.far <= 0) return null;
      const f = (c.farMax + c.tolerances.far + 0.2 + rng.range(0, 0.3)) / m.far;
      for (const b of bs) {
        const fh = b.heightM / b.floors;
        b.floors = Math.max(b.floors + 1, Math.ceil(b.floors * f));
        b.heightM = Math.round(b.floors * fh * 10) / 10;
      }
      return out;
    }
    case 'coverageMax': {
      // Rectangular buildings widened to fill their slots.
      let changed = false;
      for (const b of bs) {
        if (b.shape !== 'rect') continue;
        const bb = bboxOf(b);
        const x0 = b.slot.x0 + 1.25;
        const x1 = b.slot.x1 - 1.25;
        if (x1 - x0 <= bb.x1 - bb.x0 + 1) continue;
        b.coords = [x0, bb.y0, x1, bb.y0, x1, bb.y1, x0, bb.y1, x0, bb.y0];
        b.cx = (x0 + x1) / 2;
        changed = true;
      }
      return changed ? out : null;
    }
    case 'greenRatioMin': {
      // Lawns paved over: only the last green (the setback belt, when there is one) survives.
      if (out.greens.length < 2) return null;
      out.greens = out.greens.slice(-1);
      return out;
    }
    case 'setbacksM.red': {
      // The building nearest a road side pushed to SETBACK_BREACH_GAP_M from the red line.
      let best: { b: PlanBuilding; side: number; gap: number } | null = null;
      for (const b of bs) {
        const bb = bboxOf(b);
        const gaps = [bb.y0 - p.y0, p.x1 - bb.x1, p.y1 - bb.y1, bb.x0 - p.x0];
        for (let s = 0; s < 4; s++) {
          if (p.sideRoad[s] && (!best || gaps[s] < best.gap)) best = { b, side: s, gap: gaps[s] };
        }
      }
      if (!best || best.gap <= SETBACK_BREACH_GAP_M + 1) return null;
      const shift = best.gap - SETBACK_BREACH_GAP_M;
      const dx = best.side === 1 ? shift : best.side === 3 ? -shift : 0;
      const dy = best.side === 2 ? shift : best.side === 0 ? -shift : 0;
      const b = best.b;
      for (let i = 0; i < b.coords.length; i += 2) {
        b.coords[i] += dx;
        b.coords[i + 1] += dy;
      }
      b.cx += dx;
      b.cy += dy;
      const bb = bboxOf(b);
      out.greens = out.greens.filter((g) => g.x1 <= bb.x0 || g.x0 >= bb.x1 || g.y1 <= bb.y0 || g.y0 >= bb.y1);
      return out;
    }
    default:
      return null;
  }
}
