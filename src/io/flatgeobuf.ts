// FlatGeobuf writing with a fixed column schema, streaming features into pages (reading: featureFile.ts).
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature, type IProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import type { IParsedGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ColumnType as SchemaColumnType, FeatureSink, FlatGeometry, LayerSchema, Properties } from '../core/demo/sink';
import { round7 } from './geojson';

const COLUMN_TYPES: Record<SchemaColumnType, ColumnType> = {
  string: ColumnType.String,
  double: ColumnType.Double,
  int: ColumnType.Int,
  bool: ColumnType.Bool,
  json: ColumnType.Json,
};
const GEOMETRY_TYPES = { Point: GeometryType.Point, LineString: GeometryType.LineString, Polygon: GeometryType.Polygon };

const PAGE_BYTES = 1 << 22;

/** Appends byte chunks into large pages, so a million features are a few hundred buffers, not a million. */
class PagedBytes {
  readonly pages: Uint8Array[] = [];
  private page = new Uint8Array(PAGE_BYTES);
  private used = 0;

  push(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.page.length) {
      this.pages.push(this.page.subarray(0, this.used));
      this.page = new Uint8Array(Math.max(PAGE_BYTES, bytes.length));
      this.used = 0;
    }
    this.page.set(bytes, this.used);
    this.used += bytes.length;
  }

  finish(): Uint8Array[] {
    if (this.used > 0) this.pages.push(this.page.subarray(0, this.used));
    this.used = 0;
    return this.pages;
  }
}

/** A header for streamed features: no index, no envelope, the count filled in when the file is finished. */
export function headerMeta(geometryType: GeometryType, columns: { name: string; type: ColumnType }[]): HeaderMeta {
  return {
    geometryType,
    columns: columns.map((c): ColumnMeta => ({
      name: c.name,
      type: c.type,
      title: null,
      description: null,
      width: -1,
      precision: -1,
      scale: -1,
      nullable: true,
      unique: false,
      primary_key: false,
    })),
    envelope: null,
    featuresCount: 0,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
}
/** Writes a FlatGeobuf (no spatial index) with the schema's columns; nulls and undefined are left out. */
export class FlatGeobufWriter implements FeatureSink {
  private readonly header: HeaderMeta;
  private readonly body = new PagedBytes();
  private readonly clean: IProperties = {};
  count = 0;

  constructor(
    private readonly schema: LayerSchema,
    private readonly crsCode = 4490,
  ) {
    this.header = headerMeta(
      GEOMETRY_TYPES[schema.geometryType],
      schema.columns.map((c) => ({ name: c.name, type: COLUMN_TYPES[c.type] })),
    );
  }

  add(g: FlatGeometry, properties: Properties): void {
    if (g.type !== this.schema.geometryType) throw new Error(`FlatGeobuf layer of ${this.schema.geometryType} got a ${g.type}`);
    const xy = new Array<number>(g.coords.length);
    for (let i = 0; i < xy.length; i++) xy[i] = round7(g.coords[i]);
    const ends = g.type === 'Polygon' && g.ringEnds && g.ringEnds.length > 1 ? Array.from(g.ringEnds) : undefined;
    const geometry = { xy, ends, type: this.header.geometryType } as IParsedGeometry;
    for (const c of this.schema.columns) {
      const v = properties[c.name];
      this.clean[c.name] = v === undefined ? null : (v as IProperties[string]);
    }
    this.body.push(buildFeature(geometry, this.clean, this.header));
    this.count++;
  }

  /** Magic bytes + header, then the feature pages. */
  finish(): Uint8Array[] {
    const header = buildHeader({ ...this.header, featuresCount: this.count }, this.crsCode);
    const head = new Uint8Array(magicbytes.length + header.length);
    head.set(magicbytes);
    head.set(header, magicbytes.length);
    return [head, ...this.body.finish()];
  }
}

/** Concatenates chunks into one buffer. */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
