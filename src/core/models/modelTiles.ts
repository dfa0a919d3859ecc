// A placed model as 3D Tiles 1.1, written tile by tile (children first, one glb in memory at a time).
//
// Leaves (geometricError 0) hold full detail, split spatially by modelTree.ts so none passes maxTrianglesPerTile.
// Inner tiles, the root among them (refine REPLACE), draw their subtree simplified by vertex clustering (tileMesh's
// snapping, per element so feature ids stay whole): the cell starts at the subtree's diagonal / 256 (and at twice
// its children's) and doubles until the tile holds at most half the budget; its geometricError is the cell's
// diagonal, and at least 1.25 × its children's. A model that fits one leaf but has over lodMinTriangles still gets a
// simplified root above that leaf.
// Frames: the model is placed once into the anchor's ENU frame (placement.ts); each tile's content is in the ENU
// frame at its own centre, reached from the anchor's by the rigid transform between the two, and its `transform`
// composes to exactly that frame (tileset.ts's tileJson). Regions: the content box's corners in lon/lat/height,
// padded for quantisation and the earth's curvature, grown by the children's.
import { enuFrame } from '../tiles/enu';
import { invertRigid, multiplyMatrices } from '../tiles/matrix4';
import { emptyRegion, growRegion, padForQuantisation } from '../tiles/region';
import { tileJson, tilesetJson, type TileNode, type TilesetJson } from '../tiles/tileset';
import { elementPropertyTable } from './elementTable';
import { enuToGeodetic } from './geodetic';
import type { ModelData, ModelPlacement } from './model';
import { checkModel, DEFAULT_MAX_TRIANGLES } from './modelCheck';
import { writeModelGlb } from './modelGlb';
import { modelItems, splitModel, type ModelItems, type ModelNode } from './modelTree';
import { placeModel, type PlaceOptions } from './placement';
import { TileMeshBuilder, type TileMesh } from './tileMesh';

export interface ModelTilesOptions extends PlaceOptions {
  /** Leaf cap on triangles (default 200 000). */
  maxTrianglesPerTile?: number;
  /** A model with more triangles is refused (default 20 million). */
  maxTriangles?: number;
  /** A model in one leaf gets a simplified root above it when it has more triangles than this (default 10 000). */
  lodMinTriangles?: number;
  /** Content uris are `${contentDir}/${tile}.glb` (default 'tiles'). */
  contentDir?: string;
  /** Default 'meshopt' (await meshoptReady() from core/tiles/glbPack first). */
  compression?: 'meshopt' | 'none';
  /** Called after each tile with the tiles written and the tiles there will be. */
  onProgress?: (tilesDone: number, tiles: number) => void;
  /** Checked before each tile: an abort throws its reason and writes nothing more. */
  signal?: AbortSignal;
}

export interface ModelTileContent {
  uri: string;
  glb: Uint8Array;
  depth: number;
  leaf: boolean;
  /** Element rows in this tile. */
  elements: number;
  triangles: number;
}

export interface ModelTilesCounts {
  /** Triangles written, over every tile. */
  triangles: number;
  /** Triangles of the leaves: the model at full detail. */
  leafTriangles: number;
  /** Elements drawn at full detail. */
  elements: number;
  tiles: number;
  leafTiles: number;
  maxDepth: number;
  bytes: number;
}

export interface ModelTilesResult {
  tileset: TilesetJson;
  counts: ModelTilesCounts;
  /** The model's region: west, south, east, north degrees, min and max height m. */
  region: Float64Array;
}

/** The placed model's vertices (anchor ENU, Float32) and normals (same frame, unit; null where the part had none). */
export function placedParts(model: ModelData, placement: ModelPlacement, options: PlaceOptions = {}) {
  const placed = placeModel(model, placement, options);
  const m = placed.directionMatrix;
  const enu = model.parts.map((p) => {
    const out = new Float32Array(p.positions.length);
    placed.toEnu(p.positions, out);
    return out;
  });
  const normals = model.parts.map((p) => {
    if (!p.normals) return null;
    const n = p.normals,
      out = new Float32Array(n.length);
    for (let i = 0; i < n.length; i += 3) {
      const x = m[0] * n[i] + m[3] * n[i + 1] + m[6] * n[i + 2],
        y = m[1] * n[i] + m[4] * n[i + 1] + m[7] * n[i + 2],
        z = m[2] * n[i] + m[5] * n[i + 1] + m[8] * n[i + 2];
      const len = Math.hypot(x, y, z) || 1;
      out[i] = x / len;
      out[i + 1] = y / len;
      out[i + 2] = z / len;
    }
    return out;
  });
  return { placed, enu, normals };
}

