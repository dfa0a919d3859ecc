// Scale presets of the demo city: exact feature counts and the few layout knobs that depend on scale.
import type { DemoScale } from './manifest';

export const SENSOR_TYPE_IDS = [
  'manhole_cover',
  'hydrant',
  'gas',
  'water_pressure',
  'utility_tunnel',
  'air_quality',
  'elevator',
  'parking',
  'street_light',
  'bridge',
] as const;
export type SensorType = (typeof SENSOR_TYPE_IDS)[number];

export interface DemoConfig {
  scale: DemoScale;
  seed: number;
  /** Exact counts. */
  buildings: number;
  gridsL1: number;
  gridsL2: number;
  gridsL3: number;
  /** The L1 grids form a cols x rows lattice (cols * rows = gridsL1). */
  l1Cols: number;
  l1Rows: number;
  /** Mean L3 cell side; fixes the city's extent (gridsL3 * cellSizeM^2). */
  cellSizeM: number;
  /** Target number of sensor Things per type (fewer when there are not enough assets). */
  sensors: Record<SensorType, number>;
  /** DEM pixel size target and the cap on either raster side. */
  demPixelM: number;
  demMaxPx: number;
  /** Layers with more features than this are written as FlatGeobuf. */
  fgbThreshold: number;
}

/** Where the city is centred: Zhengzhou, on CGCS2000 lon/lat. */
export const CENTER_LON_LAT_DEG: readonly [number, number] = [113.66, 34.76];
/** The layout zone: CGCS2000 3-degree GK zone 38 (EPSG:4547, CM 114E, false easting 500 km). */
export const LAYOUT_GK_ZONE = 38;

const SMALL: Omit<DemoConfig, 'seed'> = {
  scale: 'small',
  buildings: 20_000,
  gridsL1: 4,
  gridsL2: 64,
  gridsL3: 328,
  l1Cols: 2,
  l1Rows: 2,
  cellSizeM: 380,
  sensors: {
    manhole_cover: 250,
    hydrant: 120,
    gas: 120,
    water_pressure: 40,
    utility_tunnel: 30,
    air_quality: 30,
    elevator: 150,
    parking: 100,
    street_light: 120,
    bridge: 20,
  },
  demPixelM: 30,
  demMaxPx: 1024,
  fgbThreshold: 50_000,
};

const CITY: Omit<DemoConfig, 'seed'> = {
  ...SMALL,
  scale: 'city',
  buildings: 200_000,
  gridsL1: 36,
  gridsL2: 634,
  gridsL3: 3_270,
  l1Cols: 6,
  l1Rows: 6,
  sensors: {
    manhole_cover: 2000,
    hydrant: 1000,
    gas: 1000,
    water_pressure: 300,
    utility_tunnel: 200,
    air_quality: 150,
    elevator: 1500,
    parking: 800,
    street_light: 1000,
    bridge: 60,
  },
};

const ZHENGZHOU: Omit<DemoConfig, 'seed'> = {
  ...SMALL,
  scale: 'zhengzhou',
  buildings: 1_120_000,
  gridsL1: 210,
  gridsL2: 3_551,
  gridsL3: 18_314,
  l1Cols: 15,
  l1Rows: 14,
  sensors: {
    manhole_cover: 12000,
    hydrant: 6000,
    gas: 6000,
    water_pressure: 1500,
    utility_tunnel: 1000,
    air_quality: 660,
    elevator: 8000,
    parking: 4000,
    street_light: 5000,
    bridge: 200,
  },
};

export const SCALES: Record<DemoScale, Omit<DemoConfig, 'seed'>> = { small: SMALL, city: CITY, zhengzhou: ZHENGZHOU };

export function isDemoScale(s: string): s is DemoScale {
  return s === 'small' || s === 'city' || s === 'zhengzhou';
}

/** The configuration of a scale; overrides make tiny cities for tests. */
export function demoConfig(scale: DemoScale, seed = 1, overrides: Partial<DemoConfig> = {}): DemoConfig {
  const c: DemoConfig = { ...SCALES[scale], seed, ...overrides };
  if (c.l1Cols * c.l1Rows !== c.gridsL1) throw new Error(`l1Cols * l1Rows must equal gridsL1 (${c.gridsL1})`);
  if (c.gridsL2 < c.gridsL1 || c.gridsL3 < c.gridsL2) throw new Error('each grid level needs at least as many cells as its parent');
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return c;
}
