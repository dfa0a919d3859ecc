// The demo city as written, for planning: the conditions met except the deliberate violations, land-use conflicts
// recorded, and a second plan version over the same parcels.
import { describe, expect, it } from 'vitest';
import { polygonAreaM2, ringAreaM2 } from '../core/geom/area';
import { segmentSegmentDistance } from '../core/geom/segment';
import { type Feature, type Poly, toPoly, roadSegments, demoLayersBeforeAll } from './demoOutput.fixture';

const city = demoLayersBeforeAll();

describe('demo city files (small): planning', () => {
  it('meets the planning conditions everywhere except the listed deliberate violations', () => {
    const areaOf = (f: Feature) => {
      const p = toPoly(f);
      return polygonAreaM2(p.xy, p.ends);
    };
    const byParcel = new Map<string, { fp: number; fa: number; h: number; green: number; polys: Poly[] }>();
    const get = (id: string) => byParcel.get(id) ?? byParcel.set(id, { fp: 0, fa: 0, h: 0, green: 0, polys: [] }).get(id)!;
    for (const b of city.layers.buildings) {
      const s = get(b.properties.parcelId);
      const p = toPoly(b);
      const a = polygonAreaM2(p.xy, p.ends);
      s.fp += a;
      s.fa += a * b.properties.floors;
      s.h = Math.max(s.h, b.properties.heightM);
      s.polys.push(p);
    }
    for (const g of city.layers.greenSpaces) get(g.properties.parcelId).green += areaOf(g);
    // A parcel edge is a red line when its midpoint lies on a road corridor's edge.
    const roads = roadSegments(city.layers.roads);
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
    const expected = new Map(city.manifest.deliberateViolations.map((v) => [v.parcelId, v.condition]));
    expect(expected.size).toBeGreaterThan(5);
    expect(new Set(expected.values()).size).toBe(5);
    const bad: string[] = [];
    for (const parcel of city.layers.parcels) {
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
    const conflicts = city.manifest.landUseConflicts ?? [];
    expect(conflicts.length).toBeGreaterThanOrEqual(3);
    const planned = new Map(city.layers.parcels.map((p) => [p.properties.id, p.properties.landUse]));
    const byId = new Map(city.layers.buildings.map((b) => [b.properties.id, b.properties]));
    for (const c of conflicts) {
      expect(byId.get(c.buildingId)!.use).toBe(c.actualUse);
      expect(planned.get(c.parcelId)).toBe(c.plannedUse);
      expect(c.actualUse).not.toBe(c.plannedUse);
    }
  });

  it('ships a second plan version over the same parcels that re-zones some of them', () => {
    expect(city.manifest.planVersions?.map((v) => v.file)).toEqual([city.manifest.files.landUse, city.manifest.files.landUse2035]);
    const current = new Map(city.layers.landUse.map((f) => [f.properties.id, f.properties.code]));
    const next = city.layers.landUse2035;
    expect(next.map((f) => f.properties.id).sort()).toEqual([...current.keys()].sort());
    const changed = next.filter((f) => f.properties.code !== current.get(f.properties.id));
    expect(changed.length).toBeGreaterThan(next.length * 0.03);
    expect(changed.length).toBeLessThan(next.length * 0.5);
    // Water and parks stay what they are; only built-up parcels are re-zoned.
    for (const f of changed) expect(['07', '10', '11']).toContain(current.get(f.properties.id));
  });
});
