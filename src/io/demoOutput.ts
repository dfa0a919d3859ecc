// Runs the demo-city generator into layer writers and returns the manifest plus every file's bytes (no fs here).
import type { DemoConfig } from '../core/demo/config';
import { generateDemoCity, type DemoSinks, type ProgressFn } from '../core/demo/generate';
import type { DemoFiles, DemoManifest } from '../core/demo/manifest';
import { DEMO_LAYERS, DEMO_SCHEMAS, type DemoLayer } from '../core/demo/schemas';
import { writeGeoTiffFloat32 } from './geotiff';
import { LayerWriter } from './layerWriter';
import { sensorThingsJson } from './sensorThingsJson';

export const DEMO_GENERATOR = 'cim-viewer demo city v1';

export interface OutputFile {
  name: string;
  chunks: (string | Uint8Array)[];
}

export interface DemoOutput {
  manifest: DemoManifest;
  files: OutputFile[];
}

const BASENAMES: Record<DemoLayer, string> = {
  grids: 'grids', buildings: 'buildings', roads: 'roads', controlLines: 'control-lines', parcels: 'parcels',
  greenSpaces: 'green-spaces', landUse: 'land-use', landUse2035: 'land-use-2035', heightLimits: 'height-limits', pipelines: 'pipelines',
};

export function buildDemoOutput(config: DemoConfig, onProgress?: ProgressFn): DemoOutput {
  const writers = {} as Record<DemoLayer, LayerWriter>;
  for (const layer of DEMO_LAYERS) writers[layer] = new LayerWriter(DEMO_SCHEMAS[layer], config.fgbThreshold);
  const result = generateDemoCity(config, writers as DemoSinks, onProgress);
  onProgress?.('writing', 0, 1);
  const files: OutputFile[] = [];
  const names = {} as DemoFiles;
  for (const layer of DEMO_LAYERS) {
    const f = writers[layer].finish();
    const name = `${BASENAMES[layer]}.${f.format === 'fgb' ? 'fgb' : 'geojson'}`;
    names[layer] = name;
    files.push({ name, chunks: f.chunks });
  }
  names.sensors = 'sensors.json';
  files.push({ name: names.sensors, chunks: [sensorThingsJson(result.things)] });
  names.dem = 'dem.tif';
  const { dem } = result;
  files.push({ name: names.dem, chunks: [new Uint8Array(writeGeoTiffFloat32(dem))] });
  const manifest: DemoManifest = {
    generator: DEMO_GENERATOR,
    scale: config.scale,
    seed: config.seed,
    crs: 'EPSG:4490',
    metricCrs: 'EPSG:4547',
    centerLonLatDeg: result.centerLonLatDeg,
    bboxLonLatDeg: result.bboxLonLatDeg,
    files: names,
    counts: result.counts,
    dem: { width: dem.width, height: dem.height, bboxLonLatDeg: dem.bboxLonLatDeg, minM: round2(dem.minM), maxM: round2(dem.maxM) },
    deliberateViolations: result.deliberateViolations,
    heightZoneBreaches: result.heightZoneBreaches,
    landUseConflicts: result.landUseConflicts,
    sensorsByType: result.sensorsByType,
    planVersions: [
      { id: 'current', nameZh: '现行控制性详细规划', nameEn: 'Current regulatory plan', file: names.landUse },
      { id: '2035', nameZh: '国土空间规划（2021—2035年）修编稿', nameEn: 'Spatial plan 2021–2035 (revision draft)', file: names.landUse2035! },
    ],
  };
  files.push({ name: 'demo.json', chunks: [JSON.stringify(manifest, null, 2) + '\n'] });
  return { manifest, files };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
