// Test-only: a model tileset read back tile by tile (each with its computed transform and parent), the nearest leaf
// vertex to a point, and the earth's points worked out without src/core/crs (the zone's proj4 definition and the
// ellipsoid's formulas written out here), so placement tests check the placement against independent maths.
import { readGlb, worldPositions, type Glb } from '../tiles/glbRead.fixture';
import { multiplyMatrices } from '../tiles/matrix4';
import type { TileJson } from '../tiles/tileset';

/** CGCS2000 GK zone 38 (EPSG:4547) as its definition says, for proj4. */
export const GK_114 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
/** The GRS80/WGS84 ellipsoid's semi-major axis (m) and squared eccentricity; degrees to radians. */
export const A = 6378137,
  E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563),
  RAD = Math.PI / 180;

/** lon, lat degrees and ellipsoidal height -> ECEF metres. */
export function ecef(lonDeg: number, latDeg: number, h: number): number[] {
  const lon = lonDeg * RAD,
    lat = latDeg * RAD;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [(n + h) * Math.cos(lat) * Math.cos(lon), (n + h) * Math.cos(lat) * Math.sin(lon), (n * (1 - E2) + h) * Math.sin(lat)];
}

export interface ReadTile {
  json: TileJson;
  uri: string;
  bytes: Uint8Array;
  glb: Glb;
  /** The tile's transform composed with its ancestors'. */
  computed: Float64Array;
  parent: ReadTile | null;
}

/** Every tile under `root`, parents first, its content's bytes from `load(uri)`. */
export function readTileTree(root: TileJson, load: (uri: string) => Uint8Array): ReadTile[] {
  const out: ReadTile[] = [];
  const walk = (json: TileJson, parent: ReadTile | null) => {
    const computed = parent ? multiplyMatrices(parent.computed, json.transform) : Float64Array.from(json.transform);
    const bytes = load(json.content.uri);
    const tile = { json, uri: json.content.uri, bytes, glb: readGlb(bytes), computed, parent };
    out.push(tile);
    for (const c of json.children ?? []) walk(c, tile);
  };
  walk(root, null);
  return out;
}

/** Distance from an ECEF point to the nearest vertex of the leaves (geometricError 0). */
export function nearestLeafVertexM(tiles: ReadTile[], p: number[]): number {
  let best = Infinity;
  for (const t of tiles) {
    if (t.json.geometricError !== 0) continue;
    t.glb.json.meshes[0].primitives.forEach((_: unknown, k: number) => {
      const w = worldPositions(t.glb, t.computed, k);
      for (let i = 0; i < w.length; i += 3) best = Math.min(best, Math.hypot(w[i] - p[0], w[i + 1] - p[1], w[i + 2] - p[2]));
    });
  }
  return best;
}
