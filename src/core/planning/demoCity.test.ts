// The review engine on the demo city (small scale, seed 1, generated in memory as `cim demo` would write it):
// every planted violation is found, alone, and nothing else is; the one-map use check finds the planted conflicts.
// Parcels that overlap another parcel cannot be judged (their buildings belong to both): the first test fails
// while the demo has any, and the others check the parcels that do not.
import { beforeAll, describe, expect, it } from 'vitest';
import { toMetric } from '../crs/metric';
import { demoConfig, LAYOUT_GK_ZONE } from '../demo/config';
import { generateDemoCity, type DemoResult, type DemoSinks } from '../demo/generate';
import { DEMO_LAYERS, type DemoLayer } from '../demo/schemas';
import { MemorySink, type FlatGeometry, type Properties } from '../demo/sink';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { validateConditions } from './conditionsSchema';
import { heightExceedances } from './heightExceedances';
import { bboxGap, coordsBbox, featuresNear, overlapAreaM2, packMetricPolygons, type Bbox } from './metricPolygon';
import { reviewParcel, type ParcelReviewDetail } from './reviewParcel';
import type { HeightZone, LineColour, MetricPolygon, ReviewBuilding, ReviewLine } from './types';
import { useConflicts } from './useConflicts';

const zone = LAYOUT_GK_ZONE;

interface Feature {
  geometry: FlatGeometry;
  properties: Properties;
}

let sinks: Record<DemoLayer, MemorySink>;
let manifest: DemoResult;

function features(layer: DemoLayer): Feature[] {
  return sinks[layer].features;
}

// Polygons (outer ring + holes) and lines straight from the generator's lon/lat to GK zone 38, the demo's metric frame.
function polygon(f: Feature): MetricPolygon {
  return { coords: toMetric(Float64Array.from(f.geometry.coords), 'EPSG:4490', zone).xyM, ringEnds: Array.from(f.geometry.ringEnds!) };
}

function bboxes(polys: { coords: Float64Array }[]): Float64Array {
  const out = new Float64Array(polys.length * 4);
  polys.forEach((p, i) => out.set(coordsBbox(p.coords), i * 4));
  return out;
}

let reviews: Map<string, ParcelReviewDetail>;
let buildings: ReviewBuilding[];
/** Generated parcel of each building (to set aside the overlapping parcels' buildings, never given to the engine). */
let generatedOn: string[];
let zones: HeightZone[];
let points: Float64Array;
/** Parcels overlapping another parcel by more than 1 m². */
let overlapping: Set<string>;
let elapsedMs = 0;

