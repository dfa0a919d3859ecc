import { describe, expect, it } from 'vitest';
import { modelTriangles } from '../../core/models/model';
import { srgbToLinear } from './fixtures/box.fixture';
import { BLOCK_CORNER_ZUP_M, BRICK_KD, GLASS_KD, GLASS_OPACITY, OBJ_VT, objBlock, SHED_CORNER_ZUP_M } from './fixtures/objBox.fixture';
import { pngRgb } from './fixtures/png.fixture';
import { elementTriangles, insideOutTriangles, nearestVertexM } from './testModel.fixture';
import { readThreeModel } from './threeModel';

const png = pngRgb(4, 2, (x, y) => [200, 60 + x * 10, 40 + y * 30]);

describe('readThreeModel: OBJ + MTL', () => {
  it('needs the unit: OBJ has none', async () => {
    await expect(readThreeModel(objBlock(png), 'block.obj')).rejects.toThrow('block.obj: OBJ has no units: say which (e.g. --unit m)');
  });

  it('reads the block in metres, z up, its two materials split into parts, the brick texture carried with uvs', async () => {
    const model = await readThreeModel(objBlock(png), 'block.obj', { metresPerUnit: 0.01 });
    expect(model.format).toBe('obj');
    expect(model.units.metresPerUnit).toBe(0.01);
    expect(model.units.source).toMatch(/y up/);
    expect(model.elements.map((e) => e.name)).toEqual(['Block', 'Shed']);
    expect(elementTriangles(model, 'Block')).toBe(12);
    expect(elementTriangles(model, 'Shed')).toBe(12);
    expect(model.parts.filter((p) => p.element === 0).length).toBe(2);
    expect(nearestVertexM(model, 'Block', BLOCK_CORNER_ZUP_M)).toBeLessThan(0.001);
    expect(nearestVertexM(model, 'Shed', SHED_CORNER_ZUP_M)).toBeLessThan(0.001);
    for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);

    const brick = model.materials.find((m) => m.name === 'Brick')!;
    const glass = model.materials.find((m) => m.name === 'Glass')!;
    // MTL colours are sRGB as written; the contract's are linear.
    expect(brick.color).toEqual([...BRICK_KD.map(srgbToLinear), 1].map((c) => expect.closeTo(c, 5)));
    expect(glass.color).toEqual([...GLASS_KD.map(srgbToLinear), GLASS_OPACITY].map((c) => expect.closeTo(c, 5)));
    expect(brick.texture).toEqual({ name: 'brick.png', mime: 'image/png', bytes: png });
    expect(glass.texture).toBeUndefined();

    const brickPart = model.parts.find((p) => p.element === 0 && model.materials[p.material] === brick)!;
    expect(brickPart.uvs).toBeDefined();
    expect(brickPart.uvs!.length / 2).toBe(brickPart.positions.length / 3);
    // OBJ counts v up from the image's bottom; the contract down from its top: v becomes 1 − v.
    const vs = [...new Set(Array.from(brickPart.uvs!).filter((_, i) => i % 2 === 1))].sort();
    expect(vs).toEqual([...new Set(OBJ_VT.map(([, v]) => 1 - v))].sort().map((v) => expect.closeTo(v, 6)));
    expect(model.parts.find((p) => model.materials[p.material] === glass)!.uvs).toBeUndefined();
    expect(model.warnings).toEqual([]);
  });

  it('z up when told so', async () => {
    const model = await readThreeModel(objBlock(png), 'block.obj', { metresPerUnit: 0.01, upAxis: 'z' });
    expect(nearestVertexM(model, 'Block', [2, 3, 4])).toBeLessThan(0.001);
  });

  it('a missing .mtl or texture is a warning naming it; the model still reads', async () => {
    const noTexture = objBlock(png);
    noTexture.delete('brick.png');
    const a = await readThreeModel(noTexture, 'block.obj', { metresPerUnit: 1 });
    expect(a.warnings).toEqual([expect.stringContaining('texture textures/brick.png is missing')]);
    expect(a.materials.find((m) => m.name === 'Brick')!.texture).toBeUndefined();
    expect(modelTriangles(a)).toBe(24);

    const noMtl = objBlock(png);
    noMtl.delete('block.mtl');
    const b = await readThreeModel(noMtl, 'block.obj', { metresPerUnit: 1 });
    expect(b.warnings).toEqual([expect.stringContaining('material library block.mtl is missing')]);
    expect(modelTriangles(b)).toBe(24);
  });

  it('an OBJ without faces is a ModelError naming the file', async () => {
    const files = new Map([['points.obj', new TextEncoder().encode('v 0 0 0\nv 1 0 0\n')]]);
    await expect(readThreeModel(files, 'points.obj', { metresPerUnit: 1 })).rejects.toThrow('points.obj: has no triangles');
    const garbage = new Map([['noise.obj', new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x80, 0x81])]]);
    await expect(readThreeModel(garbage, 'noise.obj', { metresPerUnit: 1 })).rejects.toThrow(/^noise\.obj: /);
  });
});
