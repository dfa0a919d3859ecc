// Extruded building footprints as one FeatureMesh in a tile's local east-north-up frame.
// Each building is a prism from `baseM - sinkM` (so no gap shows where terrain dips below baseM) to
// `baseM + heightM`: walls and an earcut roof. Without normals (the default) walls and roof share the
// ring's vertices (2 per footprint vertex: a bottom and a top ring) and the viewer shades each face from
// its screen derivatives; with `normals` every wall quad has its own 4 vertices with a flat normal (5 per
// footprint vertex). There is no floor: the prism starts underground and is only seen from above and the
// side, so it is closed enough and a floor would only add triangles.
import earcut from 'earcut';
import type { PackedPolygons } from '../geom/packed';
import { enuFrame, DEG, M_PER_DEG } from './enu';
import type { FeatureMesh, TileOrigin } from './mesh';

export const DEFAULT_SINK_M = 2;
/** Polygons smaller than this (m²) are dropped as degenerate. */
export const MIN_FOOTPRINT_AREA_M2 = 0.01;
/** Wall edges shorter than this (m) get no quad (repeated vertices, closed rings). */
const MIN_EDGE_M = 1e-4;

/** The columns extrusion needs; BuildingsData from io satisfies it. */
export interface ExtrudeInput {
  polygons: PackedPolygons;
  heightM: ArrayLike<number>;
  baseM: ArrayLike<number>;
}

export interface ExtrudeOptions {
  /** How far walls reach below baseM, metres (default 2). */
  sinkM?: number;
  /** Flat NORMALs (each wall its own 4 vertices); default false: shared vertices and no normals. */
  normals?: boolean;
}

export interface SkippedFootprint {
  /** Feature index in the input polygons. */
  index: number;
  reason: string;
}

export interface ExtrudedBuildings {
  mesh: FeatureMesh;
  /** Features that produced no geometry; their table rows stay, without triangles. */
  skipped: SkippedFootprint[];
}

/** Filled by inspectFootprint: what an extrusion of the feature will contain. */
export interface FootprintStats {
  /** Net footprint area (outer rings minus holes), m², from a local linear approximation. */
  areaM2: number;
  /** Triangles of the extrusion: walls 2 per edge, roof n + 2·holes − 2 per polygon (exact for simple polygons, else an upper bound). */
  triangles: number;
  /** Vertices of the footprint's usable rings: the extrusion has 2 (shared) or 5 (with normals) per vertex. */
  ringVertices: number;
}

// Scratch buffers grown on demand and reused across calls (never per vertex).
let ringScratch = new Uint32Array(64);
let enuScratch = new Float64Array(6 * 256);
let flatScratch = new Float64Array(2 * 256);
const holeScratch: number[] = [];

/** Signed area of a ring in lon/lat degrees², scaled to m² by the local metres per degree. */
function lonLatRingAreaM2(coords: Float64Array, v0: number, v1: number): number {
  const x0 = coords[2 * v0],
    y0 = coords[2 * v0 + 1];
  let s = 0;
  for (let v = v0 + 1; v < v1 - 1; v++) {
    s += (coords[2 * v] - x0) * (coords[2 * v + 3] - y0) - (coords[2 * v + 2] - x0) * (coords[2 * v + 1] - y0);
  }
  return 0.5 * s * M_PER_DEG * M_PER_DEG * Math.cos(y0 * DEG);
}

/**
 * The usable rings of polygon q into ringScratch (outer first, then holes of >= 3 vertices) and their count;
 * 0 when the outer ring has fewer than 3 vertices or no area; -1 when a coordinate is not finite.
 */
function usableRings(p: PackedPolygons, q: number): number {
  const r0 = p.polyRingStart[q],
    r1 = p.polyRingStart[q + 1];
  if (r1 <= r0) return 0;
  if (ringScratch.length < r1 - r0) ringScratch = new Uint32Array(2 * (r1 - r0));
  let count = 0;
  for (let r = r0; r < r1; r++) {
    const v0 = p.ringStart[r],
      v1 = p.ringStart[r + 1];
    if (v1 - v0 < 3) {
      if (r === r0) return 0;
      continue;
    }
    const a = lonLatRingAreaM2(p.coords, v0, v1);
    if (!Number.isFinite(a)) return -1;
    if (r === r0 && Math.abs(a) < MIN_FOOTPRINT_AREA_M2) return 0;
    ringScratch[count++] = r;
  }
  return count;
}

