// The generated IFC4 building read back through web-ifc's Node build: elements, storeys, properties, geometry at
// its hand-known coordinates, units, georeferencing, and the refusals.
import { resolve } from 'node:path';
import type { IfcAPI } from 'web-ifc';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ModelData, ModelError } from '../../core/models/model';
import { readIfc } from './ifc';
import { initIfcApi } from './ifcApi';
import {
  FIXTURE_GEOREF,
  FIXTURE_ORIGIN_M,
  FIXTURE_OUTLINE_M,
  FIXTURE_STOREY_HEIGHT_M,
  FIXTURE_WALL_THICKNESS_M,
  type IfcFixtureOptions,
  ifcFixture,
} from './ifcFixture';

let api: IfcAPI;
beforeAll(async () => {
  api = await initIfcApi(resolve('node_modules/web-ifc') + '/');
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const read = (options: IfcFixtureOptions = {}, metresPerUnit?: number): Promise<ModelData> =>
  readIfc(bytes(ifcFixture(options)), 'fixture.ifc', api, { metresPerUnit });
const partsOf = (m: ModelData, name: string) => m.parts.filter((p) => m.elements[p.element].name === name);

/** The corners of wall `e` of storey `s` as the fixture places it: along the outline edge, on its inner side (the first wall is two solids, one above the other). */
function wallCorners(s: number, e: number): [number, number, number][] {
  const [x0, y0] = FIXTURE_OUTLINE_M[e];
  const [x1, y1] = FIXTURE_OUTLINE_M[(e + 1) % FIXTURE_OUTLINE_M.length];
  const len = Math.hypot(x1 - x0, y1 - y0);
  const [nx, ny] = [(-(y1 - y0) / len) * FIXTURE_WALL_THICKNESS_M, ((x1 - x0) / len) * FIXTURE_WALL_THICKNESS_M];
  const z0 = s * FIXTURE_STOREY_HEIGHT_M;
  const out: [number, number, number][] = [];
  for (const [x, y] of [
    [x0, y0],
    [x1, y1],
    [x0 + nx, y0 + ny],
    [x1 + nx, y1 + ny],
  ]) {
    for (const z of s + e === 0 ? [z0, z0 + 1.55, z0 + 3.1] : [z0, z0 + 3.1])
      out.push([x + FIXTURE_ORIGIN_M[0], y + FIXTURE_ORIGIN_M[1], z + FIXTURE_ORIGIN_M[2]]);
  }
  return out;
}

function expectAtCorners(m: ModelData, name: string, corners: [number, number, number][]): void {
  const hit = new Set<number>();
  for (const p of partsOf(m, name)) {
    for (let i = 0; i < p.positions.length; i += 3) {
      const k = corners.findIndex(([x, y, z]) => Math.hypot(p.positions[i] - x, p.positions[i + 1] - y, p.positions[i + 2] - z) < 0.001);
      expect(k, `${name} vertex ${[...p.positions.subarray(i, i + 3)]} is no corner`).toBeGreaterThanOrEqual(0);
      hit.add(k);
    }
  }
  expect(hit.size).toBe(corners.length);
}

describe('readIfc on the generated building', () => {
  it('reads every element with its class, GlobalId, storey and property sets', async () => {
    const text = ifcFixture();
    const m = await readIfc(bytes(text), 'fixture.ifc', api);
    expect(m.warnings).toEqual([]);
    const count = (c: string) => m.elements.filter((e) => e.ifcClass === c).length;
    expect([count('IfcWall'), count('IfcSlab'), count('IfcSpace'), count('IfcColumn'), m.elements.length]).toEqual([18, 3, 3, 1, 25]);
    // GlobalIds and names as the STEP text writes them, matched by the text itself.
    for (const [, cls, gid, name] of text.matchAll(/=IFC(WALL|SLAB|SPACE|COLUMN)\('([^']+)',\$,'([^']+)'/g)) {
      const e = m.elements.find((x) => x.globalId === gid);
      expect(e?.name).toBe(name);
      expect(e?.ifcClass?.toUpperCase()).toBe(`IFC${cls}`);
    }
    expect(m.storeys.map((s) => s.name)).toEqual(['F1', 'F2', 'F3']);
    m.storeys.forEach((s, i) => expect(s.elevationM).toBeCloseTo(i * FIXTURE_STOREY_HEIGHT_M, 9));
    expect(new Set(m.storeys.map((s) => s.globalId)).size).toBe(3);
    for (const e of m.elements) {
      const storey = /^(?:W|Slab F|Space F)(\d)/.exec(e.name)?.[1] ?? (e.name === 'Column C1' ? '1' : null);
      expect(e.storey, e.name).toBe(Number(storey) - 1);
    }
    const wall = m.elements.find((e) => e.name === 'W2-3-1')!;
    expect(wall.properties).toMatchObject({
      'Pset_WallCommon.IsExternal': true,
      'Pset_WallCommon.Reference': 'EW-200',
      'Qto_WallBaseQuantities.Length': 12,
      PredefinedType: 'STANDARD',
    });
    expect(wall.properties['Qto_WallBaseQuantities.Height']).toBeCloseTo(3.1, 9);
    const slab = (n: number) => m.elements.find((e) => e.name === `Slab F${n}`)!.properties;
    expect(slab(1)['Qto_SlabBaseQuantities.GrossArea']).toBe(168);
    expect(slab(1).PredefinedType).toBe('FLOOR');
    expect(slab(3)['Qto_SlabBaseQuantities.GrossArea']).toBeUndefined();
    expect(m.elements.find((e) => e.name === 'Space F2')!.properties['Qto_SpaceBaseQuantities.GrossFloorArea']).toBe(155.36);
  });

  it('puts every wall at its hand-known model coordinates in metres, z up, within 1 mm', async () => {
    for (const unit of ['mm', 'ft', 'm'] as const) {
      const m = await read({ unit });
      for (let s = 0; s < 3; s++) {
        for (let e = 0; e < FIXTURE_OUTLINE_M.length; e++) expectAtCorners(m, `W${s + 1}-${e + 1}-1`, wallCorners(s, e));
      }
    }
  });

  it('merges geometries of one colour into one part, keeps colours apart, and winds triangles along their normals', async () => {
    const m = await read();
    expect(partsOf(m, 'W1-1-1')).toHaveLength(1);
    expect(partsOf(m, 'W1-1-1')[0].indices.length / 3).toBe(24);
    const column = partsOf(m, 'Column C1');
    expect(new Set(column.map((p) => p.material)).size).toBe(2);
    expect(column.map((p) => m.materials[p.material].name).sort()).toEqual(['#999999', '#cc1a1a']);
    for (const p of m.parts) {
      const v = p.positions;
      for (let t = 0; t < p.indices.length; t += 3) {
        const [a, b, c] = [p.indices[t] * 3, p.indices[t + 1] * 3, p.indices[t + 2] * 3];
        const u = [v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]];
        const w = [v[c] - v[a], v[c + 1] - v[a + 1], v[c + 2] - v[a + 2]];
        const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
        const dot = n[0] * p.normals![a] + n[1] * p.normals![a + 1] + n[2] * p.normals![a + 2];
        expect(dot).toBeGreaterThan(0);
      }
    }
  });

  it('reads the units and the IfcMapConversion', async () => {
    const m = await read();
    expect(m.units).toEqual({ metresPerUnit: 0.001, source: 'IFCSIUNIT .MILLI. .METRE.' });
    expect(m.georef).toMatchObject({ crs: 'EPSG:4547', eastingM: FIXTURE_GEOREF.eastingM, northingM: FIXTURE_GEOREF.northingM });
    expect(m.georef!.heightM).toBeCloseTo(FIXTURE_GEOREF.heightM, 9);
    expect(m.georef!.rotationDeg).toBeCloseTo(FIXTURE_GEOREF.rotationDeg, 9);
    expect(m.georef!.scale).toBeCloseTo(1, 12);
    const ft = await read({ unit: 'ft' });
    expect(ft.units.metresPerUnit).toBe(0.3048);
    expect(ft.units.source).toContain("IFCCONVERSIONBASEDUNIT 'FOOT'");
    expect(ft.georef!.scale).toBeCloseTo(1, 12);
  });

  it("names IfcSite's latitude and longitude in a warning when there is no IfcMapConversion", async () => {
    const m = await read({ noMapConversion: true });
    expect(m.georef).toBeUndefined();
    expect(m.warnings.join('\n')).toMatch(/latitude 30\.590000°, longitude 114\.300000°, elevation 21\.50 m/);
  });
});

describe('readIfc refusals', () => {
  const refusal = async (data: Uint8Array, options?: { metresPerUnit?: number }): Promise<ModelError> => {
    const error = await readIfc(data, 'site/plan.ifc', api, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/^site\/plan\.ifc: /);
    return error as ModelError;
  };

  it('refuses bytes that are not IFC and a truncated file, naming the file', async () => {
    expect((await refusal(bytes('{"type":"FeatureCollection"}'))).message).toContain('not an IFC file');
    expect((await refusal(new Uint8Array(0))).message).toContain('not an IFC file');
    const text = ifcFixture();
    expect((await refusal(bytes(text.slice(0, text.length / 2)))).message).toContain('truncated');
  });

  it('refuses a file without a length unit unless the user gives one', async () => {
    const text = bytes(ifcFixture({ noLengthUnit: true }));
    expect((await refusal(text)).message).toContain('no length unit in IfcUnitAssignment');
    const m = await readIfc(text, 'site/plan.ifc', api, { metresPerUnit: 0.001 });
    expect(m.units).toEqual({ metresPerUnit: 0.001, source: 'given: 0.001 m per unit' });
    expectAtCorners(m, 'W1-1-1', wallCorners(0, 0));
  });

  it('closes every model it opened, also after a refusal or an abort', async () => {
    await read();
    await refusal(bytes(ifcFixture({ noLengthUnit: true })));
    const aborted = new AbortController();
    aborted.abort();
    await expect(readIfc(bytes(ifcFixture()), 'a.ifc', api, { signal: aborted.signal })).rejects.toThrow(/abort/i);
    for (let id = 0; id < 64; id++) expect(api.IsModelOpen(id), `model ${id}`).toBe(false);
  });
});
