// Which level-1 grid each sensor (Thing) stands in, by the join's point rule over the L3 cells, and the live counts
// per level-1 grid (sensors, online, in alarm, in warning) that the grid badges show.
import { CGCS2000 } from '../crs/codes';
import { toMetric } from '../crs/metric';
import { selectPolygons, withCoords, type PackedPolygons } from '../geom/packed';
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { buildHierarchy } from '../spatial/hierarchy';
import type { DatastreamCatalogue } from './catalogue';
import { NO_STATE } from './thingStates';
import { STATE_ALARM, STATE_OFFLINE, STATE_WARNING } from './states';

/** The grid file's cells, packed in lon/lat degrees (CGCS2000), with the columns the hierarchy reads. */
export interface GridCells {
  packed: PackedPolygons;
  /** 1, 2 or 3 per feature. */
  level: Uint8Array;
  name: (string | null)[];
  parentId: (string | null)[];
}

export interface LiveGrid {
  id: string;
  name: string;
  /** Where its badge goes: the centre of the grid's bounding box. */
  lonLatDeg: [number, number];
}

export interface GridLiveCount extends LiveGrid {
  sensors: number;
  /** Sensors with data (not offline). */
  online: number;
  /** Sensors in alarm, and in warning. */
  alarm: number;
  warning: number;
}

export interface ThingGrids {
  /** The level-1 grids, in file order. */
  grids: LiveGrid[];
  /** Per Thing (catalogue thingIds order): index into `grids`, -1 outside every grid or under a broken parent link. */
  gridOfThing: Int32Array;
}

/** One point per Thing, lon/lat interleaved: its first datastream's location (NaN for a Thing without one). */
export function thingLonLatDeg(cat: Pick<DatastreamCatalogue, 'count' | 'thingIds' | 'thingIndex' | 'lonLatDeg'>): Float64Array {
  const out = new Float64Array(cat.thingIds.length * 2).fill(NaN);
  for (let i = cat.count - 1; i >= 0; i--) {
    const t = cat.thingIndex[i];
    out[2 * t] = cat.lonLatDeg[2 * i];
    out[2 * t + 1] = cat.lonLatDeg[2 * i + 1];
  }
  return out;
}

/** The Things' points in the Gauss-Krüger zone; a Thing without a location stays NaN (outside every cell). */
function thingsInZone(lonLatDeg: Float64Array, zone: number): Float64Array {
  const located: number[] = [];
  for (let t = 0; t < lonLatDeg.length / 2; t++) if (Number.isFinite(lonLatDeg[2 * t] + lonLatDeg[2 * t + 1])) located.push(t);
  const xyM = toMetric(Float64Array.from(located.flatMap((t) => [lonLatDeg[2 * t], lonLatDeg[2 * t + 1]])), CGCS2000, zone).xyM;
  const out = new Float64Array(lonLatDeg.length).fill(NaN);
  located.forEach((t, k) => out.set(xyM.subarray(2 * k, 2 * k + 2), 2 * t));
  return out;
}

/** Locates every Thing in an L3 cell (the join's boundary rule, in the cells' Gauss-Krüger zone), then its L1 via parentId. */
export function locateThingsInGrids(
  cells: GridCells,
  cat: Pick<DatastreamCatalogue, 'count' | 'thingIds' | 'thingIndex' | 'lonLatDeg'>,
): ThingGrids {
  const { packed, level } = cells;
  const hierarchy = buildHierarchy({ ids: packed.ids, level, parentId: cells.parentId });
  const l3 = selectPolygons(packed, hierarchy.l3);
  const { xyM, frame } = toMetric(l3.coords, CGCS2000);
  const index = buildGridIndex(withCoords(l3, xyM));
  const cellOfThing = assignPoints(index, thingsInZone(thingLonLatDeg(cat), frame.zone));
  const gridOfFeature = new Int32Array(packed.ids.length).fill(-1);
  const grids: LiveGrid[] = [];
  for (let f = 0; f < packed.ids.length; f++) {
    if (level[f] !== 1) continue;
    gridOfFeature[f] = grids.length;
    const b = packed.bbox.subarray(4 * f, 4 * f + 4);
    grids.push({ id: packed.ids[f], name: cells.name[f] ?? packed.ids[f], lonLatDeg: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] });
  }
  const gridOfThing = Int32Array.from(cellOfThing, (c) => {
    const l1 = c < 0 ? -1 : hierarchy.l3ToL1[c];
    return l1 < 0 ? -1 : gridOfFeature[l1];
  });
  return { grids, gridOfThing };
}

/** Sensors, online, alarm and warning counts per level-1 grid from each Thing's rolled-up state (ThingStates.state). */
export function countPerGrid(located: ThingGrids, thingState: Uint8Array): GridLiveCount[] {
  const out = located.grids.map((g) => ({ ...g, sensors: 0, online: 0, alarm: 0, warning: 0 }));
  const { gridOfThing } = located;
  for (let t = 0; t < gridOfThing.length; t++) {
    const g = out[gridOfThing[t]];
    if (!g) continue;
    g.sensors++;
    // A Thing not rolled up yet has every datastream offline.
    const s = thingState[t];
    if (s !== NO_STATE && s !== STATE_OFFLINE) g.online++;
    if (s === STATE_ALARM) g.alarm++;
    else if (s === STATE_WARNING) g.warning++;
  }
  return out;
}
