import { describe, expect, it } from 'vitest';
import type { PackedLines } from '../geom/packed';
import type { FeatureMesh } from './mesh';
import { pipeMesh, type PipeSections } from './pipeMesh';

// Geometry is set up in local metres (east, north) around the origin and turned into lon/lat with
// the WGS84 radii written out here, so expectations never come from the code under test.
const ORIGIN = { lonDeg: 113.6, latDeg: 34.7, heightM: 100 };
const A = 6378137,
  E2 = 0.00669437999014;
const PHI = (ORIGIN.latDeg * Math.PI) / 180;
const MERIDIAN_M = (A * (1 - E2)) / (1 - E2 * Math.sin(PHI) ** 2) ** 1.5;
const PARALLEL_M = (A / Math.sqrt(1 - E2 * Math.sin(PHI) ** 2)) * Math.cos(PHI);
const toLon = (eastM: number) => ORIGIN.lonDeg + (eastM / PARALLEL_M) * (180 / Math.PI);
const toLat = (northM: number) => ORIGIN.latDeg + (northM / MERIDIAN_M) * (180 / Math.PI);
const toEast = (lonDeg: number) => ((lonDeg - ORIGIN.lonDeg) * Math.PI * PARALLEL_M) / 180;
const FLAT = () => 100; // ground at the origin's height

/** One feature per entry, each a list of parts, each a list of [east, north] metres. */
function lines(features: number[][][][]): PackedLines {
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

function sections(rows: { d?: number; w?: number; h?: number; s: number; e: number }[]): PipeSections {
  return {
    diameterMm: rows.map((r) => r.d ?? NaN),
    widthMm: rows.map((r) => r.w ?? NaN),
    heightMm: rows.map((r) => r.h ?? NaN),
    startDepthM: rows.map((r) => r.s),
    endDepthM: rows.map((r) => r.e),
  };
}

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);
const pos = (m: FeatureMesh, v: number): V3 => [m.positions[3 * v], m.positions[3 * v + 1], m.positions[3 * v + 2]];
const nrm = (m: FeatureMesh, v: number): V3 => [m.normals[3 * v], m.normals[3 * v + 1], m.normals[3 * v + 2]];
const vertexCount = (m: FeatureMesh) => m.positions.length / 3;

/** Closest point to p on segment ab. */
function closestOnSegment(p: V3, a: V3, b: V3): V3 {
  const ab = sub(b, a);
  const t = Math.min(1, Math.max(0, dot(sub(p, a), ab) / dot(ab, ab)));
  return [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
}
const distToLine = (p: V3, a: V3, b: V3) => norm(cross(sub(p, a), sub(b, a))) / norm(sub(b, a));
const distToPolyline = (p: V3, axis: V3[]) => Math.min(...axis.slice(1).map((b, i) => norm(sub(p, closestOnSegment(p, axis[i], b)))));

/**
 * Welds vertices by position (0.1 mm) and checks that every directed edge of a non-degenerate triangle
 * is matched by exactly one opposite edge: the surface is closed and consistently oriented.
 */
function expectClosedAndOriented(m: FeatureMesh): void {
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
function volume(m: FeatureMesh): number {
  let sum = 0;
  for (let t = 0; t < m.indices.length; t += 3) {
    sum += dot(pos(m, m.indices[t]), cross(pos(m, m.indices[t + 1]), pos(m, m.indices[t + 2])));
  }
  return sum / 6;
}

function expectUnitNormals(m: FeatureMesh): void {
  for (let v = 0; v < vertexCount(m); v++) expect(Math.abs(norm(nrm(m, v)) - 1)).toBeLessThan(1e-5);
}

/** Every triangle's winding agrees with its vertices' normals. */
function expectWindingMatchesNormals(m: FeatureMesh): void {
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t], m.indices[t + 1], m.indices[t + 2]];
    const n = cross(sub(pos(m, b), pos(m, a)), sub(pos(m, c), pos(m, a)));
    if (norm(n) < 1e-9) continue;
    for (const v of [a, b, c]) expect(dot(n, nrm(m, v))).toBeGreaterThan(0);
  }
}

