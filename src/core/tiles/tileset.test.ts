import proj4 from 'proj4';
import { ROW_NO_DATA } from './buildingTable';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGkFlat } from '../crs/gk';
import { withCoords } from '../geom/packed';
import { packedFeatureAreaM2 } from '../spatial/packedArea';
import type { BuildingColumns } from './buildingTable';
import { readAccessor, readGlb, readPropertyTable, worldPositions } from './glbRead.fixture';
import { buildBuildingTileset, writeBuildingTiles, type TileJson, type TilesetResult } from './tileset';
import { syntheticCity, regionsOutsideParents } from './tiles.fixture';
import { unexplainedGlbIssues } from './gltfValidator.fixture';
import { expectContentsReferencedOnce, expectInsideRegion, isLeaf, walkTiles, type TileVisit } from './tileTree.fixture';

type Visit = TileVisit<TileJson>;
const walk = (root: TileJson): Visit[] => walkTiles(root);

describe('writeBuildingTiles over a synthetic city', () => {
  const N = 5000;
  let city: BuildingColumns;
  let result: TilesetResult & { contents: Map<string, Uint8Array> };
  let tiles: Visit[];

  beforeAll(() => {
    city = syntheticCity(N, 11);
    // Grid ids for all but every 17th building.
    city.grid = {
      cell: Int32Array.from({ length: N }, (_, i) => (i % 17 === 0 ? -1 : i % 40)),
      l3Id: Array.from({ length: 40 }, (_, k) => `L3-${k}`),
      l2Id: Array.from({ length: 40 }, (_, k) => `L2-${k >> 2}`),
      l1Id: Array.from({ length: 40 }, (_, k) => `L1-${k >> 4}`),
    };
    result = buildBuildingTileset(city, { maxBuildingsPerTile: 400, lodBuildingsPerTile: 120 });
    tiles = walk(result.tileset.root);
  });

  it('builds a multi-level 3D Tiles 1.1 tree', () => {
    expect(result.tileset.asset.version).toBe('1.1');
    expect(result.tileset.root.refine).toBe('REPLACE');
    expect(Math.max(...tiles.map((t) => t.depth))).toBeGreaterThanOrEqual(2);
    expect(result.counts.tiles).toBe(tiles.length);
    expect(result.counts.leafTiles).toBe(tiles.filter((t) => isLeaf(t.tile)).length);
  });

  it('puts every building in exactly one leaf, with its grid ids', () => {
    const seen = new Map<string, number>();
    let features = 0;
    for (const { tile } of tiles.filter((t) => isLeaf(t.tile))) {
      const glb = readGlb(result.contents.get(tile.content.uri)!);
      const table = readPropertyTable(glb);
      expect(table.count).toBeLessThanOrEqual(400);
      features += glb.json.meshes[0].primitives[0].extensions.EXT_mesh_features.featureIds[0].featureCount;
      table.columns.id.forEach((id, k) => {
        seen.set(id as string, (seen.get(id as string) ?? 0) + 1);
        const f = Number((id as string).slice(1));
        const cell = city.grid!.cell[f];
        expect(table.columns.l3Id[k]).toBe(cell < 0 ? '' : `L3-${cell}`);
        expect(table.columns.heightM[k]).toBe(city.heightM[f]);
        expect(table.columns.row[k]).toBe(f);
      });
    }
    expect(features).toBe(N);
    expect(result.counts.buildings).toBe(N);
    expect(seen.size).toBe(N);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
  });

  it('nests every child region inside its parent', () => {
    expect(tiles.length).toBeGreaterThan(2);
    expect(regionsOutsideParents(tiles)).toEqual([]);
  });

  it('decreases geometricError strictly downwards, to 0 at the leaves', () => {
    expect(result.tileset.geometricError).toBeGreaterThan(result.tileset.root.geometricError);
    for (const { tile, parent } of tiles) {
      if (parent) expect(tile.geometricError).toBeLessThan(parent.geometricError);
      if (isLeaf(tile)) expect(tile.geometricError).toBe(0);
      else expect(tile.geometricError).toBeGreaterThan(0);
    }
  });

  it('references every content exactly once, and every referenced content exists', () => {
    expectContentsReferencedOnce(tiles, result.contents);
  });

  it('places every vertex of every tile inside its region through the composed transforms', () => {
    for (const { tile, computed } of tiles) {
      const world = worldPositions(readGlb(result.contents.get(tile.content.uri)!), computed);
      const [w, , , n, , hi] = tile.boundingVolume.region;
      const { lo: lo3, hi: hi3 } = expectInsideRegion(world, tile.boundingVolume.region);
      // A leaf's region is tight too: no more than a few centimetres larger than its content.
      if (isLeaf(tile)) {
        expect(w - lo3[0]).toBeGreaterThan(-0.05 / 6.4e6);
        expect(hi3[1] - n).toBeGreaterThan(-0.05 / 6.4e6);
        expect(hi3[2] - hi).toBeGreaterThan(-0.05);
      }
    }
  });

  it('gives inner tiles merged blocks under box prisms of the most prominent buildings, pickable by id', () => {
    const root = result.tileset.root;
    const glb = readGlb(result.contents.get(root.content.uri)!);
    const all = readPropertyTable(glb);
    const isBlock = (id: unknown) => String(id).startsWith('block:');
    const blocks = all.columns.id.filter(isBlock).length;
    expect(all.count - blocks).toBe(120);
    expect(blocks).toBeGreaterThan(16);
    expect(blocks).toBeLessThanOrEqual(16 * 16);
    // A box names its building's row in the city; a block none (noData: readPropertyTable gives it raw).
    all.columns.id.forEach((id, k) => expect(all.columns.row[k]).toBe(isBlock(id) ? ROW_NO_DATA : Number(String(id).slice(1))));
    const triangles = glb.json.accessors[glb.json.meshes[0].primitives[0].indices].count / 3;
    expect(triangles).toBe(all.count * 10); // 2 roof + 8 wall triangles per box
    expect(triangles).toBeLessThan(result.counts.leafTriangles / 10);
    // Every building's centre is under one of the root's blocks: from afar the whole city is there.
    const pos = worldPositions(glb, root.transform);
    let inside = 0;
    const idAt = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes._FEATURE_ID_0);
    const bounds = new Map<number, number[]>();
    for (let v = 0; v < idAt.length; v++) {
      const row = idAt[v];
      if (!isBlock(all.columns.id[row])) continue;
      const [lon, lat] = proj4('+proj=geocent +datum=WGS84 +units=m', 'EPSG:4326', [pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]]);
      const b = bounds.get(row) ?? [Infinity, Infinity, -Infinity, -Infinity];
      bounds.set(row, [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)]);
    }
    const eps = 1e-6;
    for (let f = 0; f < N; f++) {
      const x = 0.5 * (city.polygons.bbox[4 * f] + city.polygons.bbox[4 * f + 2]),
        y = 0.5 * (city.polygons.bbox[4 * f + 1] + city.polygons.bbox[4 * f + 3]);
      if ([...bounds.values()].some((b) => x >= b[0] - eps && x <= b[2] + eps && y >= b[1] - eps && y <= b[3] + eps)) inside++;
    }
    expect(inside).toBe(N);
    const table = {
      ...all,
      columns: Object.fromEntries(Object.entries(all.columns).map(([key, v]) => [key, v.filter((_, k) => !isBlock(all.columns.id[k]))])),
    } as typeof all;
    // Rows carry the real properties, and no building left out stands out more (height × √area, area
    // measured independently in GK zone 38) than one drawn.
    table.columns.id.forEach((id, k) => expect(table.columns.heightM[k]).toBe(city.heightM[Number((id as string).slice(1))]));
    const gk = withCoords(city.polygons, toGkFlat(city.polygons.coords, 38, new Float64Array(city.polygons.coords.length)) as Float64Array);
    const prominence = (f: number) => city.heightM[f] * Math.sqrt(packedFeatureAreaM2(gk, f));
    const drawnIds = new Set(table.columns.id);
    let minDrawn = Infinity,
      maxLeftOut = 0;
    for (let f = 0; f < N; f++) {
      if (drawnIds.has(`B${f}`)) minDrawn = Math.min(minDrawn, prominence(f));
      else maxLeftOut = Math.max(maxLeftOut, prominence(f));
    }
    expect(minDrawn).toBeGreaterThanOrEqual(0.99 * maxLeftOut);
    // An inner tile's geometric error is at least the tallest building it leaves out.
    const drawn = new Set(table.columns.id);
    let tallestLeftOut = 0;
    for (let f = 0; f < N; f++) if (!drawn.has(`B${f}`)) tallestLeftOut = Math.max(tallestLeftOut, city.heightM[f]);
    expect(root.geometricError).toBeGreaterThanOrEqual(tallestLeftOut);
  });

  it('writes glbs that validate, leaf and LOD alike', async () => {
    for (const { tile } of tiles) expect(await unexplainedGlbIssues(result.contents.get(tile.content.uri)!), tile.content.uri).toEqual([]);
  });
});

