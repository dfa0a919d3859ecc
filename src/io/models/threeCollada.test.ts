import { describe, expect, it } from 'vitest';
import { srgbToLinear } from './fixtures/box.fixture';
import { DAE_CORNER_UNITS, daeTower, STONE_DIFFUSE } from './fixtures/daeBox.fixture';
import { elementTriangles, insideOutTriangles, nearestVertexM } from './testModel.fixture';
import { readThreeModel } from './threeModel';

const read = (bytes: Uint8Array) => readThreeModel(new Map([['tower.dae', bytes]]), 'tower.dae');

describe('readThreeModel: Collada (no DOM: our own XML parser)', () => {
  it('reads a z-up file in millimetres by its <unit>', async () => {
    const model = await read(daeTower({ meter: 0.001, upAxis: 'Z_UP' }));
    expect(model.format).toBe('dae');
    expect(model.units).toEqual({ metresPerUnit: 0.001, source: 'Collada <unit meter="0.001">' });
    expect(model.elements.map((e) => e.name)).toEqual(['Tower & Hall']);
    expect(elementTriangles(model, 'Tower & Hall')).toBe(12);
    expect(nearestVertexM(model, 'Tower & Hall', DAE_CORNER_UNITS.map((c) => c * 0.001) as [number, number, number])).toBeLessThan(0.001);
    for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);
    expect(model.materials.map((m) => m.name)).toEqual(['Stone']);
    expect(model.materials[0].color).toEqual([...STONE_DIFFUSE.map(srgbToLinear), 1].map((c) => expect.closeTo(c, 5)));
    expect('DOMParser' in globalThis).toBe(false);
  });

  it('a y-up file without <unit>: metres, turned z up', async () => {
    const model = await read(daeTower({ upAxis: 'Y_UP' }));
    expect(model.units.metresPerUnit).toBe(1);
    expect(model.units.source).toMatch(/no <unit>/);
    const [x, y, z] = DAE_CORNER_UNITS;
    expect(nearestVertexM(model, 'Tower & Hall', [x, -z, y])).toBeLessThan(0.001);
    for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);
  });

  it('truncated or non-Collada XML is a ModelError naming the file', async () => {
    const bytes = daeTower({ meter: 1 });
    await expect(read(bytes.slice(0, bytes.length / 2))).rejects.toThrow(
      /^tower\.dae: cannot be read as Collada: .*(never closed|unterminated)/,
    );
    await expect(read(new TextEncoder().encode('<svg></svg>'))).rejects.toThrow(
      'tower.dae: cannot be read as Collada: not a Collada document',
    );
    await expect(read(new TextEncoder().encode('<a><b></a>'))).rejects.toThrow('</a> closes <b>');
  });
});
