// Per-grid statistics at every level (L3 cells rolled up to L2 and L1), as columns over the grid features.
import type { PackedPolygons } from '../geom/packed';
import type { GridHierarchy } from './hierarchy';
import { packedFeatureAreaM2 } from './packedArea';

export interface GridStatsInput {
  hierarchy: GridHierarchy;
  /** The footprints (metres), for their areas; or the areas themselves in `areaM2`. */
  buildings?: PackedPolygons;
  /** Footprint area per building, m² (e.g. from a join-inputs file), instead of `buildings`. */
  areaM2?: ArrayLike<number>;
  /** Per building: its L3 index feature k (grid feature hierarchy.l3[k]), or -1. */
  l3OfBuilding: Int32Array;
  /** Floors per building; non-positive or NaN floors add no floor area and count in floorsMissing. */
  floors?: ArrayLike<number>;
  /** Use category per building: codes index the table. */
  use?: { codes: Uint16Array; table: string[] };
  /** Buildings straddling cells (from assignOverlap). */
  straddlers?: Uint32Array;
}

/** Columns over all grid features in input order (every level). */
export interface GridStats {
  buildingCount: Uint32Array;
  footprintAreaM2: Float64Array;
  /** Footprint x floors. */
  floorAreaM2: Float64Array;
  floorsMissing: Uint32Array;
  straddlerCount: Uint32Array;
  useTable: string[];
  /** Row-major featureCount x useTable.length matrix: useCount[f * useTable.length + u]. */
  useCount: Uint32Array;
  /** Buildings in no L3 cell. */
  unassigned: Uint32Array;
}

/** Sums buildings into their L3 cell and its L2 and L1 ancestors (broken links stop the roll-up). */
export function gridStats(input: GridStatsInput): GridStats {
  const { hierarchy, buildings, areaM2, l3OfBuilding, floors, use, straddlers } = input;
  if (!buildings && !areaM2) throw new Error('gridStats: needs the footprints or their areas');
  const nGrid = hierarchy.parentIndex.length;
  const nUse = use ? use.table.length : 0;
  const nBuildings = areaM2 ? areaM2.length : buildings!.featurePolyStart.length - 1;
  if (l3OfBuilding.length !== nBuildings) throw new Error(`gridStats: ${l3OfBuilding.length} assignments for ${nBuildings} buildings`);
  const stats: GridStats = {
    buildingCount: new Uint32Array(nGrid),
    footprintAreaM2: new Float64Array(nGrid),
    floorAreaM2: new Float64Array(nGrid),
    floorsMissing: new Uint32Array(nGrid),
    straddlerCount: new Uint32Array(nGrid),
    useTable: use ? use.table.slice() : [],
    useCount: new Uint32Array(nGrid * nUse),
    unassigned: new Uint32Array(0),
  };
  const straddling = new Uint8Array(nBuildings);
  if (straddlers) for (const i of straddlers) straddling[i] = 1;
  const { l3, l3ToL2, l3ToL1 } = hierarchy;
  const unassigned: number[] = [];
  for (let i = 0; i < nBuildings; i++) {
    const k = l3OfBuilding[i];
    if (k < 0) {
      unassigned.push(i);
      continue;
    }
    if (k >= l3.length) throw new Error(`gridStats: building ${i} is in L3 cell ${k}, the hierarchy has ${l3.length}`);
    const area = areaM2 ? areaM2[i] : packedFeatureAreaM2(buildings!, i);
    const fl = floors ? floors[i] : NaN;
    const hasFloors = fl > 0;
    const u = use ? use.codes[i] : 0;
    if (use && u >= nUse) throw new Error(`gridStats: building ${i} has use code ${u}, the table has ${nUse}`);
    for (let level = 0; level < 3; level++) {
      const g = level === 0 ? l3[k] : level === 1 ? l3ToL2[k] : l3ToL1[k];
      if (g < 0) continue;
      stats.buildingCount[g]++;
      stats.footprintAreaM2[g] += area;
      if (hasFloors) stats.floorAreaM2[g] += area * fl;
      else stats.floorsMissing[g]++;
      if (straddling[i]) stats.straddlerCount[g]++;
      if (use) stats.useCount[g * nUse + u]++;
    }
  }
  stats.unassigned = Uint32Array.from(unassigned);
  return stats;
}
