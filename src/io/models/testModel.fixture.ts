// Checks shared by the model reader tests: find a vertex, count triangles, test winding against normals.
import type { ModelData, ModelPart } from '../../core/models/model';
import type { Vec3 } from './fixtures/box.fixture';

/** The smallest distance from `p` to any vertex of the element named `name` (metres). */
export function nearestVertexM(model: ModelData, name: string, p: Vec3): number {
  const element = model.elements.findIndex((e) => e.name === name);
  let best = Infinity;
  for (const part of model.parts) {
    if (part.element !== element) continue;
    for (let i = 0; i < part.positions.length; i += 3) {
      best = Math.min(best, Math.hypot(part.positions[i] - p[0], part.positions[i + 1] - p[1], part.positions[i + 2] - p[2]));
    }
  }
  return best;
}

export function elementTriangles(model: ModelData, name: string): number {
  const element = model.elements.findIndex((e) => e.name === name);
  return model.parts.filter((p) => p.element === element).reduce((n, p) => n + p.indices.length / 3, 0);
}

/** Triangles whose corner order disagrees with the stored normals (should be none: counter-clockwise from outside). */
export function insideOutTriangles(part: ModelPart): number {
  if (!part.normals) return 0;
  const p = part.positions;
  const n = part.normals;
  let bad = 0;
  for (let t = 0; t < part.indices.length; t += 3) {
    const [a, b, c] = [part.indices[t] * 3, part.indices[t + 1] * 3, part.indices[t + 2] * 3];
    const u = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
    const v = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
    const cross = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    if (cross[0] * n[a] + cross[1] * n[a + 1] + cross[2] * n[a + 2] <= 0) bad++;
  }
  return bad;
}

/** The axis-aligned bounds of an element, metres: [min, max]. */
export function elementBounds(model: ModelData, name: string): [Vec3, Vec3] {
  const element = model.elements.findIndex((e) => e.name === name);
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const part of model.parts) {
    if (part.element !== element) continue;
    for (let i = 0; i < part.positions.length; i++) {
      min[i % 3] = Math.min(min[i % 3], part.positions[i]);
      max[i % 3] = Math.max(max[i % 3], part.positions[i]);
    }
  }
  return [min, max];
}
