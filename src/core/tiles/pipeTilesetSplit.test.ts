// writePipeTiles' leaf splitting, output options and refusals, and pipePropertyTable's noData columns.
import { describe, expect, it } from 'vitest';
import { readAccessor, readGlb, readPropertyTable } from './glbRead.fixture';
import { PIPE_NO_DATA, pipePropertyTable } from './pipeTable';
import { buildPipeTileset, writePipeTiles } from './pipeTileset';
import { unexplainedGlbIssues } from './gltfValidator.fixture';
import { walk, type PipeRow, pipeColumns, randomRows, groundM } from './pipeTileset.fixture';
import { isLeaf } from './tileTree.fixture';

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
