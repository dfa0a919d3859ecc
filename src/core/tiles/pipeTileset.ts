// A 3D Tiles 1.1 tileset of buried pipelines (pipeMesh tubes and box culverts), written tile by tile like
// the building tileset, so a city's network never holds more than one glb in memory.
//
// Tree: the building writer's adaptive quadtree (splitQuadtree) on the pipes' bbox centres, until a node
// holds at most maxPipesPerTile pipes and maxTrianglesPerTile triangles. Triangles are estimated from vertex
// counts up front (exact for pipes without sharp bends or repeated points); a leaf whose real mesh is over
// the cap is split again on its pipes' exact counts. Every pipe pipeMesh can draw lies in exactly one leaf.
// Content: only leaves have any. Inner tiles are empty, so pipes vanish from afar instead of being drawn
// coarser: most pipes are well under a metre across, a pixel or less a few hundred metres away, underground.
// Refine ADD: an empty parent has nothing to replace (CesiumJS streams in the children of an empty tile as
// they load under either mode), so ADD says what the tree is.
// Geometric error: CesiumJS refines a tile while geometricError · viewport height / (distance · 2 tan(fovy/2))
// exceeds maximumScreenSpaceError (16), i.e. at 1080 px and 60° while distance < 58.5 · geometricError. A
// parent of leaves gets loadDistanceM / 58.5 (6.8 m for the default 400 m), so its leaves load once the camera
// is within ~400 m of its region; each level up multiplies by 1.1 (strictly decreasing downwards, leaves 0).
// (A size-based error such as diagonal / 8 would load a 2000-pipe leaf of a street grid from ~30 km.)
// Frames: a leaf's content is in the ENU frame at its centre and its `transform` is that frame's ENU -> ECEF.
// Inner tiles have no transform (identity), so a leaf's computed transform is exactly its own frame.
// Regions: a leaf's is its vertices taken back to geodetic (so its floor is the lowest pipe bottom), padded
// for position quantisation; an inner tile's is the union of its children's.
import { enuFrame, DEG } from './enu';
import { writeGlb } from './glb';
import { pipeMesh, type PipeSkipReason } from './pipeMesh';
import { pipePropertyTable, type PipeColumns } from './pipeTable';
import { splitQuadtree, type QuadNode } from './quadtree';
import { emptyRegion, growRegion, padForQuantisation, regionJson } from './region';
import { tilesetJson, type TileContent } from './tileset';

export interface PipeTilesetOptions {
  /** Ground height (m above the ellipsoid) at a lon/lat, e.g. sampleHeightM over the DEM; NaN where unknown. */
  groundM: (lonDeg: number, latDeg: number) => number;
  /** Leaf cap on pipes (default 2000). */
  maxPipesPerTile?: number;
  /** Leaf cap on triangles (default 300 000); a single pipe over it still gets its own leaf. */
  maxTrianglesPerTile?: number;
  /** Sides of a round tube (default 8, pipeMesh's). */
  segments?: number;
  /** Content uris are `${contentDir}/${tile path}.glb` (default 'tiles'). */
  contentDir?: string;
  /** KHR_mesh_quantization positions (default true). */
  quantizePositions?: boolean;
  /** Leaves load once the camera is about this close to their parent's region, in CesiumJS defaults (default 400 m). */
  loadDistanceM?: number;
  /** Depth at which a node becomes a leaf whatever it holds (default 24). */
  maxDepth?: number;
}

export interface PipeTileJson {
  boundingVolume: { region: number[] };
  geometricError: number;
  refine?: 'REPLACE' | 'ADD';
  /** Leaves only: ENU -> ECEF at the leaf's centre. */
  transform?: number[];
  /** Leaves only. */
  content?: { uri: string };
  children?: PipeTileJson[];
}

export interface PipeTilesetJson {
  asset: { version: '1.1'; generator: string };
  geometricError: number;
  root: PipeTileJson;
}

