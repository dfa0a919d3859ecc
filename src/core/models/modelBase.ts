// Where a placed model stands, as the viewer's tiles worker and the `cim model` command both keep it: the model point
// that stands on the ground when placed by hand, and the outline on the ground kept with the placed model.
import type { DesignValues } from './design';
import { modelFootprint } from './footprint';
import type { ModelData } from './model';
import type { PlacedModel } from './placement';

/** Where a model stands when placed by hand: the centre of its plan at its ground (an IFC's ground storey, else its lowest point). */
export function baseCentre(model: Pick<ModelData, 'parts'>, design: DesignValues | null): [number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of model.parts)
    for (let i = 0; i < p.positions.length; i += 3) {
      x0 = Math.min(x0, p.positions[i]);
      x1 = Math.max(x1, p.positions[i]);
      y0 = Math.min(y0, p.positions[i + 1]);
      y1 = Math.max(y1, p.positions[i + 1]);
      z0 = Math.min(z0, p.positions[i + 2]);
    }
  return [(x0 + x1) / 2, (y0 + y1) / 2, design ? design.groundM : z0];
}

/**
 * The outline kept with a placed model, lon/lat degrees, closed: an IFC's ground-storey slabs (what its design values
 * measure), else the largest ring of the triangles' shadow.
 */
export function footprintOf(model: Pick<ModelData, 'parts'>, placed: PlacedModel, design: DesignValues | null): number[] {
  const ring = design?.footprint[0];
  if (design && ring && ring.length >= 3) {
    const xyz = new Float64Array(ring.length * 3);
    ring.forEach(([x, y], i) => xyz.set([x, y, design.groundM], 3 * i));
    const lonLatH = placed.toLonLatHeight(xyz);
    const out: number[] = [];
    for (let i = 0; i < ring.length; i++) out.push(lonLatH[3 * i], lonLatH[3 * i + 1]);
    if (out[0] !== out[out.length - 2] || out[1] !== out[out.length - 1]) out.push(out[0], out[1]);
    return out;
  }
  const rings = modelFootprint(model, placed).ringsLonLatDeg;
  return Array.from(rings.reduce((a, b) => (b.length > a.length ? b : a), new Float64Array(0)));
}
