// Building features -> BuildingsData (packed footprints + typed property columns), shared by the
// layers worker, the tiles worker and the CLI. Heights follow the one rule for missing and implausible values
// (src/core/planning/reviewInput.ts): an implausible height never reaches the tile its neighbours share.
import type { GeoJsonFeature } from './featureFile';
import type { BuildingsData } from './layerData';
import type { PackedPolygons } from '../core/geom/packed';
import { DEFAULT_HEIGHT_M, FLOORS_MAX, HEIGHT_MAX_M, readValue, resolveStoreys, type Storeys } from '../core/planning/reviewInput';
import { featureProblem, type FeatureProblem } from './featureColumns';
import { categoryColumn, numberColumn, packPolygons, type PackResult } from './packGeoJson';

export { DEFAULT_HEIGHT_M };

/**
 * A floors or heightM column for the rule: NaN where absent, null or empty; the number as given otherwise, and −1
 * for text that is no number ("abc", "NaN"), which the rule then reads as implausible (≤ 0) like the CLI does.
 */
export function storeyColumn(features: GeoJsonFeature[], sourceIndex: Uint32Array, key: string): Float32Array {
  const out = new Float32Array(sourceIndex.length);
  for (let i = 0; i < sourceIndex.length; i++) {
    const v = features[sourceIndex[i]].properties?.[key];
    if (v === null || v === undefined || v === '') out[i] = NaN;
    else {
      const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
      out[i] = Number.isFinite(n) ? n : -1;
    }
  }
  return out;
}

/** Plausible ground elevation, m: below the Dead Sea shore or above Everest is a fault of the data (a 1e9 m base would
 * stretch its tile's quantisation as a 1e9 m height does). An implausible base is named and read as missing (0). */
export const BASE_MIN_M = -500;
export const BASE_MAX_M = 9000;

const RANGE = { heightM: `0 < heightM ≤ ${HEIGHT_MAX_M} m`, floors: `0 < floors ≤ ${FLOORS_MAX}` };

/** The building's heightM and floors the rule finds implausible, each named (source feature `index`, `id`). */
export function implausibleValues(f: GeoJsonFeature, file: string, index: number, id: string): FeatureProblem[] {
  const pr = f.properties ?? {};
  const out: FeatureProblem[] = [];
  for (const field of ['heightM', 'floors'] as const) {
    if (readValue(pr[field], field === 'heightM' ? HEIGHT_MAX_M : FLOORS_MAX) !== 'implausible') continue;
    out.push(
      featureProblem(file, index, id, {
        kind: 'value-implausible',
        params: { field, value: JSON.stringify(pr[field]), range: RANGE[field] },
      }),
    );
  }
  return out;
}

/** Why a building's values were read as missing or its drawn height estimated, by the rule; empty when given and plausible. */
function valueFaults(f: GeoJsonFeature, file: string, index: number, id: string, s: Storeys, fallbackM: number): FeatureProblem[] {
  const out = implausibleValues(f, file, index, id);
  if (Number.isNaN(fallbackM)) return out;
  if (s.heightM === null) out.push(featureProblem(file, index, id, { kind: 'height-default', params: { heightM: fallbackM } }));
  else if (s.estimated === 'heightM')
    out.push(featureProblem(file, index, id, { kind: 'height-from-floors', params: { floors: s.floors!, heightM: s.heightM } }));
  return out;
}

/**
 * `packed`: the features' packPolygons result when the caller already has it. `heightFallbackM`: the height drawn
 * when the rule finds none (flagged); NaN keeps the heights as given for the planning worker, where the rule runs.
 * `flagged`: the buildings kept with an implausible value or a drawn default, by file, index and id.
 */
export function buildingsFromFeatures(
  features: GeoJsonFeature[],
  file: string,
  packed: PackResult<PackedPolygons> = packPolygons(features, file),
  heightFallbackM = DEFAULT_HEIGHT_M,
): { data: BuildingsData; sourceIndex: Uint32Array; flagged: FeatureProblem[] } {
  const { sourceIndex, problems } = packed;
  const use = categoryColumn(features, sourceIndex, 'use');
  const heightM = storeyColumn(features, sourceIndex, 'heightM');
  const floors = storeyColumn(features, sourceIndex, 'floors');
  const flagged: FeatureProblem[] = [];
  const resolve = !Number.isNaN(heightFallbackM);
  for (let i = 0; i < sourceIndex.length; i++) {
    const s = resolveStoreys(heightM[i], floors[i]);
    if (!s.implausible && (!resolve || (s.estimated !== 'heightM' && s.estimated !== 'unmeasured'))) {
      if (resolve) heightM[i] = s.heightM!;
      continue;
    }
    flagged.push(...valueFaults(features[sourceIndex[i]], file, sourceIndex[i], packed.packed.ids[i], s, heightFallbackM));
    // Drawn: the rule's height, or the default; floors as given when plausible (a pick shows no invented storeys).
    if (resolve) {
      heightM[i] = s.heightM ?? heightFallbackM;
      if (s.implausible?.includes('floors')) floors[i] = NaN;
    }
  }
  const baseM = numberColumn(features, sourceIndex, 'baseM', NaN);
  for (let i = 0; i < baseM.length; i++) {
    if (baseM[i] >= BASE_MIN_M && baseM[i] <= BASE_MAX_M) continue;
    const raw = features[sourceIndex[i]].properties?.baseM;
    if (raw !== null && raw !== undefined && raw !== '')
      flagged.push(
        featureProblem(file, sourceIndex[i], packed.packed.ids[i], {
          kind: 'value-implausible',
          params: { field: 'baseM', value: JSON.stringify(raw), range: `${BASE_MIN_M} ≤ baseM ≤ ${BASE_MAX_M} m` },
        }),
      );
    baseM[i] = 0;
  }
  const data: BuildingsData = {
    polygons: packed.packed,
    heightM,
    baseM,
    floors,
    useIndex: use.index,
    useCodes: use.values,
    problems,
  };
  return { data, sourceIndex, flagged };
}

/** The planning worker's table: heights and floors as given (NaN where absent), src/core/planning/reviewInput.ts decides. */
export function buildingTableFromFeatures(features: GeoJsonFeature[], file: string): BuildingsData {
  return buildingsFromFeatures(features, file, packPolygons(features, file), NaN).data;
}
