// The per-building prescan of a building tileset (validity, centre, triangles, prominence) and its quadtree; a thread
// writing a part of a split tileset keeps it for the tiles above the parts instead of scanning a million buildings again.
import { inspectFootprint, type FootprintStats, type SkippedFootprint } from './buildingMesh';
import type { BuildingColumns } from './buildingTable';
import { splitQuadtree, type QuadNode } from './quadtree';
import type { TilesetPart } from './tilesetParts';

export interface Scan {
  cx: Float64Array;
  cy: Float64Array;
  tris: Uint32Array;
  prominence: Float64Array;
  areaM2: Float64Array;
  /** Valid buildings in quadtree order (the first `valid` entries). */
  perm: Uint32Array;
  valid: number;
  skipped: SkippedFootprint[];
  root: QuadNode;
}

/** A thread's scan of the columns, kept from its part of a split tileset for the tiles above the parts. */
const partScans = new WeakMap<BuildingColumns, { key: string; scan: Scan }>();

/** The scan of `input` under `caps` (max buildings, max triangles, max depth): a part's kept one, else a new one. */
export function scanOnce(input: BuildingColumns, part: TilesetPart<unknown> | null, caps: [number, number, number]): Scan {
  const key = caps.join();
  const kept = partScans.get(input);
  if (part && 'subtrees' in part) partScans.delete(input);
  if (kept?.key === key) return kept.scan;
  const scan = scanBuildings(input, ...caps);
  if (part && 'index' in part) partScans.set(input, { key, scan });
  return scan;
}

/** Per-building prescan (validity, centre, triangles, prominence) and the quadtree over the valid buildings. */
function scanBuildings(input: BuildingColumns, maxBuildings: number, maxTriangles: number, maxDepth: number): Scan {
  const p = input.polygons;
  const n = p.ids.length;
  const cx = new Float64Array(n),
    cy = new Float64Array(n);
  const tris = new Uint32Array(n),
    prominence = new Float64Array(n),
    areaM2 = new Float64Array(n);
  const perm = new Uint32Array(n);
  const skipped: SkippedFootprint[] = [];
  const stats: FootprintStats = { areaM2: 0, triangles: 0, ringVertices: 0 };
  let valid = 0;
  for (let f = 0; f < n; f++) {
    const reason = inspectFootprint(input, f, stats);
    if (reason) {
      skipped.push({ index: f, reason });
      continue;
    }
    cx[f] = 0.5 * (p.bbox[4 * f] + p.bbox[4 * f + 2]);
    cy[f] = 0.5 * (p.bbox[4 * f + 1] + p.bbox[4 * f + 3]);
    tris[f] = stats.triangles;
    areaM2[f] = stats.areaM2;
    prominence[f] = input.heightM[f] * Math.sqrt(Math.max(stats.areaM2, 0));
    perm[valid++] = f;
  }
  if (valid === 0) throw new Error('writeBuildingTiles: no building with a usable footprint');
  const root = splitQuadtree(perm, cx, cy, tris, 0, valid, 0, '', maxBuildings, maxTriangles, maxDepth);
  return { cx, cy, tris, prominence, areaM2, perm, valid, skipped, root };
}
