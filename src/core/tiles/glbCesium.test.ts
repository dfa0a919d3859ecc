// Interop check: CesiumJS's own metadata classes (the code that serves Cesium3DTileFeature.getProperty)
// read our EXT_structural_metadata tables, independently of glbRead.ts. Test-only use of cesium.
import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { extrudeBuildings } from './buildingMesh';
import { buildingPropertyTable, type BuildingColumns } from './buildingTable';
import { writeGlb } from './glb';
import { bufferViewBytes, readGlb } from './glbRead.fixture';
import { packFeatures, ringFromMetres } from './tiles.fixture';

// MetadataTable and MetadataSchema.fromJson are exported by CesiumJS but missing from its public typings.
const { MetadataSchema, MetadataTable } = Cesium as unknown as {
  MetadataSchema: { fromJson(json: object): { classes: Record<string, unknown> } };
  MetadataTable: new (o: { count: number; properties: object; class: unknown; bufferViews: Record<string, Uint8Array> }) => {
    getProperty(index: number, id: string): unknown;
  };
};

describe('property tables as CesiumJS reads them', () => {
  it.each([
    { format: 'the former format', enums: false, compression: 'none' as const },
    { format: 'compressed tiles with enums', enums: true, compression: 'meshopt' as const },
  ])('gives every feature its id, numbers and codes, and undefined for noData ($format)', ({ enums, compression }) => {
    const rings = [0, 1, 2].map((i) => [
      [
        ringFromMetres(113.6 + i * 0.001, 34.75, [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ]),
      ],
    ]);
    const input: BuildingColumns = {
      polygons: packFeatures(rings, ['楼-1', 'B-2', 'B-3']),
      heightM: Float32Array.of(12.5, 30, 99.25),
      baseM: Float32Array.of(100, 101.5, 99),
      floors: Float32Array.of(4, NaN, 33),
      useIndex: Uint16Array.of(1, 0, 1),
      useCodes: ['07', '09'],
      grid: { cell: Int32Array.of(0, -1, 0), l3Id: ['L3-000001'], l2Id: ['L2-0001'], l1Id: ['L1-001'] },
    };
    const rows = [0, 1, 2];
    const { mesh } = extrudeBuildings(input, rows, { lonDeg: 113.6, latDeg: 34.75, heightM: 100 });
    const glb = readGlb(writeGlb(mesh, buildingPropertyTable(input, rows, rows, { enums }), { compression }));
    expect('enums' in glb.json.extensions.EXT_structural_metadata.schema).toBe(enums);
    const ext = glb.json.extensions.EXT_structural_metadata;
    const schema = MetadataSchema.fromJson(ext.schema);
    const bufferViews: Record<string, Uint8Array> = {};
    glb.json.bufferViews.forEach((_: unknown, i: number) => (bufferViews[i] = bufferViewBytes(glb, i)));
    const pt = ext.propertyTables[0];
    const table = new MetadataTable({ count: pt.count, properties: pt.properties, class: schema.classes[pt.class], bufferViews });
    const get = (k: number, id: string) => table.getProperty(k, id);
    expect(rows.map((k) => get(k, 'id'))).toEqual(['楼-1', 'B-2', 'B-3']);
    expect(rows.map((k) => get(k, 'heightM'))).toEqual([12.5, 30, 99.25]);
    expect(rows.map((k) => get(k, 'baseM'))).toEqual([100, 101.5, 99]);
    expect(rows.map((k) => get(k, 'floors'))).toEqual([4, undefined, 33]);
    expect(rows.map((k) => get(k, 'use'))).toEqual(['09', '07', '09']);
    expect(rows.map((k) => get(k, 'l3Id'))).toEqual(['L3-000001', undefined, 'L3-000001']);
    expect(rows.map((k) => get(k, 'l1Id'))).toEqual(['L1-001', undefined, 'L1-001']);
  });
});
