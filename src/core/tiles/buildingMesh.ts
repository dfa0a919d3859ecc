// Extruded building footprints as one FeatureMesh in a tile's local east-north-up frame.
// Each building is a prism from `baseM - sinkM` (so no gap shows where terrain dips below baseM) to
// `baseM + heightM`: walls with flat normals (4 vertices per wall quad) and an earcut roof. There is
// no floor: the prism starts underground and is only seen from above and the side, so it is closed
// enough and a floor would only add triangles.
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
  /** Vertex count of the extrusion (roof n + walls 4n per polygon, before dropping zero-length edges). */
  vertices: number;
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
  stats.vertices = 0;
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
    stats.vertices += 5 * n;
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
  const p = input.polygons;
  const skipped: SkippedFootprint[] = [];
  const ok = new Uint8Array(features.length);
  const stats: FootprintStats = { areaM2: 0, triangles: 0, vertices: 0 };
  let maxVerts = 0,
    maxTris = 0;
  for (let k = 0; k < features.length; k++) {
    const reason = inspectFootprint(input, features[k], stats);
    if (reason) {
      skipped.push({ index: features[k], reason });
      continue;
    }
    ok[k] = 1;
    maxVerts += stats.vertices;
    maxTris += stats.triangles;
  }

  const positions = new Float32Array(3 * maxVerts);
  const normals = new Float32Array(3 * maxVerts);
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

      // 2. Roof: earcut in the ENU plane; flip every triangle if earcut's order is clockwise from above.
      const roofBase = nv;
      const rnx = g[3],
        rny = g[4],
        rnz = g[5];
      for (let v = 0; v < n; v++) {
        const o = 6 * v;
        positions[3 * nv] = g[o] + zTop * g[o + 3];
        positions[3 * nv + 1] = g[o + 1] + zTop * g[o + 4];
        positions[3 * nv + 2] = g[o + 2] + zTop * g[o + 5];
        normals[3 * nv] = rnx;
        normals[3 * nv + 1] = rny;
        normals[3 * nv + 2] = rnz;
        featureIds[nv++] = k;
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
          const abx = g[a] + zBot * g[a + 3],
            aby = g[a + 1] + zBot * g[a + 4],
            abz = g[a + 2] + zBot * g[a + 5];
          const bbx = g[b] + zBot * g[b + 3],
            bby = g[b + 1] + zBot * g[b + 4],
            bbz = g[b + 2] + zBot * g[b + 5];
          const atx = g[a] + zTop * g[a + 3],
            aty = g[a + 1] + zTop * g[a + 4],
            atz = g[a + 2] + zTop * g[a + 5];
          const btx = g[b] + zTop * g[b + 3],
            bty = g[b + 1] + zTop * g[b + 4],
            btz = g[b + 2] + zTop * g[b + 5];
          // Flat normal: (b_bot − a_bot) × (a_top − a_bot).
          const d1x = bbx - abx,
            d1y = bby - aby,
            d1z = bbz - abz;
          if (d1x * d1x + d1y * d1y + d1z * d1z < MIN_EDGE_M * MIN_EDGE_M) continue;
          const d2x = atx - abx,
            d2y = aty - aby,
            d2z = atz - abz;
          let wx = d1y * d2z - d1z * d2y,
            wy = d1z * d2x - d1x * d2z,
            wz = d1x * d2y - d1y * d2x;
          const wl = Math.hypot(wx, wy, wz);
          wx /= wl;
          wy /= wl;
          wz /= wl;
          const base = nv;
          nv = putVertex(positions, normals, featureIds, nv, abx, aby, abz, wx, wy, wz, k);
          nv = putVertex(positions, normals, featureIds, nv, bbx, bby, bbz, wx, wy, wz, k);
          nv = putVertex(positions, normals, featureIds, nv, btx, bty, btz, wx, wy, wz, k);
          nv = putVertex(positions, normals, featureIds, nv, atx, aty, atz, wx, wy, wz, k);
          indices[ni++] = base;
          indices[ni++] = base + 1;
          indices[ni++] = base + 2;
          indices[ni++] = base;
          indices[ni++] = base + 2;
          indices[ni++] = base + 3;
        }
        start += len;
      }
    }
  }

  const mesh: FeatureMesh = {
    positions: nv === maxVerts ? positions : positions.slice(0, 3 * nv),
    normals: nv === maxVerts ? normals : normals.slice(0, 3 * nv),
    indices: ni === indices.length ? indices : indices.slice(0, ni),
    featureIds: nv === maxVerts ? featureIds : featureIds.slice(0, nv),
  };
  return { mesh, skipped };
}

function putVertex(
  positions: Float32Array,
  normals: Float32Array,
  featureIds: Uint32Array,
  v: number,
  x: number,
  y: number,
  z: number,
  nx: number,
  ny: number,
  nz: number,
  feature: number,
): number {
  positions[3 * v] = x;
  positions[3 * v + 1] = y;
  positions[3 * v + 2] = z;
  normals[3 * v] = nx;
  normals[3 * v + 1] = ny;
  normals[3 * v + 2] = nz;
  featureIds[v] = feature;
  return v + 1;
}