/** Why feature f cannot be extruded (null if it can); fills stats for what it will produce. */
export function inspectFootprint(input: ExtrudeInput, f: number, stats: FootprintStats): string | null {
  const p = input.polygons;
  stats.areaM2 = 0;
  stats.triangles = 0;
  stats.ringVertices = 0;
  const h = input.heightM[f],
    b = input.baseM[f];
  if (!(h > 0) || !Number.isFinite(h)) return `heightM ${h} is not a positive number`;
  if (!Number.isFinite(b)) return `baseM ${b} is not a number`;
  let usable = 0;
  for (let q = p.featurePolyStart[f]; q < p.featurePolyStart[f + 1]; q++) {
    const m = usableRings(p, q);
    if (m < 0) return 'a coordinate is not a finite number';
    if (m === 0) continue;
    let n = 0;
    for (let j = 0; j < m; j++) {
      const r = ringScratch[j];
      const v0 = p.ringStart[r],
        v1 = p.ringStart[r + 1];
      n += v1 - v0;
      const a = Math.abs(lonLatRingAreaM2(p.coords, v0, v1));
      stats.areaM2 += j === 0 ? a : -a;
    }
    usable++;
    stats.ringVertices += n;
    stats.triangles += 3 * n + 2 * (m - 1) - 2;
  }
  if (usable === 0) return 'no polygon with 3 or more vertices and a non-zero area';
  return null;
}

/**
 * Extrudes features[k] for every k into one mesh whose feature id k is the row of the tile's property
 * table. Positions are ENU metres around `origin` (computed exactly in Float64 through ECEF, stored as
 * Float32 offsets). Degenerate footprints are skipped and reported, never thrown.
 */
