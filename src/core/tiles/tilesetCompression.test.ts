// The compressed building tiles (EXT_meshopt_compression, enums) against the former format, and the tileset split
// over threads against the one-thread writer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildingColumns } from './buildingTable';
import { readAccessor, readGlb, readPropertyTable, worldPositions, type Glb } from './glbRead.fixture';
import {
  buildBuildingTileset,
  writeBuildingTilesPart,
  type Done,
  type TilesetPartResult,
  type TilesetResult,
  type TileJson,
} from './tileset';
import { syntheticCity } from './tiles.fixture';
import { unexplainedGlbIssues } from './gltfValidator.fixture';

const OPTIONS = { maxBuildingsPerTile: 300, lodBuildingsPerTile: 80 };

function tilesOf(root: TileJson): { tile: TileJson; computed: Float64Array }[] {
  const out: { tile: TileJson; computed: Float64Array }[] = [];
  const go = (t: TileJson, parent: Float64Array | null) => {
    const m = Float64Array.from(t.transform);
    const computed = parent ? mul(parent, m) : m;
    out.push({ tile: t, computed });
    for (const c of t.children ?? []) go(c, computed);
  };
  go(root, null);
  return out;
}
function mul(a: Float64Array, b: Float64Array): Float64Array {
  const o = new Float64Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) o[4 * c + r] += a[4 * k + r] * b[4 * c + k];
  return o;
}

/** Each triangle as "feature id|corner;corner;corner" (world metres to 1 cm, rotated to start at its least corner), sorted. */
function triangles(glb: Glb, computed: Float64Array): string[] {
  const prim = glb.json.meshes[0].primitives[0];
  const world = worldPositions(glb, computed);
  const ids = readAccessor(glb, prim.attributes._FEATURE_ID_0);
  const featureId = readPropertyTable(glb).columns.id;
  const idx = readAccessor(glb, prim.indices);
  const out: string[] = [];
  for (let t = 0; t < idx.length; t += 3) {
    const corners = [0, 1, 2].map((k) =>
      Array.from(world.subarray(3 * idx[t + k], 3 * idx[t + k] + 3), (x) => (x * 100).toFixed(0)).join(','),
    );
    const first = corners.indexOf([...corners].sort()[0]);
    const rotated = [0, 1, 2].map((k) => corners[(first + k) % 3]);
    out.push(`${featureId[ids[idx[t]]]}|${rotated.join(';')}`);
  }
  return out.sort();
}

