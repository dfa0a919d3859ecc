// The private reads against the CesiumJS this project ships: a Cesium upgrade that moves a field fails here,
// and every read degrades to null when the field is missing or not what we expect.
import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { frameCommandList, globeTileCounts, tilesetLoadedTiles, tilesetPendingTiles } from './cesiumInternals';

// FrameState is exported by CesiumJS but not in its public typings.
const { FrameState } = Cesium as unknown as { FrameState: new (context?: unknown) => { commandList: unknown[] } };

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
});

describe('when Cesium’s internals move', () => {
  it('returns null rather than throwing or guessing', () => {
    expect(tilesetLoadedTiles({})).toBeNull();
    expect(tilesetPendingTiles({ _statistics: { numberOfPendingRequests: 2 } })).toBeNull();
    expect(tilesetLoadedTiles({ _statistics: { numberOfLoadedTilesTotal: '12' } })).toBeNull();
    expect(globeTileCounts({})).toEqual({ cached: null, rendered: null });
    expect(globeTileCounts({ _surface: { _tileReplacementQueue: {}, _tilesToRender: 3 } })).toEqual({ cached: null, rendered: null });
    expect(frameCommandList({})).toBeNull();
    expect(frameCommandList({ frameState: { commandList: { length: 2 } } })).toBeNull();
  });
});
