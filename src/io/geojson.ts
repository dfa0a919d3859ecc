// GeoJSON FeatureCollection text: one feature per line, fixed key order, coordinates rounded to 1e-7 degrees.
import type { FeatureSink, FlatGeometry, Properties } from '../core/demo/sink';

/** Rounds to 1e-7 (about 1 cm): the precision of every coordinate the writers emit. */
export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

function positions(coords: ArrayLike<number>, start: number, end: number): string {
  let s = '[';
  for (let i = start; i < end; i++) {
    if (i > start) s += ',';
    s += `[${round7(coords[i * 2])},${round7(coords[i * 2 + 1])}]`;
  }
  return s + ']';
}

/** The geometry member of a feature, as JSON text. */
export function geometryJson(g: FlatGeometry): string {
  const n = g.coords.length / 2;
  if (g.type === 'Point') return `{"type":"Point","coordinates":[${round7(g.coords[0])},${round7(g.coords[1])}]}`;
  if (g.type === 'LineString') return `{"type":"LineString","coordinates":${positions(g.coords, 0, n)}}`;
  const ends = g.ringEnds ?? [n];
  const rings: string[] = [];
  let start = 0;
  for (let r = 0; r < ends.length; r++) {
    rings.push(positions(g.coords, start, ends[r]));
    start = ends[r];
  }
  return `{"type":"Polygon","coordinates":[${rings.join(',')}]}`;
}

/** One Feature as JSON text: type, properties (in the given key order; undefined values dropped), geometry. */
export function featureJson(g: FlatGeometry, properties: Properties): string {
  return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${geometryJson(g)}}`;
}

/** Collects features and returns the FeatureCollection text. */
export class GeoJsonWriter implements FeatureSink {
  private readonly lines: string[] = [];

  get count(): number {
    return this.lines.length;
  }

  add(g: FlatGeometry, properties: Properties): void {
    this.lines.push(featureJson(g, properties));
  }

  finish(): string {
    return `{"type":"FeatureCollection","features":[\n${this.lines.join(',\n')}\n]}\n`;
  }
}