describe('writeBuildingTiles', () => {
  it('yields tiles one by one, children before their parent', () => {
    const order: string[] = [];
    const it = writeBuildingTiles(syntheticCity(1500, 2), { maxBuildingsPerTile: 200 });
    let step = it.next();
    while (!step.done) {
      order.push(step.value.uri);
      step = it.next();
    }
    for (const { tile } of walk(step.value.tileset.root)) {
      for (const c of tile.children ?? []) expect(order.indexOf(c.content.uri)).toBeLessThan(order.indexOf(tile.content.uri));
    }
    expect(order.length).toBe(step.value.counts.tiles);
  });

  it('reports degenerate buildings and leaves them out', () => {
    const city = syntheticCity(300, 5);
    city.heightM[3] = NaN;
    city.heightM[10] = 0;
    city.baseM[20] = Infinity;
    const { counts, contents, tileset } = buildBuildingTileset(city, { maxBuildingsPerTile: 100 });
    expect(counts.skipped.map((s) => s.index)).toEqual([3, 10, 20]);
    expect(counts.buildings).toBe(297);
    const ids = walk(tileset.root)
      .filter((t) => isLeaf(t.tile))
      .flatMap((t) => readPropertyTable(readGlb(contents.get(t.tile.content.uri)!)).columns.id);
    expect(ids.length).toBe(297);
    expect(ids).not.toContain('B3');
  });

  it('splits leaves on the triangle cap as well', () => {
    const city = syntheticCity(600, 9);
    const { tileset, contents } = buildBuildingTileset(city, { maxBuildingsPerTile: 10_000, maxTrianglesPerTile: 2000 });
    const leaves = walk(tileset.root).filter((t) => isLeaf(t.tile));
    expect(leaves.length).toBeGreaterThan(3);
    for (const { tile } of leaves) {
      const json = readGlb(contents.get(tile.content.uri)!).json;
      expect(json.accessors[json.meshes[0].primitives[0].indices].count / 3).toBeLessThanOrEqual(2000);
    }
  });

  it('makes a single-tile tileset for a few buildings', () => {
    const { tileset, counts } = buildBuildingTileset(syntheticCity(20, 1));
    expect(counts.tiles).toBe(1);
    expect(tileset.root.geometricError).toBe(0);
    expect(tileset.geometricError).toBeGreaterThan(0);
    expect(tileset.root.children).toBeUndefined();
  });
});
