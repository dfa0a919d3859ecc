// The grid tile renderer: the levels each zoom draws, in which order, where, and nothing off the grid.
import { describe, expect, it } from 'vitest';
import { GRID_LEVELS, type GridLevel } from '../src/core/grid/levels';
import { degPerPx, levelIndexes, levelMinZooms, medianSizesDeg } from '../src/core/grid/gridView';
import { threeLevelGrid } from '../src/core/grid/gridView.fixture';
import { drawGridTile, lineWidthPx, type GridTileSet, type TileContext } from './gridTiles';

/** A 2D context that records each stroke: its colour, width, and the rings and points of its path. */
function recorder() {
  const strokes: { style: string; widthPx: number; rings: number; points: [number, number][] }[] = [];
  let rings = 0;
  let points: [number, number][] = [];
  const g = {
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    beginPath: () => ((rings = 0), (points = [])),
    moveTo: (x: number, y: number) => (rings++, points.push([x, y])),
    lineTo: (x: number, y: number) => points.push([x, y]),
    closePath: () => undefined,
    stroke: () => strokes.push({ style: String(g.strokeStyle), widthPx: g.lineWidth, rings, points }),
  };
  return { g: g as unknown as TileContext, strokes };
}

const colourOf = (lv: GridLevel) => `rgb(${GRID_LEVELS[lv].rgb.join(',')})`;

/** The tile of Cesium's geographic tiling at `zoom` containing a lon/lat point. */
function tileAt(lon: number, lat: number, zoom: number): [number, number, number] {
  const d = 180 / 2 ** zoom;
  return [Math.floor((lon + 180) / d), Math.floor((90 - lat) / d), zoom];
}

describe('drawGridTile', () => {
  const { polygons, level } = threeLevelGrid();
  const sizesDeg = medianSizesDeg(polygons.bbox, level);
  const set: GridTileSet = { polygons, indexes: levelIndexes(polygons, level), minZooms: levelMinZooms(sizesDeg), sizesDeg };
  const centre: [number, number] = [113.618, 34.718];

  it('draws only L1 where the finer levels would be a mesh of lines', () => {
    const { g, strokes } = recorder();
    expect(drawGridTile(g, set, [1, 2, 3], ...tileAt(...centre, set.minZooms[2] - 1))).toEqual([1]);
    expect(strokes.filter((s) => s.style.startsWith('rgb(')).map((s) => s.style)).toEqual([colourOf(1)]);
  });

  it('draws every level near, finest first so L1 lies on top, each at its width over a casing', () => {
    const { g, strokes } = recorder();
    expect(drawGridTile(g, set, [1, 2, 3], ...tileAt(...centre, set.minZooms[3]))).toEqual([1, 2, 3]);
    const lines = strokes.filter((s) => s.style.startsWith('rgb('));
    expect(lines.map((s) => s.style)).toEqual([colourOf(3), colourOf(2), colourOf(1)]);
    expect(lines.map((s) => s.widthPx)).toEqual([GRID_LEVELS[3].widthPx, GRID_LEVELS[2].widthPx, GRID_LEVELS[1].widthPx]);
    const casings = strokes.filter((s) => !s.style.startsWith('rgb('));
    expect(casings.map((s) => s.widthPx > 0)).toEqual([true, true, true]);
    // The tile is 1/4 of the L1 at this zoom or less: some of the 64 L3 rings, and points near the tile.
    expect(lines[0].rings).toBeGreaterThan(0);
    expect(lines[0].rings).toBeLessThan(64);
    for (const [x, y] of lines[0].points) {
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    }
  });

  it('draws L1 thin where its grids are few pixels across, at its full width near', () => {
    const far = lineWidthPx(set, 1, set.minZooms[1]);
    expect(far).toBeLessThan(GRID_LEVELS[1].widthPx);
    expect(far).toBeLessThanOrEqual(sizesDeg[1] / degPerPx(set.minZooms[1]) / 10);
    expect(lineWidthPx(set, 1, set.minZooms[3])).toBe(GRID_LEVELS[1].widthPx);
    const { g, strokes } = recorder();
    drawGridTile(g, set, [1], ...tileAt(...centre, set.minZooms[1]));
    expect(strokes.filter((s) => s.style.startsWith('rgb(')).map((s) => s.widthPx)).toEqual([far]);
  });

  it('leaves out the levels switched off', () => {
    const { g, strokes } = recorder();
    expect(drawGridTile(g, set, [3], ...tileAt(...centre, set.minZooms[3]))).toEqual([3]);
    expect(strokes.filter((s) => s.style.startsWith('rgb(')).map((s) => s.style)).toEqual([colourOf(3)]);
  });

  it('strokes nothing in a tile away from the grid', () => {
    const { g, strokes } = recorder();
    drawGridTile(g, set, [1, 2, 3], ...tileAt(120, 30, set.minZooms[3]));
    expect(strokes).toEqual([]);
  });
});
