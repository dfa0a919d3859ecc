// Features to a FlatGeobuf in CGCS2000 lon/lat, written here as they come (one page of GeoJSON objects in memory at a
// time): the columns are known before the first feature (the role's targets and the source's other fields, typed by
// the mapping and GDAL's field types); the header, written last, is mixed-geometry (each feature says its type) so a
// Shapefile layer's Polygons and MultiPolygons stay as they are. No spatial index: feature order is the source's.
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature, type IProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { ROLE_TARGETS, type ImportRole, type TargetKind } from '../../core/import/roles';
import type { FieldMapping } from '../../core/import/fieldMapping';
import type { GeoJsonFeature } from '../featureFile';
import { headerMeta } from '../flatgeobuf';
import type { FieldDescription } from './readSource';

const CGCS2000_EPSG = 4490;
const PAGE_BYTES = 1 << 22;

const KIND_COLUMN: Record<TargetKind, ColumnType> = {
  number: ColumnType.Double,
  integer: ColumnType.Int,
  gridLevel: ColumnType.Int,
  text: ColumnType.String,
  useCode: ColumnType.String,
  pipeKind: ColumnType.String,
  lineKind: ColumnType.String,
};
const GDAL_COLUMN: Record<string, ColumnType> = { Integer: ColumnType.Int, Integer64: ColumnType.Long, Real: ColumnType.Double };

/** The columns of a converted layer: the role's targets first (a parcel's conditions as JSON), then the kept source fields. */
export function convertedColumns(
  role: ImportRole,
  mapping: FieldMapping,
  fields: readonly FieldDescription[],
): { name: string; type: ColumnType }[] {
  const out = ROLE_TARGETS[role].filter((t) => !t.inConditions).map((t) => ({ name: t.name, type: KIND_COLUMN[t.kind] }));
  if (role === 'parcels') out.push({ name: 'conditions', type: ColumnType.Json });
  const mapped = new Set(Object.values(mapping));
  const taken = new Set(out.map((c) => c.name));
  for (const f of fields)
    if (!mapped.has(f.name) && !taken.has(f.name)) out.push({ name: f.name, type: GDAL_COLUMN[f.type] ?? ColumnType.String });
  return out;
}

/** A value as its column takes it; null when it cannot be (a non-number in a number column). */
function cell(type: ColumnType, v: unknown): IProperties[string] {
  if (v === null || v === undefined) return null;
  switch (type) {
    case ColumnType.Int:
    case ColumnType.Long:
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case ColumnType.Double:
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    case ColumnType.Json:
      return v as IProperties[string];
    default:
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** Streams features into 4 MiB pages; `finish` puts the header (with the count) in front. */
export class FgbStreamWriter {
  private readonly header: HeaderMeta;
  private readonly pages: Uint8Array[] = [];
  private page = new Uint8Array(PAGE_BYTES);
  private used = 0;
  private readonly clean: IProperties = {};
  count = 0;

  constructor(private readonly columns: { name: string; type: ColumnType }[]) {
    this.header = headerMeta(GeometryType.Unknown, columns);
  }

  add(f: GeoJsonFeature): void {
    const p = f.properties ?? {};
    for (const c of this.columns) this.clean[c.name] = cell(c.type, p[c.name]);
    const bytes = buildFeature(parseGeometry(f.geometry as Parameters<typeof parseGeometry>[0]), this.clean, this.header);
    if (this.used + bytes.length > this.page.length) {
      this.pages.push(this.page.subarray(0, this.used));
      this.page = new Uint8Array(Math.max(PAGE_BYTES, bytes.length));
      this.used = 0;
    }
    this.page.set(bytes, this.used);
    this.used += bytes.length;
    this.count++;
  }

  /** The file as chunks: magic bytes and header, then the feature pages. */
  finish(): Uint8Array[] {
    if (this.used) this.pages.push(this.page.subarray(0, this.used));
    this.used = 0;
    const header = buildHeader({ ...this.header, featuresCount: this.count }, CGCS2000_EPSG);
    const head = new Uint8Array(magicbytes.length + header.length);
    head.set(magicbytes);
    head.set(header, magicbytes.length);
    return [head, ...this.pages];
  }
}

/** Concatenates chunks into one buffer (to transfer from the worker). */
export function joinChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Writes `pages` with `columns` and returns the FlatGeobuf's chunks and the feature count. */
export async function featuresToFgb(
  pages: AsyncIterable<GeoJsonFeature[]>,
  columns: { name: string; type: ColumnType }[],
): Promise<{ chunks: Uint8Array[]; count: number }> {
  const w = new FgbStreamWriter(columns);
  for await (const features of pages) for (const f of features) w.add(f);
  return { chunks: w.finish(), count: w.count };
}
