// Planning metrics of one parcel from candidate features in GK metres: which buildings belong to it, FAR,
// coverage, green ratio, height, setbacks to each colour of control line, and buildings over its boundary.
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { closerRingToPath, emptyClosest } from './closestPoints';
import { areaM2, bboxGap, containsPoint, coordsBbox, outerRings, overlapAreaM2, packMetricPolygons, perimeterM } from './metricPolygon';
import {
  LINE_COLOURS,
  type LineColour,
  type ParcelMetrics,
  type ReviewBuilding,
  type ReviewEstimates,
  type ReviewInput,
  type Setback,
} from './types';

/** Positional tolerance at a boundary: a building may stick out (or in) by this much before it counts as crossing. */
export const BOUNDARY_TOLERANCE_M = 0.1;

export interface BoundaryCrossing {
  buildingId: string;
  /** True when the building belongs to the parcel (its point on surface is inside) and sticks out of it. */
  owned: boolean;
  /** Area on the wrong side of the boundary: outside for owned buildings, inside for the neighbours'. */
  wrongSideM2: number;
}

export interface ParcelMeasure {
  metrics: ParcelMetrics;
  /** The parcel's buildings, in input order. */
  buildings: ReviewBuilding[];
  /** Point on surface of each of the parcel's buildings, x,y interleaved. */
  points: Float64Array;
  crossings: BoundaryCrossing[];
}

export function measureParcel(input: ReviewInput): ParcelMeasure {
  const parcel = input.parcel.footprint;
  const siteAreaM2 = areaM2(parcel);
  const points = pointsOnSurface(packMetricPolygons(input.buildings.map((b) => b.footprint)));
  const buildings: ReviewBuilding[] = [];
  const crossings: BoundaryCrossing[] = [];
  const owned: number[] = [];
  let footprintM2 = 0;
  let floorAreaM2 = 0;
  let maxHeightM = 0;
  let tallestBuildingId: string | null = null;
  const estimates: ReviewEstimates = { floorsFromHeight: [], heightFromFloors: [], unmeasured: [], implausible: [] };
  const box = coordsBbox(parcel.coords);
  input.buildings.forEach((b, i) => {
    // Far candidates neither belong nor cross.
    if (bboxGap(box, coordsBbox(b.footprint.coords)) > 0) return;
    const mine = containsPoint(parcel, points[i * 2], points[i * 2 + 1]);
    const a = areaM2(b.footprint);
    // Crossing: more than a BOUNDARY_TOLERANCE_M strip along the footprint's outline on the wrong side.
    const inside = overlapAreaM2(b.footprint, parcel);
    const wrongSideM2 = mine ? a - inside : inside;
    if (wrongSideM2 > BOUNDARY_TOLERANCE_M * perimeterM(b.footprint)) crossings.push({ buildingId: b.id, owned: mine, wrongSideM2 });
    if (!mine) return;
    buildings.push(b);
    owned.push(points[i * 2], points[i * 2 + 1]);
    footprintM2 += a;
    if (b.estimated === 'floors') estimates.floorsFromHeight.push(b.id);
    else if (b.estimated === 'heightM') estimates.heightFromFloors.push(b.id);
    else if (b.estimated === 'unmeasured') estimates.unmeasured.push(b.id);
    if (b.implausible) estimates.implausible.push(b.id);
    // Unmeasured buildings (null storeys and height) are left out of floor area and height, named in estimates.
    if (b.floors !== null) floorAreaM2 += a * b.floors;
    if (b.heightM !== null && (tallestBuildingId === null || b.heightM > maxHeightM)) {
      maxHeightM = b.heightM;
      tallestBuildingId = b.id;
    }
  });
  let greenAreaM2 = 0;
  for (const g of input.greens) if (bboxGap(box, coordsBbox(g.coords)) === 0) greenAreaM2 += overlapAreaM2(g, parcel);
  const setbacks: Partial<Record<LineColour, Setback>> = {};
  // Only the colours the conditions regulate: a far line of another colour is no setback of this parcel.
  for (const colour of LINE_COLOURS) {
    if (input.conditions.setbacksM[colour] === undefined) continue;
    const s = setbackTo(buildings, input, colour);
    if (s) setbacks[colour] = s;
  }
  const ratio = (v: number) => (siteAreaM2 > 0 ? v / siteAreaM2 : 0);
  return {
    metrics: {
      siteAreaM2,
      footprintM2,
      floorAreaM2,
      far: ratio(floorAreaM2),
      coverage: ratio(footprintM2),
      greenAreaM2,
      greenRatio: ratio(greenAreaM2),
      maxHeightM,
      tallestBuildingId,
      buildingIds: buildings.map((b) => b.id),
      setbacks,
      estimates,
    },
    buildings,
    points: Float64Array.from(owned),
    crossings,
  };
}

// Closest approach of any building's outer ring to any line of one colour; null without either.
function setbackTo(buildings: ReviewBuilding[], input: ReviewInput, colour: LineColour): Setback | null {
  const best = emptyClosest();
  let buildingId = '';
  let lineId = '';
  for (const line of input.lines) {
    // A parcel's own yellow or purple line encloses the facility or site it protects, not a neighbour to keep clear of.
    if (line.kind !== colour || line.coords.length < 4 || line.refId === input.parcel.id) continue;
    for (const b of buildings) {
      const f = b.footprint;
      const rings = outerRings(f);
      for (let k = 0; k < rings.length; k += 2) {
        if (closerRingToPath(f.coords, rings[k], rings[k + 1], line.coords, 0, line.coords.length / 2, false, best)) {
          buildingId = b.id;
          lineId = line.id;
        }
      }
    }
  }
  if (!buildingId) return null;
  return { colour, distanceM: best.distanceM, buildingId, lineId, from: [best.ax, best.ay], to: [best.bx, best.by] };
}
