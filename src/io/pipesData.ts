// Pipeline features -> the columns the pipe tiles need; a DEM GeoTIFF -> the height grid that puts
// them at their depth below the ground.
import type { HeightGrid } from '../core/geom/heightGrid';
import type { PipeColumns } from '../core/tiles/pipeTable';
import type { GeoJsonFeature } from './featureFile';
import { DataFileError } from './featureFile';
import { readGeoTiffFloat32 } from './geotiff';
import { categoryColumn, featureProblem, numberColumn, packLines, stringColumn, type FeatureProblem } from './packGeoJson';

/** The plausible cover depth of a pipe, metres: deeper or above ground is a fault of the data, not a pipe to draw. */
export const PIPE_DEPTH_MAX_M = 50;

/**
 * A depth column by the one rule for implausible values: a depth below 0 or over PIPE_DEPTH_MAX_M (or text that is
 * no number) is named in `problems` and read as missing, so the pipe is skipped ('no depth') instead of drawn far off.
 */
function depthColumn(
  features: GeoJsonFeature[],
  sourceIndex: Uint32Array,
  key: string,
  file: string,
  ids: string[],
  problems: FeatureProblem[],
) {
  const out = numberColumn(features, sourceIndex, key);
  for (let i = 0; i < out.length; i++) {
    const raw = features[sourceIndex[i]].properties?.[key];
    if (raw === null || raw === undefined || raw === '') continue;
    if (out[i] >= 0 && out[i] <= PIPE_DEPTH_MAX_M) continue;
    out[i] = NaN;
    problems.push(
      featureProblem(file, sourceIndex[i], ids[i], {
        kind: 'value-implausible',
        params: { field: key, value: JSON.stringify(raw), range: `0 ≤ ${key} ≤ ${PIPE_DEPTH_MAX_M} m` },
      }),
    );
  }
  return out;
}

export function pipesFromFeatures(features: GeoJsonFeature[], file: string): { columns: PipeColumns; problems: FeatureProblem[] } {
  const { packed, sourceIndex, problems } = packLines(features, file);
  const kind = categoryColumn(features, sourceIndex, 'kind');
  const valueProblems: FeatureProblem[] = [];
  const startDepthM = depthColumn(features, sourceIndex, 'startDepthM', file, packed.ids, valueProblems);
  const endDepthM = depthColumn(features, sourceIndex, 'endDepthM', file, packed.ids, valueProblems);
  return {
    columns: {
      lines: packed,
      kindIndex: kind.index,
      kinds: kind.values,
      diameterMm: numberColumn(features, sourceIndex, 'diameterMm'),
      widthMm: numberColumn(features, sourceIndex, 'widthMm'),
      heightMm: numberColumn(features, sourceIndex, 'heightMm'),
      startDepthM,
      endDepthM,
      material: stringColumn(features, sourceIndex, 'material'),
    },
    problems: [...problems, ...valueProblems],
  };
}

/** A DEM GeoTIFF on a lon/lat grid as a HeightGrid; a projected or unreadable file is a clear error. */
export async function readDem(bytes: Uint8Array, file: string): Promise<HeightGrid> {
  let r;
  try {
    r = await readGeoTiffFloat32(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (err) {
    throw new DataFileError(file, { kind: 'geotiff-unreadable', params: { detail: (err as Error).message } });
  }
  if (r.epsg !== null && r.epsg !== 4326 && r.epsg !== 4490) throw new DataFileError(file, { kind: 'dem-crs', params: { epsg: r.epsg } });
  return { width: r.width, height: r.height, bboxDeg: r.bboxLonLatDeg, heightsM: r.values };
}