beforeAll(() => {
  sinks = Object.fromEntries(DEMO_LAYERS.map((l) => [l, new MemorySink()])) as Record<DemoLayer, MemorySink>;
  manifest = generateDemoCity(demoConfig('small', 1), sinks as DemoSinks);
  const t0 = performance.now();
  const buildingFeatures = features('buildings');
  buildings = buildingFeatures.map((f) => ({
    id: String(f.properties.id),
    footprint: polygon(f),
    heightM: Number(f.properties.heightM),
    floors: Number(f.properties.floors),
    use: String(f.properties.use),
  }));
  generatedOn = buildingFeatures.map((f) => String(f.properties.parcelId));
  const greens = features('greenSpaces').map(polygon);
  const lines: ReviewLine[] = features('controlLines').map((f) => ({
    id: String(f.properties.id),
    kind: f.properties.kind as LineColour,
    name: String(f.properties.name),
    refId: String(f.properties.refId),
    coords: toMetric(Float64Array.from(f.geometry.coords), 'EPSG:4490', zone).xyM,
  }));
  points = pointsOnSurface(packMetricPolygons(buildings.map((b) => b.footprint)));
  zones = features('heightLimits').map((f) => ({
    id: String(f.properties.id),
    name: String(f.properties.name),
    maxHeightM: Number(f.properties.maxHeightM),
    footprint: polygon(f),
  }));
  const bBoxes = bboxes(buildings.map((b) => b.footprint));
  const gBoxes = bboxes(greens);
  const lBoxes = bboxes(lines);
  const parcels = features('parcels').map((f) => ({ f, footprint: polygon(f) }));
  const pBoxes = parcels.map((p) => coordsBbox(p.footprint.coords));
  overlapping = new Set();
  parcels.forEach((p, i) => {
    for (let j = i + 1; j < parcels.length; j++) {
      if (bboxGap(pBoxes[i], pBoxes[j]) > 0 || overlapAreaM2(p.footprint, parcels[j].footprint) <= 1) continue;
      overlapping.add(String(p.f.properties.id)).add(String(parcels[j].f.properties.id));
    }
  });
  reviews = new Map();
  for (const { f, footprint } of parcels) {
    const id = String(f.properties.id);
    const box: Bbox = coordsBbox(footprint.coords);
    const review = reviewParcel({
      parcel: { id, landUse: String(f.properties.landUse), footprint },
      conditions: validateConditions(f.properties.conditions, `parcels feature ${id}`),
      buildings: featuresNear(bBoxes, box, 50).map((i) => buildings[i]),
      greens: featuresNear(gBoxes, box, 0).map((i) => greens[i]),
      lines: featuresNear(lBoxes, box, 500).map((i) => lines[i]),
      heightZones: zones,
    });
    reviews.set(id, review);
  }
  elapsedMs = performance.now() - t0;
}, 120_000);

const judged = <T extends { parcelId: string }>(list: T[]) => list.filter((x) => !overlapping.has(x.parcelId));

describe('reviewParcel on the demo city', () => {
  it('has no overlapping parcels (src/core/demo/parcels.ts must cut each block once: it draws every inner cut twice)', () => {
    expect([...overlapping].sort()).toEqual([]);
  });

  it('reviews all 806 parcels, their conditions valid by the schema, in well under 20 s', () => {
    expect(reviews.size).toBe(806);
    expect(elapsedMs).toBeLessThan(20_000);
    expect(judged(manifest.deliberateViolations).length).toBeGreaterThan(5);
  });

  it('finds each deliberate violation as exactly its own failed planning condition', () => {
    for (const v of judged(manifest.deliberateViolations)) {
      const r = reviews.get(v.parcelId)!;
      const failed = r.items.filter((i) => i.department === 'planning' && i.verdict === 'fail' && i.condition).map((i) => i.condition);
      expect({ parcel: v.parcelId, failed }).toEqual({ parcel: v.parcelId, failed: [v.condition] });
    }
  });

  it('passes every other automatic planning item of every parcel; land use fails only where a conflict was planted', () => {
    const violation = new Map(manifest.deliberateViolations.map((v) => [v.parcelId, `planning.${v.condition}`]));
    const conflicted = new Set(manifest.landUseConflicts.map((c) => c.parcelId));
    const wrong: string[] = [];
    for (const r of judged([...reviews.values()])) {
      const failed = r.items
        .filter((i) => i.department === 'planning' && i.verdict === 'fail' && i.id !== 'planning.heightZones')
        .map((i) => i.id)
        .sort();
      const expected = [violation.get(r.parcelId), conflicted.has(r.parcelId) ? 'planning.landUse' : undefined]
        .filter((x): x is string => !!x)
        .sort();
      if (failed.join() !== expected.join())
        wrong.push(`${r.parcelId}: ${failed.join(', ') || 'none'} (expected ${expected.join(', ') || 'none'})`);
    }
    expect(wrong).toEqual([]);
  });

  it('names the planted land-use conflicts as the offenders of the land-use item', () => {
    for (const c of judged(manifest.landUseConflicts)) {
      expect(reviews.get(c.parcelId)!.items.find((i) => i.id === 'planning.landUse')!.offenders).toEqual([c.buildingId]);
    }
  });

  it('assigns every building to the parcel it was generated on, none over a boundary', () => {
    const owner = new Map<string, string>();
    for (const r of judged([...reviews.values()])) {
      for (const id of r.metrics.buildingIds) owner.set(id, r.parcelId);
      expect(r.crossings).toEqual([]);
    }
    const wrong = buildings.filter((b, i) => !overlapping.has(generatedOn[i]) && owner.get(b.id) !== generatedOn[i]).map((b) => b.id);
    expect(wrong).toEqual([]);
  });

  it('fails the height-zone item exactly for the buildings heightExceedances lists beyond the height tolerance', () => {
    const exceeding = heightExceedances(
      points,
      buildings.map((b) => b.heightM ?? NaN),
      zones,
    )
      .filter((e) => e.excessM > 1)
      .map((e) => buildings[e.index].id);
    expect(exceeding.length).toBeGreaterThan(0);
    const offenders = judged([...reviews.values()]).flatMap((r) => r.items.find((i) => i.id === 'planning.heightZones')!.offenders);
    const judgedExceeding = exceeding.filter((id) => !overlapping.has(generatedOn[buildings.findIndex((b) => b.id === id)]));
    expect(offenders.sort()).toEqual(judgedExceeding.sort());
  });
});

