import { describe, expect, it } from 'vitest';
import { srgbToLinear } from './fixtures/box.fixture';
import { CONCRETE_DIFFUSE, fbxTower, TOWER_CORNER_UNITS } from './fixtures/fbxBox.fixture';
import { elementBounds, elementTriangles, insideOutTriangles, nearestVertexM } from './testModel.fixture';
import { readThreeModel } from './threeModel';

const read = (bytes: Uint8Array, options = {}) => readThreeModel(new Map([['tower.fbx', bytes]]), 'tower.fbx', options);

describe('readThreeModel: FBX', () => {
  it('reads the ASCII tower in metres by its UnitScaleFactor (inches), y up turned z up', async () => {
    const model = await read(fbxTower({ unitScaleFactor: 2.54, upAxis: 1 }));
    expect(model.format).toBe('fbx');
    expect(model.units).toEqual({ metresPerUnit: 0.0254, source: 'FBX GlobalSettings UnitScaleFactor 2.54 (cm per unit)' });
    expect(model.elements.map((e) => e.name)).toEqual(['Tower']);
    expect(elementTriangles(model, 'Tower')).toBe(12);
    const [x, y, z] = TOWER_CORNER_UNITS.map((c) => c * 0.0254);
    expect(nearestVertexM(model, 'Tower', [x, -z, y])).toBeLessThan(0.001);
    const [min, max] = elementBounds(model, 'Tower');
    expect(max[2] - min[2]).toBeCloseTo(200 * 0.0254, 5);
    for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);
    expect(model.materials.map((m) => m.name)).toEqual(['Concrete']);
    expect(model.materials[0].color).toEqual([...CONCRETE_DIFFUSE.map(srgbToLinear), 1].map((c) => expect.closeTo(c, 5)));
    expect(model.warnings).toEqual([]);
  });

  it('a z-up file (UpAxis 2) keeps its z up', async () => {
    const model = await read(fbxTower({ unitScaleFactor: 100, upAxis: 2 }));
    expect(model.units.metresPerUnit).toBe(1);
    expect(nearestVertexM(model, 'Tower', TOWER_CORNER_UNITS)).toBeLessThan(0.001);
    for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);
  });

  it('without UnitScaleFactor: centimetres, said in the units and a warning', async () => {
    const model = await read(fbxTower({ upAxis: 1 }));
    expect(model.units.metresPerUnit).toBe(0.01);
    expect(model.units.source).toMatch(/centimetres/);
    expect(model.warnings).toEqual([expect.stringContaining('no UnitScaleFactor')]);
    const [x, y, z] = TOWER_CORNER_UNITS.map((c) => c * 0.01);
    expect(nearestVertexM(model, 'Tower', [x, -z, y])).toBeLessThan(0.001);
  });

  it('an ASCII file whose comment spells part of the binary magic at a sampled byte still reads (regression)', async () => {
    const bytes = fbxTower({ unitScaleFactor: 1, upAxis: 1 });
    expect(new TextDecoder().decode(bytes).charAt(45)).toBe('B');
    expect((await read(bytes)).elements.map((e) => e.name)).toEqual(['Tower']);
  });

  it('a camera without an aspect ratio does not need a window (none in a worker or Node)', async () => {
    const model = await read(fbxTower({ unitScaleFactor: 100, upAxis: 1, camera: true }));
    expect(model.elements.map((e) => e.name)).toEqual(['Tower']);
    expect('window' in globalThis).toBe(false);
  });

  it('garbage and a truncated binary FBX are ModelErrors naming the file', async () => {
    await expect(read(new TextEncoder().encode('hello, not a model'))).rejects.toThrow(/^tower\.fbx: cannot be read as FBX/);
    const header = new TextEncoder().encode('Kaydara FBX Binary  \0\x1a\0');
    const truncated = new Uint8Array(40);
    truncated.set(header);
    new DataView(truncated.buffer).setUint32(23, 7400, true);
    await expect(read(truncated)).rejects.toThrow(/^tower\.fbx: cannot be read as FBX/);
  });
});
