// Property columns of every demo layer: the data contract the viewer reads (order = key order in the files).
import type { LayerSchema } from './sink';

export const DEMO_LAYERS = [
  'grids',
  'buildings',
  'roads',
  'controlLines',
  'parcels',
  'greenSpaces',
  'landUse',
  'landUse2035',
  'heightLimits',
  'pipelines',
] as const;
export type DemoLayer = (typeof DEMO_LAYERS)[number];

export const DEMO_SCHEMAS: Record<DemoLayer, LayerSchema> = {
  grids: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'level', type: 'int' },
      { name: 'parentId', type: 'string' },
      { name: 'name', type: 'string' },
    ],
  },
  buildings: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'heightM', type: 'double' },
      { name: 'floors', type: 'int' },
      { name: 'baseM', type: 'double' },
      { name: 'use', type: 'string' },
      { name: 'parcelId', type: 'string' },
      { name: 'name', type: 'string' },
    ],
  },
  roads: {
    geometryType: 'LineString',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'class', type: 'string' },
      { name: 'widthM', type: 'double' },
    ],
  },
  controlLines: {
    geometryType: 'LineString',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'kind', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'refId', type: 'string' },
    ],
  },
  parcels: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'landUse', type: 'string' },
      { name: 'gridId', type: 'string' },
      { name: 'conditions', type: 'json' },
    ],
  },
  greenSpaces: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'parcelId', type: 'string' },
    ],
  },
  landUse: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'code', type: 'string' },
      { name: 'name', type: 'string' },
    ],
  },
  landUse2035: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'code', type: 'string' },
      { name: 'name', type: 'string' },
    ],
  },
  heightLimits: {
    geometryType: 'Polygon',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'maxHeightM', type: 'double' },
    ],
  },
  pipelines: {
    geometryType: 'LineString',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'kind', type: 'string' },
      { name: 'diameterMm', type: 'int' },
      { name: 'widthMm', type: 'int' },
      { name: 'heightMm', type: 'int' },
      { name: 'startDepthM', type: 'double' },
      { name: 'endDepthM', type: 'double' },
      { name: 'material', type: 'string' },
      { name: 'owner', type: 'string' },
      { name: 'year', type: 'int' },
      { name: 'roadId', type: 'string' },
    ],
  },
};
