// Test-only: `cim` as a process, a model tileset read back from disk (every tile with its computed transform), the
// Khronos validator over every glb, and the earth's points worked out without src/core/crs (proj4 and the ellipsoid).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readGlb, worldPositions, type Glb } from '../../src/core/tiles/glbRead.fixture';
import { unexplainedGlbIssues } from '../../src/core/tiles/gltfValidator.fixture';
import { multiplyMatrices } from '../../src/core/tiles/matrix4';
import type { TileJson } from '../../src/core/tiles/tileset';

const root = join(import.meta.dirname, '../..');
export const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

/** CGCS2000 GK zone 38 (EPSG:4547) as its definition says, for proj4. */
export const GK_114 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const A = 6378137,
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
}

/** Every tile of the tileset.json at `path`, its content read from disk. */
export function readTileset(path: string): ReadTile[] {
  const tileset = JSON.parse(readFileSync(path, 'utf8'));
  const out: ReadTile[] = [];
  const walk = (json: TileJson, parent: Float64Array | null) => {
    const computed = parent ? multiplyMatrices(parent, json.transform) : Float64Array.from(json.transform);
    const bytes = new Uint8Array(readFileSync(join(dirname(path), json.content.uri)));
    out.push({ json, uri: json.content.uri, bytes, glb: readGlb(bytes), computed });
    for (const c of json.children ?? []) walk(c, computed);
  };
  walk(tileset.root, null);
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

/** The validator's unexplained issues of every tile, prefixed with the tile's uri. */
export async function tilesetIssues(tiles: ReadTile[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tiles) out.push(...(await unexplainedGlbIssues(t.bytes)).map((m) => `${t.uri}: ${m}`));
  return out;
}
