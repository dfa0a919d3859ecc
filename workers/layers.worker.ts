// Layers worker: fetches and parses the city's vector files off the main thread and hands back
// packed, transferable columns; keeps the parsed properties here for picking.
import { expose, transfer } from 'comlink';
import { fetchBytes } from '../src/io/fetchBytes';
import { workerEndpoint } from './endpoint';
import { packedBuffers } from '../src/core/geom/packed';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import type { BuildingsData, GridsData, LayerDataKey, LinesData, SensorsData } from '../src/io/layerData';
import { categoryColumn, numberColumn, packLines, packPolygons, ringsAsLines } from '../src/io/packGeoJson';
import { readSensorThings } from '../src/io/sensorThings';
import { fetchThingsDocument } from '../src/io/sensorThingsApi';
import { buildingTableFromFeatures, buildingsFromFeatures } from '../src/io/buildingsData';
import { gridsFromFeatures } from '../src/io/gridsData';

const kept = new Map<LayerDataKey, { records: unknown[]; sourceIndex: Uint32Array | null; url: string }>();

async function loadFeatures(url: string): Promise<GeoJsonFeature[]> {
  return readFeatures(await fetchBytes(url), url);
}

const api = {
  async loadBuildings(url: string): Promise<BuildingsData> {
    const features = await loadFeatures(url);
    const { data, sourceIndex } = buildingsFromFeatures(features, url);
    kept.set('buildings', { records: features, sourceIndex, url });
    return transfer(data, [
      ...packedBuffers(data.polygons),
      data.heightM.buffer,
      data.baseM.buffer,
      data.floors.buffer,
      data.useIndex.buffer,
    ] as ArrayBuffer[]);
  },

  async loadGrids(url: string): Promise<GridsData> {
    const features = await loadFeatures(url);
    const { data, sourceIndex } = gridsFromFeatures(features, url);
    kept.set('grids', { records: features, sourceIndex, url });
    return transfer(data, [...packedBuffers(data.polygons), data.level.buffer] as ArrayBuffer[]);
  },

  async loadLines(url: string, layer: 'roads' | 'pipelines' | 'controlLines', categoryKey: string): Promise<LinesData> {
    const features = await loadFeatures(url);
    // Control lines may be polygons (green/blue/purple/yellow areas): draw their rings as lines.
    const asLines = features.map((f) => ringsAsLines(f));
    const { packed, sourceIndex, problems } = packLines(asLines, url);
    kept.set(layer, { records: features, sourceIndex, url });
    const cat = categoryColumn(features, sourceIndex, categoryKey);
    const diameter = numberColumn(features, sourceIndex, layer === 'roads' ? 'widthM' : 'diameterMm');
    const width = numberColumn(features, sourceIndex, 'widthMm');
    for (let i = 0; i < diameter.length; i++) if (Number.isNaN(diameter[i])) diameter[i] = width[i];
    const data: LinesData = {
      lines: packed,
      categoryIndex: cat.index,
      categories: cat.values,
      size: diameter,
      startDepthM: numberColumn(features, sourceIndex, 'startDepthM'),
      endDepthM: numberColumn(features, sourceIndex, 'endDepthM'),
      problems,
    };
    return transfer(data, [
      ...packedBuffers(packed),
      data.categoryIndex.buffer,
      data.size.buffer,
      data.startDepthM.buffer,
      data.endDepthM.buffer,
    ] as ArrayBuffer[]);
  },

  async loadSensors(url: string): Promise<SensorsData> {
    // A Things file, or a SensorThings API's Things (every page).
    const { data, things } = readSensorThings(await fetchThingsDocument(url), url);
    kept.set('sensors', { records: things, sourceIndex: null, url });
    return transfer(data, [data.lonLatDeg.buffer, data.depthM.buffer, data.typeIndex.buffer] as ArrayBuffer[]);
  },

  /**
   * Sends the loaded buildings' geometry (without ids) through `port`, e.g. straight to a join worker,
   * so the main thread never copies it. Packed afresh from the kept features: the same order as
   * loadBuildings gave, and no second copy held while nobody needs it.
   */
  sendBuildingGeometry(port: MessagePort): void {
    const entry = kept.get('buildings');
    if (!entry) throw new Error('no buildings loaded: call loadBuildings first');
    const { ids: _ids, ...geometry } = packPolygons(entry.records as GeoJsonFeature[], entry.url).packed;
    port.postMessage(geometry, packedBuffers(geometry));
    port.close();
  },

  /** Sends the loaded buildings with ids and columns through `port` (to the planning worker), packed afresh. */
  sendBuildingTable(port: MessagePort): void {
    const entry = kept.get('buildings');
    if (!entry) throw new Error('no buildings loaded: call loadBuildings first');
    const data = buildingTableFromFeatures(entry.records as GeoJsonFeature[], entry.url);
    port.postMessage(data, [
      ...packedBuffers(data.polygons),
      data.heightM.buffer,
      data.baseM.buffer,
      data.floors.buffer,
      data.useIndex.buffer,
    ] as ArrayBuffer[]);
    port.close();
  },

  /** The properties of one loaded feature, for the info panel. */
  properties(layer: LayerDataKey, index: number): Record<string, unknown> | null {
    const entry = kept.get(layer);
    if (!entry) return null;
    const i = entry.sourceIndex ? entry.sourceIndex[index] : index;
    const record = entry.records[i] as GeoJsonFeature | Record<string, unknown> | undefined;
    if (!record) return null;
    if (layer === 'sensors') {
      const t = record as {
        '@iot.id'?: unknown;
        name?: unknown;
        description?: unknown;
        properties?: Record<string, unknown>;
        Datastreams?: { name?: unknown }[];
      };
      return {
        id: t['@iot.id'],
        name: t.name,
        description: t.description,
        ...t.properties,
        datastreams: (t.Datastreams ?? []).map((d) => d.name).join(', '),
      };
    }
    return { ...((record as GeoJsonFeature).properties ?? {}) };
  },
};

expose(api, workerEndpoint());
export type LayersApi = typeof api;
