// The CesiumJS patches against the CesiumJS this project ships: without them Cesium builds what they skip, with them
// it does not, and our tiles' properties still read the same.
import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { extrudeBuildings } from '../core/tiles/buildingMesh';
import { buildingPropertyTable, type BuildingColumns } from '../core/tiles/buildingTable';
import { writeGlb } from '../core/tiles/glb';
import { bufferViewBytes, readGlb } from '../core/tiles/glbRead.fixture';
import { packFeatures, ringFromMetres } from '../core/tiles/tiles.fixture';
import { applyCesiumPatches } from './cesiumPatches';

// Exported by CesiumJS but missing from its public typings.
const { ContextLimits, MetadataSchema, parseStructuralMetadata } = Cesium as unknown as {
  ContextLimits: { _maximumTextureSize: number };
  MetadataSchema: { fromJson(json: object): object };
  parseStructuralMetadata(o: { extension: object; schema: object; bufferViews: Record<string, Uint8Array>; context?: object }): {
    propertyTables: { texture: unknown; getProperty(index: number, id: string): unknown }[];
  };
};

function tileMetadata() {
  const square = (i: number) => [
    [
      ringFromMetres(113.6 + i * 0.001, 34.75, [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ],
  ];
  const input: BuildingColumns = {
    polygons: packFeatures([square(0), square(1)], ['楼-1', 'B-2']),
    heightM: Float32Array.of(12.5, 30),
    baseM: Float32Array.of(100, 101.5),
    floors: Float32Array.of(4, NaN),
    useIndex: Uint16Array.of(1, 0),
    useCodes: ['07', '09'],
  };
  const rows = [0, 1];
  const { mesh } = extrudeBuildings(input, rows, { lonDeg: 113.6, latDeg: 34.75, heightM: 100 });
  const glb = readGlb(writeGlb(mesh, buildingPropertyTable(input, rows, rows, { enums: true }), { compression: 'none' }));
  const extension = glb.json.extensions.EXT_structural_metadata;
  const bufferViews: Record<string, Uint8Array> = {};
  glb.json.bufferViews.forEach((_: unknown, i: number) => (bufferViews[i] = bufferViewBytes(glb, i)));
  return { extension, schema: MetadataSchema.fromJson(extension.schema), bufferViews };
}

describe('CesiumJS patches', () => {
  // As a WebGL context sets it: without one (Node) CesiumJS skips the texture as too large for a 0-texel limit.
  ContextLimits._maximumTextureSize = 4096;

  it('without them, CesiumJS packs a tile’s numeric columns into a texture (which needs a GL context)', () => {
    expect(() => parseStructuralMetadata(tileMetadata())).toThrow(/context/);
  });

  it('with them, a tile’s property table builds no texture and reads the same values', () => {
    applyCesiumPatches();
    const [table] = parseStructuralMetadata(tileMetadata()).propertyTables;
    expect(table.texture).toBeUndefined();
    expect([0, 1].map((k) => table.getProperty(k, 'id'))).toEqual(['楼-1', 'B-2']);
    expect([0, 1].map((k) => table.getProperty(k, 'heightM'))).toEqual([12.5, 30]);
    expect([0, 1].map((k) => table.getProperty(k, 'use'))).toEqual(['09', '07']);
    expect([0, 1].map((k) => table.getProperty(k, 'floors'))).toEqual([4, undefined]);
  });
});