export interface SkippedPipe {
  /** PackedLines feature index. */
  index: number;
  reason: PipeSkipReason;
}

export interface PipeTilesetCounts {
  /** All tiles, empty inner ones included. */
  tiles: number;
  leafTiles: number;
  maxDepth: number;
  /** Pipes in leaf tiles: the drawable input pipes, each exactly once. */
  pipes: number;
  /** By feature index. */
  skipped: SkippedPipe[];
  triangles: number;
  bytes: number;
}

export interface PipeTilesetResult {
  tileset: PipeTilesetJson;
  counts: PipeTilesetCounts;
}

/** Camera distance per metre of geometric error at which CesiumJS refines: 1080 px / (2 tan 30°) / 16 px. */
const REFINE_DISTANCE_PER_ERROR = 1080 / (2 * Math.tan(Math.PI / 6)) / 16;
const LEVEL_ERROR_GROWTH = 1.1;
const WGS84_A = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_B = WGS84_A * (1 - WGS84_F);
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const WGS84_EP2 = WGS84_E2 / (1 - WGS84_E2);

/** A finished tile: what its parent and the tileset JSON need. */
interface Done {
  /** Leaves only. */
  uri?: string;
  transform?: Float64Array;
  /** west, south, east, north (degrees), min and max height (m). */
  region: Float64Array;
  geometricError: number;
  children: Done[];
}

