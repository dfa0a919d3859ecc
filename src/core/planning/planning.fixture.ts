// A hand-computed parcel for the review tests: 100 m × 80 m in GK metres with buildings, greens and lines
// whose metrics are worked out in the comments.
import { ringPolygon } from './metricPolygon';
import type { PlanningConditions, ReviewBuilding, ReviewInput } from './types';

/** The checklist's manual items (signed off by people), written out here so the tests check the code against them. */
export const MANUAL_ITEM_IDS = [
  'land.premium',
  'land.title',
  'fire.lanes',
  'fire.water',
  'fire.acceptance',
  'civilDefence.shelterArea',
  'civilDefence.entrances',
];

/** Far from the origin, like real GK coordinates, so precision problems would show. */
export const OX = 469_000;
export const OY = 3_847_000;

/** Axis-aligned rectangle relative to (OX, OY), closed counter-clockwise ring. */
export function rect(x0: number, y0: number, x1: number, y1: number) {
  return ringPolygon([OX + x0, OY + y0, OX + x1, OY + y0, OX + x1, OY + y1, OX + x0, OY + y1]);
}

export function building(
  id: string,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  floors: number,
  heightM: number,
  use = '07',
): ReviewBuilding {
  return { id, footprint: rect(x0, y0, x1, y1), floors, heightM, use };
}

export const FIXTURE_CONDITIONS: PlanningConditions = {
  farMin: 1,
  farMax: 1.5,
  coverageMax: 0.25,
  greenRatioMin: 0.2,
  heightMaxM: 30,
  setbacksM: { red: 18, yellow: 10 },
  tolerances: { far: 0.05, coverage: 0.01, greenRatio: 0.01, heightM: 1, setbackM: 0.5 },
};

/**
 * Parcel P-1: (0,0)–(100,80), 8000 m².
 * A 30×20 = 600 m² × 6 floors, 18.9 m; B 30×22 = 660 m² × 10 floors, 30.9 m (high-rise: residential > 27 m);
 * C 20×15 = 300 m² × 3; D 20×10 = 200 m² × 2, 5 m of it east of the parcel (50 m² outside, crossing);
 * E 10×10 = 100 m² × 2, commercial ('09'), 4 m east of C (fire spacing 6 m: fail).
 * Footprint 1860 m², floor area 3600 + 6600 + 900 + 400 + 200 = 11700 m²: FAR 1.4625, coverage 0.2325.
 * N (a neighbour's, point outside) reaches 5×5 = 25 m² into the parcel; F is far away.
 * Greens: 100×15 = 1500 m² inside, and one half outside contributing 5×30 = 150: 1650 m², ratio 0.20625.
 * Red line 3x + 4y = 658 (relative coordinates): B's corner (90,72) is 20 m from it, foot (102, 88).
 * The parcel's own yellow line (refId P-1) is no setback for it.
 */
export function fixtureInput(conditions: PlanningConditions = FIXTURE_CONDITIONS): ReviewInput {
  return {
    parcel: { id: 'P-1', landUse: '07', footprint: rect(0, 0, 100, 80) },
    conditions,
    buildings: [
      building('A', 10, 50, 40, 70, 6, 18.9),
      building('B', 60, 50, 90, 72, 10, 30.9),
      building('C', 10, 10, 30, 25, 3, 10),
      building('D', 85, 10, 105, 20, 2, 7),
      building('E', 34, 10, 44, 20, 2, 7.5, '09'),
      building('N', 95, 40, 125, 45, 4, 13),
      building('F', 300, 0, 320, 20, 30, 90),
    ],
    greens: [rect(0, 30, 100, 45), rect(-10, 50, 5, 80)],
    lines: [
      { id: 'R-1', kind: 'red', name: 'road', coords: Float64Array.of(OX - 50, OY + 202, OX + 150, OY + 52) },
      { id: 'Y-own', kind: 'yellow', refId: 'P-1', coords: rect(0, 0, 100, 80).coords },
    ],
  };
}
