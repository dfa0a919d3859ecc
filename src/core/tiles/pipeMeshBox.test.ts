// pipeMesh on box sections (culverts and tunnels) and on degenerate input.
import { describe, expect, it } from 'vitest';
import { pipeMesh } from './pipeMesh';
import {
  ORIGIN,
  toLat,
  FLAT,
  lines,
  sections,
  sub,
  dot,
  pos,
  nrm,
  vertexCount,
  closestOnSegment,
  expectClosedAndOriented,
  volume,
  expectUnitNormals,
  expectWindingMatchesNormals,
  BEND,
  HAIRPIN,
  STRAIGHT,
  onePipe,
} from './pipeMesh.fixture';

describe('pipeMesh: box sections', () => {
  it('builds an upright 2000×1000 box with flat faces', () => {
    const { mesh, skipped } = onePipe(STRAIGHT, { w: 2000, h: 1000, s: 1.5, e: 1.5 });
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
    const { mesh } = onePipe(BEND, { w: 2000, h: 1000, s: 1.5, e: 1.5 });
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
    const { mesh } = onePipe(STRAIGHT, { w: 2000, h: 1000, s: 1, e: 11 });
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
    const { mesh } = onePipe(HAIRPIN, { w: 2000, h: 1000, s: 1.5, e: 1.5 });
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
