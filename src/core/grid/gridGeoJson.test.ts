import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoCityBeforeAll, demoGeoJson } from '../../io/demoCity.fixture';
import { applyOp } from './applyOp';
import type { GridFeatureCollection } from './gridFeatures';
import { gridToGeoJson } from './gridGeoJson';
import { cellAreaM2, type Grid } from './gridModel';
import type { OpApplied } from './gridOp';
import { gridTopology } from './topology';
import { importGrid } from './validateGrid';

buildDemoCityBeforeAll();

function polygonAreaDeg2(g: { type: string; coordinates: unknown } | null): number {
  if (!g) return 0;
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  let a = 0;
  for (const p of polys)
    p.forEach((r, i) => {
      let s = 0;
      for (let k = 0; k + 1 < r.length; k++) s += r[k][0] * r[k + 1][1] - r[k + 1][0] * r[k][1];
      a += (i === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  return a;
}

// Same cells, rings and edges; areas equal to the export rounding (1e-9 degrees, about 0.1 mm).
function sameTopology(a: Grid, b: Grid): void {
  const ta = gridTopology(a),
    tb = gridTopology(b);
  expect(tb.edgeCount).toBe(ta.edgeCount);
  expect(b.cells.map((c) => c.id)).toEqual(a.cells.map((c) => c.id));
  expect(b.cells.map((c) => c.rings.map((r) => r.length))).toEqual(a.cells.map((c) => c.rings.map((r) => r.length)));
  a.cells.forEach((c, i) => expect(Math.abs(cellAreaM2(b, b.cells[i]) / cellAreaM2(a, c) - 1)).toBeLessThan(1e-6));
}

describe('gridToGeoJson', () => {
  it('exports all three levels of the demo grid; re-importing gives the same grid and L2/L1 equal to the originals', () => {
    const input = demoGeoJson<GridFeatureCollection>('grids.geojson');
    const { grid } = importGrid(input);
    const out = gridToGeoJson(grid);
    expect(out.features.map((f) => f.properties!.id)).toEqual(input.features.map((f) => f.properties!.id));
    expect(out.features.map((f) => f.properties)).toEqual(input.features.map((f) => f.properties));
    input.features.forEach((f, i) => {
      expect(Math.abs(polygonAreaDeg2(out.features[i].geometry) / polygonAreaDeg2(f.geometry) - 1)).toBeLessThan(1e-7);
    });
    const again = importGrid(out);
    expect(again.problems).toEqual([]);
    sameTopology(grid, again.grid);
  });

  it('round-trips an edited grid (split, merge, moved vertex) without new problems', () => {
    const { grid } = importGrid(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'clean.geojson'), 'utf8')));
    const xy = grid.nodeXY;
    let g = (applyOp(grid, { type: 'moveVertex', node: 2, to: [xy[4] + 7, xy[5] - 4] }) as OpApplied).grid;
    g = (applyOp(g, { type: 'mergeCells', keep: 'A2-1', remove: 'A2-2' }) as OpApplied).grid;
    const r = g.cells[2].rings[0];
    const mid = (a: number, b: number): [number, number] => [
      (g.nodeXY[a * 2] + g.nodeXY[b * 2]) / 2,
      (g.nodeXY[a * 2 + 1] + g.nodeXY[b * 2 + 1]) / 2,
    ];
    const split = applyOp(g, { type: 'splitCell', cell: 'A2-1', line: [mid(r[0], r[1]), mid(r[2], r[3])], newId: 'A2-9', newName: '九' });
    if ('error' in split) throw new Error(split.error.message);
    const out = gridToGeoJson(split.grid);
    expect(out.features.find((f) => f.properties!.id === 'A2-9')!.properties).toEqual({ id: 'A2-9', level: 3, parentId: 'A2', name: '九' });
    const again = importGrid(out);
    expect(again.problems).toEqual([]);
    sameTopology(split.grid, again.grid);
  });
});
