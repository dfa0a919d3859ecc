import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { extrudeBuildings } from './buildingMesh';
import { enuFrame } from './enu';
import type { FeatureMesh, TileOrigin } from './mesh';
import { packFeatures, ringFromMetres } from './tiles.fixture';

const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m');
const LON = 113.6,
  LAT = 34.75;
const origin: TileOrigin = { lonDeg: LON + 0.0003, latDeg: LAT - 0.0002, heightM: 90 };

const rect = (w: number, d: number) => [
  [-w / 2, -d / 2],
  [w / 2, -d / 2],
  [w / 2, d / 2],
  [-w / 2, d / 2],
];
const columns = (features: number[][][][][], heightM: number[], baseM: number[]) => ({
  polygons: packFeatures(features),
  heightM: Float32Array.from(heightM),
  baseM: Float32Array.from(baseM),
});

function triangles(mesh: FeatureMesh): { area: number; nx: number; ny: number; nz: number; c: number[]; vn: number[]; f: number }[] {
  const out = [];
  const p = mesh.positions;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const [a, b, c] = [mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]];
    const u = [0, 1, 2].map((i) => p[3 * b + i] - p[3 * a + i]);
    const v = [0, 1, 2].map((i) => p[3 * c + i] - p[3 * a + i]);
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const len = Math.hypot(n[0], n[1], n[2]);
    out.push({
      area: len / 2,
      nx: n[0] / len,
      ny: n[1] / len,
      nz: n[2] / len,
      c: [0, 1, 2].map((i) => (p[3 * a + i] + p[3 * b + i] + p[3 * c + i]) / 3),
      vn: mesh.normals.length ? [0, 1, 2].map((i) => mesh.normals[3 * a + i]) : [],
      f: mesh.featureIds[a],
    });
  }
  return out;
}

