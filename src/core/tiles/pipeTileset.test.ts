import proj4 from 'proj4';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../demo/random';
import type { PackedLines } from '../geom/packed';
import { PIPELINE_KINDS } from '../pipes/cjj61';
import { readAccessor, readGlb, readPropertyTable, worldPositions } from './glbRead.fixture';
import { multiplyMatrices } from './matrix4';
import { pipeMesh } from './pipeMesh';
import { PIPE_NO_DATA, pipePropertyTable, type PipeColumns } from './pipeTable';
import { buildPipeTileset, writePipeTiles, type PipeTileJson, type PipeTilesetResult } from './pipeTileset';
import { offsetLonLat, regionsOutsideParents } from './tiles.fixture';
import { unexplainedGlbIssues } from './gltfValidator.fixture';

const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m');
const DEG = Math.PI / 180;
const LON0 = 113.65,
  LAT0 = 34.76;
const IDENTITY = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
/** Where CesiumJS (maximumScreenSpaceError 16, 1080 px, 60° field of view) refines: distance < this × geometricError. */
const CESIUM_REFINE_DISTANCE_PER_ERROR = 1080 / 16 / (2 * Math.tan(30 * DEG));

interface Visit {
  tile: PipeTileJson;
  parent?: PipeTileJson;
  depth: number;
  computed: Float64Array;
}
function walk(root: PipeTileJson): Visit[] {
  const out: Visit[] = [];
  const go = (tile: PipeTileJson, parent: PipeTileJson | undefined, depth: number, parentComputed: Float64Array) => {
    const computed = tile.transform ? multiplyMatrices(parentComputed, tile.transform) : parentComputed;
    out.push({ tile, parent, depth, computed });
    for (const c of tile.children ?? []) go(c, tile, depth + 1, computed);
  };
  go(root, undefined, 0, IDENTITY);
  return out;
}
const isLeaf = (t: PipeTileJson) => !t.children?.length;

interface PipeRow {
  partsM: number[][][];
  d?: number;
  w?: number;
  h?: number;
  s: number;
  e: number;
  kind?: string;
  material?: string | null;
  eastM?: number;
}

/** Pipes from metre offsets (east, north) around (LON0 + eastM, LAT0); ids 'P0', 'P1', … */
function pipeColumns(rows: PipeRow[]): PipeColumns {
  const coords: number[] = [],
    partStart = [0],
    featurePartStart = [0];
  const bbox = new Float64Array(4 * rows.length);
  const kinds: string[] = [];
  rows.forEach((r, f) => {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const part of r.partsM) {
      for (const [e, n] of part) {
        const [lon, lat] = offsetLonLat(LON0, LAT0, e + (r.eastM ?? 0), n);
        coords.push(lon, lat);
        x0 = Math.min(x0, lon);
        y0 = Math.min(y0, lat);
        x1 = Math.max(x1, lon);
        y1 = Math.max(y1, lat);
      }
      partStart.push(coords.length / 2);
    }
    featurePartStart.push(partStart.length - 1);
    bbox.set([x0, y0, x1, y1], 4 * f);
  });
  const kindIndex = Uint16Array.from(rows, (r) => {
    const k = kinds.indexOf(r.kind ?? 'water');
    return k >= 0 ? k : kinds.push(r.kind ?? 'water') - 1;
  });
  const lines: PackedLines = {
    coords: Float64Array.from(coords),
    partStart: Uint32Array.from(partStart),
    featurePartStart: Uint32Array.from(featurePartStart),
    bbox,
    ids: rows.map((_, f) => `P${f}`),
  };
  return {
    lines,
    kindIndex,
    kinds,
    diameterMm: Float32Array.from(rows, (r) => r.d ?? NaN),
    widthMm: Float32Array.from(rows, (r) => r.w ?? NaN),
    heightMm: Float32Array.from(rows, (r) => r.h ?? NaN),
    startDepthM: Float32Array.from(rows, (r) => r.s),
    endDepthM: Float32Array.from(rows, (r) => r.e),
    material: rows.map((r) => r.material ?? null),
  };
}

