// Planning metrics of a parcel measured on its final GK geometry: FAR, coverage, green ratio, height, setbacks.
import { polygonAreaM2, ringAreaM2 } from '../geom/area';
import { segmentSegmentDistance } from '../geom/segment';
import type { LineColour } from '../planning/types';
import type { CityFrame } from './frame';
import type { Rect } from './grid';
import { rectRing, type ParcelLayout, type PlanBuilding } from './layout';

export type { LineColour };

export interface GeoBuilding {
  /** GK metres, same ring layout as the plan building. */
  gk: Float64Array;
  ringEnds: number[];
  areaM2: number;
}

export interface ParcelGeometry {
  /** Closed GK ring of the parcel (its four corners warped). */
  ring: Float64Array;
  areaM2: number;
  buildings: GeoBuilding[];
  greens: Float64Array[];
  greenAreasM2: number[];
}

export interface ParcelMetrics {
  areaM2: number;
  footprintM2: number;
  floorAreaM2: number;
  far: number;
  coverage: number;
  greenRatio: number;
  maxHeightM: number;
  /** Smallest distance from any building to each kind of control line that applies. */
  setbacksM: Partial<Record<LineColour, number>>;
}

/** Control-line polylines (GK, x,y,x,y…) relevant to one parcel, by colour. */
export type SetbackLines = Partial<Record<LineColour, Float64Array[]>>;

export function toGkBuilding(frame: CityFrame, b: PlanBuilding): GeoBuilding {
  const gk = frame.rigidToGk(b.coords, b.cx, b.cy);
  return { gk, ringEnds: b.ringEnds, areaM2: polygonAreaM2(gk, b.ringEnds) };
}

export function parcelGeometry(frame: CityFrame, p: Rect, layout: ParcelLayout): ParcelGeometry {
  const ring = frame.flatToGk(rectRing(p.x0, p.y0, p.x1, p.y1));
  const greens = layout.greens.map((g) => frame.flatToGk(rectRing(g.x0, g.y0, g.x1, g.y1)));
  return {
    ring,
    areaM2: ringAreaM2(ring),
    buildings: layout.buildings.map((b) => toGkBuilding(frame, b)),
    greens,
    greenAreasM2: greens.map((g) => ringAreaM2(g)),
  };
}

export function parcelMetrics(layout: ParcelLayout, geo: ParcelGeometry, lines: SetbackLines): ParcelMetrics {
  let footprintM2 = 0;
  let floorAreaM2 = 0;
  let maxHeightM = 0;
  layout.buildings.forEach((b, i) => {
    footprintM2 += geo.buildings[i].areaM2;
    floorAreaM2 += geo.buildings[i].areaM2 * b.floors;
    maxHeightM = Math.max(maxHeightM, b.heightM);
  });
  const greenM2 = geo.greenAreasM2.reduce((s, a) => s + a, 0);
  const setbacksM: Partial<Record<LineColour, number>> = {};
  for (const colour of Object.keys(lines) as LineColour[]) {
    const polylines = lines[colour];
    if (!polylines?.length || !geo.buildings.length) continue;
    setbacksM[colour] = minDistanceToLines(geo.buildings, polylines);
  }
  return {
    areaM2: geo.areaM2,
    footprintM2,
    floorAreaM2,
    far: floorAreaM2 / geo.areaM2,
    coverage: footprintM2 / geo.areaM2,
    greenRatio: greenM2 / geo.areaM2,
    maxHeightM,
    setbacksM,
  };
}

// Outer-ring edges of every building against every polyline segment.
function minDistanceToLines(buildings: GeoBuilding[], polylines: Float64Array[]): number {
  let best = Infinity;
  for (const b of buildings) {
    const g = b.gk;
    const n = b.ringEnds[0];
    for (const line of polylines) {
      for (let j = 2; j < line.length; j += 2) {
        const cx = line[j - 2],
          cy = line[j - 1],
          dx = line[j],
          dy = line[j + 1];
        for (let i = 1; i < n; i++) {
          const d = segmentSegmentDistance(g[i * 2 - 2], g[i * 2 - 1], g[i * 2], g[i * 2 + 1], cx, cy, dx, dy);
          if (d < best) best = d;
        }
      }
    }
  }
  return best;
}
