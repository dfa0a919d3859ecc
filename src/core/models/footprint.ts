// A model's outline seen from above, in the model frame (x, y metres), for drawing where it will stand while the user
// places it: the convex hull of every vertex (monotone chain), cheap at a million triangles. The footprint kept with a
// placed model is the exact outline (design.ts for IFC, outline.ts otherwise), not this.
import type { ModelData } from './model';

/** The convex hull of the model's vertices projected on x, y: a counter-clockwise ring, closed (first point repeated). */
export function hullOutline(model: Pick<ModelData, 'parts'>): [number, number][] {
  const pts: [number, number][] = [];
  for (const p of model.parts) for (let i = 0; i < p.positions.length; i += 3) pts.push([p.positions[i], p.positions[i + 1]]);
  if (pts.length < 3) return pts;
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  const ring = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  ring.push(ring[0]);
  return ring;
}