/** Yields every leaf's glb (inner tiles have none) and returns the tileset JSON and counts. */
export function* writePipeTiles(input: PipeColumns, options: PipeTilesetOptions): Generator<TileContent, PipeTilesetResult, undefined> {
  const maxPipes = options.maxPipesPerTile ?? 2000;
  const maxTriangles = options.maxTrianglesPerTile ?? 300_000;
  const maxDepth = options.maxDepth ?? 24;
  const sides = Math.max(3, Math.round(options.segments ?? 8)); // as pipeMesh rounds it
  const dir = options.contentDir ?? 'tiles';
  const parentOfLeavesError = (options.loadDistanceM ?? 400) / REFINE_DISTANCE_PER_ERROR;
  if (!(parentOfLeavesError > 0)) throw new Error('writePipeTiles: loadDistanceM must be positive');
  const glbOptions = { quantizePositions: options.quantizePositions ?? true };
  const meshOptions = { sections: input, groundM: options.groundM, segments: options.segments };
  const { coords, partStart, featurePartStart } = input.lines;
  const n = featurePartStart.length - 1;

  // Prescan: centre of each pipe's finite points and its triangles if it has no sharp bend. A pipe with no
  // finite point has no place in the tree; pipeMesh still says why it cannot be drawn.
  const cx = new Float64Array(n),
    cy = new Float64Array(n);
  const tris = new Uint32Array(n),
    perm = new Uint32Array(n);
  const skipped: SkippedPipe[] = [];
  let placed = 0;
  for (let f = 0; f < n; f++) {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity,
      estimate = 0;
    const d = input.diameterMm[f];
    const round = d > 0 && d < Infinity;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1]; q++) {
      const v0 = partStart[q],
        v1 = partStart[q + 1];
      for (let v = v0; v < v1; v++) {
        const x = coords[2 * v],
          y = coords[2 * v + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      // Round: 2·sides per segment plus two fans of sides - 2; box: 8 per segment plus two caps of 2.
      if (v1 - v0 >= 2) estimate += round ? 2 * sides * (v1 - v0 - 1) + 2 * (sides - 2) : 8 * (v1 - v0 - 1) + 4;
    }
    if (!(x0 <= x1 && y0 <= y1)) {
      const origin = { lonDeg: 0, latDeg: 0, heightM: 0 };
      for (const s of pipeMesh(input.lines, [f], { ...meshOptions, origin }).skipped) skipped.push(s);
      continue;
    }
    cx[f] = 0.5 * (x0 + x1);
    cy[f] = 0.5 * (y0 + y1);
    tris[f] = estimate;
    perm[placed++] = f;
  }

  const counts: PipeTilesetCounts = { tiles: 0, leafTiles: 0, maxDepth: 0, pipes: 0, skipped, triangles: 0, bytes: 0 };
  let root = splitQuadtree(perm, cx, cy, tris, 0, placed, 0, '', maxPipes, maxTriangles, maxDepth);
  // A lone leaf goes under an empty root too, so a small network also vanishes from afar.
  if (root.children.length === 0) root = { start: 0, end: placed, depth: 0, path: '', children: [{ ...root, depth: 1 }] };

  function* visit(node: QuadNode): Generator<TileContent, Done | null, undefined> {
    if (node.children.length === 0) return yield* leaf(node);
    const children: Done[] = [];
    for (const c of node.children) {
      const done = yield* visit(c);
      if (done) children.push(done);
    }
    if (children.length === 0) return null;
    counts.tiles++;
    const region = emptyRegion();
    let childError = 0;
    for (const c of children) {
      growRegion(region, c.region);
      childError = Math.max(childError, c.geometricError);
    }
    return { region, geometricError: Math.max(parentOfLeavesError, LEVEL_ERROR_GROWTH * childError), children };
  }

  /** The leaf tile of a node's pipes, or null when pipeMesh draws none of them. */
  function* leaf(node: QuadNode): Generator<TileContent, Done | null, undefined> {
    // A copy: a re-split below reorders perm in place, even when it ends up with no children.
    const features = perm.slice(node.start, node.end);
    if (features.length === 0) return null;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      x0 = Math.min(x0, cx[f]);
      x1 = Math.max(x1, cx[f]);
      y0 = Math.min(y0, cy[f]);
      y1 = Math.max(y1, cy[f]);
    }
    const lonDeg = 0.5 * (x0 + x1),
      latDeg = 0.5 * (y0 + y1);
    const groundHeightM = options.groundM(lonDeg, latDeg);
    const origin = { lonDeg, latDeg, heightM: Number.isFinite(groundHeightM) ? groundHeightM : 0 };
    const { mesh, skipped: notDrawn } = pipeMesh(input.lines, features, { ...meshOptions, origin });
    const ids = mesh.featureIds,
      indices = mesh.indices;
    const triangles = indices.length / 3;

    if (triangles > maxTriangles && features.length > 1) {
      // The estimate fell short (sharp bends): split again on the exact counts (in place, so count first).
      for (let k = 0; k < features.length; k++) tris[features[k]] = 0;
      for (let i = 0; i < indices.length; i += 3) tris[features[ids[indices[i]]]]++;
      const again = splitQuadtree(perm, cx, cy, tris, node.start, node.end, node.depth, node.path, maxPipes, maxTriangles, maxDepth);
      if (again.children.length) return yield* visit(again);
    }
    for (const s of notDrawn) skipped.push(s);

    // Rows for the pipes with vertices only: pipeMesh keeps a skipped pipe's id but gives it no geometry.
    const row = new Int32Array(features.length).fill(-1);
    for (let v = 0; v < ids.length; v++) row[ids[v]] = 0;
    const rows: number[] = [];
    for (let k = 0; k < features.length; k++) if (row[k] === 0) row[k] = rows.push(features[k]) - 1;
    if (rows.length === 0) return null;
    if (rows.length < features.length) for (let v = 0; v < ids.length; v++) ids[v] = row[ids[v]];

    const transform = enuFrame(origin).enuToEcef;
    const region = enuRegion(mesh.positions, transform, lonDeg);
    padForQuantisation(region);
    const glb = writeGlb(mesh, pipePropertyTable(input, rows), glbOptions);
    const uri = `${dir}/${node.path ? `r${node.path}` : 'root'}.glb`;
    counts.tiles++;
    counts.leafTiles++;
    counts.maxDepth = Math.max(counts.maxDepth, node.depth);
    counts.pipes += rows.length;
    counts.triangles += triangles;
    counts.bytes += glb.byteLength;
    yield { uri, glb, depth: node.depth, leaf: true, buildings: rows.length, triangles };
    return { uri, transform, region, geometricError: 0, children: [] };
  }

  const done = yield* visit(root);
  if (!done)
    throw new Error(`writePipeTiles: no drawable pipe (${skipped.length} skipped${skipped.length ? `, e.g. ${skipped[0].reason}` : ''})`);
  skipped.sort((a, b) => a.index - b.index);
  // ADD: inner tiles are empty, so there is nothing for the leaves to replace.
  const tileset: PipeTilesetJson = tilesetJson(tileJson(done), 'ADD', done);
  return { tileset, counts };
}

