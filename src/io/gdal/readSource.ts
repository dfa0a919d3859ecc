// A dataset described (layers, counts, geometry type, CRS, fields with sample values) and a layer's features read
// page by page as GeoJSON in the source CRS or reprojected by GDAL: GDAL writes the layer once as a FlatGeobuf in
// its virtual FS (no index, source order), pages are decoded from it, and it is deleted after the last page.
import * as flatbuffers from 'flatbuffers';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { parseProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { fgbLayout, type GeoJsonFeature } from '../featureFile';
import type { ChosenEncoding } from './dbfEncoding';
import { GdalFileError, type GdalDatasetRef, type GdalRuntime } from './gdalRuntime';
import type { SourceDataset, SourceFormat } from './sourceDatasets';

export interface FieldDescription {
  name: string;
  /** GDAL's field type: String, Integer, Integer64, Real, Date … */
  type: string;
  /** The first non-empty values (up to the sample count). */
  samples: unknown[];
}

export interface SourceCrs {
  wkt: string;
  name: string;
  /** 'EPSG:4547' when GDAL identified it, else null (recognised later from the WKT and the coordinates). */
  epsg: string | null;
}

export interface LayerDescription {
  name: string;
  featureCount: number;
  geometryType: string;
  crs: SourceCrs | null;
  /** [minX, minY, maxX, maxY] in source units, null when GDAL reports none. */
  extent: [number, number, number, number] | null;
  fields: FieldDescription[];
}

export interface SourceDescription {
  file: string;
  format: SourceFormat;
  driver: string;
  encoding?: ChosenEncoding;
  layers: LayerDescription[];
}

interface OgrInfoLayer {
  name: string;
  featureCount?: number;
  geometryFields?: {
    type?: string;
    extent?: number[];
    coordinateSystem?: { wkt?: string; projjson?: { name?: string; id?: { authority?: string; code?: number } } };
  }[];
  fields?: { name: string; type: string }[];
}

/** Opens a staged dataset (`dir` is its job folder). */
export function openDataset(rt: GdalRuntime, dir: string, source: SourceDataset): GdalDatasetRef {
  const path = source.path.startsWith('/vsizip/') ? `/vsizip/${dir}/${source.path.slice('/vsizip/'.length)}` : `${dir}/${source.path}`;
  return rt.open(path, source.file, source.openOptions);
}

function crsOf(info: OgrInfoLayer): SourceCrs | null {
  const cs = info.geometryFields?.[0]?.coordinateSystem;
  if (!cs?.wkt) return null;
  const id = cs.projjson?.id;
  return { wkt: cs.wkt, name: cs.projjson?.name ?? '', epsg: id?.authority === 'EPSG' && id.code ? `EPSG:${id.code}` : null };
}

let outputs = 0;

/** Describes every layer of a dataset, with up to `samples` non-empty values per field. */
export async function describeDataset(rt: GdalRuntime, dir: string, source: SourceDataset, samples = 5): Promise<SourceDescription> {
  const ds = openDataset(rt, dir, source);
  try {
    const info = (await rt.info(ds, source.file, ['-so'])) as { driverShortName?: string; layers?: OgrInfoLayer[] };
    const layers: LayerDescription[] = [];
    for (const l of info.layers ?? []) {
      const g = l.geometryFields?.[0];
      const e = g?.extent;
      const fields: FieldDescription[] = (l.fields ?? []).map((f) => ({ name: f.name, type: f.type, samples: [] }));
      if (samples > 0 && fields.length) {
        const { path: out } = await rt.translate(
          ds,
          source.file,
          ['-f', 'GeoJSON', '-limit', String(samples * 20), l.name],
          `sample${++outputs}`,
        );
        const sampled = JSON.parse(new TextDecoder().decode(rt.view(out))) as { features: GeoJsonFeature[] };
        rt.removeTree(out);
        for (const f of sampled.features)
          for (const field of fields) {
            const v = f.properties?.[field.name];
            if (v !== null && v !== undefined && v !== '' && field.samples.length < samples) field.samples.push(v);
          }
      }
      layers.push({
        name: l.name,
        featureCount: l.featureCount ?? -1,
        geometryType: g?.type ?? 'None',
        crs: crsOf(l),
        extent: e && e.length >= 4 && e.every(Number.isFinite) ? [e[0], e[1], e[2], e[3]] : null,
        fields,
      });
    }
    if (!layers.length) throw new GdalFileError(source.file, 'has no vector layer');
    return { file: source.file, format: source.format, driver: info.driverShortName ?? '', encoding: source.encoding, layers };
  } finally {
    rt.closeDataset(ds);
  }
}

export interface ReadOptions {
  /** Overrides the file's CRS (ogr2ogr -s_srs), e.g. 'EPSG:4547'. */
  sourceCrs?: string;
  /** Reprojects with GDAL (ogr2ogr -t_srs), e.g. 'EPSG:4490'; axis order stays x=lon/easting, y=lat/northing. */
  targetCrs?: string;
  /** Features per page (default 10,000). */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface FeaturePage {
  /** Index in the layer (source order) of the page's first feature. */
  start: number;
  total: number;
  features: GeoJsonFeature[];
  /** [minX, minY, maxX, maxY] of every coordinate read so far, in the output CRS. */
  bbox: [number, number, number, number];
  /** What GDAL reported while reading the file without failing (first page only), e.g. a truncated .shp. */
  warnings: string[];
}

function extendBbox(coords: unknown, bbox: [number, number, number, number]): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const x = coords[0];
    const y = coords[1] as number;
    if (x < bbox[0]) bbox[0] = x;
    if (y < bbox[1]) bbox[1] = y;
    if (x > bbox[2]) bbox[2] = x;
    if (y > bbox[3]) bbox[3] = y;
    return;
  }
  for (const c of coords) extendBbox(c, bbox);
}

