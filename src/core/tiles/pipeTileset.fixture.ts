// What the pipe tileset tests share: pipes from metre offsets around a point, a seeded random network, a rolling
// ground, and the walk of a pipe tileset's tree (tileTree.fixture.ts).
import { Rng } from '../util/random';
import type { PackedLines } from '../geom/packed';
import { PIPELINE_KINDS } from '../pipes/cjj61';
import type { PipeColumns } from './pipeTable';
import type { PipeTileJson } from './pipeTileset';
import { offsetLonLat } from './tiles.fixture';
import { DEG, walkTiles, type TileVisit } from './tileTree.fixture';
export const LON0 = 113.65,
  LAT0 = 34.76;
/** Where CesiumJS (maximumScreenSpaceError 16, 1080 px, 60° field of view) refines: distance < this × geometricError. */
export const CESIUM_REFINE_DISTANCE_PER_ERROR = 1080 / 16 / (2 * Math.tan(30 * DEG));

export type Visit = TileVisit<PipeTileJson>;
export const walk = (root: PipeTileJson): Visit[] => walkTiles(root);

export interface PipeRow {
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
export function pipeColumns(rows: PipeRow[]): PipeColumns {
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
export function randomRows(count: number, seed: number, spreadM = 3000): PipeRow[] {
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
export function groundM(lonDeg: number, latDeg: number): number {
  const eastM = (lonDeg - LON0) * 91_400,
    northM = (latDeg - LAT0) * 111_000;
  return eastM < -5000 ? NaN : 50 + 6 * Math.sin(eastM / 400) + 4 * Math.cos(northM / 300);
}