/** All tiles at once, for small inputs and tests: the tileset, its contents by uri, and counts. */
export function buildPipeTileset(
  input: PipeColumns,
  options: PipeTilesetOptions,
): PipeTilesetResult & { contents: Map<string, Uint8Array> } {
  const contents = new Map<string, Uint8Array>();
  const it = writePipeTiles(input, options);
  for (;;) {
    const step = it.next();
    if (step.done) return { ...step.value, contents };
    contents.set(step.value.uri, step.value.glb);
  }
}

function tileJson(t: Done): PipeTileJson {
  const json: PipeTileJson = { boundingVolume: { region: regionJson(t.region) }, geometricError: t.geometricError };
  if (t.uri && t.transform) {
    json.transform = Array.from(t.transform);
    json.content = { uri: t.uri };
  }
  if (t.children.length) json.children = t.children.map(tileJson);
  return json;
}

/**
 * The region (degrees, metres) of ENU positions placed by `enuToEcef`, whose origin is at longitude lon0Deg:
 * each vertex back to geodetic by Bowring's formula (well under a millimetre near the ground), tracking
 * tan(lon - lon0) and sin(lat), both monotonic, so the loop needs no trigonometry.
 */
function enuRegion(positions: Float32Array, m: Float64Array, lon0Deg: number): Float64Array {
  const c = Math.cos(lon0Deg * DEG),
    s = Math.sin(lon0Deg * DEG);
  let tanMin = Infinity,
    tanMax = -Infinity,
    sinMin = Infinity,
    sinMax = -Infinity,
    hMin = Infinity,
    hMax = -Infinity;
  for (let i = 0; i < positions.length; i += 3) {
    const e = positions[i],
      n = positions[i + 1],
      u = positions[i + 2];
    const x = m[0] * e + m[4] * n + m[8] * u + m[12];
    const y = m[1] * e + m[5] * n + m[9] * u + m[13];
    const z = m[2] * e + m[6] * n + m[10] * u + m[14];
    const tanDLon = (c * y - s * x) / (c * x + s * y);
    const p = Math.sqrt(x * x + y * y);
    const za = z * WGS84_A,
      pb = p * WGS84_B; // parametric latitude
    const r = Math.sqrt(za * za + pb * pb);
    const st = za / r,
      ct = pb / r;
    const num = z + WGS84_EP2 * WGS84_B * st * st * st,
      den = p - WGS84_E2 * WGS84_A * ct * ct * ct;
    const q = Math.sqrt(num * num + den * den);
    const sinLat = num / q,
      cosLat = den / q;
    const h = p * cosLat + z * sinLat - WGS84_A * Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    if (tanDLon < tanMin) tanMin = tanDLon;
    if (tanDLon > tanMax) tanMax = tanDLon;
    if (sinLat < sinMin) sinMin = sinLat;
    if (sinLat > sinMax) sinMax = sinLat;
    if (h < hMin) hMin = h;
    if (h > hMax) hMax = h;
  }
  return Float64Array.of(
    lon0Deg + Math.atan(tanMin) / DEG,
    Math.asin(sinMin) / DEG,
    lon0Deg + Math.atan(tanMax) / DEG,
    Math.asin(sinMax) / DEG,
    hMin,
    hMax,
  );
}