/** Yields every tile's glb (children before parents) and returns the tileset JSON, counts and the model's region. */
export function* writeModelTiles(
  model: ModelData,
  placement: ModelPlacement,
  options: ModelTilesOptions = {},
): Generator<ModelTileContent, ModelTilesResult, undefined> {
  const budget = options.maxTrianglesPerTile ?? 200_000;
  const dir = options.contentDir ?? 'tiles';
  const compression = options.compression ?? 'meshopt';
  checkModel(model, options.maxTriangles ?? DEFAULT_MAX_TRIANGLES);
  const { placed, enu, normals } = placedParts(model, placement, options);
  const items = modelItems(
    enu,
    model.parts.map((p) => p.indices),
    Math.max(1, Math.floor(budget / 4)),
  );
  let root = splitModel(items, budget);
  if (root.children.length === 0 && root.triangles > (options.lodMinTriangles ?? 10_000))
    root = { ...root, children: [{ ...root, path: '0', depth: 1 }] };
  const totalTiles = countTiles(root);
  const storeyOf = Int32Array.from(model.elements, (e) => e.storey ?? -1);
  const seen = new Uint8Array(model.elements.length);
  const counts: ModelTilesCounts = { triangles: 0, leafTriangles: 0, elements: 0, tiles: 0, leafTiles: 0, maxDepth: 0, bytes: 0 };
  let scratchPos = new Float32Array(0),
    scratchNor = new Float32Array(0);

  /** One tile's mesh in the frame `toTile` (anchor ENU -> tile ENU), its items' vertices snapped to snapM (0: none). */
  const meshOf = (node: ModelNode, toTile: Float64Array, snapM: number): TileMesh => {
    const builder = new TileMeshBuilder(storeyOf);
    const t = toTile;
    for (let k = node.start; k < node.end; k++) {
      const i = items.perm[k];
      const p = items.part[i];
      const part = model.parts[p];
      const src = enu[p],
        nor = normals[p];
      if (scratchPos.length < src.length) {
        scratchPos = new Float32Array(src.length);
        scratchNor = new Float32Array(src.length);
      }
      const tris = part.indices.subarray(3 * items.triStart[i], 3 * items.triEnd[i]);
      for (let j = 0; j < tris.length; j++) {
        const v = 3 * tris[j];
        const x = src[v],
          y = src[v + 1],
          z = src[v + 2];
        scratchPos[v] = t[0] * x + t[4] * y + t[8] * z + t[12];
        scratchPos[v + 1] = t[1] * x + t[5] * y + t[9] * z + t[13];
        scratchPos[v + 2] = t[2] * x + t[6] * y + t[10] * z + t[14];
        if (nor) {
          const a = nor[v],
            b = nor[v + 1],
            c = nor[v + 2];
          scratchNor[v] = t[0] * a + t[4] * b + t[8] * c;
          scratchNor[v + 1] = t[1] * a + t[5] * b + t[9] * c;
          scratchNor[v + 2] = t[2] * a + t[6] * b + t[10] * c;
        }
      }
      builder.add(part.element, part.material, scratchPos, nor ? scratchNor : null, part.uvs ?? null, tris, snapM);
    }
    return builder.finish();
  };

  interface Done extends TileNode {
    snapM: number;
    children: Done[];
  }

  function* visit(node: ModelNode): Generator<ModelTileContent, Done, undefined> {
    const children: Done[] = [];
    for (const c of node.children) children.push(yield* visit(c));
    options.signal?.throwIfAborted();
    const leaf = children.length === 0;

    // The tile's frame at the centre of its items' box.
    const b = itemsBox(items, node);
    const origin = new Float64Array(3);
    enuToGeodetic(placed.frame.enuToEcef, 0.5 * (b[0] + b[3]), 0.5 * (b[1] + b[4]), 0.5 * (b[2] + b[5]), origin);
    const frame = enuFrame({ lonDeg: origin[0], latDeg: origin[1], heightM: origin[2] });
    const toTile = multiplyMatrices(invertRigid(frame.enuToEcef), placed.frame.enuToEcef);

    let snapM = 0,
      mesh: TileMesh;
    if (leaf) {
      mesh = meshOf(node, toTile, 0);
    } else {
      const diagonal = Math.hypot(b[3] - b[0], b[4] - b[1], b[5] - b[2]);
      snapM = Math.max(diagonal / 256, ...children.map((c) => 2 * c.snapM), 0.01);
      mesh = meshOf(node, toTile, snapM);
      for (let attempt = 0; attempt < 12 && mesh.triangles > budget / 2; attempt++) mesh = meshOf(node, toTile, (snapM *= 2));
      // Everything collapsed (many small elements far apart): finer cells, down to full detail.
      for (let attempt = 0; attempt < 6 && mesh.triangles === 0; attempt++) mesh = meshOf(node, toTile, (snapM /= 2));
      if (mesh.triangles === 0) mesh = meshOf(node, toTile, (snapM = 0));
    }
    const glb = writeModelGlb(mesh, elementPropertyTable(model, mesh.elements), model.materials, { compression });
    const region = contentRegion(mesh, frame.enuToEcef);
    for (const c of children) growRegion(region, c.region);

    const uri = `${dir}/${node.path ? `r${node.path}` : 'root'}.glb`;
    counts.tiles++;
    counts.triangles += mesh.triangles;
    counts.bytes += glb.byteLength;
    counts.maxDepth = Math.max(counts.maxDepth, node.depth);
    if (leaf) {
      counts.leafTiles++;
      counts.leafTriangles += mesh.triangles;
      for (const e of mesh.elements) if (!seen[e]) counts.elements += seen[e] = 1;
    }
    yield { uri, glb, depth: node.depth, leaf, elements: mesh.elements.length, triangles: mesh.triangles };
    options.onProgress?.(counts.tiles, totalTiles);
    const childError = Math.max(0, ...children.map((c) => c.geometricError));
    const geometricError = leaf ? 0 : Math.max(snapM * Math.sqrt(3), 1.25 * childError, 0.01);
    return { uri, region, geometricError, transform: frame.enuToEcef, children, snapM };
  }

  const done = yield* visit(root);
  return { tileset: tilesetJson(tileJson(done, undefined), 'REPLACE', done), counts, region: done.region };
}

