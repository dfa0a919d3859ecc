/* eslint-disable @typescript-eslint/no-explicit-any -- walks the generated files as loose JSON */
// End-to-end checks of the demo city as written: the files a viewer or reviewer would read.
import Flatbush from 'flatbush';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGkFlat } from '../core/crs/gk';
import { demoConfig, SENSOR_TYPE_IDS } from '../core/demo/config';
import { demHeightM } from '../core/demo/dem';
import type { DemoManifest } from '../core/demo/manifest';
import { DEMO_SCHEMAS, type DemoLayer } from '../core/demo/schemas';
import { polygonAreaM2, ringAreaM2 } from '../core/geom/area';
import { distanceToPolygonBoundary, pointInPolygon } from '../core/geom/pointInPolygon';
import { segmentSegmentDistance } from '../core/geom/segment';
import { validateTour } from '../core/tour/tourSchema';
import { snapToPipe } from '../core/sensors/placement';
import { buildDemoOutput, type DemoOutput } from './demoOutput';
import { readGeoTiffFloat32 } from './geotiff';

interface Feature {
  properties: Record<string, any>;
  geometry: { type: string; coordinates: any };
}
/** A polygon in GK metres: flat coords and ring ends, plus its bbox. */
interface Poly {
  f: Feature;
  xy: Float64Array;
  ends: number[];
  bbox: [number, number, number, number];
}

let out: DemoOutput;
let manifest: DemoManifest;
const layers = {} as Record<DemoLayer, Feature[]>;

function text(o: DemoOutput, name: string): string {
  return o.files.find((f) => f.name === name)!.chunks.join('');
}

