import { describe, expect, it } from 'vitest';
import { toMetric } from '../crs/metric';
import { Rng } from '../util/random';
import { packRings, type RingPolygons } from '../spatial/packRings';
import { referenceAssign } from '../spatial/referenceJoin';
import { latticeRings, probePoints } from '../spatial/syntheticGrid';
import { readDatastreamCatalogue } from './catalogue';
import { STATE_ALARM, STATE_NORMAL, STATE_OFFLINE, STATE_STALE, STATE_WARNING } from './states';
import { countPerGrid, locateThingsInGrids, thingLonLatDeg, type GridCells, type ThingGrids } from './thingGrids';
import { NO_STATE } from './thingStates';

const COLS = 6;
const ROWS = 5;
const CELL_DEG = 0.004;
/** L3 cells of a jittered lattice near Zhengzhou in lon/lat degrees, with a filled hole, an empty hole and a MultiPolygon cell. */
const L3_RINGS = latticeRings({
  cols: COLS,
  rows: ROWS,
  cellM: CELL_DEG,
  originXM: 113.6,
  originYM: 34.7,
  jitter: 0.2,
  snapM: 2 ** -30,
  holes: 1,
  gaps: 1,
  multi: 1,
  seed: 5,
});

const square = (x0: number, y0: number, x1: number, y1: number): RingPolygons => [[[x0, y0, x1, y0, x1, y1, x0, y1]]];
const bx = (k: number) => 113.6 + k * CELL_DEG;
const by = (k: number) => 34.7 + k * CELL_DEG;

/**
 * File order mixes the levels: L1 west/east, then the L3 cells, with four L2 blocks in between. L3 cell k's parent is
 * L2 `b${k % 4}` (b0, b1 under west; b2, b3 under east), except one cell without a parentId and one whose parent is missing.
 */
function gridFile(): { cells: GridCells; l3Features: number[] } {
  const rings: RingPolygons[] = [square(bx(-1), by(-1), bx(3), by(ROWS + 1)), square(bx(3), by(-1), bx(COLS + 1), by(ROWS + 1))];
  const ids = ['west', 'east'];
  const level = [1, 1];
  const name: (string | null)[] = ['West district', null];
  const parentId: (string | null)[] = [null, null];
  const l3Features: number[] = [];
  L3_RINGS.forEach((r, k) => {
    if (k === 7) {
      rings.push(...[0, 1, 2, 3].map((b) => square(bx(b), by(0), bx(b + 1), by(1))));
      ids.push('b0', 'b1', 'b2', 'b3');
      level.push(2, 2, 2, 2);
      name.push(null, null, null, null);
      parentId.push('west', 'west', 'east', 'east');
    }
    l3Features.push(rings.length);
    rings.push(r);
    ids.push(`c${k}`);
    level.push(3);
    name.push(null);
    parentId.push(k === 3 ? null : k === 11 ? 'nowhere' : `b${k % 4}`);
  });
  return { cells: { packed: packRings(rings, ids), level: Uint8Array.from(level), name, parentId }, l3Features };
}

/** A SensorThings document with one Thing per point (1 or 2 datastreams), and a Thing without a Location. */
function thingsAt(lonLat: Float64Array) {
  const Things: object[] = [];
  let ds = 0;
  for (let t = 0; t < lonLat.length / 2; t++) {
    const streams = Array.from({ length: 1 + (t % 2) }, () => ({ '@iot.id': ++ds, properties: { type: 'gas' } }));
    Things.push({
      '@iot.id': t + 1,
      Locations: [{ location: { type: 'Point', coordinates: [lonLat[2 * t], lonLat[2 * t + 1]] } }],
      Datastreams: streams,
    });
  }
  Things.push({ '@iot.id': 'nowhere', Datastreams: [{ '@iot.id': ++ds }] });
  return readDatastreamCatalogue({ Things });
}