const polygonArea = (sides: number, r: number) => (sides / 2) * r * r * Math.sin((2 * Math.PI) / sides);

describe('pipeMesh: round sections', () => {
  it('builds a straight 100 m DN1000 pipe 0.5 m around an axis at ground - depth - radius', () => {
    const { mesh, skipped } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [50, 0],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 1000, s: 2, e: 2 }]),
        groundM: FLAT,
        segments: 8,
      },
    );
    expect(skipped).toEqual([]);
    // Two side rings and two cap rings of 8; 16 side triangles and two 6-triangle fans.
    expect(vertexCount(mesh)).toBe(32);
    expect(mesh.indices.length / 3).toBe(28);
    const a: V3 = [-50, 0, -2.5],
      b: V3 = [50, 0, -2.5];
    let minZ = Infinity,
      maxZ = -Infinity;
    for (let v = 0; v < vertexCount(mesh); v++) {
      const p = pos(mesh, v);
      expect(Math.abs(distToLine(p, a, b) - 0.5)).toBeLessThan(1e-3);
      expect(Math.abs(Math.abs(p[0]) - 50)).toBeLessThan(1e-3);
      minZ = Math.min(minZ, p[2]);
      maxZ = Math.max(maxZ, p[2]);
    }
    expect(maxZ).toBeCloseTo(-2, 3); // the top of the pipe is at the cover depth
    expect(minZ).toBeCloseTo(-3, 3);
    expect(Array.from(mesh.featureIds).every((id) => id === 0)).toBe(true);
    expectClosedAndOriented(mesh);
    expect(volume(mesh) / (polygonArea(8, 0.5) * 100)).toBeCloseTo(1, 4);
  });

  it('has unit normals: radial on the wall, along the axis on the end discs', () => {
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [50, 0],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 1000, s: 2, e: 2 }]),
        groundM: FLAT,
      },
    );
    expectUnitNormals(mesh);
    expectWindingMatchesNormals(mesh);
    let caps = 0;
    for (let v = 0; v < vertexCount(mesh); v++) {
      const p = pos(mesh, v),
        n = nrm(mesh, v);
      if (Math.abs(n[0]) > 0.999) {
        caps++;
        expect(Math.sign(n[0])).toBe(Math.sign(p[0])); // -x at the west end, +x at the east end
      } else {
        const radial = sub(p, [p[0], 0, -2.5]);
        expect(dot(n, radial) / norm(radial)).toBeGreaterThan(0.999);
      }
    }
    expect(caps).toBe(16);
  });

  it('mitres a 90° bend with one ring shared by both legs, on the bisecting plane', () => {
    const r = 0.5,
      sides = 8;
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [0, 0],
            [0, 50],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 1000, s: 2, e: 2 }]),
        groundM: FLAT,
        segments: sides,
      },
    );
    expect(vertexCount(mesh)).toBe(5 * sides); // three rings and two caps
    expect(mesh.indices.length / 3).toBe(4 * sides + 2 * (sides - 2));
    const a: V3 = [-50, 0, -2.5],
      b: V3 = [0, 0, -2.5],
      c: V3 = [0, 50, -2.5];
    const bisector: V3 = [Math.SQRT1_2, Math.SQRT1_2, 0];
    const ring: number[] = [];
    for (let v = 0; v < vertexCount(mesh); v++) if (norm(sub(pos(mesh, v), b)) < 1) ring.push(v);
    expect(ring.length).toBe(sides);
    let farthest = 0;
    for (const v of ring) {
      const p = pos(mesh, v);
      expect(Math.abs(dot(sub(p, b), bisector))).toBeLessThan(1e-3);
      expect(Math.abs(distToLine(p, a, b) - r)).toBeLessThan(1e-3); // on the first leg's cylinder
      expect(Math.abs(distToLine(p, b, c) - r)).toBeLessThan(1e-3); // and on the second's
      expect(dot(nrm(mesh, v), sub(p, b))).toBeGreaterThan(0);
      farthest = Math.max(farthest, norm(sub(p, b)));
    }
    expect(farthest).toBeCloseTo(r * Math.SQRT2, 3); // stretched by 1/cos(45°) in the bend plane
    // Both legs' walls are built on those same vertices.
    const legs = new Set<string>();
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const tri = [mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]];
      if (!tri.some((v) => ring.includes(v))) continue;
      for (const v of tri) {
        const p = pos(mesh, v);
        if (p[0] < -40) legs.add('first');
        if (p[1] > 40) legs.add('second');
      }
    }
    expect([...legs].sort()).toEqual(['first', 'second']);
    expectClosedAndOriented(mesh);
    expectUnitNormals(mesh);
    expectWindingMatchesNormals(mesh);
    expect(volume(mesh) / (polygonArea(sides, r) * 100)).toBeCloseTo(1, 4);
  });

  it('interpolates the cover depth along the length and follows the ground', () => {
    // Ground rises 1 m per 20 m eastwards; depth 1 m at the west end to 3 m at the east end.
    const ground = (lonDeg: number) => 100 + toEast(lonDeg) / 20;
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [-20, 0],
            [50, 0],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 500, s: 1, e: 3 }]),
        groundM: ground,
        segments: 8,
      },
    );
    const axisZ = (x: number) => x / 20 - (1 + (2 * (x + 50)) / 100) - 0.25;
    for (const x of [-50, -20, 50]) {
      const ringVs = [];
      for (let v = 0; v < vertexCount(mesh); v++) {
        const p = pos(mesh, v);
        if (Math.abs(p[0] - x) < 0.3 && Math.abs(mesh.normals[3 * v]) < 0.5) ringVs.push(p);
      }
      expect(ringVs.length).toBe(8);
      const meanZ = ringVs.reduce((s, p) => s + p[2], 0) / ringVs.length;
      expect(Math.abs(meanZ - axisZ(x))).toBeLessThan(2e-3);
    }
    expectClosedAndOriented(mesh);
  });

  it('carries one depth gradient across the parts of a multi-part feature', () => {
    // Parts of 40 m and 60 m: the join is at 40% of the length, depth 1 -> 2 m.
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [0, 0],
            [40, 0],
          ],
          [
            [0, 10],
            [60, 10],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 200, s: 1, e: 2 }]),
        groundM: FLAT,
      },
    );
    const zAt = (x: number, y: number) => {
      const zs = [];
      for (let v = 0; v < vertexCount(mesh); v++) {
        const p = pos(mesh, v);
        if (Math.hypot(p[0] - x, p[1] - y) < 0.2) zs.push(p[2]);
      }
      return zs.reduce((s, z) => s + z, 0) / zs.length;
    };
    expect(zAt(40, 0)).toBeCloseTo(-1.4 - 0.1, 2);
    expect(zAt(0, 10)).toBeCloseTo(-1.4 - 0.1, 2);
    expect(zAt(60, 10)).toBeCloseTo(-2 - 0.1, 2);
    expectClosedAndOriented(mesh);
  });

  it('does not twist along a path bending in three dimensions (rotation-minimising frames)', () => {
    const r = 0.4,
      sides = 8;
    const plan = [
      [-60, 0],
      [-20, 0],
      [0, 30],
      [40, 30],
      [50, 70],
    ];
    const ground = (lonDeg: number) => 100 + toEast(lonDeg) / 10;
    const { mesh } = pipeMesh(lines([[plan]]), [0], {
      origin: ORIGIN,
      sections: sections([{ d: 800, s: 1, e: 4 }]),
      groundM: ground,
      segments: sides,
    });
    let total = 0;
    const along = plan.map((p, i) => (total += i ? Math.hypot(p[0] - plan[i - 1][0], p[1] - plan[i - 1][1]) : 0));
    const axis: V3[] = plan.map(([e, n], i) => [e, n, e / 10 - (1 + (3 * along[i]) / total) - r]);
    // Every wall edge, including quad diagonals, stays on the tube: a twisted band would cut inside it.
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const [i, j, k] = [mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]];
      if (dot(nrm(mesh, i), nrm(mesh, j)) > 0.9999 && dot(nrm(mesh, i), nrm(mesh, k)) > 0.9999) continue; // end disc
      for (let e = 0; e < 3; e++) {
        const a = mesh.indices[t + e],
          b = mesh.indices[t + ((e + 1) % 3)];
        const p = pos(mesh, a),
          q = pos(mesh, b);
        const mid: V3 = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2];
        expect(distToPolyline(mid, axis)).toBeGreaterThan(r * Math.cos(Math.PI / sides) - 2e-3);
      }
    }
    // Mitre vertices lie past the segment ends, but on the legs' (infinite) cylinders.
    const distToLines = (p: V3) => Math.min(...axis.slice(1).map((b, i) => distToLine(p, axis[i], b)));
    for (let v = 0; v < vertexCount(mesh); v++) expect(distToLines(pos(mesh, v))).toBeLessThan(r + 2e-3);
    expectClosedAndOriented(mesh);
    expectWindingMatchesNormals(mesh);
  });

  it('closes a hairpin bend with a rounded knuckle instead of a runaway mitre', () => {
    const r = 0.5;
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [0, 0],
            [-47, 17],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ d: 1000, s: 2, e: 2 }]),
        groundM: FLAT,
        segments: 8,
      },
    );
    expect(vertexCount(mesh)).toBeGreaterThan(5 * 8);
    const b: V3 = [0, 0, -2.5];
    for (let v = 0; v < vertexCount(mesh); v++) {
      const p = pos(mesh, v);
      if (norm(sub(p, b)) < 2) expect(norm(sub(p, b))).toBeLessThan(r + 1e-3); // no spike past the radius
    }
    expectClosedAndOriented(mesh);
    expectUnitNormals(mesh);
    expect(volume(mesh)).toBeGreaterThan(0);
  });
});

