import { describe, expect, it } from 'vitest';
import { toMetric } from '../crs/metric';
import { Rng } from '../util/random';
import { assignPoints } from '../spatial/assignPoints';
import { buildGridIndex } from '../spatial/gridIndex';
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { rejoinInBoxes } from '../spatial/rejoin';
import { buildDemoCityBeforeAll, demoGeoJson } from '../../io/demoCity.fixture';
import type { GeoJsonFeature } from '../../io/featureFile';
import { packPolygons } from '../../io/packGeoJson';
import { applyOp } from './applyOp';
import { cellIndexMap, changedBoxesM } from './changes';
import type { GridFeatureCollection } from './gridFeatures';
import type { GridOp } from './gridOp';
import { packCells, type Grid } from './gridModel';
import { gridTopology, levelBoundaryEdges } from './topology';
import { importGrid, validateGrid } from './validateGrid';

buildDemoCityBeforeAll();

function demoGrid(): Grid {
  return importGrid(demoGeoJson<GridFeatureCollection>('grids.geojson')).grid;
}

const KINDS = [
  'moveVertex',
  'insertVertex',
  'deleteVertex',
  'splitCell',
  'mergeCells',
  'moveCellToParent',
  'rename',
  'changeParent',
] as const;

/** A random edit of the current grid; some will be refused (crossings, tiny cells, emptied parents…). */
export function randomOp(grid: Grid, rng: Rng, seq: number): GridOp {
  const topo = gridTopology(grid);
  const xy = grid.nodeXY;
  const kind = KINDS[rng.int(0, KINDS.length - 1)];
  const edge = rng.int(0, topo.edgeCount - 1);
  const en = Array.from(topo.edgeNodes.subarray(topo.edgeNodeStart[edge], topo.edgeNodeStart[edge + 1]));
  const P = (v: number): [number, number] => [xy[v * 2], xy[v * 2 + 1]];
  const along = (a: number, b: number, t: number): [number, number] => [
    xy[a * 2] + t * (xy[b * 2] - xy[a * 2]),
    xy[a * 2 + 1] + t * (xy[b * 2 + 1] - xy[a * 2 + 1]),
  ];
  switch (kind) {
    case 'moveVertex': {
      const [x, y] = P(en[rng.int(0, en.length - 1)]);
      return { type: 'moveVertex', node: en[rng.int(0, en.length - 1)], to: [x + rng.range(-25, 25), y + rng.range(-25, 25)] };
    }
    case 'insertVertex': {
      const index = rng.int(1, en.length - 1);
      const [x, y] = along(en[index - 1], en[index], rng.range(0.2, 0.8));
      return { type: 'insertVertex', edge, index, at: [x + rng.range(-6, 6), y + rng.range(-6, 6)] };
    }
    case 'deleteVertex': {
      // A vertex inside some edge (most demo edges are single segments, so look beyond this one).
      const inner: number[] = [];
      for (let e = 0; e < topo.edgeCount; e++)
        for (let k = topo.edgeNodeStart[e] + 1; k < topo.edgeNodeStart[e + 1] - 1; k++) inner.push(topo.edgeNodes[k]);
      return { type: 'deleteVertex', node: inner.length && rng.chance(0.9) ? inner[rng.int(0, inner.length - 1)] : en[0] };
    }
    case 'splitCell': {
      const c = grid.cells[rng.int(0, grid.cells.length - 1)];
      const R = c.rings[0];
      const n = R.length;
      const i = rng.int(0, n - 1),
        j = (i + rng.int(1, n - 1)) % n;
      const a = along(R[i], R[(i + 1) % n], rng.range(0.25, 0.75));
      const b = j === i ? P(R[(i + 2) % n]) : along(R[j], R[(j + 1) % n], rng.range(0.25, 0.75));
      const mid: [number, number] = [(a[0] + b[0]) / 2 + rng.range(-8, 8), (a[1] + b[1]) / 2 + rng.range(-8, 8)];
      return { type: 'splitCell', cell: c.id, line: rng.chance(0.5) ? [a, mid, b] : [a, b], newId: `S-${seq}`, newName: `新网格${seq}` };
    }
    case 'mergeCells': {
      const l = topo.edgeLeft[edge],
        r = topo.edgeRight[edge];
      return { type: 'mergeCells', keep: grid.cells[l].id, remove: grid.cells[r < 0 ? l : r].id };
    }
    case 'moveCellToParent': {
      // Across an L2 boundary, so the target is a neighbouring L2.
      const inner = Array.from(levelBoundaryEdges(grid, 2)).filter((e) => topo.edgeRight[e] >= 0);
      const e = inner.length ? inner[rng.int(0, inner.length - 1)] : edge;
      const l = topo.edgeLeft[e],
        r = topo.edgeRight[e];
      return { type: 'moveCellToParent', cell: grid.cells[l].id, parentId: grid.cells[r < 0 ? l : r].parentId ?? '' };
    }
    case 'rename': {
      const ids = [...grid.cells.map((c) => c.id), ...grid.areas.map((a) => a.id)];
      return { type: 'rename', id: ids[rng.int(0, ids.length - 1)], name: `名称${seq}` };
    }
    case 'changeParent': {
      const l2 = grid.areas.filter((a) => a.level === 2),
        l1 = grid.areas.filter((a) => a.level === 1);
      return { type: 'changeParent', id: l2[rng.int(0, l2.length - 1)].id, parentId: l1[rng.int(0, l1.length - 1)].id };
    }
  }
}

