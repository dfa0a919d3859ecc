// A 3D Tiles 1.1 tileset of extruded buildings, written tile by tile so a city of a million buildings
// never holds more than one glb in memory.
//
// Tree: an adaptive quadtree on the buildings' bbox centres (each node splits at the middle of its
// centres' bbox) until a node holds at most maxBuildingsPerTile buildings and maxTrianglesPerTile
// triangles; every valid building lies in exactly one leaf, at full detail.
// LOD (refine REPLACE): an inner tile draws its subtree as merged blocks (lodBlocks.ts: the massing,
// rows with ids `block:<tile>:<k>`) under a skyline: the lodBuildingsPerTile most prominent buildings
// (height × √area: what stands out from afar) as oriented-box prisms with their real property rows,
// so picking a tower works. Its geometricError is the largest of a block cell's diagonal, the tallest
// building it leaves out of the skyline, √(area a box adds), and 1.25 × its children's.
// Frames: each tile's content is in the ENU frame at its own centre. 3D Tiles composes transforms down
// the tree, so a tile's `transform` is inverse(parent's ENU->ECEF) · own ENU->ECEF (the root's is its
// own ENU->ECEF): the computed transform of every tile is exactly its own ENU->ECEF.
// Bounding volumes are regions (radians, metres), unaffected by transforms; a parent's region is the
// union of its children's and its own content's.
import { extrudeBuildings, DEFAULT_SINK_M, type ExtrudeInput, type SkippedFootprint } from './buildingMesh';
import { buildingPropertyTable, ROW_NO_DATA, type BuildingColumns } from './buildingTable';
import { enuFrame } from './enu';
import type { QuadNode } from './quadtree';
import { emptyRegion, growRegion, padForQuantisation, regionDiagonalM, regionJson } from './region';
import { invertRigid, multiplyMatrices } from './matrix4';
import { writeGlb } from './glb';
import { boxFootprints } from './lodBox';
import { concatBoxes, mergedBlocks } from './lodBlocks';
import { splitParts, type TilesetPart } from './tilesetParts';
import { scanOnce } from './buildingScan';

/** Inner tiles merge their buildings into at most BLOCK_GRID² blocks (see lodBlocks.ts). */
const BLOCK_GRID = 16;

export interface TilesetOptions {
  /** Leaf cap on buildings (default 2000). */
  maxBuildingsPerTile?: number;
  /** Leaf cap on triangles (default 200 000); a single building over it still gets its own leaf. */
  maxTrianglesPerTile?: number;
  /**
   * Buildings drawn as boxes by an inner tile (default maxBuildingsPerTile / 2: about what a leaf holds on
   * average, so every tile on screen costs about the same and the LOD levels add ~1/3 to the leaves).
   */
  lodBuildingsPerTile?: number;
  /** Walls reach this far below baseM (default 2 m). */
  sinkM?: number;
  /**
   * Flat NORMALs, each wall its own 4 vertices (the former geometry); default false: walls and roof share vertices
   * and the viewer shades faces itself (buildingTilesLayer's flat-shading custom shader).
   */
  normals?: boolean;
  /** Content uris are `${contentDir}/${tile path}.glb` (default 'tiles'). */
  contentDir?: string;
  /** KHR_mesh_quantization positions (default true). */
  quantizePositions?: boolean;
  /**
   * 'meshopt' (default): EXT_meshopt_compression, codes and grid ids as enums, leaf rows in city order (await
   * meshoptReady() first); 'none': the former format (string codes, no compression).
   */
  compression?: 'meshopt' | 'none';
  /** Depth at which a node becomes a leaf whatever it holds (default 24). */
  maxDepth?: number;
}

/** One tile's content, yielded children first. */
export interface TileContent {
  uri: string;
  glb: Uint8Array;
  depth: number;
  leaf: boolean;
  /** Features (property-table rows) in this content. */
  buildings: number;
  triangles: number;
}