/** All tiles at once, for small models and tests: every tile's uri and glb, the tileset and counts. */
export function buildModelTiles(
  model: ModelData,
  placement: ModelPlacement,
  options: ModelTilesOptions = {},
): ModelTilesResult & { tiles: { uri: string; glb: Uint8Array }[] } {
  const tiles: { uri: string; glb: Uint8Array }[] = [];
  const it = writeModelTiles(model, placement, options);
  for (;;) {
    const step = it.next();
    if (step.done) return { ...step.value, tiles };
    tiles.push({ uri: step.value.uri, glb: step.value.glb });
  }
}

function countTiles(node: ModelNode): number {
  let n = 1;
  for (const c of node.children) n += countTiles(c);
  return n;
}

/** The box (anchor ENU) of a node's items. */
function itemsBox(items: ModelItems, node: ModelNode): Float64Array {
  const b = Float64Array.of(Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity);
  for (let k = node.start; k < node.end; k++) {
    const i = items.perm[k];
    for (let c = 0; c < 3; c++) {
      b[c] = Math.min(b[c], items.box[6 * i + c]);
      b[3 + c] = Math.max(b[3 + c], items.box[6 * i + 3 + c]);
    }
  }
  return b;
}

/** The region of a tile's content: its box's corners in lon/lat/height, padded for quantisation and curvature. */
function contentRegion(mesh: TileMesh, enuToEcef: Float64Array): Float64Array {
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (const p of mesh.primitives)
    for (let i = 0; i < p.positions.length; i += 3)
      for (let c = 0; c < 3; c++) {
        b[c] = Math.min(b[c], p.positions[i + c]);
        b[3 + c] = Math.max(b[3 + c], p.positions[i + c]);
      }
  const region = emptyRegion();
  const corner = new Float64Array(3);
  for (let k = 0; k < 8; k++) {
    enuToGeodetic(enuToEcef, b[k & 1 ? 3 : 0], b[k & 2 ? 4 : 1], b[k & 4 ? 5 : 2], corner);
    growRegion(region, Float64Array.of(corner[0], corner[1], corner[0], corner[1], corner[2], corner[2]));
  }
  // A straight edge of the box sags below its ends' ellipsoidal height by up to (half its length)² / 2R.
  const halfM = 0.5 * Math.hypot(b[3] - b[0], b[4] - b[1]);
  region[4] -= (halfM * halfM) / (2 * 6_371_000);
  padForQuantisation(region);
  return region;
}