describe('clean and planted parcels of the demo city', () => {
  it('passes every automatic item of every department on each parcel with nothing planted', () => {
    const planted = new Set(
      [...manifest.deliberateViolations, ...manifest.landUseConflicts, ...manifest.heightZoneBreaches].map((v) => v.parcelId),
    );
    const wrong: string[] = [];
    for (const r of judged([...reviews.values()])) {
      if (planted.has(r.parcelId)) continue;
      const failed = r.items.filter((i) => i.mode === 'auto' && i.verdict === 'fail');
      if (failed.length) wrong.push(`${r.parcelId}: ${failed.map((i) => `${i.id} ${i.actual ?? ''} ${i.requiredText ?? ''}`).join('; ')}`);
    }
    expect(wrong).toEqual([]);
    expect(reviews.size - planted.size).toBeGreaterThan(700);
  });

  it('fails the height-zone item of each parcel built before its zone, naming exactly its recorded buildings', () => {
    expect(manifest.heightZoneBreaches.length).toBeGreaterThan(0);
    for (const b of judged(manifest.heightZoneBreaches)) {
      const item = reviews.get(b.parcelId)!.items.find((i) => i.id === 'planning.heightZones')!;
      expect({ parcel: b.parcelId, verdict: item.verdict, offenders: [...item.offenders].sort() }).toEqual({
        parcel: b.parcelId,
        verdict: 'fail',
        offenders: [...b.buildingIds].sort(),
      });
    }
  });
});

describe('one-map analyses on the demo city', () => {
  it('useConflicts over the land-use layer reproduces the manifest landUseConflicts exactly', () => {
    const landUse = features('landUse').map((f) => ({
      id: String(f.properties.id),
      code: String(f.properties.code),
      footprint: polygon(f),
    }));
    const found = useConflicts(points, (i) => buildings[i].use, landUse)
      .filter((c) => !overlapping.has(generatedOn[c.index]))
      .map((c) => ({
        buildingId: buildings[c.index].id,
        parcelId: `P-${c.landUseId.slice(3)}`,
        plannedUse: c.plannedUse,
        actualUse: c.actualUse,
      }));
    expect(found).toEqual(judged(manifest.landUseConflicts));
  });

  it('heightExceedances sorts by excess, largest first', () => {
    const out = heightExceedances(
      points,
      buildings.map((b) => b.heightM ?? NaN),
      zones,
    );
    for (let k = 1; k < out.length; k++) expect(out[k].excessM).toBeLessThanOrEqual(out[k - 1].excessM);
    for (const e of out) expect(e.heightM - e.limitM).toBeCloseTo(e.excessM, 9);
  });
});
