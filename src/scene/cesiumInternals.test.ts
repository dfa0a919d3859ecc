// The private reads against the CesiumJS this project ships: a Cesium upgrade that moves a field fails here,
// and every read degrades to null when the field is missing or not what we expect.
import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { frameCommandList, globeTileCounts, imageryDrawn, tilesetLoadedTiles, tilesetPendingTiles } from './cesiumInternals';

// FrameState is exported by CesiumJS but not in its public typings.
const { FrameState } = Cesium as unknown as { FrameState: new (context?: unknown) => { commandList: unknown[] } };
// The globe's tile classes are exported but private too.
const { GlobeSurfaceTile, Imagery, TileImagery } = Cesium as unknown as {
  GlobeSurfaceTile: new () => { imagery: unknown[] };
  Imagery: new (layer: object, x: number, y: number, level: number, rectangle: Cesium.Rectangle) => object;
  TileImagery: new (imagery: object, textureRectangle: Cesium.Cartesian4) => { readyImagery: object | undefined };
};

describe('private Cesium reads on this Cesium version', () => {
  it('reads a tileset’s loaded tile count', () => {
    expect(tilesetLoadedTiles(new Cesium.Cesium3DTileset({}))).toBe(0);
  });

  it('reads a tileset’s tiles requested or processing', () => {
    expect(tilesetPendingTiles(new Cesium.Cesium3DTileset({}))).toBe(0);
  });

  it('reads the globe’s cached and drawn tiles', () => {
    expect(globeTileCounts(new Cesium.Globe())).toEqual({ cached: 0, rendered: 0 });
  });

  it('reads the frame’s command list through Scene’s frameState getter', () => {
    const frameState = new FrameState();
    const command = { primitiveType: Cesium.PrimitiveType.TRIANGLES, count: 6 };
    frameState.commandList.push(command);
    const scene = Object.create(Cesium.Scene.prototype, { _frameState: { value: frameState } }) as object;
    expect(frameCommandList(scene)).toEqual([command]);
  });

  it('reads the zoom and rectangle of an imagery layer’s tiles drawn on the globe’s rendered tiles', () => {
    const [ours, other] = [{}, {}];
    const surfaceTile = new GlobeSurfaceTile();
    const rect = Cesium.Rectangle.fromDegrees(113, 34, 114, 35);
    const drawn = (layer: object) => {
      const t = new TileImagery(new Imagery(layer, 0, 0, 0, rect), new Cesium.Cartesian4(0, 0, 1, 1));
      t.readyImagery = new Imagery(layer, 0, 0, 0, rect);
      return t;
    };
    surfaceTile.imagery.push(drawn(ours), drawn(other), new TileImagery(new Imagery(ours, 0, 0, 0, rect), new Cesium.Cartesian4()));
    const globe = new Cesium.Globe();
    (globe as unknown as { _surface: { _tilesToRender: unknown[] } })._surface._tilesToRender.push({ data: surfaceTile });
    expect(imageryDrawn(globe, ours)).toEqual([{ level: 0, west: rect.west, south: rect.south, east: rect.east, north: rect.north }]);
  });
});

describe('when Cesium’s internals move', () => {
  it('returns null rather than throwing or guessing', () => {
    expect(tilesetLoadedTiles({})).toBeNull();
    expect(tilesetPendingTiles({ _statistics: { numberOfPendingRequests: 2 } })).toBeNull();
    expect(tilesetLoadedTiles({ _statistics: { numberOfLoadedTilesTotal: '12' } })).toBeNull();
    expect(globeTileCounts({})).toEqual({ cached: null, rendered: null });
    expect(globeTileCounts({ _surface: { _tileReplacementQueue: {}, _tilesToRender: 3 } })).toEqual({ cached: null, rendered: null });
    expect(frameCommandList({})).toBeNull();
    expect(imageryDrawn({}, {})).toBeNull();
    expect(imageryDrawn({ _surface: { _tilesToRender: [{ data: {} }] } }, {})).toBeNull();
    expect(frameCommandList({ frameState: { commandList: { length: 2 } } })).toBeNull();
  });
});
