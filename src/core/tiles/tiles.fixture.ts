// Inputs for the tiles tests and benchmarks: nested-array polygons packed, and a seeded synthetic city of
// rectangles, L-shapes, courtyards (holes) and two-part MultiPolygons in both ring orientations.
import { Rng } from '../util/random';
import type { PackedPolygons } from '../geom/packed';
import type { BuildingColumns } from './buildingTable';

const DEG = Math.PI / 180;
const WGS84_A_M = 6378137,
  WGS84_E2 = 0.00669437999014;

/** features → polygons → rings → [lon, lat] points (rings open) as PackedPolygons; ids are 'B0', 'B1', … unless given. */
export function packFeatures(features: number[][][][][], ids?: string[]): PackedPolygons {
  const coords: number[] = [],
    ringStart: number[] = [],
    polyRingStart: number[] = [],
    featurePolyStart: number[] = [];
  const bbox = new Float64Array(4 * features.length);
  features.forEach((polys, f) => {
    featurePolyStart.push(polyRingStart.length);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const rings of polys) {
      polyRingStart.push(ringStart.length);
      for (const ring of rings) {
        ringStart.push(coords.length / 2);
        for (const [x, y] of ring) {
          coords.push(x, y);
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    bbox.set([minX, minY, maxX, maxY], 4 * f);
  });
  featurePolyStart.push(polyRingStart.length);
  polyRingStart.push(ringStart.length);
  ringStart.push(coords.length / 2);
  return {
    coords: Float64Array.from(coords),
    ringStart: Uint32Array.from(ringStart),
    polyRingStart: Uint32Array.from(polyRingStart),
    featurePolyStart: Uint32Array.from(featurePolyStart),
    bbox,
    ids: ids ?? features.map((_, i) => `B${i}`),
  };
}

/** A point x metres east and y metres north of (lon0, lat0), via the ellipsoid's local radii (first order). */
export function offsetLonLat(lon0: number, lat0: number, xM: number, yM: number): [number, number] {
  const s = Math.sin(lat0 * DEG);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const nRad = WGS84_A_M / w,
    mRad = (WGS84_A_M * (1 - WGS84_E2)) / (w * w * w);
  return [lon0 + xM / (nRad * Math.cos(lat0 * DEG) * DEG), lat0 + yM / (mRad * DEG)];
}

/** A ring from metre offsets around (lon0, lat0), rotated by angleRad. */
export function ringFromMetres(lon0: number, lat0: number, pointsM: number[][], angleRad = 0): number[][] {
  const c = Math.cos(angleRad),
    s = Math.sin(angleRad);
  return pointsM.map(([x, y]) => offsetLonLat(lon0, lat0, x * c - y * s, x * s + y * c));
}

export interface SyntheticCityOptions {
  centreLonDeg?: number;
  centreLatDeg?: number;
  /** Mean spacing between building centres, metres (default 40). */
  spacingM?: number;
}

/** Columns as typed arrays, so tests can edit them. */
export type SyntheticCity = BuildingColumns & { heightM: Float32Array; baseM: Float32Array; floors: Float32Array; useIndex: Uint16Array };

/** `count` buildings on a jittered lattice: 70 % rectangles, 12 % L-shapes, 10 % courtyards, 8 % two-part. */
export function syntheticCity(count: number, seed = 1, options: SyntheticCityOptions = {}): SyntheticCity {
  const lon0 = options.centreLonDeg ?? 113.65,
    lat0 = options.centreLatDeg ?? 34.76,
    spacing = options.spacingM ?? 40;
  const side = Math.ceil(Math.sqrt(count));
  const rng = new Rng(seed, count);
  const features: number[][][][][] = [];
  const heightM = new Float32Array(count),
    baseM = new Float32Array(count),
    floors = new Float32Array(count);
  const useIndex = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const [lon, lat] = offsetLonLat(
      lon0,
      lat0,
      ((i % side) - side / 2 + 0.3 * (rng.next() - 0.5)) * spacing,
      (Math.floor(i / side) - side / 2 + 0.3 * (rng.next() - 0.5)) * spacing,
    );
    const w = 8 + rng.next() * 16,
      d = 8 + rng.next() * 16,
      angle = rng.next() * Math.PI;
    const kind = rng.next();
    let rect = [
      [-w / 2, -d / 2],
      [w / 2, -d / 2],
      [w / 2, d / 2],
      [-w / 2, d / 2],
    ];
    if (rng.next() < 0.5) rect = rect.reverse();
    let polys: number[][][][];
    if (kind < 0.7) {
      polys = [[ringFromMetres(lon, lat, rect, angle)]];
    } else if (kind < 0.82) {
      const l = [
        [-w / 2, -d / 2],
        [w / 2, -d / 2],
        [w / 2, 0],
        [0, 0],
        [0, d / 2],
        [-w / 2, d / 2],
      ];
      polys = [[ringFromMetres(lon, lat, l, angle)]];
    } else if (kind < 0.92) {
      const hole = [
        [-w / 4, -d / 4],
        [-w / 4, d / 4],
        [w / 4, d / 4],
        [w / 4, -d / 4],
      ];
      polys = [[ringFromMetres(lon, lat, rect, angle), ringFromMetres(lon, lat, hole, angle)]];
    } else {
      const a = [
        [-w / 2, -d / 2],
        [-1, -d / 2],
        [-1, d / 2],
        [-w / 2, d / 2],
      ];
      const b = [
        [1, -d / 2],
        [w / 2, -d / 2],
        [w / 2, d / 2],
        [1, d / 2],
      ];
      polys = [[ringFromMetres(lon, lat, a, angle)], [ringFromMetres(lon, lat, b, angle)]];
    }
    features.push(polys);
    floors[i] = 1 + Math.floor(rng.next() ** 3 * 40);
    heightM[i] = floors[i] * 3 + rng.next() * 2;
    baseM[i] = 80 + 20 * Math.sin(i / side) + rng.next();
    useIndex[i] = Math.floor(rng.next() * 4);
  }
  return {
    polygons: packFeatures(features),
    heightM,
    baseM,
    floors,
    useIndex,
    useCodes: ['07', '08', '09', '10'],
  };
}

interface RegionTile {
  boundingVolume: { region: number[] };
}

/** Children whose region is not inside their parent's (empty for a well-nested tree). */
export function regionsOutsideParents(tiles: { tile: RegionTile; parent?: RegionTile }[]): RegionTile[] {
  return tiles
    .filter(({ tile, parent }) => {
      if (!parent) return false;
      const [w, s, e, n, lo, hi] = tile.boundingVolume.region;
      const [pw, ps, pe, pn, plo, phi] = parent.boundingVolume.region;
      return !(w >= pw && s >= ps && e <= pe && n <= pn && lo >= plo && hi <= phi);
    })
    .map(({ tile }) => tile);
}
