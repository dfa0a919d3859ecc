// writePipeTiles over a synthetic network (tree, leaves, regions, errors, bounds, valid glbs) and one hand-checked pipe.
import { beforeAll, describe, expect, it } from 'vitest';
import { readAccessor, readGlb, readPropertyTable, worldPositions } from './glbRead.fixture';
import { pipeMesh } from './pipeMesh';
import { PIPE_NO_DATA, type PipeColumns } from './pipeTable';
import { buildPipeTileset, type PipeTilesetResult } from './pipeTileset';
import { offsetLonLat, regionsOutsideParents } from './tiles.fixture';
import { unexplainedGlbIssues } from './gltfValidator.fixture';
import { DEG, expectContentsReferencedOnce, expectInsideRegion, isLeaf, toEcef } from './tileTree.fixture';
import {
  LAT0,
  LON0,
  CESIUM_REFINE_DISTANCE_PER_ERROR,
  type Visit,
  walk,
  type PipeRow,
  pipeColumns,
  randomRows,
  groundM,
} from './pipeTileset.fixture';

describe('writePipeTiles over a synthetic network', () => {
  const N = 3000;
  const MAX_PIPES = 150;
  // Undrawable on purpose: the reasons pipeMesh gives, and a cluster 10 km west where the ground is unknown.
  const BAD: Record<number, string> = {
    3: 'no size',
    7: 'bad size',
    11: 'no depth',
    13: 'too few points',
    17: 'too few points',
    19: 'too few points',
  };
  const NO_GROUND = Array.from({ length: 40 }, (_, k) => N - 40 + k);
  let rows: PipeRow[];
  let input: PipeColumns;
  let result: PipeTilesetResult & { contents: Map<string, Uint8Array> };
  let tiles: Visit[];

  beforeAll(() => {
    rows = randomRows(N, 7);
    rows[3] = { ...rows[3], d: undefined, w: undefined, h: undefined };
    rows[7] = { ...rows[7], d: -5, w: undefined, h: undefined };
    rows[11] = { ...rows[11], s: NaN };
    rows[13] = { ...rows[13], partsM: [[[10, 10]]] };
    rows[17] = {
      ...rows[17],
      partsM: [
        [
          [10, 10],
          [10, 10],
        ],
      ],
    };
    rows[19] = { ...rows[19], partsM: [] };
    for (const f of NO_GROUND) rows[f] = { ...rows[f], eastM: -10_000 };
    input = pipeColumns(rows);
    result = buildPipeTileset(input, { groundM, maxPipesPerTile: MAX_PIPES });
    tiles = walk(result.tileset.root);
  });

  it('builds a multi-level tree whose inner tiles are empty and leaves carry content in their own frame', () => {
    expect(result.tileset.asset.version).toBe('1.1');
    expect(result.tileset.root.refine).toBe('ADD');
    expect(Math.max(...tiles.map((t) => t.depth))).toBeGreaterThanOrEqual(2);
    expect(result.counts.tiles).toBe(tiles.length);
    expect(result.counts.leafTiles).toBe(tiles.filter((t) => isLeaf(t.tile)).length);
    expect(result.counts.maxDepth).toBe(Math.max(...tiles.map((t) => t.depth)));
    for (const { tile } of tiles) {
      expect(tile.content !== undefined).toBe(isLeaf(tile));
      expect(tile.transform !== undefined).toBe(isLeaf(tile));
    }
  });

  it('puts every drawable pipe in exactly one leaf, with its properties', () => {
    const seen = new Map<string, number>();
    for (const { tile } of tiles.filter((t) => isLeaf(t.tile))) {
      const glb = readGlb(result.contents.get(tile.content!.uri)!);
      const table = readPropertyTable(glb);
      expect(table.className).toBe('pipeline');
      expect(table.count).toBeLessThanOrEqual(MAX_PIPES);
      expect(glb.json.meshes[0].primitives[0].extensions.EXT_mesh_features.featureIds[0].featureCount).toBe(table.count);
      table.columns.id.forEach((id, k) => {
        seen.set(id as string, (seen.get(id as string) ?? 0) + 1);
        const r = rows[Number((id as string).slice(1))];
        expect(table.columns.kind[k]).toBe(r.kind === '给水' ? 'unknown' : r.kind);
        expect(table.columns.diameterMm[k]).toBe(r.d ?? PIPE_NO_DATA);
        expect(table.columns.widthMm[k]).toBe(r.d ? PIPE_NO_DATA : r.w);
        expect(table.columns.heightMm[k]).toBe(r.d ? PIPE_NO_DATA : r.h);
        expect(table.columns.depthM[k]).toBeCloseTo((Math.fround(r.s) + Math.fround(r.e)) / 2, 5);
        expect(table.columns.material[k]).toBe(r.material ?? '');
      });
    }
    const drawable = N - Object.keys(BAD).length - NO_GROUND.length;
    expect(result.counts.pipes).toBe(drawable);
    expect(seen.size).toBe(drawable);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    for (const f of [...Object.keys(BAD).map(Number), ...NO_GROUND]) expect(seen.has(`P${f}`)).toBe(false);
  });

  it("reports every undrawable pipe once, by index, with pipeMesh's reason, and drops leaves left empty", () => {
    const expected = [
      ...Object.entries(BAD).map(([f, reason]) => ({ index: Number(f), reason })),
      ...NO_GROUND.map((index) => ({ index, reason: 'no ground' })),
    ];
    expect(result.counts.skipped).toEqual(expected);
    const origin = { lonDeg: LON0, latDeg: LAT0, heightM: 50 };
    for (const s of result.counts.skipped)
      expect(pipeMesh(input.lines, [s.index], { origin, sections: input, groundM }).skipped).toEqual([s]);
    // The western cluster made leaves of its own; none of them is in the tree.
    const [west] = tiles[0].tile.boundingVolume.region;
    expect(west / DEG).toBeGreaterThan(offsetLonLat(LON0, LAT0, -5000, 0)[0]);
  });

  it('nests every child region inside its parent', () => {
    expect(tiles.length).toBeGreaterThan(2);
    expect(regionsOutsideParents(tiles)).toEqual([]);
  });

  it('loads leaves within ~400 m of their parent, with errors strictly decreasing to 0 at the leaves', () => {
    expect(result.tileset.geometricError).toBeGreaterThan(result.tileset.root.geometricError);
    for (const { tile, parent } of tiles) {
      if (parent) expect(tile.geometricError).toBeLessThan(parent.geometricError);
      if (isLeaf(tile)) expect(tile.geometricError).toBe(0);
      else if (tile.children!.every(isLeaf)) expect(tile.geometricError * CESIUM_REFINE_DISTANCE_PER_ERROR).toBeCloseTo(400, 6);
      else expect(tile.geometricError).toBeGreaterThan(3);
    }
  });

  it('references every content exactly once, and every referenced content exists', () => {
    expectContentsReferencedOnce(tiles, result.contents);
  });

  it('bounds every leaf tightly by its vertices, pipe bottoms included, through the composed transforms', () => {
    for (const { tile, computed } of tiles.filter((t) => isLeaf(t.tile))) {
      const glb = readGlb(result.contents.get(tile.content!.uri)!);
      const world = worldPositions(glb, computed);
      const [w, s, e, n, lo, hi] = tile.boundingVolume.region;
      const ids = readPropertyTable(glb).columns.id;
      const featureIds = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes._FEATURE_ID_0);
      const { lo: lo3, hi: hi3 } = expectInsideRegion(world, tile.boundingVolume.region, (v, lon, lat) => {
        // Each vertex belongs to its row's pipe: within 2 m of that pipe's plan bbox.
        const f = Number((ids[featureIds[v]] as string).slice(1));
        const [x0, y0, x1, y1] = input.lines.bbox.subarray(4 * f, 4 * f + 4);
        expect(lon > x0 - 2e-5 && lon < x1 + 2e-5 && lat > y0 - 2e-5 && lat < y1 + 2e-5).toBe(true);
      });
      // And no more than a few centimetres larger than its content on any side.
      const slack = 0.05 / 6.4e6;
      expect([lo3[0] - w, e - hi3[0], lo3[1] - s, n - hi3[1]].every((d) => d < slack)).toBe(true);
      expect(lo3[2] - lo).toBeLessThan(0.05);
      expect(hi - hi3[2]).toBeLessThan(0.05);
      // The floor is under every pipe's bottom at its first vertex (ground - cover - section height, less a
      // little for the slope tilting the end ring).
      let firstBottomM = Infinity;
      for (const id of ids) {
        const f = Number((id as string).slice(1)),
          r = rows[f],
          v = input.lines.partStart[input.lines.featurePartStart[f]];
        const sizeM = (r.d ?? r.h!) / 1000;
        firstBottomM = Math.min(
          firstBottomM,
          groundM(input.lines.coords[2 * v], input.lines.coords[2 * v + 1]) - Math.fround(r.s) - 0.95 * sizeM,
        );
      }
      expect(lo).toBeLessThan(firstBottomM);
    }
  });

  it('writes glbs that validate', async () => {
    for (const uri of result.contents.keys()) expect(await unexplainedGlbIssues(result.contents.get(uri)!), uri).toEqual([]);
  });
});

