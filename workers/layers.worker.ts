// Layers worker: fetches and parses the city's vector files off the main thread and hands back
// packed, transferable columns; keeps the parsed properties here for picking, and the buildings' columns, which the
// page never holds (it gets their summary, and a building's place or a row by id on demand).
import { expose, transfer } from 'comlink';
import { fetchBytes } from '../src/io/fetchBytes';
import { workerEndpoint } from './endpoint';
import { copyPolygonBuffers, packedBuffers } from '../src/core/geom/packed';
import { readFeatures, type GeoJsonFeature } from '../src/io/featureFile';
import type { BuildingPlace, BuildingsData, BuildingsSummary, GridsData, LayerDataKey, LinesData, SensorsData } from '../src/io/layerData';
import { buildingPlace, buildingsSummary } from '../src/io/buildingsSummary';
import { idIndex, type IdIndex } from '../src/core/geom/idIndex';
import { categoryColumn, numberColumn, packLines, packPolygons, ringsAsLines } from '../src/io/packGeoJson';
import { pipeDepthColumns } from '../src/io/pipeDepth';
import { readSensorThings } from '../src/io/sensorThings';
import { fetchThingsDocument } from '../src/io/sensorThingsApi';
import { buildingTableFromFeatures, buildingsFromFeatures } from '../src/io/buildingsData';
import { gridsFromFeatures } from '../src/io/gridsData';

const kept = new Map<LayerDataKey, { records: unknown[]; sourceIndex: Uint32Array | null; url: string }>();

/** The city's buildings once loadBuildings is done (calls made before it wait for it). */
let buildings: Promise<BuildingsData> | null = null;
let buildingRowOfId: IdIndex | null = null;
/** Why a building's drawn height or floors are estimates (src/core/planning/reviewInput.ts's rule), by source feature. */
let buildingFaults = new Map<number, string[]>();

function loadedBuildings(): Promise<BuildingsData> {
  if (!buildings) throw new Error('no buildings loaded: call loadBuildings first');
  return buildings;
}

/** A copy of the buildings' columns that the receiver takes over. */
function columnsCopy(data: BuildingsData): BuildingsData {
  const p = data.polygons;
  const polygons = { ...copyPolygonBuffers(p), ids: p.ids };
  const copy = {
    ...data,
    polygons,
    heightM: data.heightM.slice(),
    baseM: data.baseM.slice(),
    floors: data.floors.slice(),
    useIndex: data.useIndex.slice(),
  };
  return transfer(copy, [
    ...packedBuffers(copy.polygons),
    copy.heightM.buffer,
    copy.baseM.buffer,
    copy.floors.buffer,
    copy.useIndex.buffer,
  ] as ArrayBuffer[]);
}

async function loadFeatures(url: string): Promise<GeoJsonFeature[]> {
  return readFeatures(await fetchBytes(url), url);
}

const api = {
  /** Loads the city's buildings and keeps them here; the page gets their summary. */
  async loadBuildings(url: string): Promise<BuildingsSummary> {
    buildingRowOfId = null;
    buildings = loadFeatures(url).then((features) => {
      const { data, sourceIndex, flagged } = buildingsFromFeatures(features, url);
      kept.set('buildings', { records: features, sourceIndex, url });
      buildingFaults = new Map();
      for (const p of flagged) buildingFaults.set(p.index, [...(buildingFaults.get(p.index) ?? []), p.message]);
      return data;
    });
    return buildingsSummary(await buildings);
  },

  /**
   * A copy of the buildings' columns, for what still needs them on the page: `?buildings=primitive` (the bench's
   * comparison drawing), the grid join's statistics and the debug API's main-thread join baseline.
   */
  async buildingColumns(): Promise<BuildingsData> {
    return columnsCopy(await loadedBuildings());
  },

  /** Copies of the columns the grid statistics read (floors, use), transferred. */
  async buildingStatColumns(): Promise<{ floors: Float32Array; use: { codes: Uint16Array; table: string[] } }> {
    const data = await loadedBuildings();
    const floors = data.floors.slice(),
      codes = data.useIndex.slice();
    return transfer({ floors, use: { codes, table: data.useCodes } }, [floors.buffer, codes.buffer]);
  },

  /** The ids of the buildings at `rows` (a join's listed buildings); '' for a row the city does not have. */
  async buildingIds(rows: Uint32Array): Promise<string[]> {
    const ids = (await loadedBuildings()).polygons.ids;
    return Array.from(rows, (r) => ids[r] ?? '');
  },

  /** Where building `row` is (fly-to); null for a row the city does not have. */
  async buildingPlace(row: number): Promise<BuildingPlace | null> {
    return buildingPlace(await loadedBuildings(), row);
  },

  /** The rows of buildings named by id (a review's offenders), -1 for an id the city does not have. */
  async buildingRows(ids: string[]): Promise<Int32Array> {
    const data = await loadedBuildings();
    buildingRowOfId ??= idIndex(data.polygons.ids);
    const rows = Int32Array.from(ids, (id) => buildingRowOfId!.get(id) ?? -1);
    return transfer(rows, [rows.buffer]);
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
    // Pipes' depths by the rule for implausible values (src/io/pipesData.ts): named, then drawn at the default depth.
    const depths =
      layer === 'pipelines'
        ? pipeDepthColumns(features, sourceIndex, url, packed.ids)
        : {
            startDepthM: numberColumn(features, sourceIndex, 'startDepthM'),
            endDepthM: numberColumn(features, sourceIndex, 'endDepthM'),
            problems: [],
          };
    const data: LinesData = {
      lines: packed,
      categoryIndex: cat.index,
      categories: cat.values,
      size: diameter,
      startDepthM: depths.startDepthM,
      endDepthM: depths.endDepthM,
      problems: [...problems, ...depths.problems],
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
    const props = { ...((record as GeoJsonFeature).properties ?? {}) };
    // The info panel shows the file's values: say beside them which the map draws as an estimate, and why.
    const faults = layer === 'buildings' ? buildingFaults.get(i) : undefined;
    return faults ? { ...props, estimated: faults.join('; ') } : props;
  },
};

expose(api, workerEndpoint());
export type LayersApi = typeof api;