export interface TileJson {
  boundingVolume: { region: number[] };
  geometricError: number;
  refine?: 'REPLACE' | 'ADD';
  transform: number[];
  content: { uri: string };
  children?: TileJson[];
}

export interface TilesetJson {
  asset: { version: '1.1'; generator: string };
  geometricError: number;
  root: TileJson;
}

export interface TilesetCounts {
  tiles: number;
  leafTiles: number;
  maxDepth: number;
  /** Buildings in leaf tiles: the valid input buildings, each exactly once. */
  buildings: number;
  /** Box-prism rows over all inner tiles. */
  lodBuildings: number;
  skipped: SkippedFootprint[];
  triangles: number;
  leafTriangles: number;
  bytes: number;
}

export interface TilesetResult {
  tileset: TilesetJson;
  counts: TilesetCounts;
}

/** A finished tile: what its parent and the tileset JSON need (plain data: it crosses threads). */
export interface Done {
  /** Quadtree path ('' for the root). */
  path: string;
  uri: string;
  /** west, south, east, north (degrees), min and max height (m). */
  region: Float64Array;
  geometricError: number;
  /** Own ENU -> ECEF. */
  transform: Float64Array;
  children: Done[];
  /** Its subtree's most prominent buildings, most prominent first (what its parent chooses from). */
  top: Uint32Array;
  /** Tallest building of its subtree that is in no `top` (m). */
  omittedMaxM: number;
}

/** What one part of a split tileset returns: its subtrees' roots (for the tiles above them) and its counts. */
export interface TilesetPartResult {
  subtrees: Done[];
  counts: TilesetCounts;
}

/** Yields every tile's glb (children before parents) and returns the tileset JSON and counts. */
export function* writeBuildingTiles(
  input: BuildingColumns,
  options: TilesetOptions = {},
): Generator<TileContent, TilesetResult, undefined> {
  return (yield* buildingTiles(input, options, null)) as TilesetResult;
}

/**
 * One part of the tileset for a thread of `part.count` (writeBuildingTiles's tiles in its share of the subtrees), or,
 * given every part's subtrees, the tiles above them and the tileset JSON. Skipped buildings are counted by the latter.
 */
export function* writeBuildingTilesPart(
  input: BuildingColumns,
  options: TilesetOptions,
  part: TilesetPart<Done>,
): Generator<TileContent, TilesetResult | TilesetPartResult, undefined> {
  return yield* buildingTiles(input, options, part);
}