/** `count` random pipes of 1-4 segments in a square of `spreadM`: 70 % round, 30 % box, all kinds plus a non-CJJ one. */
function randomRows(count: number, seed: number, spreadM = 3000): PipeRow[] {
  const rng = new Rng(seed, count);
  const kinds = [...PIPELINE_KINDS, '给水'];
  return Array.from({ length: count }, () => {
    const parts: number[][][] = [];
    let x = rng.range(-spreadM / 2, spreadM / 2),
      y = rng.range(-spreadM / 2, spreadM / 2),
      heading = rng.range(0, 2 * Math.PI);
    for (let p = rng.chance(0.05) ? 2 : 1; p > 0; p--) {
      if (parts.length) {
        x += rng.range(5, 30);
        y += rng.range(5, 30);
      } // a second part a little further on
      const part = [[x, y]];
      for (let s = rng.int(1, 4); s > 0; s--) {
        const len = rng.range(20, 80);
        x += len * Math.cos(heading);
        y += len * Math.sin(heading);
        part.push([x, y]);
        heading += rng.range(-Math.PI / 3, Math.PI / 3);
      }
      parts.push(part);
    }
    const round = rng.chance(0.7);
    return {
      partsM: parts,
      d: round ? rng.pick([100, 200, 300, 600, 1000, 1500]) : undefined,
      w: round ? undefined : rng.pick([400, 800, 2000]),
      h: round ? undefined : rng.pick([300, 600, 1500]),
      s: rng.range(0.6, 3),
      e: rng.range(0.6, 3),
      kind: rng.pick(kinds),
      material: rng.chance(0.2) ? null : rng.pick(['PE', '钢', '球墨铸铁']),
    };
  });
}

