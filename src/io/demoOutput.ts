// Runs the demo-city generator into layer writers and returns the manifest plus every file's bytes (no fs here).
import type { DemoConfig } from '../core/demo/config';
import { generateDemoCity, type DemoSinks, type ProgressFn } from '../core/demo/generate';
import type { DemoFiles, DemoManifest } from '../core/demo/manifest';
import { DEMO_LAYERS, DEMO_SCHEMAS, type DemoLayer } from '../core/demo/schemas';
import type { FeatureSink } from '../core/demo/sink';
import { demoTours } from '../core/demo/tours';
import { writeGeoTiffFloat32 } from './geotiff';
import { LayerWriter } from './layerWriter';
import { sensorThingsJson } from './sensorThingsJson';
import { CGCS2000 } from '../core/crs/codes';

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
  grids: 'grids',
  buildings: 'buildings',
  roads: 'roads',
  controlLines: 'control-lines',
  parcels: 'parcels',
  greenSpaces: 'green-spaces',
  landUse: 'land-use',
  landUse2035: 'land-use-2035',
  heightLimits: 'height-limits',
  pipelines: 'pipelines',
};

export function buildDemoOutput(config: DemoConfig, onProgress?: ProgressFn): DemoOutput {
  const writers = {} as Record<DemoLayer, LayerWriter>;
  for (const layer of DEMO_LAYERS) writers[layer] = new LayerWriter(DEMO_SCHEMAS[layer], config.fgbThreshold);
  // Parcel centres by id, for the overview tour's stop over a parcel.
  const parcelCentres = new Map<string, [number, number]>();
  const parcels: FeatureSink = {
    add(g, p) {
      const c = g.coords;
      const k = (g.ringEnds?.[0] ?? c.length / 2) - 1;
      let x = 0,
        y = 0;
      for (let i = 0; i < k; i++) {
        x += c[2 * i];
        y += c[2 * i + 1];
      }
      parcelCentres.set(String(p.id), [x / k, y / k]);
      writers.parcels.add(g, p);
    },
  };
  const result = generateDemoCity(config, { ...writers, parcels } as DemoSinks, onProgress);
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
  const gas = (result.things as { properties: { type: string }; Locations: { location: { coordinates: [number, number] } }[] }[]).find(
    (t) => t.properties.type === 'gas',
  );
  const parcelId = result.deliberateViolations[0]?.parcelId ?? null;
  const tours = demoTours({
    bboxLonLatDeg: result.bboxLonLatDeg,
    groundM: round2((dem.minM + dem.maxM) / 2),
    gridId: 'L1-001',
    parcelId,
    parcelLonLatDeg: (parcelId && parcelCentres.get(parcelId)) || null,
    gasSensorLonLatDeg: gas?.Locations[0].location.coordinates ?? null,
  });
  for (const t of tours) files.push({ name: `tour-${t.id}.json`, chunks: [JSON.stringify(t, null, 2) + '\n'] });
  const manifest: DemoManifest = {
    generator: DEMO_GENERATOR,
    scale: config.scale,
    seed: config.seed,
    crs: CGCS2000,
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
    tours: tours.map((t) => ({ id: t.id, nameZh: t.title.zh, nameEn: t.title.en, file: `tour-${t.id}.json` })),
    planVersions: [
      { id: 'current', nameZh: '现行控制性详细规划', nameEn: 'Current regulatory plan', file: names.landUse },
      {
        id: '2035',
        nameZh: '国土空间规划（2021—2035年）修编稿',
        nameEn: 'Spatial plan 2021–2035 (revision draft)',
        file: names.landUse2035!,
      },
    ],
  };
  files.push({ name: 'demo.json', chunks: [JSON.stringify(manifest, null, 2) + '\n'] });
  return { manifest, files };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
