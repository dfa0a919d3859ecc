// How the generator hands features out: flat lon/lat geometry plus a plain properties record, one call per feature.

export type GeometryType = 'Point' | 'LineString' | 'Polygon';

export interface FlatGeometry {
  type: GeometryType;
  /** lon,lat,lon,lat… degrees; polygon rings closed (first point repeated last). */
  coords: ArrayLike<number>;
  /** Polygon only: exclusive end (point index) of each ring; outer ring first, counter-clockwise. */
  ringEnds?: ArrayLike<number>;
}

export type PropertyValue = string | number | boolean | null | object;
export type Properties = Record<string, PropertyValue | undefined>;

export interface FeatureSink {
  add(geometry: FlatGeometry, properties: Properties): void;
}

export type ColumnType = 'string' | 'double' | 'int' | 'bool' | 'json';

/** The fixed property columns of a layer, in write order (FlatGeobuf needs them before the first feature). */
export interface LayerSchema {
  geometryType: GeometryType;
  columns: { name: string; type: ColumnType }[];
}

/** A sink that keeps everything in memory (tests, small tools). */
export class MemorySink implements FeatureSink {
  readonly features: { geometry: FlatGeometry; properties: Properties }[] = [];
  add(geometry: FlatGeometry, properties: Properties): void {
    this.features.push({
      geometry: { type: geometry.type, coords: Array.from(geometry.coords), ringEnds: geometry.ringEnds && Array.from(geometry.ringEnds) },
      properties,
    });
  }
}