/** Rolling ground around 50 m; unknown (NaN) more than 5 km west of LON0. */
function groundM(lonDeg: number, latDeg: number): number {
  const eastM = (lonDeg - LON0) * 91_400,
    northM = (latDeg - LAT0) * 111_000;
  return eastM < -5000 ? NaN : 50 + 6 * Math.sin(eastM / 400) + 4 * Math.cos(northM / 300);
}

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
    const uris = tiles.filter((t) => t.tile.content).map((t) => t.tile.content!.uri);
    expect(new Set(uris).size).toBe(uris.length);
    expect(new Set(uris)).toEqual(new Set(result.contents.keys()));
  });

  it('bounds every leaf tightly by its vertices, pipe bottoms included, through the composed transforms', () => {
    for (const { tile, computed } of tiles.filter((t) => isLeaf(t.tile))) {
      const glb = readGlb(result.contents.get(tile.content!.uri)!);
      const world = worldPositions(glb, computed);
      const [w, s, e, n, lo, hi] = tile.boundingVolume.region;
      const ids = readPropertyTable(glb).columns.id;
      const featureIds = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes._FEATURE_ID_0);
      const lo3 = [Infinity, Infinity, Infinity],
        hi3 = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < world.length; i += 3) {
        const [lon, lat, h] = toEcef.inverse([world[i], world[i + 1], world[i + 2]]);
        [lon * DEG, lat * DEG, h].forEach((v, c) => {
          lo3[c] = Math.min(lo3[c], v);
          hi3[c] = Math.max(hi3[c], v);
        });
        // Each vertex belongs to its row's pipe: within 2 m of that pipe's plan bbox.
        const f = Number((ids[featureIds[i / 3]] as string).slice(1));
        const [x0, y0, x1, y1] = input.lines.bbox.subarray(4 * f, 4 * f + 4);
        expect(lon > x0 - 2e-5 && lon < x1 + 2e-5 && lat > y0 - 2e-5 && lat < y1 + 2e-5).toBe(true);
      }
      const tol = 1e-5 / 6.4e6; // 0.01 mm in radians: the writer pads for quantisation, not this test
      expect(lo3[0]).toBeGreaterThanOrEqual(w - tol);
      expect(hi3[0]).toBeLessThanOrEqual(e + tol);
      expect(lo3[1]).toBeGreaterThanOrEqual(s - tol);
      expect(hi3[1]).toBeLessThanOrEqual(n + tol);
      expect(lo3[2]).toBeGreaterThanOrEqual(lo - 1e-5);
      expect(hi3[2]).toBeLessThanOrEqual(hi + 1e-5);
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

describe('writePipeTiles', () => {
  it('splits a leaf again when sharp bends put it over the triangle cap the estimate kept it under', () => {
    // 40 hairpins in a row: 5 points each, all bends ~176°, so each bend is a rounded knuckle.
    const rows: PipeRow[] = Array.from({ length: 40 }, (_, i) => ({
      partsM: [
        [
          [0, 0],
          [30, 2],
          [0, 4],
          [30, 6],
          [0, 8],
        ].map(([x, y]) => [x + 50 * i, y]),
      ],
      d: 300,
      s: 1,
      e: 1,
    }));
    const straightEstimate = 40 * (2 * 8 * 4 + 2 * 6); // 4 segments of 16 triangles and two 6-triangle end discs each
    const cap = 4000;
    expect(straightEstimate).toBeLessThan(cap);
    const { tileset, contents, counts } = buildPipeTileset(pipeColumns(rows), { groundM: () => 50, maxTrianglesPerTile: cap });
    const leaves = walk(tileset.root).filter((t) => isLeaf(t.tile));
    expect(counts.triangles).toBeGreaterThan(2 * cap);
    expect(leaves.length).toBeGreaterThan(2);
    const ids: (string | number)[] = [];
    for (const { tile } of leaves) {
      const glb = readGlb(contents.get(tile.content!.uri)!);
      expect(glb.json.accessors[glb.json.meshes[0].primitives[0].indices].count / 3).toBeLessThanOrEqual(cap);
      ids.push(...readPropertyTable(glb).columns.id);
    }
    expect(ids.sort()).toEqual(rows.map((_, f) => `P${f}`).sort());
  });

  it('keeps rows on their geometry when a leaf over the cap cannot be split (all centres coincide)', () => {
    // Three crossing pipes around one point, and a skipped one between them: the re-split finds no quadrants.
    const rows: PipeRow[] = [
      {
        partsM: [
          [
            [-10, 0],
            [10, 0],
          ],
        ],
        d: 200,
        s: 1,
        e: 1,
      },
      {
        partsM: [
          [
            [-10, -10],
            [10, 10],
          ],
        ],
        s: 1,
        e: 1,
      },
      {
        partsM: [
          [
            [0, -10],
            [0, 10],
          ],
        ],
        d: 400,
        s: 1,
        e: 1,
      },
      {
        partsM: [
          [
            [-10, 10],
            [10, -10],
          ],
        ],
        w: 600,
        h: 600,
        s: 1,
        e: 1,
      },
    ];
    const { tileset, contents, counts } = buildPipeTileset(pipeColumns(rows), { groundM: () => 50, maxTrianglesPerTile: 10 });
    expect(counts).toMatchObject({ leafTiles: 1, pipes: 3, skipped: [{ index: 1, reason: 'no size' }] });
    const glb = readGlb(contents.get(tileset.root.children![0].content!.uri)!);
    const table = readPropertyTable(glb);
    expect([...table.columns.id].sort()).toEqual(['P0', 'P2', 'P3']);
    // glTF positions are (east, up, -north) around the leaf centre: P0 runs east, P2 north, P3 south-east.
    const p = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes.POSITION);
    const ids = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes._FEATURE_ID_0);
    const [tx, , tz] = glb.json.nodes[0].translation,
      scale = glb.json.nodes[0].scale[0];
    for (let v = 0; v < ids.length; v++) {
      const east = tx + scale * p[3 * v],
        north = -(tz + scale * p[3 * v + 2]);
      const across = { P0: Math.abs(north), P2: Math.abs(east), P3: Math.abs(east + north) / Math.SQRT2 }[table.columns.id[ids[v]] as 'P0'];
      expect(across).toBeLessThan(0.45);
    }
  });

  it('yields leaves only, with their depth and row count', () => {
    const it = writePipeTiles(pipeColumns(randomRows(800, 3)), { groundM, maxPipesPerTile: 100, contentDir: 'p' });
    const yielded = new Map<string, { depth: number; rows: number }>();
    let step = it.next();
    while (!step.done) {
      expect(step.value.leaf).toBe(true);
      expect(step.value.uri.startsWith('p/')).toBe(true);
      yielded.set(step.value.uri, { depth: step.value.depth, rows: readPropertyTable(readGlb(step.value.glb)).count });
      expect(yielded.get(step.value.uri)!.rows).toBe(step.value.buildings);
      step = it.next();
    }
    const leaves = walk(step.value.tileset.root).filter((t) => isLeaf(t.tile));
    expect(leaves.length).toBe(yielded.size);
    for (const { tile, depth } of leaves) expect(yielded.get(tile.content!.uri)!.depth).toBe(depth);
    expect(step.value.counts.pipes).toBe(800);
  });

  it('writes unquantised positions when asked, still valid', async () => {
    const { contents } = buildPipeTileset(pipeColumns(randomRows(50, 4, 300)), { groundM, quantizePositions: false, segments: 12 });
    for (const glb of contents.values()) {
      expect(readGlb(glb).json.extensionsRequired).toEqual(['KHR_mesh_quantization']); // int8 normals still need it
      expect(await unexplainedGlbIssues(glb)).toEqual([]);
    }
  });

  it('throws when no pipe can be drawn', () => {
    expect(() =>
      buildPipeTileset(
        pipeColumns([
          {
            partsM: [
              [
                [0, 0],
                [10, 0],
              ],
            ],
            s: 1,
            e: 1,
          },
        ]),
        { groundM },
      ),
    ).toThrow(/no drawable pipe.*no size/);
  });
});

