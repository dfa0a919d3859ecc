import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { extrudeBuildings } from './buildingMesh';
import { buildingPropertyTable, FLOORS_NO_DATA, type BuildingColumns } from './buildingTable';
import { enuFrame } from './enu';
import { writeGlb } from './glb';
import { nodeMatrix, readAccessor, readGlb, readPropertyTable, worldPositions } from './glbRead.fixture';
import { buildBuildingTileset } from './tileset';
import { packFeatures, ringFromMetres, syntheticCity } from './tiles.fixture';
import { unexplainedGlbIssues } from './gltfValidator.fixture';

const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m');
const LON = 113.6,
  LAT = 34.75;
const rect = (w: number, d: number) => [
  [-w / 2, -d / 2],
  [w / 2, -d / 2],
  [w / 2, d / 2],
  [-w / 2, d / 2],
];

/** One 10 m (east) × 20 m (north) building, baseM 100, heightM 30. */
function oneBuilding(): BuildingColumns & { ring: number[][] } {
  const ring = ringFromMetres(LON, LAT, rect(10, 20));
  return {
    ring,
    polygons: packFeatures([[[ring]]], ['A-1']),
    heightM: Float32Array.of(30),
    baseM: Float32Array.of(100),
    floors: Float32Array.of(10),
    useIndex: Uint16Array.of(0),
    useCodes: ['09'],
  };
}

function nearest(world: Float64Array, want: number[]): number {
  let best = Infinity;
  for (let i = 0; i < world.length; i += 3)
    best = Math.min(best, Math.hypot(world[i] - want[0], world[i + 1] - want[1], world[i + 2] - want[2]));
  return best;
}