export function extrudeBuildings(
  input: ExtrudeInput,
  features: ArrayLike<number>,
  origin: TileOrigin,
  options: ExtrudeOptions = {},
): ExtrudedBuildings {
  const sinkM = options.sinkM ?? DEFAULT_SINK_M;
  const withNormals = options.normals ?? false;
  const p = input.polygons;
  const skipped: SkippedFootprint[] = [];
  const ok = new Uint8Array(features.length);
  const stats: FootprintStats = { areaM2: 0, triangles: 0, ringVertices: 0 };
  let maxVerts = 0,
    maxTris = 0;
  for (let k = 0; k < features.length; k++) {
    const reason = inspectFootprint(input, features[k], stats);
    if (reason) {
      skipped.push({ index: features[k], reason });
      continue;
    }
    ok[k] = 1;
    maxVerts += (withNormals ? 5 : 2) * stats.ringVertices;
    maxTris += stats.triangles;
  }

  const positions = new Float32Array(3 * maxVerts);
  const normals = new Float32Array(withNormals ? 3 * maxVerts : 0);
  const featureIds = new Uint32Array(maxVerts);
  const indices = new Uint32Array(3 * maxTris);
  const frame = enuFrame(origin);
  let nv = 0,
    ni = 0;

  for (let k = 0; k < features.length; k++) {
    if (!ok[k]) continue;
    const f = features[k];
    const zTop = input.baseM[f] + input.heightM[f];
    const zBot = input.baseM[f] - sinkM;
    for (let q = p.featurePolyStart[f]; q < p.featurePolyStart[f + 1]; q++) {
      const m = usableRings(p, q);
      if (m <= 0) continue;

      // 1. Ground point and ellipsoid normal of every vertex, in ENU: ECEF(h) = ECEF(0) + h·normal exactly,
      //    so the normal is ENU(h = 1) − ENU(h = 0) and any height is one multiply-add away.
      let n = 0;
      for (let j = 0; j < m; j++) n += p.ringStart[ringScratch[j] + 1] - p.ringStart[ringScratch[j]];
      if (enuScratch.length < 6 * n) enuScratch = new Float64Array(12 * n);
      if (flatScratch.length < 2 * n) flatScratch = new Float64Array(4 * n);
      const g = enuScratch,
        flat = flatScratch;
      holeScratch.length = 0;
      let i = 0;
      for (let j = 0; j < m; j++) {
        const r = ringScratch[j];
        if (j > 0) holeScratch.push(i);
        for (let v = p.ringStart[r]; v < p.ringStart[r + 1]; v++, i++) {
          const o = 6 * i,
            lonDeg = p.coords[2 * v],
            latDeg = p.coords[2 * v + 1];
          frame.toEnu(lonDeg, latDeg, 0, g, o);
          frame.toEnu(lonDeg, latDeg, 1, g, o + 3);
          g[o + 3] -= g[o];
          g[o + 4] -= g[o + 1];
          g[o + 5] -= g[o + 2];
          flat[2 * i] = g[o] + zTop * g[o + 3];
          flat[2 * i + 1] = g[o + 1] + zTop * g[o + 4];
        }
      }

      // 2. Roof (the top ring): earcut in the ENU plane; flip every triangle if earcut's order is clockwise from above.
      const roofBase = nv;
      nv = putRing(positions, featureIds, nv, g, n, zTop, k);
      if (withNormals)
        for (let v = roofBase; v < nv; v++) {
          normals[3 * v] = g[3];
          normals[3 * v + 1] = g[4];
          normals[3 * v + 2] = g[5];
        }
      const tri = earcut(flat.subarray(0, 2 * n), holeScratch.length ? holeScratch : null, 2);
      let twiceArea = 0;
      for (let t = 0; t < tri.length; t += 3) {
        const a = 2 * tri[t],
          b = 2 * tri[t + 1],
          c = 2 * tri[t + 2];
        twiceArea += (flat[b] - flat[a]) * (flat[c + 1] - flat[a + 1]) - (flat[c] - flat[a]) * (flat[b + 1] - flat[a + 1]);
      }
      const flip = twiceArea < 0;
      for (let t = 0; t < tri.length; t += 3) {
        indices[ni++] = roofBase + tri[t];
        indices[ni++] = roofBase + tri[flip ? t + 2 : t + 1];
        indices[ni++] = roofBase + tri[flip ? t + 1 : t + 2];
      }
      // Shared vertices: the bottom ring, whose vertex i is below the roof's vertex i.
      const bottomBase = nv;
      if (!withNormals) nv = putRing(positions, featureIds, nv, g, n, zBot, k);

      // 3. Walls: walk outer rings counter-clockwise and holes clockwise (seen from above), so the
      //    outside is always to the right of the edge and (a_bot, b_bot, b_top) is counter-clockwise from outside.
      let start = 0;
      for (let j = 0; j < m; j++) {
        const r = ringScratch[j];
        const len = p.ringStart[r + 1] - p.ringStart[r];
        let s = 0;
        for (let e = 0; e < len; e++) {
          const a = 2 * (start + e),
            b = 2 * (start + ((e + 1) % len));
          s += flat[a] * flat[b + 1] - flat[b] * flat[a + 1];
        }
        const reverse = s > 0 !== (j === 0);
        for (let e = 0; e < len; e++) {
          let ia = start + e,
            ib = start + ((e + 1) % len);
          if (reverse) {
            const t = ia;
            ia = ib;
            ib = t;
          }
          const a = 6 * ia,
            b = 6 * ib;
          // The bottom edge b_bot − a_bot: walls of edges shorter than MIN_EDGE_M are left out.
          const d1x = g[b] - g[a] + zBot * (g[b + 3] - g[a + 3]),
            d1y = g[b + 1] - g[a + 1] + zBot * (g[b + 4] - g[a + 4]),
            d1z = g[b + 2] - g[a + 2] + zBot * (g[b + 5] - g[a + 5]);
          if (d1x * d1x + d1y * d1y + d1z * d1z < MIN_EDGE_M * MIN_EDGE_M) continue;
          // Quads split along a_top–b_bot: with shared vertices each triangle then shares an edge with the one before
          // (what the index codec codes best).
          if (!withNormals) {
            indices[ni++] = bottomBase + ia;
            indices[ni++] = bottomBase + ib;
            indices[ni++] = roofBase + ia;
            indices[ni++] = bottomBase + ib;
            indices[ni++] = roofBase + ib;
            indices[ni++] = roofBase + ia;
            continue;
          }
          nv = putWall(positions, normals, featureIds, nv, g, a, b, zBot, zTop, d1x, d1y, d1z, k);
          indices[ni++] = nv - 4;
          indices[ni++] = nv - 3;
          indices[ni++] = nv - 1;
          indices[ni++] = nv - 3;
          indices[ni++] = nv - 2;
          indices[ni++] = nv - 1;
        }
        start += len;
      }
    }
  }

  const mesh: FeatureMesh = {
    positions: nv === maxVerts ? positions : positions.slice(0, 3 * nv),
    normals: !withNormals || nv === maxVerts ? normals : normals.slice(0, 3 * nv),
    indices: ni === indices.length ? indices : indices.slice(0, ni),
    featureIds: nv === maxVerts ? featureIds : featureIds.slice(0, nv),
  };
  return { mesh, skipped };
}

