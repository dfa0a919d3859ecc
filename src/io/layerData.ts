// What the layers worker hands the scene for each demo layer: packed geometry plus typed property columns.
import type { PackedLines, PackedPolygons } from '../core/geom/packed';
import type { FeatureProblem } from './packGeoJson';

export interface BuildingsData {
  polygons: PackedPolygons;
  heightM: Float32Array;
  baseM: Float32Array;
  floors: Float32Array;
  useIndex: Uint16Array;
  useCodes: string[];
  problems: FeatureProblem[];
}

/** What the page learns of the city's buildings: their columns stay in the layers worker, fetched by row on demand. */
export interface BuildingsSummary {
  count: number;
  /** Buildings per land-use code. */
  byUse: Record<string, number>;
  /** [west, south, east, north] over every footprint. */
  bboxLonLatDeg: [number, number, number, number];
  problems: FeatureProblem[];
}

/** Where to look at one building: its footprint's bbox centre and the height of its middle (fly-to). */
export interface BuildingPlace {
  lonDeg: number;
  latDeg: number;
  midHeightM: number;
}

export interface GridsData {
  polygons: PackedPolygons;
  level: Uint8Array;
  parentId: (string | null)[];
  names: string[];
  problems: FeatureProblem[];
}

export interface LinesData {
  lines: PackedLines;
  /** A categorical column chosen by the layer (road class, pipeline kind, control-line colour). */
  categoryIndex: Uint16Array;
  categories: string[];
  /** Per-feature width in metres (roads) or diameter/width in millimetres (pipelines), NaN if absent. */
  size: Float32Array;
  /** Cover depth in metres at the first and last vertex (pipelines), NaN if absent. */
  startDepthM: Float32Array;
  endDepthM: Float32Array;
  problems: FeatureProblem[];
}

export interface SensorsData {
  /** lon, lat per Thing. */
  lonLatDeg: Float64Array;
  /** Metres below ground (negative: above ground). */
  depthM: Float32Array;
  /** Absolute height of the mount (the Location Point's z, e.g. a roof), NaN when the Point has none: it wins over depthM. */
  elevationM: Float32Array;
  typeIndex: Uint16Array;
  types: string[];
  ids: string[];
  datastreamCount: number;
  problems: FeatureProblem[];
}

export type LayerDataKey = 'buildings' | 'grids' | 'roads' | 'pipelines' | 'controlLines' | 'sensors';
