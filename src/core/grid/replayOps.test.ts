import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toMetric } from '../crs/metric';
import { selectPolygons, withCoords } from '../geom/packed';
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { buildHierarchy } from '../spatial/hierarchy';
import type { GeoJsonFeature } from '../../io/featureFile';
import { gridsFromFeatures } from '../../io/gridsData';
import { applyOp } from './applyOp';
import { joinFromFile, type FileJoin } from './fileJoin';
import type { GridFeatureCollection } from './gridFeatures';
import { packCells, type Grid } from './gridModel';
import type { GridOp } from './gridOp';
import { replayChecked, replayOps } from './replayOps';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

const clean = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8')) as GridFeatureCollection;
const ZONE = 38;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Valid random edits (moves, inserts, deletes) from `grid`, each checked as the editor checks it. */
function journal(grid: Grid, count: number, next: () => number): { ops: GridOp[]; end: Grid } {
  const ops: GridOp[] = [];
  for (let attempt = 0; ops.length < count && attempt < count * 20; attempt++) {
    const topo = gridTopology(grid);
    const used = [...new Set(grid.cells.flatMap((c) => c.rings.flatMap((r) => Array.from(r))))];
    const node = used[Math.floor(next() * used.length)];
    const e = Math.floor(next() * topo.edgeCount);
    const [u, v] = [topo.edgeNodes[topo.edgeNodeStart[e]], topo.edgeNodes[topo.edgeNodeStart[e] + 1]];
    const roll = next();
    const op: GridOp =
      roll < 0.6
        ? { type: 'moveVertex', node, to: [grid.nodeXY[node * 2] + (next() - 0.5) * 20, grid.nodeXY[node * 2 + 1] + (next() - 0.5) * 20] }
        : roll < 0.8
          ? { type: 'deleteVertex', node }
          : {
              type: 'insertVertex',
              edge: e,
              index: 1,
              at: [
                (grid.nodeXY[u * 2] + grid.nodeXY[v * 2]) / 2 + (next() - 0.5) * 6,
                (grid.nodeXY[u * 2 + 1] + grid.nodeXY[v * 2 + 1]) / 2,
              ],
            };
    const r = applyOp(grid, op);
    if ('error' in r) continue;
    ops.push(op);
    grid = r.grid;
  }
  return { ops, end: grid };
}

/** A fresh import (no derived data shared with earlier grids, as after a reload). */
const fresh = (features: GridFeatureCollection) => importGrid(features, { zone: ZONE });

describe('replayOps: a journal replayed after a reload', () => {
  it('gives the grid that applying the edits one by one gives, with one check for all of them', () => {
    const start = fresh(clean).grid;
    const { ops, end } = journal(start, 60, random(5));
    expect(ops.length).toBe(60);
    const r = replayOps(fresh(clean).grid, ops);
    expect(r).toMatchObject({ applied: ops.length, error: null, batched: true });
    expect(r.grid.nodeXY).toEqual(end.nodeXY);
    expect(r.grid.cells).toEqual(end.cells);
    expect(replayChecked(fresh(clean).grid, ops).grid.cells).toEqual(end.cells);
  });

  it('stops at the first edit that no longer applies, as the one-by-one replay does', () => {
    const start = fresh(clean).grid;
    const { ops } = journal(start, 10, random(9));
    const broken: GridOp[] = [...ops.slice(0, 4), { type: 'deleteVertex', node: 99_999 }, ...ops.slice(4)];
    const r = replayOps(fresh(clean).grid, broken);
    const one = replayChecked(fresh(clean).grid, broken);
    expect(r).toMatchObject({ applied: 4, batched: false });
    expect(r.error?.message).toBe(one.error?.message);
    expect(r.error?.message).toMatch(/deleting node 99999 is refused/);
    // Within a run of node moves (replayed as one edit) too.
    const moves: GridOp[] = [...ops.filter((op) => op.type === 'moveVertex').slice(0, 3), { type: 'moveVertex', node: 99_999, to: [0, 0] }];
    const inRun = replayOps(fresh(clean).grid, moves);
    expect(inRun).toMatchObject({ applied: 3, batched: false });
    expect(inRun.error?.message).toBe(replayChecked(fresh(clean).grid, moves).error?.message);
  });

  it('names the edit that adds a problem (one the editor would have refused) when the end state has it', () => {
    const start = fresh(clean).grid;
    const { ops } = journal(start, 6, random(11));
    const grid = replayChecked(fresh(clean).grid, ops).grid;
    // The node shared by three cells dragged 150 m across its neighbours: overlaps.
    const topo = gridTopology(grid);
    const node = Array.from(topo.nodeDegree).findIndex((d) => d >= 3);
    const bad: GridOp = { type: 'moveVertex', node, to: [grid.nodeXY[node * 2] + 150, grid.nodeXY[node * 2 + 1] + 150] };
    const refused = applyOp(grid, bad);
    expect('error' in refused).toBe(true);
    const r = replayOps(fresh(clean).grid, [...ops, bad]);
    expect(r).toMatchObject({ applied: ops.length, batched: false });
    expect(r.error?.message).toBe('error' in refused ? refused.error.message : '');
  });
});

