// Grid features -> the grid layer's columns (geometry plus level, parent and name), as the scene and
// the join take them: for the city's grid file and for the grid being edited.
import type { GeoJsonFeature } from './featureFile';
import type { GridsData } from './layerData';
import { numberColumn, packPolygons, stringColumn } from './packGeoJson';

export function gridsFromFeatures(features: GeoJsonFeature[], file: string): { data: GridsData; sourceIndex: Uint32Array } {
  const { packed, sourceIndex, problems } = packPolygons(features, file);
  const level = Uint8Array.from(numberColumn(features, sourceIndex, 'level', 3));
  const parentId = stringColumn(features, sourceIndex, 'parentId');
  const names = stringColumn(features, sourceIndex, 'name').map((n, i) => n ?? packed.ids[i]);
  return { data: { polygons: packed, level, parentId, names, problems }, sourceIndex };
}