describe('writePipeTiles: a hand-checked pipe', () => {
  // A straight 100 m DN1000 pipe due east at 2 m cover under flat ground at 50 m: axis at 50 - 2 - 0.5 = 47.5 m.
  const input = pipeColumns([
    {
      partsM: [
        [
          [0, 0],
          [100, 0],
        ],
      ],
      d: 1000,
      s: 2,
      e: 2,
    },
  ]);
  const result = buildPipeTileset(input, { groundM: () => 50 });
  const tiles = walk(result.tileset.root);

  it('puts the tube 0.5 m around the axis, within 5 mm, through the chained transforms', () => {
    const leaves = tiles.filter((t) => isLeaf(t.tile));
    expect(leaves.length).toBe(1);
    const { tile, computed } = leaves[0];
    const world = worldPositions(readGlb(result.contents.get(tile.content!.uri)!), computed);
    const c = input.lines.coords;
    const a = toEcef.forward([c[0], c[1], 47.5]),
      b = toEcef.forward([c[2], c[3], 47.5]);
    const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const lengthM = Math.hypot(ab[0], ab[1], ab[2]);
    expect(lengthM).toBeCloseTo(100, 1);
    const ends = [0, 0];
    for (let i = 0; i < world.length; i += 3) {
      const ap = [world[i] - a[0], world[i + 1] - a[1], world[i + 2] - a[2]];
      const alongM = (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / lengthM;
      const radialM = Math.sqrt(Math.max(0, ap[0] ** 2 + ap[1] ** 2 + ap[2] ** 2 - alongM ** 2));
      expect(Math.abs(radialM - 0.5)).toBeLessThan(0.005);
      expect(alongM).toBeGreaterThan(-0.005);
      expect(alongM).toBeLessThan(lengthM + 0.005);
      if (alongM < 0.005) ends[0]++;
      if (alongM > lengthM - 0.005) ends[1]++;
    }
    expect(ends[0]).toBeGreaterThan(0);
    expect(ends[1]).toBeGreaterThan(0);
  });

  it('reaches the pipe bottom at 47 m in its region, and the top at 48 m', () => {
    for (const { tile } of tiles) {
      const [, , , , lo, hi] = tile.boundingVolume.region;
      expect(lo).toBeLessThanOrEqual(50 - 2 - 1);
      expect(lo).toBeGreaterThan(47 - 0.01);
      expect(hi).toBeGreaterThanOrEqual(48);
      expect(hi).toBeLessThan(48 + 0.01);
    }
  });

  it('sits under an empty root, so even a single leaf vanishes from afar', () => {
    const root = result.tileset.root;
    expect(result.counts).toMatchObject({ tiles: 2, leafTiles: 1, maxDepth: 1, pipes: 1, skipped: [] });
    expect(root.content).toBeUndefined();
    expect(root.geometricError).toBeGreaterThan(3);
    expect(root.children![0].geometricError).toBe(0);
    const table = readPropertyTable(readGlb(result.contents.get(root.children![0].content!.uri)!));
    expect(table.columns).toMatchObject({
      id: ['P0'],
      kind: ['water'],
      diameterMm: [1000],
      widthMm: [PIPE_NO_DATA],
      heightMm: [PIPE_NO_DATA],
      depthM: [2],
      material: [''],
    });
  });
});
