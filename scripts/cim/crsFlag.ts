// `--crs` for every cim command: the declared CRS (any the project knows), and each input file's coordinates
// checked against it (core/crs/areaOfUse.ts), so data in another CRS is refused with what it looks like (exit 2).
import { bboxOfFlat, checkFeatureBoxesFit, type BboxXY } from '../../src/core/crs/areaOfUse';
import { CGCS2000, isLonLatCrs } from '../../src/core/crs/codes';
import { knownCrs, type KnownCrs } from '../../src/core/crs/known';
import { SUPPORTED_INPUT_CRS } from '../../src/core/crs/metric';
import { approximateWarning } from '../../src/core/crs/resolve';
import { transformFlat } from '../../src/core/crs/transform';
import type { PackedPolygons } from '../../src/core/geom/packed';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { decodeFgbPolygons, type FgbLayout } from '../../src/io/flatgeobufColumns';
import { CliError } from './args';

export interface CrsChoice {
  crs: KnownCrs;
  /** False when no --crs was given and the default (CGCS2000 lon/lat) applies. */
  declared: boolean;
}

/**
 * The --crs value as a known CRS (CGCS2000 lon/lat without it); an unknown code is a CliError listing the known ones.
 * An approximate datum (Xi'an 1980, Beijing 1954, GCJ-02) is said on stderr.
 */
export function crsFlag(value: unknown): CrsChoice {
  if (value === undefined) return { crs: knownCrs(CGCS2000)!, declared: false };
  const crs = knownCrs(String(value));
  if (!crs) throw new CliError(`unsupported CRS "${String(value)}": expected ${SUPPORTED_INPUT_CRS}`);
  const approximate = approximateWarning(crs);
  if (approximate) process.stderr.write(`warning: --crs ${approximate}\n`);
  return { crs, declared: true };
}

/**
 * Refuses a file whose features (their boxes, 4 numbers each) mostly do not fit the CRS, naming the file, the CRS and
 * what they look like. The few outside it when most fit (a stray point at 0,0) are named on stderr and kept.
 */
export function checkFileCrs(
  file: string,
  boxes: ArrayLike<number>,
  choice: CrsChoice,
  centreLonDeg?: number,
  ids?: readonly string[],
): void {
  const fit = checkFeatureBoxesFit(boxes, choice.crs, file, { centreLonDeg });
  if (fit.fits) {
    if (fit.outliers.length > 0) {
      const named = fit.outliers.slice(0, 5).map((f) => `${f} (id ${ids?.[f] ?? f})`);
      const more = fit.outliers.length > 5 ? ` and ${fit.outliers.length - 5} more` : '';
      process.stderr.write(`warning: ${file}: feature(s) ${named.join(', ')}${more} lie outside where ${choice.crs.code} is used\n`);
    }
    return;
  }
  const likely = fit.reading?.crs;
  const given = choice.declared ? '' : ' (the default without --crs)';
  const swapped = /axes swapped/.test(fit.reading?.looksLike ?? '');
  const hint = likely ? `: give --crs ${likely.code}` : swapped ? ': write longitude first' : ': give its CRS with --crs';
  throw new CliError(`${fit.message!.replace(/ declares$/, `${given} declares`)}${hint}`);
}

/** The bbox of features' boxes (4 numbers each): a layer's extent. */
export function boxesBbox(boxes: ArrayLike<number>): BboxXY | null {
  return bboxOfFlat(boxes);
}

/** Per-feature boxes of GeoJSON features (NaN without coordinates); walked without recursion, so deep nesting cannot overflow the stack. */
export function featureBoxes(features: readonly GeoJsonFeature[]): Float64Array {
  const boxes = new Float64Array(features.length * 4).fill(NaN);
  const xy: number[] = [];
  const stack: unknown[] = [];
  features.forEach((f, i) => {
    xy.length = 0;
    const c = f?.geometry?.coordinates;
    if (c !== undefined) stack.push(c);
    while (stack.length > 0) {
      const item = stack.pop();
      if (!Array.isArray(item)) continue;
      if (typeof item[0] === 'number' && typeof item[1] === 'number') xy.push(item[0], item[1]);
      else for (const sub of item) stack.push(sub);
    }
    const b = bboxOfFlat(xy);
    if (b) boxes.set(b, i * 4);
  });
  return boxes;
}

/** Boxes of a FlatGeobuf's first and last features (up to 256 each): enough to tell degrees from metres, without a full decode. */
export function fgbSampleBoxes(bytes: Uint8Array, layout: FgbLayout, file: string): number[] {
  const n = layout.featureOffsets.length - 1;
  const ranges: [number, number][] =
    n <= 512
      ? [[0, n]]
      : [
          [0, 256],
          [n - 256, n],
        ];
  const boxes: number[] = [];
  for (const [start, end] of ranges) boxes.push(...decodeFgbPolygons(bytes, layout, file, start, end).packed.bbox);
  return boxes;
}

/** Takes a packed layer in `crs` to CGCS2000 lon/lat in place (coordinates and per-feature boxes), for commands that work in degrees. */
export function packedToLonLat(packed: PackedPolygons, crs: KnownCrs): void {
  if (isLonLatCrs(crs.code)) return;
  transformFlat(crs.code, CGCS2000, packed.coords, packed.coords);
  const { coords, ringStart, polyRingStart, featurePolyStart, bbox } = packed;
  for (let f = 0; f + 1 < featurePolyStart.length; f++) {
    const from = ringStart[polyRingStart[featurePolyStart[f]]];
    const to = ringStart[polyRingStart[featurePolyStart[f + 1]]];
    const b = bboxOfFlat(coords.subarray(from * 2, to * 2));
    if (b) bbox.set(b, f * 4);
  }
}
