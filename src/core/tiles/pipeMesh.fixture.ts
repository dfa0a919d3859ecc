// What the pipeMesh tests share: pipes laid out in local metres (turned into lon/lat with WGS84 written out), and
// checks of a mesh (closed and consistently oriented, unit normals, winding, volume).
import type { PackedLines } from '../geom/packed';
import type { FeatureMesh } from './mesh';
import { pipeMesh, type PipeSections } from './pipeMesh';
import { expect } from 'vitest';
// Geometry is set up in local metres (east, north) around the origin and turned into lon/lat with
// the WGS84 radii written out here, so expectations never come from the code under test.
export const ORIGIN = { lonDeg: 113.6, latDeg: 34.7, heightM: 100 };
const A = 6378137,
  E2 = 0.00669437999014;
const PHI = (ORIGIN.latDeg * Math.PI) / 180;
const MERIDIAN_M = (A * (1 - E2)) / (1 - E2 * Math.sin(PHI) ** 2) ** 1.5;
const PARALLEL_M = (A / Math.sqrt(1 - E2 * Math.sin(PHI) ** 2)) * Math.cos(PHI);
const toLon = (eastM: number) => ORIGIN.lonDeg + (eastM / PARALLEL_M) * (180 / Math.PI);
export const toLat = (northM: number) => ORIGIN.latDeg + (northM / MERIDIAN_M) * (180 / Math.PI);
export const toEast = (lonDeg: number) => ((lonDeg - ORIGIN.lonDeg) * Math.PI * PARALLEL_M) / 180;
export const FLAT = () => 100; // ground at the origin's height

/** One feature per entry, each a list of parts, each a list of [east, north] metres. */
export function lines(features: number[][][][]): PackedLines {
  const coords: number[] = [],
    partStart: number[] = [0],
    featurePartStart: number[] = [0];
  for (const parts of features) {
    for (const part of parts) {
      for (const [e, n] of part) coords.push(toLon(e), toLat(n));
      partStart.push(coords.length / 2);
    }
    featurePartStart.push(partStart.length - 1);
  }
  return {
    coords: Float64Array.from(coords),
    partStart: Uint32Array.from(partStart),
    featurePartStart: Uint32Array.from(featurePartStart),
    bbox: new Float64Array(4 * features.length),
    ids: features.map((_, i) => `p${i}`),
  };
}

type SectionRow = { d?: number; w?: number; h?: number; s: number; e: number };

export function sections(rows: SectionRow[]): PipeSections {
  return {
    diameterMm: rows.map((r) => r.d ?? NaN),
    widthMm: rows.map((r) => r.w ?? NaN),
    heightMm: rows.map((r) => r.h ?? NaN),
    startDepthM: rows.map((r) => r.s),
    endDepthM: rows.map((r) => r.e),
  };
}

/** Plans the tests lay pipes along, [east, north] metres: straight from x = -50 to 50, a right-angle bend at the origin, a 160° hairpin. */
export const STRAIGHT = [
  [-50, 0],
  [50, 0],
];
export const BEND = [
  [-50, 0],
  [0, 0],
  [0, 50],
];
export const HAIRPIN = [
  [-50, 0],
  [0, 0],
  [-47, 17],
];

/** One pipe along `plan` ([east, north] metres) with one section, on flat ground unless `groundM` is given. */
export function onePipe(plan: number[][], section: SectionRow, options: { groundM?: (lonDeg: number) => number; segments?: number } = {}) {
  return pipeMesh(lines([[plan]]), [0], { origin: ORIGIN, sections: sections([section]), groundM: FLAT, ...options });
}

export type V3 = [number, number, number];
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);
export const pos = (m: FeatureMesh, v: number): V3 => [m.positions[3 * v], m.positions[3 * v + 1], m.positions[3 * v + 2]];
export const nrm = (m: FeatureMesh, v: number): V3 => [m.normals[3 * v], m.normals[3 * v + 1], m.normals[3 * v + 2]];
export const vertexCount = (m: FeatureMesh) => m.positions.length / 3;

/** Closest point to p on segment ab. */
export function closestOnSegment(p: V3, a: V3, b: V3): V3 {
  const ab = sub(b, a);
  const t = Math.min(1, Math.max(0, dot(sub(p, a), ab) / dot(ab, ab)));
  return [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
}
export const distToLine = (p: V3, a: V3, b: V3) => norm(cross(sub(p, a), sub(b, a))) / norm(sub(b, a));
export const distToPolyline = (p: V3, axis: V3[]) =>
  Math.min(...axis.slice(1).map((b, i) => norm(sub(p, closestOnSegment(p, axis[i], b)))));

/**
 * Welds vertices by position (0.1 mm) and checks that every directed edge of a non-degenerate triangle
 * is matched by exactly one opposite edge: the surface is closed and consistently oriented.
 */
export function expectClosedAndOriented(m: FeatureMesh): void {
  const ids = new Map<string, number>();
  const weld = (v: number) => {
    const key = pos(m, v)
      .map((c) => Math.round(c * 1e4))
      .join(',');
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key)!;
  };
  const directed = new Map<string, number>();
  for (let t = 0; t < m.indices.length; t += 3) {
    const w = [weld(m.indices[t]), weld(m.indices[t + 1]), weld(m.indices[t + 2])];
    if (w[0] === w[1] || w[1] === w[2] || w[0] === w[2]) continue;
    for (let e = 0; e < 3; e++) {
      const key = `${w[e]}>${w[(e + 1) % 3]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  let bad = 0;
  for (const [key, count] of directed) {
    const [a, b] = key.split('>');
    if (count !== 1 || directed.get(`${b}>${a}`) !== 1) bad++;
  }
  expect(bad).toBe(0);
}

/** Signed volume by the divergence theorem: positive when triangles wind counter-clockwise from outside. */
export function volume(m: FeatureMesh): number {
  let sum = 0;
  for (let t = 0; t < m.indices.length; t += 3) {
    sum += dot(pos(m, m.indices[t]), cross(pos(m, m.indices[t + 1]), pos(m, m.indices[t + 2])));
  }
  return sum / 6;
}

export function expectUnitNormals(m: FeatureMesh): void {
  for (let v = 0; v < vertexCount(m); v++) expect(Math.abs(norm(nrm(m, v)) - 1)).toBeLessThan(1e-5);
}

/** Every triangle's winding agrees with its vertices' normals. */
export function expectWindingMatchesNormals(m: FeatureMesh): void {
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t], m.indices[t + 1], m.indices[t + 2]];
    const n = cross(sub(pos(m, b), pos(m, a)), sub(pos(m, c), pos(m, a)));
    if (norm(n) < 1e-9) continue;
    for (const v of [a, b, c]) expect(dot(n, nrm(m, v))).toBeGreaterThan(0);
  }
}

export const polygonArea = (sides: number, r: number) => (sides / 2) * r * r * Math.sin((2 * Math.PI) / sides);