function toPoly(f: Feature): Poly {
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

function index(polys: { bbox: number[] }[]): Flatbush {
  const fb = new Flatbush(Math.max(1, polys.length));
  for (const p of polys) fb.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
  fb.finish();
  return fb;
}

/** Road centreline segments in GK with their half widths, indexed by corridor bbox. */
function roadSegments(): { segs: { bbox: number[]; s: number[]; half: number }[]; fb: Flatbush } {
  const segs: { bbox: number[]; s: number[]; half: number }[] = [];
  for (const r of layers.roads) {
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

beforeAll(() => {
  out = buildDemoOutput(demoConfig('small', 1));
  manifest = JSON.parse(text(out, 'demo.json'));
  for (const layer of Object.keys(DEMO_SCHEMAS) as DemoLayer[]) {
    layers[layer] = JSON.parse(text(out, manifest.files[layer]!)).features;
  }
}, 60_000);

describe('demo city files (small)', () => {
  it('names every file in the manifest, all GeoJSON at this scale, with matching counts', () => {
    const c = manifest.counts;
    expect(Object.values(manifest.files).every((n) => out.files.some((f) => f.name === n))).toBe(true);
    expect(Object.values(manifest.files).filter((n) => n.endsWith('.fgb'))).toEqual([]);
    expect(layers.buildings).toHaveLength(c.buildings);
    expect(c.buildings).toBe(20_000);
    expect(layers.grids.filter((f) => f.properties.level === 1)).toHaveLength(c.gridsL1);
    expect(layers.grids.filter((f) => f.properties.level === 2)).toHaveLength(c.gridsL2);
    expect(layers.grids.filter((f) => f.properties.level === 3)).toHaveLength(c.gridsL3);
    expect([c.gridsL1, c.gridsL2, c.gridsL3]).toEqual([4, 64, 328]);
    for (const k of ['roads', 'controlLines', 'parcels', 'greenSpaces', 'landUse', 'heightLimits', 'pipelines'] as const)
      expect(layers[k]).toHaveLength(c[k]);
  });

  it('uses exactly the contracted property names, unique ids and valid references', () => {
    const bad: string[] = [];
    for (const [layer, features] of Object.entries(layers) as [DemoLayer, Feature[]][]) {
      const allowed = new Set(DEMO_SCHEMAS[layer].columns.map((c) => c.name));
      const ids = new Set<string>();
      for (const f of features) {
        for (const k of Object.keys(f.properties)) if (!allowed.has(k)) bad.push(`${layer} ${f.properties.id}: property ${k}`);
        if (typeof f.properties.id !== 'string') bad.push(`${layer}: id ${f.properties.id}`);
        if (f.geometry.type !== DEMO_SCHEMAS[layer].geometryType) bad.push(`${layer} ${f.properties.id}: ${f.geometry.type}`);
        ids.add(f.properties.id);
      }
      if (ids.size !== features.length) bad.push(`${layer}: ${features.length - ids.size} duplicate ids`);
    }
    expect(bad).toEqual([]);
    const gridIds = new Map(layers.grids.map((f) => [f.properties.id, f.properties.level]));
    for (const g of layers.grids) {
      if (g.properties.level === 1) expect(g.properties.parentId).toBeNull();
      else expect(gridIds.get(g.properties.parentId)).toBe(g.properties.level - 1);
    }
    const parcelIds = new Set(layers.parcels.map((f) => f.properties.id));
    expect(layers.buildings.filter((b) => !parcelIds.has(b.properties.parcelId))).toEqual([]);
    for (const p of layers.parcels) expect(gridIds.get(p.properties.gridId)).toBe(3);
  });

  it('nests the grid: children add up to their parent, lie inside it, share edges and never overlap', () => {
    const polys = layers.grids.map(toPoly);
    const byId = new Map(polys.map((p) => [p.f.properties.id as string, p]));
    const childArea = new Map<string, number>();
    for (const p of polys) {
      const parent = p.f.properties.parentId as string | null;
      if (parent) childArea.set(parent, (childArea.get(parent) ?? 0) + ringAreaM2(p.xy));
    }
    for (const p of polys.filter((q) => q.f.properties.level < 3)) {
      const a = ringAreaM2(p.xy);
      expect(Math.abs(childArea.get(p.f.properties.id)! - a) / a).toBeLessThan(1e-6);
    }
    const bad: string[] = [];
    for (const p of polys.filter((q) => q.f.properties.parentId)) {
      const parent = byId.get(p.f.properties.parentId)!;
      for (let i = 0; i < p.xy.length; i += 2) {
        const onEdge = distanceToPolygonBoundary(p.xy[i], p.xy[i + 1], parent.xy) < 1e-6;
        if (!onEdge && !pointInPolygon(p.xy[i], p.xy[i + 1], parent.xy))
          bad.push(`${p.f.properties.id} vertex ${i / 2} outside ${parent.f.properties.id}`);
      }
    }
    // Every vertex of a cell that lies on a neighbour's boundary is a vertex of that neighbour (no T-junction gaps),
    // and no vertex lies strictly inside a sibling (no overlaps).
    const l3 = polys.filter((p) => p.f.properties.level === 3);
    const fb = index(l3);
    for (const p of l3) {
      for (let i = 0; i < p.xy.length - 2; i += 2) {
        const x = p.xy[i],
          y = p.xy[i + 1];
        for (const j of fb.search(x - 0.1, y - 0.1, x + 0.1, y + 0.1)) {
          const q = l3[j];
          if (q === p) continue;
          const d = distanceToPolygonBoundary(x, y, q.xy);
          if (d < 0.05) {
            let isVertex = false;
            for (let k = 0; k < q.xy.length; k += 2) if (q.xy[k] === x && q.xy[k + 1] === y) isVertex = true;
            if (!isVertex) bad.push(`${p.f.properties.id} vertex ${i / 2} lies on ${q.f.properties.id}'s edge but is not its vertex`);
          } else if (pointInPolygon(x, y, q.xy)) {
            bad.push(`${p.f.properties.id} vertex ${i / 2} inside ${q.f.properties.id}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("places every building inside exactly one L3 cell (its parcel's) and inside its parcel", () => {
    const l3 = layers.grids.filter((f) => f.properties.level === 3).map(toPoly);
    const fb = index(l3);
    const parcels = new Map(layers.parcels.map((f) => [f.properties.id as string, toPoly(f)]));
    const bad: string[] = [];
    for (const b of layers.buildings.map(toPoly)) {
      const id = b.f.properties.id;
      const containing = fb.search(...b.bbox).filter((j) => {
        const c = l3[j];
        for (let i = 0; i < b.ends[0] * 2; i += 2) if (!pointInPolygon(b.xy[i], b.xy[i + 1], c.xy)) return false;
        return true;
      });
      if (containing.length !== 1) bad.push(`${id} is inside ${containing.length} L3 cells`);
      const parcel = parcels.get(b.f.properties.parcelId)!;
      if (containing.length === 1 && l3[containing[0]].f.properties.id !== parcel.f.properties.gridId)
        bad.push(`${id} not in its parcel's L3`);
      for (let i = 0; i < b.ends[0] * 2; i += 2)
        if (!pointInPolygon(b.xy[i], b.xy[i + 1], parcel.xy)) bad.push(`${id} vertex ${i / 2} outside its parcel`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps every building out of every road corridor (centreline +- widthM / 2)', () => {
    const { segs, fb } = roadSegments();
    let closest = Infinity;
    let covered = 0;
    for (const b of layers.buildings.map(toPoly)) {
      for (const j of fb.search(...b.bbox)) {
        const { s, half } = segs[j];
        for (let i = 2; i < b.ends[0] * 2; i += 2) {
          const d = segmentSegmentDistance(b.xy[i - 2], b.xy[i - 1], b.xy[i], b.xy[i + 1], s[0], s[1], s[2], s[3]) - half;
          closest = Math.min(closest, d);
        }
        if (pointInPolygon(s[0], s[1], b.xy, b.ends)) covered++;
      }
    }
    expect(covered).toBe(0);
    expect(closest).toBeGreaterThan(0);
  });

  it('gives buildings realistic storeys and the DEM ground height', () => {
    const uses = new Set<string>();
    const bad: string[] = [];
    for (const b of layers.buildings) {
      const { id, heightM, floors, baseM, use } = b.properties;
      if (!(heightM / floors >= 3 && heightM / floors <= 4.5)) bad.push(`${id}: ${heightM} m / ${floors} floors`);
      const ring = b.geometry.coordinates[0] as number[][];
      const ground = Math.min(...ring.map((p) => demHeightM(p[0], p[1])));
      if (!(Math.abs(baseM - ground) < 0.01)) bad.push(`${id}: baseM ${baseM} vs DEM ${ground}`);
      uses.add(use);
    }
    expect(bad).toEqual([]);
    expect([...uses].sort()).toEqual(['07', '08', '09', '10', '11', '13']);
    expect(Math.max(...layers.buildings.map((b) => b.properties.heightM))).toBeGreaterThan(150);
    expect(layers.buildings.some((b) => b.geometry.coordinates.length === 2)).toBe(true);
    expect(layers.buildings.some((b) => b.geometry.coordinates[0].length === 7)).toBe(true);
  });

  it('meets the planning conditions everywhere except the listed deliberate violations', () => {
    const areaOf = (f: Feature) => {
      const p = toPoly(f);
      return polygonAreaM2(p.xy, p.ends);
    };
    const byParcel = new Map<string, { fp: number; fa: number; h: number; green: number; polys: Poly[] }>();
    const get = (id: string) => byParcel.get(id) ?? byParcel.set(id, { fp: 0, fa: 0, h: 0, green: 0, polys: [] }).get(id)!;
    for (const b of layers.buildings) {
      const s = get(b.properties.parcelId);
      const p = toPoly(b);
      const a = polygonAreaM2(p.xy, p.ends);
      s.fp += a;
      s.fa += a * b.properties.floors;
      s.h = Math.max(s.h, b.properties.heightM);
      s.polys.push(p);
    }
    for (const g of layers.greenSpaces) get(g.properties.parcelId).green += areaOf(g);
    // A parcel edge is a red line when its midpoint lies on a road corridor's edge.
    const roads = roadSegments();
    const redEdges = (p: Poly) => {
      const edges: number[][] = [];
      for (let i = 2; i < p.ends[0] * 2; i += 2) {
        const mx = (p.xy[i - 2] + p.xy[i]) / 2,
          my = (p.xy[i - 1] + p.xy[i + 1]) / 2;
        const near = roads.fb.search(mx - 1, my - 1, mx + 1, my + 1).some((j) => {
          const { s, half } = roads.segs[j];
          return Math.abs(segmentSegmentDistance(mx, my, mx, my, s[0], s[1], s[2], s[3]) - half) < 2;
        });
        if (near) edges.push([p.xy[i - 2], p.xy[i - 1], p.xy[i], p.xy[i + 1]]);
      }
      return edges;
    };
    const expected = new Map(manifest.deliberateViolations.map((v) => [v.parcelId, v.condition]));
    expect(expected.size).toBeGreaterThan(5);
    expect(new Set(expected.values()).size).toBe(5);
    const bad: string[] = [];
    for (const parcel of layers.parcels) {
      const c = parcel.properties.conditions;
      const t = c.tolerances;
      const s = get(parcel.properties.id);
      const p = toPoly(parcel);
      const area = ringAreaM2(p.xy);
      const far = s.fa / area,
        cov = s.fp / area,
        green = s.green / area;
      let setback = Infinity;
      const edges = redEdges(p);
      for (const b of s.polys) {
        for (let i = 2; i < b.ends[0] * 2; i += 2) {
          for (const e of edges)
            setback = Math.min(setback, segmentSegmentDistance(b.xy[i - 2], b.xy[i - 1], b.xy[i], b.xy[i + 1], e[0], e[1], e[2], e[3]));
        }
      }
      const broken: string[] = [];
      if (far > c.farMax + t.far) broken.push('farMax');
      if (far < c.farMin - t.far) broken.push('farMin');
      if (cov > c.coverageMax + t.coverage) broken.push('coverageMax');
      if (green < c.greenRatioMin - t.greenRatio) broken.push('greenRatioMin');
      if (s.h > c.heightMaxM + t.heightM) broken.push('heightMaxM');
      if (c.setbacksM.red !== undefined && setback < c.setbacksM.red - t.setbackM) broken.push('setbacksM.red');
      const want = expected.get(parcel.properties.id);
      if (broken.join() !== (want ?? ''))
        bad.push(`${parcel.properties.id}: breaks [${broken}] but ${want ? `only ${want}` : 'none'} was planted`);
    }
    expect(bad).toEqual([]);
  });

  it('records buildings whose use conflicts with the planned land use', () => {
    const conflicts = manifest.landUseConflicts ?? [];
    expect(conflicts.length).toBeGreaterThanOrEqual(3);
    const planned = new Map(layers.parcels.map((p) => [p.properties.id, p.properties.landUse]));
    const byId = new Map(layers.buildings.map((b) => [b.properties.id, b.properties]));
    for (const c of conflicts) {
      expect(byId.get(c.buildingId)!.use).toBe(c.actualUse);
      expect(planned.get(c.parcelId)).toBe(c.plannedUse);
      expect(c.actualUse).not.toBe(c.plannedUse);
    }
  });

  it('ships a second plan version over the same parcels that re-zones some of them', () => {
    expect(manifest.planVersions?.map((v) => v.file)).toEqual([manifest.files.landUse, manifest.files.landUse2035]);
    const current = new Map(layers.landUse.map((f) => [f.properties.id, f.properties.code]));
    const next = layers.landUse2035;
    expect(next.map((f) => f.properties.id).sort()).toEqual([...current.keys()].sort());
    const changed = next.filter((f) => f.properties.code !== current.get(f.properties.id));
    expect(changed.length).toBeGreaterThan(next.length * 0.03);
    expect(changed.length).toBeLessThan(next.length * 0.5);
    // Water and parks stay what they are; only built-up parcels are re-zoned.
    for (const f of changed) expect(['07', '10', '11']).toContain(current.get(f.properties.id));
  });

  it('writes SensorThings Things of every type inside the city, with thresholds', () => {
    const { Things } = JSON.parse(text(out, manifest.files.sensors));
    expect(Things).toHaveLength(manifest.counts.sensors);
    const types = new Set(Things.map((t: any) => t.properties.type));
    expect([...types].sort()).toEqual([...SENSOR_TYPE_IDS].sort());
    const [w, s, e, n] = manifest.bboxLonLatDeg;
    let streams = 0;
    const bad: string[] = [];
    for (const t of Things) {
      const [lon, lat] = t.Locations[0].location.coordinates;
      if (!(lon >= w && lon <= e && lat >= s && lat <= n)) bad.push(`Thing ${t['@iot.id']} outside the city`);
      if (typeof t.Locations[0].properties.depthM !== 'number') bad.push(`Thing ${t['@iot.id']} has no depthM`);
      for (const d of t.Datastreams) {
        const p = d.properties;
        if (!['above', 'below'].includes(p.thresholds.direction) || !(p.rangeMax > p.rangeMin)) bad.push(`Datastream ${d['@iot.id']}`);
        streams++;
      }
    }
    expect(bad).toEqual([]);
    expect(streams).toBe(manifest.counts.datastreams);
    expect(streams).toBeGreaterThanOrEqual(1000);
    expect(streams).toBeLessThanOrEqual(2000);
    const elevators = Things.filter((t: any) => t.properties.type === 'elevator');
    expect(elevators.every((t: any) => t.Locations[0].properties.depthM < 0)).toBe(true);
  });

  it('puts sensors on their assets: pipe sensors on their pipeline at its interpolated cover depth, manhole covers at ground on the drain, lifts on their roof', () => {
    const { Things } = JSON.parse(text(out, manifest.files.sensors));
    const pipes = new Map(layers.pipelines.map((f) => [f.properties.id, f]));
    const buildings = new Map(layers.buildings.map((f) => [f.properties.id, f]));
    const bad: string[] = [];
    let onPipes = 0;
    let onRoofs = 0;
    for (const t of Things) {
      const { type, assetId, assetKind } = t.properties;
      const loc = t.Locations[0];
      const [lon, lat, z] = loc.location.coordinates;
      if (assetKind === 'pipeline') {
        const pipe = pipes.get(assetId);
        if (!pipe) {
          bad.push(`${t['@iot.id']}: no pipeline ${assetId}`);
          continue;
        }
        const p = snapToPipe(pipe.geometry.coordinates.flat(), pipe.properties.startDepthM, pipe.properties.endDepthM, lon, lat);
        const expectedDepth = type === 'gas' || type === 'water_pressure' ? p.depthM : 0;
        // Hydrants stand at the kerb beside the main; the others sit on it.
        if (type !== 'hydrant' && p.distanceM > 0.5) bad.push(`${t['@iot.id']} (${type}) ${p.distanceM.toFixed(2)} m off ${assetId}`);
        if (Math.abs(loc.properties.depthM - expectedDepth) > 0.011)
          bad.push(`${t['@iot.id']} (${type}) depth ${loc.properties.depthM}, pipe there ${p.depthM.toFixed(2)}`);
        if (type === 'manhole_cover' && pipe.properties.kind !== 'drainage')
          bad.push(`${t['@iot.id']}: manhole on ${pipe.properties.kind}`);
        onPipes++;
      }
      if (type === 'elevator') {
        const b = buildings.get(assetId);
        const poly = b && toPoly(b);
        const [x, y] = toGkFlat([lon, lat], 38, new Float64Array(2)) as Float64Array;
        if (!b || !poly || !pointInPolygon(x, y, poly.xy, poly.ends)) bad.push(`${t['@iot.id']}: not inside building ${assetId}`);
        else if (Math.abs(z - (b.properties.baseM + b.properties.heightM)) > 0.011)
          bad.push(`${t['@iot.id']}: z ${z}, roof ${b.properties.baseM + b.properties.heightM}`);
        onRoofs++;
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(onPipes).toBeGreaterThan(100);
    expect(onRoofs).toBeGreaterThan(10);
  });

  it('writes a DEM GeoTIFF that reads back with the manifest bbox and covers the data', async () => {
    const bytes = out.files.find((f) => f.name === manifest.files.dem)!.chunks[0] as Uint8Array;
    const r = await readGeoTiffFloat32(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect([r.width, r.height]).toEqual([manifest.dem.width, manifest.dem.height]);
    r.bboxLonLatDeg.forEach((v, i) => expect(v).toBeCloseTo(manifest.dem.bboxLonLatDeg[i], 9));
    const [w, s, e, n] = manifest.bboxLonLatDeg;
    expect(r.bboxLonLatDeg[0] < w && r.bboxLonLatDeg[1] < s && r.bboxLonLatDeg[2] > e && r.bboxLonLatDeg[3] > n).toBe(true);
    const dLon = (r.bboxLonLatDeg[2] - r.bboxLonLatDeg[0]) / r.width;
    const dLat = (r.bboxLonLatDeg[3] - r.bboxLonLatDeg[1]) / r.height;
    for (const [i, j] of [
      [0, 0],
      [r.width - 1, r.height - 1],
      [17, 42],
    ]) {
      const v = demHeightM(r.bboxLonLatDeg[0] + (i + 0.5) * dLon, r.bboxLonLatDeg[3] - (j + 0.5) * dLat);
      expect(r.values[j * r.width + i]).toBeCloseTo(v, 3);
    }
    expect(manifest.dem.minM).toBeGreaterThan(80);
    expect(manifest.dem.maxM).toBeLessThan(150);
  });
});

describe('determinism', () => {
  const tiny = (seed: number) => demoConfig('small', seed, { buildings: 1500, gridsL1: 1, gridsL2: 4, gridsL3: 12, l1Cols: 1, l1Rows: 1 });
  const bytes = (o: DemoOutput) =>
    o.files.map((f) => `${f.name}:${f.chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('base64'))).join('')}`);

  it('writes byte-identical files for the same seed and a different city for another seed', () => {
    const a = bytes(buildDemoOutput(tiny(42)));
    const b = bytes(buildDemoOutput(tiny(42)));
    expect(a).toEqual(b);
    const c = bytes(buildDemoOutput(tiny(43)));
    const differing = a.filter((f, i) => f !== c[i]).length;
    expect(differing).toBeGreaterThan(8);
  });
});

describe('demo tours', () => {
  it('lists an overview and an underground tour, each a valid tour file over the city', () => {
    expect(manifest.tours?.map((t) => t.id)).toEqual(['overview', 'underground']);
    const [w, s, e, n] = manifest.bboxLonLatDeg;
    for (const entry of manifest.tours!) {
      const tour = validateTour(JSON.parse(text(out, entry.file)), entry.file);
      expect(tour.id).toBe(entry.id);
      for (const k of tour.keyframes) {
        // Within a city's width of the city, and above the ground.
        expect(k.camera.lonDeg).toBeGreaterThan(w - (e - w));
        expect(k.camera.lonDeg).toBeLessThan(e + (e - w));
        expect(k.camera.latDeg).toBeGreaterThan(s - (n - s));
        expect(k.camera.latDeg).toBeLessThan(n + (n - s));
        expect(k.camera.heightM).toBeGreaterThan(manifest.dem.maxM + 50);
      }
    }
  });

  it('the underground tour holds over the first gas sensor (the scripted leak) with pipelines and sensors on', () => {
    const tour = validateTour(JSON.parse(text(out, 'tour-underground.json')), 'u');
    const things = JSON.parse(text(out, manifest.files.sensors)).Things as {
      properties: { type: string };
      Locations: { location: { coordinates: number[] } }[];
    }[];
    const [gx, gy] = things.find((t) => t.properties.type === 'gas')!.Locations[0].location.coordinates;
    const close = tour.keyframes.find((k) => Math.hypot((k.camera.lonDeg - gx) * 91_000, (k.camera.latDeg - gy) * 111_000) < 400);
    expect(close?.holdS).toBeGreaterThan(0);
    expect(tour.keyframes[0].layers).toMatchObject({ pipelines: true, sensors: true });
    expect(tour.keyframes[0].underground).toBe(true);
  });
});