function* buildingTiles(
  input: BuildingColumns,
  options: TilesetOptions,
  part: TilesetPart<Done> | null,
): Generator<TileContent, TilesetResult | TilesetPartResult, undefined> {
  const maxBuildings = options.maxBuildingsPerTile ?? 2000;
  const maxTriangles = options.maxTrianglesPerTile ?? 200_000;
  const lodCount = options.lodBuildingsPerTile ?? Math.ceil(maxBuildings / 2);
  const sinkM = options.sinkM ?? DEFAULT_SINK_M;
  const dir = options.contentDir ?? 'tiles';
  const maxDepth = options.maxDepth ?? 24;
  const compression = options.compression ?? 'meshopt';
  const compact = compression === 'meshopt';
  const glbOptions = { quantizePositions: options.quantizePositions ?? true, compression };
  const p = input.polygons;

  const { tris, prominence, areaM2, perm, valid, skipped, root } = scanOnce(input, part, [maxBuildings, maxTriangles, maxDepth]);

  const counts: TilesetCounts = {
    tiles: 0,
    leafTiles: 0,
    maxDepth: 0,
    buildings: 0,
    lodBuildings: 0,
    skipped: part && 'index' in part ? [] : skipped,
    triangles: 0,
    leafTriangles: 0,
    bytes: 0,
  };
  const byProminence = (a: number, b: number) => prominence[b] - prominence[a] || a - b;
  const given = new Map(part && 'subtrees' in part ? part.subtrees.map((d) => [d.path, d]) : []);

  function* visit(node: QuadNode): Generator<TileContent, Done, undefined> {
    const ready = given.get(node.path);
    if (ready) return ready;
    const children: Done[] = [];
    for (const c of node.children) children.push(yield* visit(c));
    const leaf = children.length === 0;

    // What this tile draws: all its buildings (leaf) or the subtree's most prominent ones (inner).
    let candidates: Uint32Array;
    if (leaf) {
      candidates = perm.slice(node.start, node.end);
    } else {
      let total = 0;
      for (const c of children) total += c.top.length;
      candidates = new Uint32Array(total);
      total = 0;
      for (const c of children) {
        candidates.set(c.top, total);
        total += c.top.length;
      }
    }
    candidates.sort(byProminence);
    const top = candidates.length > lodCount ? candidates.slice(0, lodCount) : candidates;
    let omittedMaxM = 0,
      childError = 0;
    for (const c of children) {
      omittedMaxM = Math.max(omittedMaxM, c.omittedMaxM);
      childError = Math.max(childError, c.geometricError);
      c.top = new Uint32Array(0);
    }
    for (let i = top.length; i < candidates.length; i++) omittedMaxM = Math.max(omittedMaxM, input.heightM[candidates[i]]);

    // City order in a leaf: neighbouring rows have neighbouring ids and cells, which compresses well.
    const features = leaf ? (compact ? perm.slice(node.start, node.end).sort() : candidates) : top;
    const region = emptyRegion();
    let geometry: ExtrudeInput = input,
      rows: ArrayLike<number> = features,
      boxError = 0;
    let table: BuildingColumns = input,
      cityRows: ArrayLike<number> = features,
      blockError = 0;
    if (!leaf) {
      // Far view: the skyline (the subtree's most prominent buildings as box prisms, with their real
      // rows) over merged blocks of all its buildings; rows 0..k-1 of a re-indexed copy of the columns.
      const boxes = boxFootprints(p, features);
      for (let k = 0; k < features.length; k++) boxError = Math.max(boxError, Math.sqrt(boxes.addedAreaM2[k]));
      const blocks = mergedBlocks(input, perm.subarray(node.start, node.end), areaM2, BLOCK_GRID, `block:${node.path || 'root'}:`);
      blockError = blocks.cellDiagonalM;
      const k1 = features.length,
        k = k1 + blocks.polygons.ids.length;
      const column = <T extends Float32Array | Uint16Array>(
        make: new (n: number) => T,
        own: (f: number) => number,
        rest: ArrayLike<number> | number,
      ): T => {
        const out = new make(k);
        for (let i = 0; i < k1; i++) out[i] = own(features[i]);
        for (let i = k1; i < k; i++) out[i] = typeof rest === 'number' ? rest : rest[i - k1];
        return out;
      };
      const cell = new Int32Array(k).fill(-1);
      if (input.grid) for (let i = 0; i < k1; i++) cell[i] = input.grid.cell[features[i]];
      table = {
        polygons: concatBoxes(boxes.polygons, blocks.polygons),
        heightM: column(Float32Array, (f) => input.heightM[f], blocks.heightM),
        baseM: column(Float32Array, (f) => input.baseM[f], blocks.baseM),
        floors: column(Float32Array, (f) => input.floors[f], NaN),
        useIndex: column(Uint16Array, (f) => input.useIndex[f], blocks.useIndex),
        useCodes: input.useCodes,
        ...(input.grid ? { grid: { ...input.grid, cell } } : {}),
      };
      geometry = table;
      rows = table.polygons.ids.map((_, i) => i);
      const ownRows = new Uint32Array(k).fill(ROW_NO_DATA);
      ownRows.set(features);
      cityRows = ownRows;
    }
    for (let k = 0; k < rows.length; k++) {
      const f = rows[k];
      const b = geometry.polygons.bbox;
      region[0] = Math.min(region[0], b[4 * f]);
      region[1] = Math.min(region[1], b[4 * f + 1]);
      region[2] = Math.max(region[2], b[4 * f + 2]);
      region[3] = Math.max(region[3], b[4 * f + 3]);
      region[4] = Math.min(region[4], geometry.baseM[f] - sinkM);
      region[5] = Math.max(region[5], geometry.baseM[f] + geometry.heightM[f]);
    }
    const origin = { lonDeg: 0.5 * (region[0] + region[2]), latDeg: 0.5 * (region[1] + region[3]), heightM: 0.5 * (region[4] + region[5]) };
    const { mesh } = extrudeBuildings(geometry, rows, origin, { sinkM, normals: options.normals ?? false });
    const glb = writeGlb(mesh, buildingPropertyTable(table, leaf ? features : rows, cityRows, { enums: compact }), glbOptions);
    padForQuantisation(region);
    for (const c of children) growRegion(region, c.region);

    const uri = `${dir}/${node.path ? `r${node.path}` : 'root'}.glb`;
    const triangles = mesh.indices.length / 3;
    counts.tiles++;
    counts.triangles += triangles;
    counts.bytes += glb.byteLength;
    counts.maxDepth = Math.max(counts.maxDepth, node.depth);
    if (leaf) {
      counts.leafTiles++;
      counts.buildings += features.length;
      counts.leafTriangles += triangles;
    } else {
      counts.lodBuildings += features.length;
    }
    yield { uri, glb, depth: node.depth, leaf, buildings: features.length, triangles };

    const geometricError = leaf ? 0 : Math.max(omittedMaxM, boxError, blockError, 1.25 * childError, 1);
    return { path: node.path, uri, region, geometricError, transform: enuFrame(origin).enuToEcef, children, top, omittedMaxM };
  }

  if (part && 'index' in part) {
    const before = new Float64Array(valid + 1);
    for (let i = 0; i < valid; i++) before[i + 1] = before[i] + tris[perm[i]];
    const subtrees: Done[] = [];
    for (const [node, owner] of splitParts(root, (q) => before[q.end] - before[q.start], part.count))
      if (owner === part.index) subtrees.push(yield* visit(node));
    return { subtrees, counts };
  }
  const done = yield* visit(root);
  return { tileset: tilesetJson(tileJson(done, undefined), 'REPLACE', done), counts };
}