/** The clean fixture with one shared corner of A1-1 moved 1.8 cm east in A1-1 only: import snaps it. */
function snappedFixture(): GridFeatureCollection {
  const copy = structuredClone(clean);
  const a11 = copy.features.find((f) => f.properties?.id === 'A1-1')!;
  const ring = (a11.geometry as { coordinates: number[][][] }).coordinates[0];
  for (const p of ring) if (p[0] === 113.6610936 && p[1] === 34.7609013) p[0] += 2e-7;
  return copy;
}

/** Grid mode's join of the file: its L3 polygons as read, projected and indexed as the join workers do. */
function fileJoinOf(features: GridFeatureCollection, xyM: Float64Array): FileJoin {
  const { data } = gridsFromFeatures(features.features as GeoJsonFeature[], 'grids');
  const hierarchy = buildHierarchy({ ids: data.polygons.ids, level: data.level, parentId: data.parentId });
  const cells = selectPolygons(data.polygons, hierarchy.l3);
  const index = buildGridIndex(withCoords(cells, toMetric(cells.coords, 'EPSG:4490', ZONE).xyM));
  return { l3Ids: Array.from(hierarchy.l3, (f) => data.polygons.ids[f]), cellOfPoint: assignPoints(index, xyM) };
}

/** Random points over the grid, every node and segment midpoint, and the file's own vertices (the snapped one too). */
function points(grid: Grid, features: GridFeatureCollection, next: () => number): Float64Array {
  const out: number[] = [];
  const xs = Array.from(grid.nodeXY.filter((_, i) => i % 2 === 0)),
    ys = Array.from(grid.nodeXY.filter((_, i) => i % 2 === 1));
  const [w, e, s, n] = [Math.min(...xs) - 20, Math.max(...xs) + 20, Math.min(...ys) - 20, Math.max(...ys) + 20];
  for (let i = 0; i < 4000; i++) out.push(w + next() * (e - w), s + next() * (n - s));
  out.push(...grid.nodeXY);
  const { segments: seg } = gridTopology(grid);
  for (let k = 0; k < seg.count; k++)
    out.push(
      (grid.nodeXY[seg.a[k] * 2] + grid.nodeXY[seg.b[k] * 2]) / 2,
      (grid.nodeXY[seg.a[k] * 2 + 1] + grid.nodeXY[seg.b[k] * 2 + 1]) / 2,
    );
  const lonLat = features.features.flatMap((f) => (f.geometry as { coordinates: number[][][] }).coordinates.flat(2));
  out.push(...toMetric(Float64Array.from(lonLat), 'EPSG:4490', ZONE).xyM);
  return Float64Array.from(out);
}

describe('joinFromFile: the working grid joined from the join of its file', () => {
  const fullJoin = (grid: Grid, xy: Float64Array) => assignPoints(buildGridIndex(packCells(grid)), xy);

  it('equals a full join of the imported grid, where import snapped a vertex, and after a replayed journal', () => {
    const features = snappedFixture();
    const opened = fresh(features);
    expect(
      Array.from(opened.snapped).some((s) => s === 1),
      'import snapped a cell',
    ).toBe(true);
    const xy = points(opened.grid, features, random(2));
    const file = fileJoinOf(features, xy);
    expect(file.cellOfPoint, 'the file join differs from the imported grid’s near the snapped vertex').not.toEqual(
      fullJoin(opened.grid, xy),
    );
    expect(joinFromFile(opened.grid, opened.snapped, opened.grid, xy, file)).toEqual(fullJoin(opened.grid, xy));
    const { ops, end } = journal(opened.grid, 40, random(3));
    const replayed = replayOps(opened.grid, ops).grid;
    expect(replayed.cells).toEqual(end.cells);
    expect(joinFromFile(opened.grid, opened.snapped, replayed, xy, file)).toEqual(fullJoin(end, xy));
  });

  it('declines a join of other cells (then the editor joins in full)', () => {
    const opened = fresh(clean);
    const xy = points(opened.grid, clean, random(4));
    const file = fileJoinOf(clean, xy);
    const reordered = { ...file, l3Ids: [...file.l3Ids].reverse() };
    expect(joinFromFile(opened.grid, opened.snapped, opened.grid, xy, reordered)).toBeNull();
    expect(joinFromFile(opened.grid, opened.snapped, opened.grid, xy, { ...file, l3Ids: file.l3Ids.slice(1) })).toBeNull();
  });
});
