import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { frameCostOf } from './frameCost';
import { primitiveStats } from './sceneStats';

describe('primitiveStats', () => {
  it('counts nested collections and the members of point collections, and each tileset', () => {
    const root = new Cesium.PrimitiveCollection();
    const nested = new Cesium.PrimitiveCollection();
    const points = new Cesium.PointPrimitiveCollection();
    for (let i = 0; i < 5; i++) points.add({ position: Cesium.Cartesian3.fromDegrees(113.6, 34.7 + i * 0.001) });
    nested.add(points);
    root.add(nested);
    root.add(new Cesium.Cesium3DTileset({}));
    // nested (1) + points collection (1) + its 5 points + the tileset (1)
    expect(primitiveStats(root)).toEqual({ primitives: 8, tilesetBytes: 0, tilesetsLoadedTiles: 0, tilesetsPendingTiles: 0 });
  });

  it('counts nothing in an empty scene', () => {
    expect(primitiveStats(new Cesium.PrimitiveCollection())).toEqual({
      primitives: 0,
      tilesetBytes: 0,
      tilesetsLoadedTiles: 0,
      tilesetsPendingTiles: 0,
    });
  });
});

describe('frameCostOf', () => {
  it('counts every command and the triangles of triangle commands only', () => {
    const { TRIANGLES, LINES } = Cesium.PrimitiveType;
    const cost = frameCostOf([
      { primitiveType: TRIANGLES, count: 9 },
      { primitiveType: TRIANGLES, vertexArray: { indexBuffer: { numberOfIndices: 30 } } },
      { vertexArray: { numberOfVertices: 7 } },
      { primitiveType: LINES, count: 100 },
    ]);
    expect(cost).toEqual({ drawCommands: 4, triangles: 3 + 10 + 2 });
  });
});
