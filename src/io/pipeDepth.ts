// Pipes' cover depths by the rule for implausible values, for the tiles (pipesData.ts) and the layers worker's far view
// alike; apart from pipesData.ts so the layers worker does not bundle the GeoTIFF reader.
import type { GeoJsonFeature } from './featureFile';
import { featureProblem, numberColumn, type FeatureProblem } from './packGeoJson';

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

/** Both depth columns of packed pipes (`ids` in packed order) by the rule above, and the pipes whose depth was implausible. */
export function pipeDepthColumns(
  features: GeoJsonFeature[],
  sourceIndex: Uint32Array,
  file: string,
  ids: string[],
): { startDepthM: Float32Array; endDepthM: Float32Array; problems: FeatureProblem[] } {
  const problems: FeatureProblem[] = [];
  const startDepthM = depthColumn(features, sourceIndex, 'startDepthM', file, ids, problems);
  const endDepthM = depthColumn(features, sourceIndex, 'endDepthM', file, ids, problems);
  return { startDepthM, endDepthM, problems };
}
