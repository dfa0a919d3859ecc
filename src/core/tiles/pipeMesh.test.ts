// pipeMesh on round sections: tubes along a line's axis at the pipe's depth, closed and consistently oriented.
import { describe, expect, it } from 'vitest';
import { pipeMesh } from './pipeMesh';
import {
  ORIGIN,
  toEast,
  FLAT,
  lines,
  sections,
  type V3,
  sub,
  dot,
  norm,
  pos,
  nrm,
  vertexCount,
  distToLine,
  distToPolyline,
  expectClosedAndOriented,
  volume,
  expectUnitNormals,
  expectWindingMatchesNormals,
  polygonArea,
  BEND,
  HAIRPIN,
  STRAIGHT,
  onePipe,
} from './pipeMesh.fixture';

describe('pipeMesh: round sections', () => {
  it('builds a straight 100 m DN1000 pipe 0.5 m around an axis at ground - depth - radius', () => {
    const { mesh, skipped } = onePipe(STRAIGHT, { d: 1000, s: 2, e: 2 }, { segments: 8 });
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
    const { mesh } = onePipe(STRAIGHT, { d: 1000, s: 2, e: 2 });
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
    const { mesh } = onePipe(BEND, { d: 1000, s: 2, e: 2 }, { segments: sides });
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
    const { mesh } = onePipe(
      [
        [-50, 0],
        [-20, 0],
        [50, 0],
      ],
      { d: 500, s: 1, e: 3 },
      { groundM: ground, segments: 8 },
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
    const { mesh } = onePipe(plan, { d: 800, s: 1, e: 4 }, { groundM: ground, segments: sides });
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
    const { mesh } = onePipe(HAIRPIN, { d: 1000, s: 2, e: 2 }, { segments: 8 });
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