describe('pipeMesh: box sections', () => {
  it('builds an upright 2000×1000 box with flat faces', () => {
    const { mesh, skipped } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [50, 0],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ w: 2000, h: 1000, s: 1.5, e: 1.5 }]),
        groundM: FLAT,
      },
    );
    expect(skipped).toEqual([]);
    expect(vertexCount(mesh)).toBe(4 * 4 + 2 * 4);
    expect(mesh.indices.length / 3).toBe(12);
    for (let v = 0; v < vertexCount(mesh); v++) {
      const p = pos(mesh, v),
        n = nrm(mesh, v);
      expect(Math.abs(Math.abs(p[1]) - 1)).toBeLessThan(1e-3); // width 2 m, horizontal
      expect(Math.min(Math.abs(p[2] + 1.5), Math.abs(p[2] + 2.5))).toBeLessThan(1e-3); // height 1 m below 1.5 m cover
      // Flat normals: one axis each, pointing away from the axis (or out of the ends).
      expect(n.map((c) => Math.abs(c)).sort((x, y) => x - y)).toEqual([0, 0, 1].map((c) => expect.closeTo(c, 5)));
      const axisPoint = closestOnSegment(p, [-50, 0, -2], [50, 0, -2]);
      if (Math.abs(n[0]) > 0.5) expect(Math.sign(n[0])).toBe(Math.sign(p[0]));
      else expect(dot(n, sub(p, axisPoint))).toBeGreaterThan(0);
    }
    expectClosedAndOriented(mesh);
    expectWindingMatchesNormals(mesh);
    expect(volume(mesh)).toBeCloseTo(2 * 1 * 100, 2);
  });

  it('mitres a 90° plan bend at the inner and outer corners', () => {
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [0, 0],
            [0, 50],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ w: 2000, h: 1000, s: 1.5, e: 1.5 }]),
        groundM: FLAT,
      },
    );
    const atBend = new Set<string>();
    for (let v = 0; v < vertexCount(mesh); v++) {
      const p = pos(mesh, v);
      expect(p[2]).toBeGreaterThan(-2.5 - 1e-3);
      expect(p[2]).toBeLessThan(-1.5 + 1e-3);
      if (Math.hypot(p[0], p[1]) < 2) atBend.add(`${p[0].toFixed(3)},${p[1].toFixed(3)}`);
    }
    // Turning left: the inner wall corner is (-1, 1), the outer (1, -1).
    expect([...atBend].sort()).toEqual(['-1.000,1.000', '1.000,-1.000']);
    expectClosedAndOriented(mesh);
    expectWindingMatchesNormals(mesh);
    expect(volume(mesh)).toBeCloseTo(2 * 1 * 100, 2);
  });

  it('keeps the width horizontal on a slope', () => {
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [50, 0],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ w: 2000, h: 1000, s: 1, e: 11 }]),
        groundM: FLAT,
      },
    );
    let sides = 0;
    for (let v = 0; v < vertexCount(mesh); v++) {
      const n = nrm(mesh, v);
      if (Math.abs(n[1]) > 0.5) {
        sides++;
        expect(Math.abs(n[2])).toBeLessThan(1e-6);
        expect(Math.abs(Math.abs(pos(mesh, v)[1]) - 1)).toBeLessThan(1e-3);
      }
    }
    expect(sides).toBe(8);
    expectClosedAndOriented(mesh);
  });

  it('closes a sharp box bend', () => {
    const { mesh } = pipeMesh(
      lines([
        [
          [
            [-50, 0],
            [0, 0],
            [-47, 17],
          ],
        ],
      ]),
      [0],
      {
        origin: ORIGIN,
        sections: sections([{ w: 2000, h: 1000, s: 1.5, e: 1.5 }]),
        groundM: FLAT,
      },
    );
    expectClosedAndOriented(mesh);
    expectUnitNormals(mesh);
    expect(volume(mesh)).toBeGreaterThan(0);
  });
});

