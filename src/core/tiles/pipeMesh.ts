// Pipelines as closed tubes (circular sections) or upright rectangular tubes (box sections) buried at
// their cover depth below the DEM, in a tile's local ENU frame: the pipe content of `cim tiles`.
import type { PackedLines } from '../geom/packed';
import { enuFrame } from './enu';
import { MeshBuilder } from './meshBuilder';
import type { FeatureMesh, TileOrigin } from './mesh';
import { sweepBox } from './pipeBox';
import { Polyline } from './pipeFrames';
import { sweepTube } from './pipeTube';

/** Per-feature section and depth columns (indexed like the PackedLines features); NaN where absent. */
export interface PipeSections {
  /** Circular section diameter, mm. Wins over a box section when it is a positive number. */
  diameterMm: ArrayLike<number>;
  /** Box section width (horizontal) and height (vertical), mm. */
  widthMm?: ArrayLike<number>;
  heightMm?: ArrayLike<number>;
  /** Cover depth, ground to the pipe's top, at the first and last vertex (m); linear in length between. */
  startDepthM: ArrayLike<number>;
  endDepthM: ArrayLike<number>;
}

export interface PipeMeshOptions {
  origin: TileOrigin;
  sections: PipeSections;
  /** Ground height (m above the ellipsoid) at a lon/lat, e.g. sampleHeightM over the DEM. */
  groundM: (lonDeg: number, latDeg: number) => number;
  /** Sides of a circular tube; default 8. */
  segments?: number;
  /** Largest mitre stretch 1/cos(half bend) before a bend becomes a rounded knuckle; default 2 (120°). */
  maxMitreScale?: number;
}

export type PipeSkipReason = 'no such feature' | 'too few points' | 'no size' | 'bad size' | 'no depth' | 'no ground';

export interface PipeMeshResult {
  /** Feature id k is the k-th entry of `features`; a skipped feature keeps its id but has no vertices. */
  mesh: FeatureMesh;
  /** `index` is the PackedLines feature index. */
  skipped: { index: number; reason: PipeSkipReason }[];
}

/**
 * Tubes for the `features` of `lines` (lon/lat degrees). Each part is its own tube with flat caps;
 * depth is interpolated along the feature's total plan length across its parts.
 */
export function pipeMesh(lines: PackedLines, features: ArrayLike<number>, options: PipeMeshOptions): PipeMeshResult {
  const { sections, groundM } = options;
  const sides = Math.max(3, Math.round(options.segments ?? 8));
  const maxMitreScale = options.maxMitreScale ?? 2;
  const toEnu = enuFrame(options.origin).toEnu;
  const { coords, partStart, featurePartStart } = lines;
  const featureTotal = featurePartStart.length - 1;
  const cosSin = new Float64Array(2 * sides);
  for (let j = 0; j < sides; j++) {
    cosSin[2 * j] = Math.cos((2 * Math.PI * j) / sides);
    cosSin[2 * j + 1] = Math.sin((2 * Math.PI * j) / sides);
  }
  const out = new MeshBuilder();
  const skipped: PipeMeshResult['skipped'] = [];
  let centres = new Float64Array(0);

  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    out.featureId = k;
    if (!(f >= 0 && f < featureTotal && Number.isInteger(f))) {
      skipped.push({ index: f, reason: 'no such feature' });
      continue;
    }
    const d = sections.diameterMm[f];
    const w = sections.widthMm ? sections.widthMm[f] : NaN;
    const h = sections.heightMm ? sections.heightMm[f] : NaN;
    const round = d > 0 && d < Infinity;
    if (!round && !(w > 0 && w < Infinity && h > 0 && h < Infinity)) {
      skipped.push({ index: f, reason: Number.isFinite(d) || Number.isFinite(w) || Number.isFinite(h) ? 'bad size' : 'no size' });
      continue;
    }
    const startDepthM = sections.startDepthM[f],
      endDepthM = sections.endDepthM[f];
    if (!Number.isFinite(startDepthM) || !Number.isFinite(endDepthM)) {
      skipped.push({ index: f, reason: 'no depth' });
      continue;
    }
    const dropM = round ? d / 2000 : h / 2000; // top of pipe -> centreline
    const v0 = partStart[featurePartStart[f]],
      v1 = partStart[featurePartStart[f + 1]];
    if (centres.length < 3 * (v1 - v0)) centres = new Float64Array(3 * 2 * (v1 - v0));

    // Plan length along the parts (ground-level ENU), then the centreline below the ground.
    let totalM = 0;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1]; q++) {
      for (let v = partStart[q]; v < partStart[q + 1]; v++) {
        toEnu(coords[2 * v], coords[2 * v + 1], 0, centres, 3 * (v - v0));
        if (v > partStart[q]) totalM += dist(centres, 3 * (v - v0 - 1), 3 * (v - v0));
      }
    }
    let alongM = 0,
      groundOk = true;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1] && groundOk; q++) {
      let px = 0,
        py = 0,
        pz = 0;
      for (let v = partStart[q]; v < partStart[q + 1]; v++) {
        const o = 3 * (v - v0);
        if (v > partStart[q]) alongM += Math.hypot(centres[o] - px, centres[o + 1] - py, centres[o + 2] - pz);
        px = centres[o];
        py = centres[o + 1];
        pz = centres[o + 2];
        const lon = coords[2 * v],
          lat = coords[2 * v + 1];
        const groundHeightM = groundM(lon, lat);
        if (!Number.isFinite(groundHeightM)) {
          groundOk = false;
          break;
        }
        const depthM = totalM > 0 ? startDepthM + ((endDepthM - startDepthM) * alongM) / totalM : startDepthM;
        toEnu(lon, lat, groundHeightM - depthM - dropM, centres, o);
      }
    }
    if (!groundOk) {
      skipped.push({ index: f, reason: 'no ground' });
      continue;
    }

    let drawn = false;
    for (let q = featurePartStart[f]; q < featurePartStart[f + 1]; q++) {
      const n = polyline.load(centres, 3 * (partStart[q] - v0), partStart[q + 1] - partStart[q]);
      if (n < 2) continue;
      if (round) sweepTube(out, polyline, d / 2000, cosSin, maxMitreScale);
      else sweepBox(out, polyline, w / 2000, h / 2000, maxMitreScale);
      drawn = true;
    }
    if (!drawn) skipped.push({ index: f, reason: 'too few points' });
  }
  return { mesh: out.finish(), skipped };
}

const polyline = new Polyline();

function dist(a: Float64Array, i: number, j: number): number {
  return Math.hypot(a[i] - a[j], a[i + 1] - a[j + 1], a[i + 2] - a[j + 2]);
}