describe('writeGlb', () => {
  it('places the roof and foot corners of a hand-made building at their ECEF positions to the millimetre', () => {
    const input = oneBuilding();
    const { tileset, contents } = buildBuildingTileset(input);
    const glb = readGlb(contents.get(tileset.root.content.uri)!);
    // Through the glb: dequantise (node translation/scale), rotate y-up to z-up, apply the tile transform.
    const world = worldPositions(glb, tileset.root.transform);
    for (const [lon, lat] of input.ring) {
      expect(nearest(world, toEcef.forward([lon, lat, 130]))).toBeLessThan(1e-3);
      expect(nearest(world, toEcef.forward([lon, lat, 98]))).toBeLessThan(1e-3);
    }
    // And no vertex anywhere else: every vertex is one of those eight corners.
    const corners = input.ring.flatMap(([lon, lat]) => [toEcef.forward([lon, lat, 130]), toEcef.forward([lon, lat, 98])]);
    for (let i = 0; i < world.length; i += 3) {
      expect(Math.min(...corners.map((c) => Math.hypot(world[i] - c[0], world[i + 1] - c[1], world[i + 2] - c[2])))).toBeLessThan(1e-3);
    }
  });

  it('writes y-up: glTF +y is height and glTF -z is north', () => {
    const input = oneBuilding();
    const origin = { lonDeg: LON, latDeg: LAT, heightM: 100 };
    const { mesh } = extrudeBuildings(input, [0], origin);
    const glb = readGlb(writeGlb(mesh, buildingPropertyTable(input, [0])));
    const node = nodeMatrix(glb.json.nodes[0]);
    const q = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes.POSITION);
    const ys: number[] = [],
      zs: number[] = [],
      xs: number[] = [];
    for (let i = 0; i < q.length; i += 3) {
      xs.push(node[0] * q[i] + node[12]);
      ys.push(node[5] * q[i + 1] + node[13]);
      zs.push(node[10] * q[i + 2] + node[14]);
    }
    const span = (a: number[]) => Math.max(...a) - Math.min(...a);
    expect(span(ys)).toBeCloseTo(32, 2); // heightM 30 + 2 m sink
    expect(span(xs)).toBeCloseTo(10, 2); // east
    expect(span(zs)).toBeCloseTo(20, 2); // north
    expect(Math.max(...ys)).toBeCloseTo(30, 2); // roof 130 m, origin 100 m
    expect(Math.min(...zs)).toBeCloseTo(-10, 2); // north edge at -z
  });

  it('keeps float positions exact too (quantizePositions: false)', async () => {
    const input = oneBuilding();
    const origin = { lonDeg: LON + 0.001, latDeg: LAT, heightM: 0 };
    const { mesh } = extrudeBuildings(input, [0], origin);
    const bytes = writeGlb(mesh, buildingPropertyTable(input, [0]), { quantizePositions: false });
    const glb = readGlb(bytes);
    expect(glb.json.accessors[glb.json.meshes[0].primitives[0].attributes.POSITION].componentType).toBe(5126);
    const world = worldPositions(glb, enuFrame(origin).enuToEcef);
    for (const [lon, lat] of input.ring) expect(nearest(world, toEcef.forward([lon, lat, 130]))).toBeLessThan(1e-3);
    expect(await unexplainedGlbIssues(bytes)).toEqual([]);
  });

  it('validates with zero issues, with and without grid ids, and with uint32 indices', async () => {
    const input = oneBuilding();
    input.grid = { cell: Int32Array.of(0), l3Id: ['L3-000001'], l2Id: ['L2-0001'], l1Id: ['L1-001'] };
    const origin = { lonDeg: LON, latDeg: LAT, heightM: 100 };
    for (const normals of [false, true]) {
      const small = writeGlb(extrudeBuildings(input, [0], origin, { normals }).mesh, buildingPropertyTable(input, [0]));
      expect('NORMAL' in readGlb(small).json.meshes[0].primitives[0].attributes).toBe(normals);
      expect(await unexplainedGlbIssues(small)).toEqual([]);
    }

    const city = syntheticCity(8000, 7, { centreLonDeg: LON, centreLatDeg: LAT, spacingM: 30 });
    const all = Array.from({ length: 8000 }, (_, i) => i);
    const { mesh } = extrudeBuildings(city, all, origin);
    expect(mesh.featureIds.length).toBeGreaterThan(65535);
    const big = writeGlb(mesh, buildingPropertyTable(city, all));
    const json = readGlb(big).json;
    expect(json.accessors[json.meshes[0].primitives[0].indices].componentType).toBe(5125);
    expect(await unexplainedGlbIssues(big)).toEqual([]);
  });

  it('lays out the glb for 8-byte metadata alignment', () => {
    const input = oneBuilding();
    const bytes = writeGlb(extrudeBuildings(input, [0], { lonDeg: LON, latDeg: LAT, heightM: 0 }).mesh, buildingPropertyTable(input, [0]));
    const dv = new DataView(bytes.buffer);
    const jsonLength = dv.getUint32(12, true);
    expect((20 + jsonLength) % 8).toBe(0); // BIN chunk header, and so its data, start 8-aligned in the file
    expect(bytes[20 + jsonLength - 1]).toBe(0x20);
    expect(dv.getUint32(24 + jsonLength, true)).toBe(0x004e4942);
    expect(bytes.byteLength % 8).toBe(0);
    for (const bv of readGlb(bytes).json.bufferViews) expect(bv.byteOffset % 8).toBe(0);
  });

  it('round-trips the property table: strings (incl. CJK), floats, uint16 with noData, grid ids', () => {
    const rings = [0, 1, 2].map((i) => [ringFromMetres(LON + i * 0.001, LAT, rect(10, 10))]);
    const input: BuildingColumns = {
      polygons: packFeatures(
        rings.map((r) => [r]),
        ['北-1', 'B-2', 'B-3'],
      ),
      heightM: Float32Array.of(12.5, 30, 99.25),
      baseM: Float32Array.of(100, 101.5, 99),
      floors: Float32Array.of(4, NaN, 33),
      useIndex: Uint16Array.of(1, 0, 1),
      useCodes: ['07', '商业09'],
      grid: { cell: Int32Array.of(1, -1, 0), l3Id: ['L3-a', 'L3-b'], l2Id: ['L2-a', null], l1Id: ['L1-a', 'L1-b'] },
    };
    const rows = [2, 0, 1];
    const { mesh } = extrudeBuildings(input, rows, { lonDeg: LON, latDeg: LAT, heightM: 100 });
    const glb = readGlb(writeGlb(mesh, buildingPropertyTable(input, rows)));
    const t = readPropertyTable(glb);
    expect(t.className).toBe('building');
    expect(t.count).toBe(3);
    expect(t.columns.id).toEqual(['B-3', '北-1', 'B-2']);
    expect(t.columns.heightM).toEqual([99.25, 12.5, 30]);
    expect(t.columns.baseM).toEqual([99, 100, 101.5]);
    expect(t.columns.floors).toEqual([33, 4, FLOORS_NO_DATA]);
    expect(t.columns.use).toEqual(['商业09', '商业09', '07']);
    expect(t.columns.l3Id).toEqual(['L3-a', 'L3-b', '']);
    expect(t.columns.l2Id).toEqual(['L2-a', '', '']);
    expect(t.columns.l1Id).toEqual(['L1-a', 'L1-b', '']);
    const prim = glb.json.meshes[0].primitives[0];
    expect(prim.extensions.EXT_mesh_features.featureIds).toEqual([{ featureCount: 3, attribute: 0, propertyTable: 0 }]);
    // Feature ids point at the right rows: row k's vertices lie around building rows[k].
    const ids = readAccessor(glb, prim.attributes._FEATURE_ID_0);
    const world = worldPositions(glb, enuFrame({ lonDeg: LON, latDeg: LAT, heightM: 100 }).enuToEcef);
    for (let v = 0; v < ids.length; v++) {
      const [lon] = toEcef.inverse([world[3 * v], world[3 * v + 1], world[3 * v + 2]]);
      expect(Math.abs(Math.round((lon - LON) / 0.001) - rows[ids[v]])).toBe(0);
    }
  });

  it('stores normals as int8 within a degree of the float normals', () => {
    const city = syntheticCity(50, 3, { centreLonDeg: LON, centreLatDeg: LAT });
    const rows = Array.from({ length: 50 }, (_, i) => i);
    const { mesh } = extrudeBuildings(city, rows, { lonDeg: LON, latDeg: LAT, heightM: 0 }, { normals: true });
    const glb = readGlb(writeGlb(mesh, buildingPropertyTable(city, rows)));
    const n = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes.NORMAL);
    for (let v = 0; v < mesh.featureIds.length; v++) {
      // glTF (x, y, z) = ENU (e, u, -n)
      const [e, nn, u] = [mesh.normals[3 * v], mesh.normals[3 * v + 1], mesh.normals[3 * v + 2]];
      const dot = (n[3 * v] * e + n[3 * v + 1] * u - n[3 * v + 2] * nn) / Math.hypot(n[3 * v], n[3 * v + 1], n[3 * v + 2]);
      expect(dot).toBeGreaterThan(Math.cos(Math.PI / 180));
    }
  });
});
