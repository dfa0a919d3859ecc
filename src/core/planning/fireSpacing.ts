// Fire separation between the buildings of a parcel, after GB 50016-2014 table 5.2.2 (civil buildings of fire
// resistance grade I/II), simplified to two height classes: high-rise (residential above 27 m, other above 24 m)
// and the rest. Required spacing, edge to edge between footprints: high–high 13 m, high–other 9 m, other–other 6 m.
// Not modelled: the grade III/IV rows, the reductions for firewalls and sprinklers in the table's notes, and the
// separate table 3.4.1 for factories and warehouses, which get the civil values here.
import { closerRingToPath, emptyClosest } from './closestPoints';
import { coordsBbox, bboxGap, outerRings, type Bbox } from './metricPolygon';
import type { ReviewBuilding } from './types';

export const FIRE_SPACING_M = { highHigh: 13, highOther: 9, otherOther: 6 } as const;

/** GB 50016 high-rise: residential above 27 m, any other building above 24 m. */
export function isHighRise(heightM: number, use: string): boolean {
  return heightM > (String(use).startsWith('07') ? 27 : 24);
}

export function requiredFireSpacingM(aHigh: boolean, bHigh: boolean): number {
  return aHigh && bHigh ? FIRE_SPACING_M.highHigh : aHigh || bHigh ? FIRE_SPACING_M.highOther : FIRE_SPACING_M.otherOther;
}

export interface FireSpacingBreach {
  a: string;
  b: string;
  distanceM: number;
  requiredM: number;
  from: [number, number];
  to: [number, number];
}

/** Every pair of buildings closer than their required spacing, closest (relative to requirement) first. */
export function fireSpacingBreaches(buildings: readonly ReviewBuilding[]): FireSpacingBreach[] {
  const n = buildings.length;
  // A building of unknown height is taken as not high-rise (the review names it in metrics.estimates.unmeasured).
  const high = buildings.map((b) => b.heightM !== null && isHighRise(b.heightM, b.use));
  const boxes: Bbox[] = buildings.map((b) => coordsBbox(b.footprint.coords));
  const rings = buildings.map((b) => outerRings(b.footprint));
  const out: FireSpacingBreach[] = [];
  const best = emptyClosest();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const required = requiredFireSpacingM(high[i], high[j]);
      if (bboxGap(boxes[i], boxes[j]) >= required) continue;
      const a = buildings[i].footprint,
        b = buildings[j].footprint;
      best.distanceM = required;
      // Outer rings only (each part's): a courtyard's inner walls face no other building.
      let closer = false;
      for (let ka = 0; ka < rings[i].length; ka += 2)
        for (let kb = 0; kb < rings[j].length; kb += 2)
          if (closerRingToPath(a.coords, rings[i][ka], rings[i][ka + 1], b.coords, rings[j][kb], rings[j][kb + 1], true, best))
            closer = true;
      if (!closer) continue;
      // Spacing is read to the centimetre, as on a drawing.
      if (Math.round(best.distanceM * 100) / 100 >= required) continue;
      out.push({
        a: buildings[i].id,
        b: buildings[j].id,
        distanceM: best.distanceM,
        requiredM: required,
        from: [best.ax, best.ay],
        to: [best.bx, best.by],
      });
    }
  }
  return out.sort((p, q) => p.distanceM / p.requiredM - q.distanceM / q.requiredM);
}
