// A layer sink that ends up as GeoJSON for small layers and FlatGeobuf above a feature-count threshold.
import type { FeatureSink, FlatGeometry, LayerSchema, Properties } from '../core/demo/sink';
import { FlatGeobufWriter } from './flatgeobuf';
import { GeoJsonWriter } from './geojson';

export interface LayerFile {
  format: 'geojson' | 'fgb';
  count: number;
  chunks: (string | Uint8Array)[];
}

/**
 * Writes both encodings until the threshold is passed, then only FlatGeobuf: the count is not known
 * up front, and the GeoJSON text of at most `threshold` features is cheap to hold.
 */
export class LayerWriter implements FeatureSink {
  private geojson: GeoJsonWriter | null = new GeoJsonWriter();
  private readonly fgb: FlatGeobufWriter;
  private count = 0;

  constructor(
    schema: LayerSchema,
    private readonly threshold: number,
  ) {
    this.fgb = new FlatGeobufWriter(schema);
  }

  add(g: FlatGeometry, properties: Properties): void {
    this.count++;
    this.fgb.add(g, properties);
    if (this.geojson && this.count > this.threshold) this.geojson = null;
    this.geojson?.add(g, properties);
  }

  finish(): LayerFile {
    if (this.geojson) return { format: 'geojson', count: this.count, chunks: [this.geojson.finish()] };
    return { format: 'fgb', count: this.count, chunks: this.fgb.finish() };
  }
}
