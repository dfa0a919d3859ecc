// `cim model` on the three.js formats, each from files on disk with its companions named on the command line: a glTF
// (.gltf + .bin + roof texture), an OBJ with its .mtl and texture, an FBX. Each tiled, every glb validated, a known
// corner where proj4 puts it; a companion the model names but the command lacks is refused and nothing written.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { fbxTower, TOWER_CORNER_UNITS } from '../../src/io/models/fixtures/fbxBox.fixture';
import { BUILDING_TOP_CORNER_ZUP, gltfBuilding } from '../../src/io/models/fixtures/gltfBuilding.fixture';
import { objBlock } from '../../src/io/models/fixtures/objBox.fixture';
import { pngRgb } from '../../src/io/models/fixtures/png.fixture';
import { cim, ecef, GK_114, nearestLeafVertexM, readTileset, tilesetIssues } from './modelTiles.fixture';

const dir = mkdtempSync(join(tmpdir(), 'cim-model-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const png = pngRgb(4, 2, (x, y) => [200, 60 + x * 10, 40 + y * 30]);
const [X, Y] = proj4('WGS84', GK_114, [113.66, 34.76]).map((v: number) => Math.round(v * 100) / 100);
const H = 100;
const at = ['--at', `${X},${Y},${H}`, '--crs', 'EPSG:4547', '--quiet'];

/** Writes the files into a folder of their own; their paths, the model first. */
function write(name: string, files: Map<string, Uint8Array>, main: string): string[] {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [f, bytes] of files) writeFileSync(join(folder, f), bytes);
  return [main, ...[...files.keys()].filter((f) => f !== main)].map((f) => join(folder, f));
}

function tiled(paths: string[], extra: string[], id: string) {
  const out = join(dir, `out-${id}`);
  const r = cim('model', ...paths, ...extra, ...at, '--out', out);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { summary: JSON.parse(r.stdout), tiles: readTileset(join(out, id, 'tileset.json')) };
}

/** ECEF of a point placed at east/north/up metres from (X, Y, H) in the GK zone (no turn, scale 1). */
const placed = (e: number, n: number, u: number) => {
  const [lon, lat] = proj4(GK_114, 'WGS84', [X + e, Y + n]);
  return ecef(lon, lat, H + u);
};

describe('cim model: glTF, OBJ, FBX', () => {
  it('a .gltf with its .bin and roof texture: tiled, validated, the roof texture carried, a corner in place', async () => {
    const { main, files } = gltfBuilding({ binary: false, roofPng: png });
    const { summary, tiles } = tiled(write('gltf', files, main), [], 'building');
    expect(summary).toMatchObject({ format: 'gltf', elements: 2, storeys: [], warnings: [] });
    expect(summary).not.toHaveProperty('design');
    expect(await tilesetIssues(tiles)).toEqual([]);
    expect(tiles.some((t) => (t.glb.json.images ?? []).length > 0)).toBe(true);
    // Plan box x 6…110, y −10…50 (Building A and the annex), ground at 0: base centre (58, 20, 0).
    const [x, y, z] = BUILDING_TOP_CORNER_ZUP;
    expect(nearestLeafVertexM(tiles, placed(x - 58, y - 20, z))).toBeLessThan(0.05);
  });

  it('an OBJ with its .mtl and texture in centimetres: tiled, validated, the brick texture carried', async () => {
    const { summary, tiles } = tiled(write('obj', objBlock(png), 'block.obj'), ['--unit', 'cm'], 'block');
    expect(summary).toMatchObject({ format: 'obj', elements: 2, triangles: 24, warnings: [] });
    expect(summary.units).toMatch(/^given: 0\.01 m per unit/);
    expect(await tilesetIssues(tiles)).toEqual([]);
    expect(tiles.some((t) => (t.glb.json.images ?? []).length > 0)).toBe(true);
  });

  it('an FBX (z up, metres by its UnitScaleFactor): tiled, validated, its far corner in place', async () => {
    const files = new Map([['tower.fbx', fbxTower({ unitScaleFactor: 100, upAxis: 2 })]]);
    const { summary, tiles } = tiled(write('fbx', files, 'tower.fbx'), [], 'tower');
    expect(summary).toMatchObject({ format: 'fbx', elements: 1, triangles: 12, warnings: [] });
    expect(await tilesetIssues(tiles)).toEqual([]);
    // The box spans (10, 0, 20)…(110, 200, 320) m: base centre (60, 100, 20).
    const [x, y, z] = TOWER_CORNER_UNITS;
    expect(nearestLeafVertexM(tiles, placed(x - 60, y - 100, z - 20))).toBeLessThan(0.05);
  });

  it('refuses, writing nothing: an OBJ without --unit, a texture left off the command line, a companion that does not exist', () => {
    const paths = write('obj2', objBlock(png), 'block.obj');
    const refused = (args: string[], message: RegExp) => {
      const out = join(dir, `refused-${Math.random().toString(36).slice(2)}`);
      const r = cim('model', ...args, ...at, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    };
    refused(paths, /block\.obj: OBJ has no units: say which \(e\.g\. --unit m\)/);
    refused(
      [...paths.filter((p) => !p.endsWith('.png')), '--unit', 'cm'],
      /block\.obj: its texture textures\/brick\.png is missing: give it after .*block\.obj/,
    );
    refused([...paths, join(dir, 'obj2', 'gone.png'), '--unit', 'cm'], /cannot read .*gone\.png/);
  });
});
