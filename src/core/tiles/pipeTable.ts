// The `pipeline` metadata class of pipe tiles: one property-table row per pipe in a tile.
import type { PackedLines } from '../geom/packed';
import { pipelineKindOf } from '../pipes/cjj61';
import type { PropertyTable } from './glb';

/** Everything a pipe tile needs, one entry per feature of `lines`; pipeMesh reads the sections straight from it. */
export interface PipeColumns {
  /** Centrelines in plan, lon/lat degrees. */
  lines: PackedLines;
  /** Per pipe: index into `kinds`. */
  kindIndex: Uint16Array;
  /** Category values; written through pipelineKindOf, so anything but a CJJ 61 kind becomes 'unknown'. */
  kinds: string[];
  /** Sizes in mm (a positive diameter makes a round section, else width × height a box); NaN = missing. */
  diameterMm: Float32Array;
  widthMm: Float32Array;
  heightMm: Float32Array;
  /** Cover depth (ground to the pipe's top) at the first and last vertex, m; NaN = missing. */
  startDepthM: Float32Array;
  endDepthM: Float32Array;
  material?: (string | null)[];
}

export const PIPELINE_CLASS = 'pipeline';
/** noData of the FLOAT32 columns: the other section shape's sizes, unknown depth (a depth may be negative, so not -1). */
export const PIPE_NO_DATA = -9999;

/** The property table of `features` (row k = features[k]). */
export function pipePropertyTable(input: PipeColumns, features: ArrayLike<number>): PropertyTable {
  const n = features.length;
  const ids = new Array<string>(n),
    kind = new Array<string>(n),
    material = new Array<string>(n);
  const diameterMm = new Float32Array(n),
    widthMm = new Float32Array(n),
    heightMm = new Float32Array(n),
    depthM = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const f = features[k];
    ids[k] = input.lines.ids[f];
    kind[k] = pipelineKindOf(input.kinds[input.kindIndex[f]]);
    material[k] = input.material?.[f] ?? '';
    // Same rule as pipeMesh: a positive diameter wins over a box section.
    const d = input.diameterMm[f];
    const round = d > 0 && d < Infinity;
    diameterMm[k] = round ? d : PIPE_NO_DATA;
    widthMm[k] = !round && input.widthMm[f] > 0 && input.widthMm[f] < Infinity ? input.widthMm[f] : PIPE_NO_DATA;
    heightMm[k] = !round && input.heightMm[f] > 0 && input.heightMm[f] < Infinity ? input.heightMm[f] : PIPE_NO_DATA;
    const s = input.startDepthM[f],
      e = input.endDepthM[f];
    depthM[k] = Number.isFinite(s) && Number.isFinite(e) ? 0.5 * (s + e) : PIPE_NO_DATA;
  }
  const float32 = (values: Float32Array, description: string) =>
    ({ type: 'SCALAR', componentType: 'FLOAT32', values, noData: PIPE_NO_DATA, description }) as const;
  return {
    className: PIPELINE_CLASS,
    count: n,
    columns: {
      id: { type: 'STRING', values: ids },
      kind: { type: 'STRING', values: kind, description: 'CJJ 61 kind: water, drainage, gas, heat, power, telecom, industrial or unknown' },
      diameterMm: float32(diameterMm, 'round section diameter, mm'),
      widthMm: float32(widthMm, 'box section width, mm'),
      heightMm: float32(heightMm, 'box section height, mm'),
      material: { type: 'STRING', values: material, noData: '' },
      depthM: float32(depthM, 'cover depth (ground to pipe top), mean of both ends, metres'),
    },
  };
}