describe('compressed building tiles', () => {
  let city: BuildingColumns;
  let plain: TilesetResult & { contents: Map<string, Uint8Array> };
  let packed: TilesetResult & { contents: Map<string, Uint8Array> };

  beforeAll(() => {
    city = syntheticCity(2500, 5);
    city.grid = {
      cell: Int32Array.from({ length: 2500 }, (_, i) => (i % 13 === 0 ? -1 : i % 30)),
      l3Id: Array.from({ length: 30 }, (_, k) => `L3-${k}`),
      l2Id: Array.from({ length: 30 }, (_, k) => `L2-${k >> 2}`),
      l1Id: Array.from({ length: 30 }, (_, k) => (k < 20 ? `L1-${k >> 4}` : null)),
    };
    plain = buildBuildingTileset(city, { ...OPTIONS, compression: 'none' });
    packed = buildBuildingTileset(city, OPTIONS);
  });

  it('uses EXT_meshopt_compression as the extension requires: required, data in the BIN chunk, an empty fallback buffer', () => {
    for (const bytes of packed.contents.values()) {
      const { json } = readGlb(bytes);
      expect(json.extensionsRequired).toContain('EXT_meshopt_compression');
      expect(json.buffers[1]).toEqual({
        byteLength: json.buffers[1].byteLength,
        extensions: { EXT_meshopt_compression: { fallback: true } },
      });
      const compressed = json.bufferViews.filter((bv: { extensions?: object }) => bv.extensions);
      expect(compressed.length).toBeGreaterThan(0);
      for (const bv of compressed) {
        expect(bv.buffer).toBe(1);
        expect(bv.extensions.EXT_meshopt_compression.buffer).toBe(0);
        expect(bv.byteOffset + bv.byteLength).toBeLessThanOrEqual(json.buffers[1].byteLength);
      }
    }
    for (const bytes of plain.contents.values()) expect(readGlb(bytes).json.extensionsUsed).not.toContain('EXT_meshopt_compression');
  });

  it('draws the same triangles of the same buildings as the uncompressed writer, within quantisation', () => {
    expect(packed.tileset).toEqual(plain.tileset);
    for (const { tile, computed } of tilesOf(plain.tileset.root)) {
      const a = triangles(readGlb(plain.contents.get(tile.content.uri)!), computed);
      const b = triangles(readGlb(packed.contents.get(tile.content.uri)!), computed);
      expect(b).toEqual(a);
    }
  });

  it('draws with shared vertices and no normals the triangles of the flat-normal writer, on under half its vertices', () => {
    const flat = buildBuildingTileset(city, { ...OPTIONS, normals: true });
    expect(flat.tileset).toEqual(packed.tileset);
    let vertices = 0,
      flatVertices = 0;
    for (const { tile, computed } of tilesOf(packed.tileset.root)) {
      const a = readGlb(flat.contents.get(tile.content.uri)!);
      const b = readGlb(packed.contents.get(tile.content.uri)!);
      expect(triangles(b, computed)).toEqual(triangles(a, computed));
      const attributes = (g: Glb) => g.json.meshes[0].primitives[0].attributes;
      expect(Object.keys(attributes(b)).sort()).toEqual(['POSITION', '_FEATURE_ID_0']);
      expect(Object.keys(attributes(a)).sort()).toEqual(['NORMAL', 'POSITION', '_FEATURE_ID_0']);
      vertices += b.json.accessors[attributes(b).POSITION].count;
      flatVertices += a.json.accessors[attributes(a).POSITION].count;
    }
    expect(vertices).toBeLessThan(0.5 * flatVertices);
  });

  it('keeps every property of every row, enums read back as the strings they replace', () => {
    for (const [uri, bytes] of plain.contents) {
      const a = readPropertyTable(readGlb(bytes));
      const b = readPropertyTable(readGlb(packed.contents.get(uri)!));
      expect(Object.keys(b.columns).sort()).toEqual(Object.keys(a.columns).sort());
      const byId = (t: typeof a) => new Map(t.columns.id.map((id, k) => [id, Object.keys(t.columns).map((c) => t.columns[c][k])]));
      expect(byId(b)).toEqual(byId(a));
    }
  });

  it('is smaller and validates', async () => {
    const size = (r: typeof plain) => [...r.contents.values()].reduce((s, b) => s + b.byteLength, 0);
    expect(size(packed)).toBeLessThan(size(plain) / 2);
    for (const bytes of packed.contents.values()) expect(await unexplainedGlbIssues(bytes)).toEqual([]);
  });

  it('writes the same tileset split over three threads as in one', () => {
    const contents = new Map<string, Uint8Array>();
    const run = <R>(it: Generator<{ uri: string; glb: Uint8Array }, R>): R => {
      for (;;) {
        const step = it.next();
        if (step.done) return step.value;
        expect(contents.has(step.value.uri)).toBe(false);
        contents.set(step.value.uri, step.value.glb);
      }
    };
    const parts = [0, 1, 2].map((index) => run(writeBuildingTilesPart(city, OPTIONS, { index, count: 3 })) as TilesetPartResult);
    expect(parts.filter((p) => p.subtrees.length > 0).length).toBe(3);
    const subtrees: Done[] = structuredClone(parts.flatMap((p) => p.subtrees));
    const top = run(writeBuildingTilesPart(city, OPTIONS, { subtrees })) as TilesetResult;
    expect(top.tileset).toEqual(packed.tileset);
    expect(contents).toEqual(packed.contents);
    expect(parts.reduce((s, p) => s + p.counts.buildings, top.counts.buildings)).toBe(packed.counts.buildings);
    expect(parts.reduce((s, p) => s + p.counts.tiles, top.counts.tiles)).toBe(packed.counts.tiles);
  });
});