describe('extrudeBuildings', () => {
  it.each([
    ['shared vertices, no normals', false, 2 * 4],
    ['flat normals', true, 4 + 4 * 4],
  ])('puts a 10 m x 20 m box at the ECEF positions proj4 computes, within a millimetre (%s)', (_, normals, vertices) => {
    const ring = ringFromMetres(LON, LAT, rect(10, 20));
    const { mesh, skipped } = extrudeBuildings(columns([[[ring]]], [30], [100]), [0], origin, { normals });
    expect(skipped).toEqual([]);
    expect(mesh.featureIds.length).toBe(vertices);
    expect(mesh.normals.length).toBe(normals ? 3 * vertices : 0);
    expect(mesh.indices.length / 3).toBe(2 + 4 * 2);
    const m = enuFrame(origin).enuToEcef;
    const ecef = (v: number) => {
      const [x, y, z] = [mesh.positions[3 * v], mesh.positions[3 * v + 1], mesh.positions[3 * v + 2]];
      return [0, 1, 2].map((r) => m[r] * x + m[4 + r] * y + m[8 + r] * z + m[12 + r]);
    };
    for (const [lon, lat] of ring) {
      for (const h of [130, 98]) {
        const want = toEcef.forward([lon, lat, h]);
        const best = Math.min(
          ...Array.from({ length: mesh.featureIds.length }, (_, v) => Math.hypot(...ecef(v).map((c, i) => c - want[i]))),
        );
        expect(best).toBeLessThan(1e-3);
      }
    }
  });

  it.each([false, true])('winds every triangle counter-clockwise from outside, whatever the ring orientation (normals: %s)', (normals) => {
    const ccw = ringFromMetres(LON, LAT, rect(10, 20), 0.3);
    const cw = [...ccw].reverse();
    for (const ring of [ccw, cw]) {
      const hole = ringFromMetres(LON, LAT, rect(4, 6), 0.3);
      for (const holeRing of [hole, [...hole].reverse()]) {
        const { mesh } = extrudeBuildings(columns([[[ring, holeRing]]], [30], [100]), [0], origin, { normals });
        const centre = extrudeBuildings(columns([[[ring]]], [30], [100]), [0], origin).mesh.positions;
        const cx = (centre[0] + centre[3] + centre[6] + centre[9]) / 4,
          cy = (centre[1] + centre[4] + centre[7] + centre[10]) / 4;
        for (const t of triangles(mesh)) {
          // Geometric normal agrees with the stored flat normal.
          if (normals) expect(t.nx * t.vn[0] + t.ny * t.vn[1] + t.nz * t.vn[2]).toBeGreaterThan(0.999);
          if (Math.abs(t.nz) > 0.5) {
            expect(t.nz).toBeGreaterThan(0.999); // roof faces up; there is no floor
          } else {
            // Outer walls face away from the centre, hole walls towards it.
            const r = Math.hypot(t.c[0] - cx, t.c[1] - cy);
            const out = (t.nx * (t.c[0] - cx) + t.ny * (t.c[1] - cy)) / r;
            expect(r > 4 ? out : -out).toBeGreaterThan(0.3);
          }
        }
      }
    }
  });

  it('triangulates holes and MultiPolygons with the right counts and roof area', () => {
    const courtyard = [ringFromMetres(LON, LAT, rect(40, 30)), ringFromMetres(LON, LAT, rect(10, 10))];
    const twoParts = [
      [
        ringFromMetres(LON, LAT, [
          [0, 0],
          [12, 0],
          [12, 8],
          [0, 8],
        ]),
      ],
      [
        ringFromMetres(LON, LAT, [
          [20, 0],
          [30, 0],
          [30, 5],
          [25, 9],
          [20, 5],
        ]),
      ],
    ];
    const lShape = [
      ringFromMetres(LON, LAT, [
        [0, 0],
        [30, 0],
        [30, 10],
        [10, 10],
        [10, 25],
        [0, 25],
      ]),
    ];
    const input = columns([[courtyard], twoParts, [lShape]], [12, 20, 9], [100, 101, 102]);
    const { mesh } = extrudeBuildings(input, [0, 1, 2], origin, { sinkM: 3 });
    const tris = triangles(mesh);
    const roofArea = [0, 0, 0],
      wallArea = [0, 0, 0],
      roofTris = [0, 0, 0],
      wallTris = [0, 0, 0];
    for (const t of tris) {
      if (t.nz > 0.99) {
        roofArea[t.f] += t.area;
        roofTris[t.f]++;
      } else {
        wallArea[t.f] += t.area;
        wallTris[t.f]++;
      }
    }
    // Roof: n + 2·holes − 2 triangles per polygon; walls: 2 per edge.
    expect(roofTris).toEqual([8 + 2 - 2, 4 - 2 + (5 - 2), 6 - 2]);
    expect(wallTris).toEqual([2 * 8, 2 * 9, 2 * 6]);
    const expectedRoof = [40 * 30 - 10 * 10, 12 * 8 + (10 * 5 + (10 * 4) / 2), 30 * 10 + 10 * 15];
    const perimeter = [2 * (40 + 30) + 2 * (10 + 10), 2 * (12 + 8) + (10 + 5 + 2 * Math.hypot(5, 4) + 5), 30 + 10 + 20 + 15 + 10 + 25];
    const heights = [12 + 3, 20 + 3, 9 + 3];
    for (let f = 0; f < 3; f++) {
      expect(Math.abs(roofArea[f] / expectedRoof[f] - 1)).toBeLessThan(1e-4);
      expect(Math.abs(wallArea[f] / (perimeter[f] * heights[f]) - 1)).toBeLessThan(1e-4);
    }
  });

  it('draws the same triangles with shared vertices as with flat normals, on 2 vertices per footprint vertex', () => {
    const courtyard = [ringFromMetres(LON, LAT, rect(40, 30), 0.2), ringFromMetres(LON, LAT, rect(10, 10), -0.1)];
    const ring = ringFromMetres(LON, LAT, rect(12, 8), 0.5);
    const input = columns([[courtyard], [[ring], [[...ring].reverse()]]], [12, 20], [100, 101]);
    const corners = (normals: boolean) => {
      const { mesh } = extrudeBuildings(input, [0, 1], origin, { normals });
      const p = mesh.positions;
      const out: string[] = [];
      for (let t = 0; t < mesh.indices.length; t += 3) {
        const c = [0, 1, 2].map((k) => {
          const v = mesh.indices[t + k];
          return `${mesh.featureIds[v]}:${[0, 1, 2].map((i) => p[3 * v + i].toFixed(4)).join(',')}`;
        });
        const first = c.indexOf([...c].sort()[0]);
        out.push([0, 1, 2].map((k) => c[(first + k) % 3]).join(';'));
      }
      return { out: out.sort(), vertices: mesh.featureIds.length };
    };
    const shared = corners(false),
      flat = corners(true);
    expect(shared.out).toEqual(flat.out);
    expect(shared.vertices).toBe(2 * (8 + 4 + 4));
  });

  it('skips degenerate footprints, reports them by index, and keeps feature ids as rows', () => {
    const good = ringFromMetres(LON, LAT, rect(10, 10));
    const features = [
      [[good]],
      [[good.slice(0, 2)]], // two vertices
      [
        [
          [
            [LON, LAT],
            [LON + 0.0001, LAT],
            [LON + 0.0002, LAT],
          ],
        ],
      ], // collinear: no area
      [[good]], // NaN height
      [[[good[0], [NaN, LAT], good[2]]]], // NaN coordinate
      [], // no polygon at all
      [[good]],
    ];
    const input = columns(features, [10, 10, 10, NaN, 10, 10, 10], [0, 0, 0, 0, 0, 0, 0]);
    const { mesh, skipped } = extrudeBuildings(input, [6, 1, 2, 3, 4, 5, 0], origin);
    expect(skipped.map((s) => s.index)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(mesh.featureIds)).toEqual(new Set([0, 6]));
    expect(mesh.indices.length / 3).toBe(2 * 10);
  });

  it('adds no wall for a ring stored closed (first vertex repeated)', () => {
    const ring = ringFromMetres(LON, LAT, rect(10, 10));
    const { mesh } = extrudeBuildings(columns([[[[...ring, ring[0]]]]], [10], [0]), [0], origin);
    const walls = triangles(mesh).filter((t) => Math.abs(t.nz) < 0.5);
    expect(walls.length).toBe(8);
  });
});
