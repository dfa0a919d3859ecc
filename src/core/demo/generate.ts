// The deterministic demo city: runs every pass in a fixed order and streams features into one sink per layer.
import type { DemoConfig } from './config';
import { CENTER_LON_LAT_DEG } from './config';
import { buildDemRaster, type DemRaster } from './dem';
import { emitGrids, emitRoads, gridIds } from './emitGrid';
import { BANK_STEP_M, emitParcels, type LandUseConflict } from './emitParcels';
import { CityFrame } from './frame';
import { buildGridLayout } from './grid';
import { emitHeightLimits } from './heightLimits';
import type { DemoCounts } from './manifest';
import { NodeIndex } from './nodes';
import { buildParcels } from './parcels';
import { emitPipelines } from './pipes';
import type { DemoLayer } from './schemas';
import { cellSensorCandidates, roadSensorCandidates } from './sensorSites';
import { buildSensorThings, type SensorCandidates } from './sensors';
import type { FeatureSink, FlatGeometry, Properties } from './sink';
import { buildSites } from './sites';
import { emitWater, riverBankPlan } from './water';

export type DemoSinks = Record<DemoLayer, FeatureSink>;

export interface DemoResult {
  counts: DemoCounts;
  centerLonLatDeg: [number, number];
  bboxLonLatDeg: [number, number, number, number];
  dem: DemRaster;
  /** SensorThings Things (JSON-ready objects). */
  things: object[];
  sensorsByType: Record<string, number>;
  deliberateViolations: { parcelId: string; condition: string }[];
  heightZoneBreaches: { parcelId: string; buildingIds: string[] }[];
  landUseConflicts: LandUseConflict[];
}

export type ProgressFn = (stage: string, done: number, total: number) => void;

/** Counts features per layer and tracks the lon/lat bbox of everything written. */
class Tally {
  readonly counts = {} as Record<DemoLayer, number>;
  readonly bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  wrap(layer: DemoLayer, sink: FeatureSink): FeatureSink {
    this.counts[layer] = 0;
    return {
      add: (g: FlatGeometry, p: Properties) => {
        this.counts[layer]++;
        const c = g.coords;
        const b = this.bbox;
        for (let i = 0; i < c.length; i += 2) {
          if (c[i] < b[0]) b[0] = c[i];
          if (c[i] > b[2]) b[2] = c[i];
          if (c[i + 1] < b[1]) b[1] = c[i + 1];
          if (c[i + 1] > b[3]) b[3] = c[i + 1];
        }
        sink.add(g, p);
      },
    };
  }
}

export function generateDemoCity(config: DemoConfig, sinks: DemoSinks, onProgress?: ProgressFn): DemoResult {
  const tally = new Tally();
  const out = {} as DemoSinks;
  for (const k of Object.keys(sinks) as DemoLayer[]) out[k] = tally.wrap(k, sinks[k]);
  let lineSeq = 0;
  const nextLineId = () => `CL-${String(++lineSeq).padStart(6, '0')}`;

  onProgress?.('grid', 0, 1);
  const grid = buildGridLayout(config);
  const frame = new CityFrame(grid.widthM, grid.heightM, config.seed);
  const sites = buildSites(grid.widthM, grid.heightM, config.seed);
  const nodes = new NodeIndex();
  for (const c of grid.l3) nodes.addRect(c);
  nodes.freeze();
  const ids = gridIds(grid);
  emitGrids(config, frame, grid, nodes, ids, out.grids);
  const roads = emitRoads(config, frame, grid, nodes, out.roads, out.controlLines, nextLineId);

  onProgress?.('parcels', 0, 1);
  const parcels = buildParcels(config, grid, sites);
  const riverBanksGk = [-1, 1].map((side) => frame.flatToGk(riverBankPlan(sites, side as -1 | 1, BANK_STEP_M)));
  const pass = emitParcels(
    { config, frame, sites, parcels, l3Ids: ids.l3, riverBanksGk, nextLineId, onProgress: (d, t) => onProgress?.('buildings', d, t) },
    out,
  );
  // Water is the same in both plan versions.
  const bothPlans: FeatureSink = { add: (g, p) => (out.landUse.add(g, p), out.landUse2035.add(g, p)) };
  emitWater(
    frame,
    sites,
    parcels.find((p) => p.site === 'lake'),
    BANK_STEP_M,
    bothPlans,
    out.controlLines,
    nextLineId,
  );
  const heightLimits = emitHeightLimits(frame, sites, out.heightLimits);

  onProgress?.('pipelines', 0, 1);
  const pipes = emitPipelines(config, frame, sites, roads, out.pipelines);

  onProgress?.('sensors', 0, 1);
  const candidates: SensorCandidates = {
    ...pipes.candidates,
    ...roadSensorCandidates(frame, sites, roads),
    air_quality: cellSensorCandidates(frame, parcels, ids.l3),
    elevator: pass.elevator,
    parking: pass.parking,
  };
  const sensors = buildSensorThings(config, candidates);

  onProgress?.('dem', 0, 1);
  const bbox = tally.bbox.map((v) => Math.round(v * 1e7) / 1e7) as [number, number, number, number];
  const dem = buildDemRaster(bbox, config.demPixelM, config.demMaxPx);
  const c = tally.counts;
  return {
    counts: {
      buildings: c.buildings,
      gridsL1: grid.l1.length,
      gridsL2: grid.l2.length,
      gridsL3: grid.l3.length,
      roads: c.roads,
      controlLines: c.controlLines,
      parcels: c.parcels,
      greenSpaces: c.greenSpaces,
      landUse: c.landUse,
      landUse2035: c.landUse2035,
      heightLimits,
      pipelines: pipes.count,
      sensors: sensors.things.length,
      datastreams: sensors.datastreams,
    },
    centerLonLatDeg: [CENTER_LON_LAT_DEG[0], CENTER_LON_LAT_DEG[1]],
    bboxLonLatDeg: bbox,
    dem,
    things: sensors.things,
    sensorsByType: sensors.byType,
    deliberateViolations: pass.deliberateViolations,
    heightZoneBreaches: pass.heightZoneBreaches,
    landUseConflicts: pass.landUseConflicts,
  };
}