describe('pipePropertyTable', () => {
  it("writes the other shape's sizes, unknown depths and missing materials as noData", () => {
    const input = pipeColumns([
      { partsM: [], d: 500, w: 800, h: 600, s: 1, e: 2, kind: 'gas', material: 'PE' },
      { partsM: [], w: 800, h: 600, s: NaN, e: 2, kind: 'sewer', material: null },
      { partsM: [], d: 0, w: 800, s: 1, e: 1, kind: 'power' },
    ]);
    const table = pipePropertyTable(input, [2, 0, 1]);
    expect(table.className).toBe('pipeline');
    const col = (name: string) => Array.from(table.columns[name].values as ArrayLike<number | string>);
    expect(col('id')).toEqual(['P2', 'P0', 'P1']);
    expect(col('kind')).toEqual(['power', 'gas', 'unknown']);
    expect(col('diameterMm')).toEqual([PIPE_NO_DATA, 500, PIPE_NO_DATA]);
    expect(col('widthMm')).toEqual([800, PIPE_NO_DATA, 800]);
    expect(col('heightMm')).toEqual([PIPE_NO_DATA, PIPE_NO_DATA, 600]);
    expect(col('depthM')).toEqual([1, 1.5, PIPE_NO_DATA]);
    expect(col('material')).toEqual(['', 'PE', '']);
    for (const name of ['diameterMm', 'widthMm', 'heightMm', 'depthM'])
      expect(table.columns[name]).toMatchObject({ componentType: 'FLOAT32', noData: PIPE_NO_DATA });
    expect(table.columns.material).toMatchObject({ type: 'STRING', noData: '' });
  });
});
