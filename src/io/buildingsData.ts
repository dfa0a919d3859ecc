// Building features -> BuildingsData (packed footprints + typed property columns), shared by the
// layers worker, the tiles worker and the CLI.
import type { GeoJsonFeature } from './featureFile';
import type { BuildingsData } from './layerData';
import type { PackedPolygons } from '../core/geom/packed';
import { categoryColumn, numberColumn, packPolygons, type PackResult } from './packGeoJson';

/** Defaults for missing values: a 10 m building on the ellipsoid (the problems list names bad features). */
export const DEFAULT_HEIGHT_M = 10;

/** `packed`: the features' packPolygons result when the caller already has it; `heightFallbackM` for an absent height. */
export function buildingsFromFeatures(
  features: GeoJsonFeature[],
  file: string,
  packed: PackResult<PackedPolygons> = packPolygons(features, file),
  heightFallbackM = DEFAULT_HEIGHT_M,
): { data: BuildingsData; sourceIndex: Uint32Array } {
  const { sourceIndex, problems } = packed;
  const use = categoryColumn(features, sourceIndex, 'use');
  const data: BuildingsData = {
    polygons: packed.packed,
    heightM: numberColumn(features, sourceIndex, 'heightM', heightFallbackM),
    baseM: numberColumn(features, sourceIndex, 'baseM', 0),
    floors: numberColumn(features, sourceIndex, 'floors'),
    useIndex: use.index,
    useCodes: use.values,
    problems,
  };
  return { data, sourceIndex };
}

/** The planning worker's table: heights as given, NaN where absent (src/core/planning/reviewInput.ts decides). */
export function buildingTableFromFeatures(features: GeoJsonFeature[], file: string): BuildingsData {
  return buildingsFromFeatures(features, file, packPolygons(features, file), NaN).data;
}