describe('pipeMesh: degenerate input', () => {
  it('skips what it cannot draw, with a reason, and keeps feature ids aligned with the list', () => {
    const good = [
      [
        [-10, 0],
        [10, 0],
      ],
    ];
    const data = lines([
      good,
      [[[0, 0]]],
      [
        [
          [5, 5],
          [5, 5],
        ],
      ],
      good,
      good,
      good,
      good,
      good,
    ]);
    const secs = sections([
      { d: 300, s: 1, e: 1 },
      { d: 300, s: 1, e: 1 },
      { d: 300, s: 1, e: 1 },
      { s: 1, e: 1 }, // nothing given
      { d: 0, s: 1, e: 1 }, // zero diameter
      { w: 1000, s: 1, e: 1 }, // box without a height
      { d: 300, s: NaN, e: 1 },
      { d: 300, s: 1, e: 1 },
    ]);
    const groundM = (_lonDeg: number, latDeg: number) => (latDeg > toLat(3) ? NaN : 100);
    const { mesh, skipped } = pipeMesh(data, [1, 2, 3, 4, 5, 6, 99, 0], { origin: ORIGIN, sections: secs, groundM });
    expect(skipped).toEqual([
      { index: 1, reason: 'too few points' },
      { index: 2, reason: 'no ground' },
      { index: 3, reason: 'no size' },
      { index: 4, reason: 'bad size' },
      { index: 5, reason: 'bad size' },
      { index: 6, reason: 'no depth' },
      { index: 99, reason: 'no such feature' },
    ]);
    expect(new Set(mesh.featureIds)).toEqual(new Set([7]));
    expect(vertexCount(mesh)).toBe(32);
  });

  it('drops repeated points and reports a feature whose points all coincide', () => {
    const { mesh, skipped } = pipeMesh(
      lines([
        [
          [
            [0, 0],
            [0, 0],
            [30, 0],
            [30, 0.0001],
            [60, 0],
          ],
        ],
        [
          [
            [7, 7],
            [7, 7],
          ],
        ],
      ]),
      [0, 1],
      {
        origin: ORIGIN,
        sections: sections([
          { d: 400, s: 1, e: 1 },
          { d: 400, s: 1, e: 1 },
        ]),
        groundM: FLAT,
        segments: 6,
      },
    );
    expect(skipped).toEqual([{ index: 1, reason: 'too few points' }]);
    expect(vertexCount(mesh)).toBe(5 * 6);
    expectClosedAndOriented(mesh);
  });

  it('returns an empty mesh for no features', () => {
    const { mesh, skipped } = pipeMesh(lines([]), [], { origin: ORIGIN, sections: sections([]), groundM: FLAT });
    expect(skipped).toEqual([]);
    expect(mesh.positions.length + mesh.indices.length + mesh.normals.length + mesh.featureIds.length).toBe(0);
  });
});