/** The rule by brute force: the lowest L3 cell under the point rule (exact reference), then parentId links found by search. */
function referenceGridOfThing(cells: GridCells, l3Features: number[], lonLat: Float64Array): Int32Array {
  const { zone } = toMetric(packRings(L3_RINGS).coords, 'EPSG:4490').frame;
  const metric = (ring: number[]) => Array.from(toMetric(Float64Array.from(ring), 'EPSG:4490', zone).xyM);
  const l3M = packRings(L3_RINGS.map((f) => f.map((poly) => poly.map(metric))));
  const pointsM = Float64Array.from(lonLat);
  for (let t = 0; t < lonLat.length / 2; t++) {
    if (Number.isFinite(lonLat[2 * t])) pointsM.set(toMetric(lonLat.subarray(2 * t, 2 * t + 2), 'EPSG:4490', zone).xyM, 2 * t);
  }
  const cell = referenceAssign(l3M, pointsM);
  const { ids } = cells.packed;
  const parentOf = (f: number, lv: number) => ids.findIndex((id, g) => id === cells.parentId[f] && cells.level[g] === lv);
  const l1Ids = ids.filter((_, f) => cells.level[f] === 1);
  return Int32Array.from(cell, (k) => {
    const l2 = k < 0 ? -1 : parentOf(l3Features[k], 2);
    const l1 = l2 < 0 ? -1 : parentOf(l2, 1);
    return l1 < 0 ? -1 : l1Ids.indexOf(ids[l1]);
  });
}

describe('locateThingsInGrids', () => {
  const { cells, l3Features } = gridFile();
  // Random points over the grid and around it, and points on every vertex and edge of the L3 cells.
  const points = probePoints(packRings(L3_RINGS), 400, 9);
  const cat = thingsAt(points);

  it('places every Thing in the level-1 grid the brute-force point rule and parent links give', () => {
    const located = locateThingsInGrids(cells, cat);
    const expected = referenceGridOfThing(cells, l3Features, thingLonLatDeg(cat));
    expect(Array.from(located.gridOfThing)).toEqual(Array.from(expected));
    // The Thing without a Location is in no grid; both grids and "outside" occur.
    expect(expected.length).toBe(points.length / 2 + 1);
    expect(expected[expected.length - 1]).toBe(-1);
    expect(new Set(expected)).toEqual(new Set([-1, 0, 1]));
  });

  it('lists the level-1 grids in file order with their names (else ids) and bbox centres', () => {
    const { grids } = locateThingsInGrids(cells, cat);
    expect(grids).toEqual([
      { id: 'west', name: 'West district', lonLatDeg: [(bx(-1) + bx(3)) / 2, (by(-1) + by(ROWS + 1)) / 2] },
      { id: 'east', name: 'east', lonLatDeg: [(bx(3) + bx(COLS + 1)) / 2, (by(-1) + by(ROWS + 1)) / 2] },
    ]);
  });

  it("takes each Thing's point from its first datastream, NaN for a Thing without datastreams", () => {
    const lonLat = thingLonLatDeg({
      count: 3,
      thingIds: ['a', 'b', 'c'],
      thingIndex: Uint32Array.of(1, 0, 1),
      lonLatDeg: Float64Array.of(1, 2, 3, 4, 5, 6),
    });
    expect(Array.from(lonLat)).toEqual([3, 4, 1, 2, NaN, NaN]);
  });
});

describe('countPerGrid', () => {
  it('counts sensors, online, alarm and warning per grid as a per-grid filter of the Things does', () => {
    const rng = new Rng(4);
    const states = [STATE_NORMAL, STATE_WARNING, STATE_ALARM, STATE_STALE, STATE_OFFLINE, NO_STATE];
    const located: ThingGrids = {
      grids: [0, 1, 2].map((g) => ({ id: `g${g}`, name: `grid ${g}`, lonLatDeg: [g, g] as [number, number] })),
      gridOfThing: Int32Array.from({ length: 500 }, () => rng.int(-1, 2)),
    };
    const thingState = Uint8Array.from({ length: 500 }, () => states[rng.int(0, states.length - 1)]);
    const counts = countPerGrid(located, thingState);
    located.grids.forEach((g, k) => {
      const mine = Array.from(thingState).filter((_, t) => located.gridOfThing[t] === k);
      expect(counts[k]).toEqual({
        ...g,
        sensors: mine.length,
        online: mine.filter((s) => s === STATE_NORMAL || s === STATE_WARNING || s === STATE_ALARM || s === STATE_STALE).length,
        alarm: mine.filter((s) => s === STATE_ALARM).length,
        warning: mine.filter((s) => s === STATE_WARNING).length,
      });
    });
    expect(counts.reduce((a, c) => a + c.sensors, 0)).toBe(Array.from(located.gridOfThing).filter((g) => g >= 0).length);
  });
});
