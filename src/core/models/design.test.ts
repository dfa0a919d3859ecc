import { describe, expect, it } from 'vitest';
import { designValues, topFaceArea } from './design';
import type { ModelData, ModelElement, ModelPart } from './model';

/** A closed box as one part (12 triangles, counter-clockwise from outside). */
function box(element: number, [x0, y0, z0]: number[], [x1, y1, z1]: number[]): ModelPart {
  const positions = new Float32Array([x0, y0, z0, x1, y0, z0, x1, y1, z0, x0, y1, z0, x0, y0, z1, x1, y0, z1, x1, y1, z1, x0, y1, z1]);
  // prettier-ignore
  const indices = new Uint32Array([0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7]);
  return { element, material: 0, positions, indices };
}

function model(elements: ModelElement[], parts: ModelPart[], elevations: number[]): ModelData {
  return {
    file: 'b.ifc',
    format: 'ifc',
    units: { metresPerUnit: 1, source: 'test' },
    elements,
    materials: [{ name: 'm', color: [1, 1, 1, 1] }],
    parts,
    storeys: elevations.map((z, i) => ({ name: `S${i}`, elevationM: z })),
    warnings: [],
  };
}
const slab = (storey: number, props: Record<string, number | string> = {}): ModelElement => ({
  name: `slab ${storey}`,
  ifcClass: 'IfcSlab',
  storey,
  properties: { PredefinedType: 'FLOOR', ...props },
});

describe('designValues', () => {
  it('sums slab quantities, measures slabs without them, and takes spaces only without slabs', () => {
    const elements: ModelElement[] = [
      slab(1, { 'Qto_SlabBaseQuantities.GrossArea': 100 }), // basement, below ground
      slab(0, { 'Qto_SlabBaseQuantities.GrossArea': 60 }),
      slab(0, { 'Qto_SlabBaseQuantities.GrossArea': 40 }),
      slab(2), // 10 × 7 measured
      { name: 'roof', ifcClass: 'IfcSlab', storey: 2, properties: { PredefinedType: 'ROOF' } },
      { name: 'space', ifcClass: 'IfcSpace', storey: 3, properties: { 'Qto_SpaceBaseQuantities.GrossFloorArea': 55.5 } },
      { name: 'space', ifcClass: 'IfcSpace', storey: 2, properties: { 'Qto_SpaceBaseQuantities.GrossFloorArea': 1 } },
      { name: 'wall', ifcClass: 'IfcWall', storey: 3, properties: {} },
    ];
    const parts = [
      box(0, [0, 0, -3.2], [10, 10, -3]),
      box(1, [0, 0, -0.2], [6, 10, 0]),
      box(2, [6, 0, -0.2], [10, 4, 0]),
      box(3, [0, 0, 3.1], [10, 7, 3.3]),
      box(4, [0, 0, 9.6], [10, 7, 9.8]),
      box(7, [0, 0, 6.6], [0.2, 7, 9.6]),
    ];
    // Storeys sorted by elevation as readers give them: S0 at 0, S1 at -3, S2 at 3.3, S3 at 6.6.
    const m = model(elements, parts, [0, -3, 3.3, 6.6]);
    m.storeys = [m.storeys[1], m.storeys[0], m.storeys[2], m.storeys[3]];
    for (const e of elements) e.storey = [1, 0, 2, 3][e.storey!];
    const d = designValues(m);
    expect(d.storeys.map((s) => [s.name, s.source, s.basis])).toEqual([
      ['S1', 'quantities', 'IfcSlab'],
      ['S0', 'quantities', 'IfcSlab'],
      ['S2', 'computed', 'IfcSlab'],
      ['S3', 'quantities', 'IfcSpace'],
    ]);
    expect(d.storeys.map((s) => s.gfaM2)).toEqual([100, 100, expect.closeTo(70, 4), 55.5]);
    expect(d.gfaM2).toBeCloseTo(325.5, 4);
    expect(d.groundM).toBe(0);
    expect(d.heightM).toBeCloseTo(9.8, 5);
    // The ground storey's two slabs: an L of 6 × 10 + 4 × 4.
    expect(d.footprintM2).toBeCloseTo(76, 4);
    expect(d.footprint).toHaveLength(1);
    expect(d.footprint[0]).toHaveLength(6);
  });

  it('without storeys stands on the lowest point and says it has no footprint', () => {
    const d = designValues(model([{ name: 'x', properties: {} }], [box(0, [0, 0, 2], [1, 1, 5])], []));
    expect([d.groundM, d.heightM, d.footprintM2]).toEqual([2, 3, 0]);
    expect(d.notes.join('\n')).toContain('no floor slab on the ground storey');
  });

  it('measures only the top faces of a slab', () => {
    expect(topFaceArea([box(0, [0, 0, 0], [4, 2.5, 0.3])])).toBeCloseTo(10, 5);
  });
});
