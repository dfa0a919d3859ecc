/* eslint-disable @typescript-eslint/no-explicit-any -- walks the generated files as loose JSON */
// What the demo output tests share: the small demo city as written with its layers parsed, and its polygons and
// road corridors in GK metres, indexed.
import Flatbush from 'flatbush';
import { toGkFlat } from '../core/crs/gk';
import type { DemoManifest } from '../core/demo/manifest';
import { DEMO_SCHEMAS, type DemoLayer } from '../core/demo/schemas';
import type { DemoOutput } from './demoOutput';
import { beforeAll } from 'vitest';
import { DEMO_CITY_BUILD_TIMEOUT_MS, demoCity } from './demoCity.fixture';

export interface Feature {
  properties: Record<string, any>;
  geometry: { type: string; coordinates: any };
}
/** A polygon in GK metres: flat coords and ring ends, plus its bbox. */
export interface Poly {
  f: Feature;
  xy: Float64Array;
  ends: number[];
  bbox: [number, number, number, number];
}

/** A file of the output as text. */
export function text(o: DemoOutput, name: string): string {
  return o.files.find((f) => f.name === name)!.chunks.join('');
}

export function toPoly(f: Feature): Poly {
  const rings = f.geometry.coordinates as number[][][];
  const flat: number[] = [];
  const ends: number[] = [];
  for (const r of rings) {
    for (const p of r) flat.push(p[0], p[1]);
    ends.push(flat.length / 2);
  }
  const xy = toGkFlat(flat, 38, new Float64Array(flat.length)) as Float64Array;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ends[0] * 2; i += 2) {
    bbox[0] = Math.min(bbox[0], xy[i]);
    bbox[1] = Math.min(bbox[1], xy[i + 1]);
    bbox[2] = Math.max(bbox[2], xy[i]);
    bbox[3] = Math.max(bbox[3], xy[i + 1]);
  }
  return { f, xy, ends, bbox };
}

export function index(polys: { bbox: number[] }[]): Flatbush {
  const fb = new Flatbush(Math.max(1, polys.length));
  for (const p of polys) fb.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
  fb.finish();
  return fb;
}

/** Road centreline segments in GK with their half widths, indexed by corridor bbox. */
export function roadSegments(roads: Feature[]): { segs: { bbox: number[]; s: number[]; half: number }[]; fb: Flatbush } {
  const segs: { bbox: number[]; s: number[]; half: number }[] = [];
  for (const r of roads) {
    const c = r.geometry.coordinates.flat() as number[];
    const xy = toGkFlat(c, 38, new Float64Array(c.length));
    const half = r.properties.widthM / 2;
    for (let i = 2; i < xy.length; i += 2) {
      const s = [xy[i - 2], xy[i - 1], xy[i], xy[i + 1]];
      segs.push({
        s,
        half,
        bbox: [Math.min(s[0], s[2]) - half, Math.min(s[1], s[3]) - half, Math.max(s[0], s[2]) + half, Math.max(s[1], s[3]) + half],
      });
    }
  }
  return { segs, fb: index(segs) };
}

export interface DemoLayers {
  out: DemoOutput;
  manifest: DemoManifest;
  layers: Record<DemoLayer, Feature[]>;
}

let loaded: DemoLayers | null = null;

/** The small demo city (seed 1) as written, with every layer parsed: built once per test file. */
export function demoLayers(): DemoLayers {
  if (loaded) return loaded;
  const out = demoCity();
  const manifest = JSON.parse(text(out, 'demo.json')) as DemoManifest;
  const layers = {} as Record<DemoLayer, Feature[]>;
  for (const layer of Object.keys(DEMO_SCHEMAS) as DemoLayer[]) layers[layer] = JSON.parse(text(out, manifest.files[layer]!)).features;
  loaded = { out, manifest, layers };
  return loaded;
}

/** The demo city's layers, filled in before the file's tests (outside their own timeouts): read its fields inside tests. */
export function demoLayersBeforeAll(): DemoLayers {
  const city = {} as DemoLayers;
  beforeAll(() => {
    Object.assign(city, demoLayers());
  }, DEMO_CITY_BUILD_TIMEOUT_MS);
  return city;
}