/** All tiles at once, for small inputs and tests: the tileset, its contents by uri, and counts. */
export function buildBuildingTileset(
  input: BuildingColumns,
  options: TilesetOptions = {},
): TilesetResult & { contents: Map<string, Uint8Array> } {
  const contents = new Map<string, Uint8Array>();
  const it = writeBuildingTiles(input, options);
  for (;;) {
    const step = it.next();
    if (step.done) return { ...step.value, contents };
    contents.set(step.value.uri, step.value.glb);
  }
}

/** The tileset document around a finished root: its error covers the whole city from any distance. */
export function tilesetJson<T extends { refine?: 'REPLACE' | 'ADD' }>(
  root: T,
  refine: 'REPLACE' | 'ADD',
  done: { geometricError: number; region: Float64Array },
) {
  root.refine = refine;
  return {
    asset: { version: '1.1' as const, generator: 'cim-viewer src/core/tiles' },
    geometricError: Math.max(2 * done.geometricError, regionDiagonalM(done.region), 1),
    root,
  };
}

/** What a tile's JSON is made of: its region, error, own ENU -> ECEF, content and children. */
export interface TileNode {
  uri: string;
  region: Float64Array;
  geometricError: number;
  transform: Float64Array;
  children: TileNode[];
}

/** A finished tile as tileset JSON, its transform relative to its parent's (3D Tiles composes them down the tree). */
export function tileJson(t: TileNode, parentTransform: Float64Array | undefined): TileJson {
  const relative = parentTransform ? multiplyMatrices(invertRigid(parentTransform), t.transform) : t.transform;
  const json: TileJson = {
    boundingVolume: { region: regionJson(t.region) },
    geometricError: t.geometricError,
    transform: Array.from(relative),
    content: { uri: t.uri },
  };
  if (t.children.length) json.children = t.children.map((c) => tileJson(c, t.transform));
  return json;
}
