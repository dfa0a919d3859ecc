// Test-only: `cim` as a process, a model tileset read back from disk (every tile with its computed transform), the
// Khronos validator over every glb, and the earth's points worked out without src/core/crs (proj4 and the ellipsoid).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTileTree, type ReadTile } from '../../src/core/models/tileTree.fixture';
import { unexplainedGlbIssues } from '../../src/core/tiles/gltfValidator.fixture';

const root = join(import.meta.dirname, '../..');
export const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

export { ecef, GK_114, nearestLeafVertexM, type ReadTile } from '../../src/core/models/tileTree.fixture';

/** Every tile of the tileset.json at `path`, its content read from disk. */
export function readTileset(path: string): ReadTile[] {
  const tileset = JSON.parse(readFileSync(path, 'utf8'));
  return readTileTree(tileset.root, (uri) => new Uint8Array(readFileSync(join(dirname(path), uri))));
}

/** The validator's unexplained issues of every tile, prefixed with the tile's uri. */
export async function tilesetIssues(tiles: ReadTile[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tiles) out.push(...(await unexplainedGlbIssues(t.bytes)).map((m) => `${t.uri}: ${m}`));
  return out;
}