/**
 * A layer's features page by page; `feature.id` is the index in the layer. The layer is converted once by
 * GDAL; the pages are decoded from that copy and it is freed when the generator ends (or is abandoned).
 */
export async function* readLayerPages(
  rt: GdalRuntime,
  dir: string,
  source: SourceDataset,
  layer: string,
  options: ReadOptions = {},
): AsyncGenerator<FeaturePage> {
  const args = ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO'];
  // -s_srs only means something with -t_srs; alone the CRS is assigned.
  if (options.sourceCrs) args.push(options.targetCrs ? '-s_srs' : '-a_srs', options.sourceCrs);
  if (options.targetCrs) args.push('-t_srs', options.targetCrs);
  const ds = openDataset(rt, dir, source);
  let out: string;
  let warnings: string[];
  try {
    ({ path: out, warnings } = await rt.translate(ds, source.file, [...args, layer], `layer${++outputs}`));
  } finally {
    rt.closeDataset(ds);
  }
  try {
    const bytes = rt.view(out);
    const layout = fgbLayout(bytes, source.file);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerEnd = 12 + view.getUint32(8, true);
    const header = fromByteBuffer(new flatbuffers.ByteBuffer(bytes.subarray(8, headerEnd)));
    const total = layout.featureOffsets.length - 1;
    const pageSize = options.pageSize ?? 10_000;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let start = 0; start < total; start += pageSize) {
      // A Cancel is a message to this thread: let it be handled between pages (promises alone never yield to it).
      if (options.signal) await new Promise((resolve) => setTimeout(resolve, 0));
      options.signal?.throwIfAborted();
      const features: GeoJsonFeature[] = [];
      for (let i = start; i < Math.min(total, start + pageSize); i++) {
        const at = layout.featureOffsets[i];
        const size = view.getUint32(at, true);
        const fb = Feature.getRootAsFeature(new flatbuffers.ByteBuffer(bytes.subarray(at + 4, at + 4 + size)));
        let f: GeoJsonFeature;
        try {
          f = fromFeature(i, fb, header) as unknown as GeoJsonFeature;
        } catch {
          // An empty geometry (a feature GDAL could not read, e.g. past a truncation) decodes as none.
          f = { type: 'Feature', id: i, geometry: null, properties: parseProperties(fb, header.columns) as Record<string, unknown> };
        }
        if (f.geometry) extendBbox(f.geometry.coordinates, bbox);
        features.push(f);
      }
      yield { start, total, features, bbox: [...bbox], warnings: start === 0 ? warnings : [] };
    }
  } finally {
    rt.removeTree(out);
  }
}