describe('random edit sequences on the demo grid', () => {
  it('200 seeded valid edits keep the grid valid after every one, and undoing them all restores it exactly', () => {
    const original = demoGrid();
    const rng = new Rng(6, 200);
    let grid = original;
    const undo: GridOp[] = [];
    const applied = new Map<string, number>();
    let refused = 0;
    for (let seq = 0; undo.length < 200; seq++) {
      expect(seq, 'too many refusals').toBeLessThan(2000);
      const op = randomOp(grid, rng, seq);
      const before = structuredClone(grid);
      const r = applyOp(grid, op);
      expect(grid, 'applyOp must not modify its input').toEqual(before);
      if ('error' in r) {
        refused++;
        expect(r.error.message).toMatch(/is refused: /);
        continue;
      }
      const problems = validateGrid(r.grid);
      expect(problems, `after ${JSON.stringify(op)}`).toEqual([]);
      undo.push(r.inverse);
      applied.set(op.type, (applied.get(op.type) ?? 0) + 1);
      grid = r.grid;
    }
    for (const kind of KINDS) expect(applied.get(kind) ?? 0, kind).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(10);
    expect(grid.cells).not.toEqual(original.cells);
    for (let k = undo.length - 1; k >= 0; k--) {
      const r = applyOp(grid, undo[k]);
      if ('error' in r) throw new Error(`undo ${k} refused: ${r.error.message}`);
      grid = r.grid;
    }
    expect(grid).toEqual(original);
  });

  it('re-joins only the changed extents and always equals a full join of the demo buildings', () => {
    let grid = demoGrid();
    const buildings = packPolygons(demoGeoJson<{ features: GeoJsonFeature[] }>('buildings.geojson').features, 'buildings.geojson').packed;
    const { xyM } = toMetric(buildings.coords, 'EPSG:4490', grid.frame.zone);
    const points = pointsOnSurface({ ...buildings, coords: xyM });
    const index = buildGridIndex(packCells(grid));
    let assignment = assignPoints(index, points);
    const rng = new Rng(6, 60);
    let moved = 0,
      retested = 0,
      edits = 0;
    for (let seq = 0; edits < 60; seq++) {
      const r = applyOp(grid, randomOp(grid, rng, seq));
      if ('error' in r) continue;
      edits++;
      const next = buildGridIndex(packCells(r.grid));
      const inc = rejoinInBoxes(next, points, assignment, changedBoxesM(r.changed), cellIndexMap(grid, r.grid));
      expect(inc.assignment).toEqual(assignPoints(next, points));
      moved += inc.changed.length;
      retested += inc.retested;
      grid = r.grid;
      assignment = inc.assignment;
    }
    expect(moved).toBeGreaterThan(50);
    expect(retested).toBeLessThan((points.length / 2) * 60 * 0.2);
  });
});