/** The n ground points of g raised to height z as vertices from v on (feature `feature`); the next free vertex. */
function putRing(
  positions: Float32Array,
  featureIds: Uint32Array,
  v: number,
  g: Float64Array,
  n: number,
  z: number,
  feature: number,
): number {
  for (let i = 0; i < n; i++, v++) {
    const o = 6 * i;
    positions[3 * v] = g[o] + z * g[o + 3];
    positions[3 * v + 1] = g[o + 1] + z * g[o + 4];
    positions[3 * v + 2] = g[o + 2] + z * g[o + 5];
    featureIds[v] = feature;
  }
  return v;
}

/**
 * The 4 vertices a_bot, b_bot, b_top, a_top of the wall from ground point a to b of g (offsets 6·i) with their flat
 * normal (b_bot − a_bot) × (a_top − a_bot), d1 being b_bot − a_bot; the next free vertex.
 */
function putWall(
  positions: Float32Array,
  normals: Float32Array,
  featureIds: Uint32Array,
  v: number,
  g: Float64Array,
  a: number,
  b: number,
  zBot: number,
  zTop: number,
  d1x: number,
  d1y: number,
  d1z: number,
  feature: number,
): number {
  const d2x = (zTop - zBot) * g[a + 3],
    d2y = (zTop - zBot) * g[a + 4],
    d2z = (zTop - zBot) * g[a + 5];
  let wx = d1y * d2z - d1z * d2y,
    wy = d1z * d2x - d1x * d2z,
    wz = d1x * d2y - d1y * d2x;
  const wl = Math.hypot(wx, wy, wz);
  wx /= wl;
  wy /= wl;
  wz /= wl;
  v = putVertex(positions, normals, featureIds, v, g, a, zBot, wx, wy, wz, feature);
  v = putVertex(positions, normals, featureIds, v, g, b, zBot, wx, wy, wz, feature);
  v = putVertex(positions, normals, featureIds, v, g, b, zTop, wx, wy, wz, feature);
  return putVertex(positions, normals, featureIds, v, g, a, zTop, wx, wy, wz, feature);
}

/** Ground point o of g raised to z, with normal w, as vertex v; the next free vertex. */
function putVertex(
  positions: Float32Array,
  normals: Float32Array,
  featureIds: Uint32Array,
  v: number,
  g: Float64Array,
  o: number,
  z: number,
  wx: number,
  wy: number,
  wz: number,
  feature: number,
): number {
  positions[3 * v] = g[o] + z * g[o + 3];
  positions[3 * v + 1] = g[o + 1] + z * g[o + 4];
  positions[3 * v + 2] = g[o + 2] + z * g[o + 5];
  normals[3 * v] = wx;
  normals[3 * v + 1] = wy;
  normals[3 * v + 2] = wz;
  featureIds[v] = feature;
  return v + 1;
}
