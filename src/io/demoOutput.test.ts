// End-to-end checks of the demo city as written: the manifest, properties, grid nesting, buildings in their cells
// and out of road corridors, storeys; determinism; the tours.
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../core/demo/config';
import { demHeightM } from '../core/demo/dem';
import { DEMO_SCHEMAS, type DemoLayer } from '../core/demo/schemas';
import { ringAreaM2 } from '../core/geom/area';
import { distanceToPolygonBoundary, pointInPolygon } from '../core/geom/pointInPolygon';
import { segmentSegmentDistance } from '../core/geom/segment';
import { validateTour } from '../core/tour/tourSchema';
import { buildDemoOutput, type DemoOutput } from './demoOutput';
import { type Feature, text, toPoly, index, roadSegments, demoLayersBeforeAll } from './demoOutput.fixture';

const city = demoLayersBeforeAll();

describe('demo city files (small)', () => {
  it('names every file in the manifest, all GeoJSON at this scale, with matching counts', () => {
    const c = city.manifest.counts;
    expect(Object.values(city.manifest.files).every((n) => city.out.files.some((f) => f.name === n))).toBe(true);
    expect(Object.values(city.manifest.files).filter((n) => n.endsWith('.fgb'))).toEqual([]);
    expect(city.layers.buildings).toHaveLength(c.buildings);
    expect(c.buildings).toBe(20_000);
    expect(city.layers.grids.filter((f) => f.properties.level === 1)).toHaveLength(c.gridsL1);
    expect(city.layers.grids.filter((f) => f.properties.level === 2)).toHaveLength(c.gridsL2);
    expect(city.layers.grids.filter((f) => f.properties.level === 3)).toHaveLength(c.gridsL3);
    expect([c.gridsL1, c.gridsL2, c.gridsL3]).toEqual([4, 64, 328]);
    for (const k of ['roads', 'controlLines', 'parcels', 'greenSpaces', 'landUse', 'heightLimits', 'pipelines'] as const)
      expect(city.layers[k]).toHaveLength(c[k]);
  });

  it('uses exactly the contracted property names, unique ids and valid references', () => {
    const bad: string[] = [];
    for (const [layer, features] of Object.entries(city.layers) as [DemoLayer, Feature[]][]) {
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
    const gridIds = new Map(city.layers.grids.map((f) => [f.properties.id, f.properties.level]));
    for (const g of city.layers.grids) {
      if (g.properties.level === 1) expect(g.properties.parentId).toBeNull();
      else expect(gridIds.get(g.properties.parentId)).toBe(g.properties.level - 1);
    }
    const parcelIds = new Set(city.layers.parcels.map((f) => f.properties.id));
    expect(city.layers.buildings.filter((b) => !parcelIds.has(b.properties.parcelId))).toEqual([]);
    for (const p of city.layers.parcels) expect(gridIds.get(p.properties.gridId)).toBe(3);
  });

  it('nests the grid: children add up to their parent, lie inside it, share edges and never overlap', () => {
    const polys = city.layers.grids.map(toPoly);
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
    const l3 = city.layers.grids.filter((f) => f.properties.level === 3).map(toPoly);
    const fb = index(l3);
    const parcels = new Map(city.layers.parcels.map((f) => [f.properties.id as string, toPoly(f)]));
    const bad: string[] = [];
    for (const b of city.layers.buildings.map(toPoly)) {
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
    const { segs, fb } = roadSegments(city.layers.roads);
    let closest = Infinity;
    let covered = 0;
    for (const b of city.layers.buildings.map(toPoly)) {
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
    for (const b of city.layers.buildings) {
      const { id, heightM, floors, baseM, use } = b.properties;
      if (!(heightM / floors >= 3 && heightM / floors <= 4.5)) bad.push(`${id}: ${heightM} m / ${floors} floors`);
      const ring = b.geometry.coordinates[0] as number[][];
      const ground = Math.min(...ring.map((p) => demHeightM(p[0], p[1])));
      if (!(Math.abs(baseM - ground) < 0.01)) bad.push(`${id}: baseM ${baseM} vs DEM ${ground}`);
      uses.add(use);
    }
    expect(bad).toEqual([]);
    expect([...uses].sort()).toEqual(['07', '08', '09', '10', '11', '13']);
    expect(Math.max(...city.layers.buildings.map((b) => b.properties.heightM))).toBeGreaterThan(150);
    expect(city.layers.buildings.some((b) => b.geometry.coordinates.length === 2)).toBe(true);
    expect(city.layers.buildings.some((b) => b.geometry.coordinates[0].length === 7)).toBe(true);
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
    expect(city.manifest.tours?.map((t) => t.id)).toEqual(['overview', 'underground']);
    const [w, s, e, n] = city.manifest.bboxLonLatDeg;
    for (const entry of city.manifest.tours!) {
      const tour = validateTour(JSON.parse(text(city.out, entry.file)), entry.file);
      expect(tour.id).toBe(entry.id);
      for (const k of tour.keyframes) {
        // Within a city's width of the city, and above the ground.
        expect(k.camera.lonDeg).toBeGreaterThan(w - (e - w));
        expect(k.camera.lonDeg).toBeLessThan(e + (e - w));
        expect(k.camera.latDeg).toBeGreaterThan(s - (n - s));
        expect(k.camera.latDeg).toBeLessThan(n + (n - s));
        expect(k.camera.heightM).toBeGreaterThan(city.manifest.dem.maxM + 50);
      }
    }
  });

  it('the underground tour holds over the first gas sensor (the scripted leak) with pipelines and sensors on', () => {
    const tour = validateTour(JSON.parse(text(city.out, 'tour-underground.json')), 'u');
    const things = JSON.parse(text(city.out, city.manifest.files.sensors)).Things as {
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
