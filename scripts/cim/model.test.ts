// `cim model` on the generated IFC building: placed with --at on the demo city's frame (base centre on the point,
// turned 30°), its corners where proj4 puts them, every glb through the Khronos validator, the manifest's entry; placed
// by its own IfcMapConversion; and the refusals (truncated, far from the city, too many triangles) that write nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoManifest, ManifestModel } from '../../src/core/demo/manifest';
import {
  FIXTURE_GEOREF,
  FIXTURE_ORIGIN_M,
  FIXTURE_OUTLINE_AREA_M2,
  FIXTURE_OUTLINE_M,
  FIXTURE_SLAB_THICKNESS_M,
  FIXTURE_STOREY_HEIGHT_M,
  ifcFixture,
} from '../../src/io/models/ifcFixture';
import { cim, ecef, GK_114, nearestLeafVertexM, readTileset, tilesetIssues } from './modelTiles.fixture';

const dir = mkdtempSync(join(tmpdir(), 'cim-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RAD = Math.PI / 180;
const text = ifcFixture();
const ifc = join(dir, 'fixture.ifc');
writeFileSync(ifc, text);
// The demo city's frame: its manifest's bounds and metric CRS, the point a model goes on near its centre.
const manifestPath = join(dir, 'demo.json');
const manifest = {
  generator: 'model.test',
  crs: 'EPSG:4490',
  metricCrs: 'EPSG:4547',
  centerLonLatDeg: [113.66, 34.76],
  bboxLonLatDeg: [113.622, 34.729, 113.698, 34.791],
  tiles: { buildings: 'tiles/buildings/tileset.json' },
};
writeFileSync(manifestPath, JSON.stringify(manifest));
const [X, Y] = proj4('WGS84', GK_114, [113.661, 34.761]).map((v: number) => Math.round(v * 100) / 100);
const H = 104.5;
/** Top of the top storey's walls above the ground storey's floor. */
const TOP_M = 3 * FIXTURE_STOREY_HEIGHT_M - FIXTURE_SLAB_THICKNESS_M;
// The plan's box is the L's (the walls lie inside it, the slabs on it); its ground is the ground storey's floor.
const BASE_CENTRE = [FIXTURE_ORIGIN_M[0] + 10, FIXTURE_ORIGIN_M[1] + 6, FIXTURE_ORIGIN_M[2]];

/** GK metres of a fixture outline corner (building frame x, y) placed with its base centre at (X, Y), turned by deg. */
function placedGk(x: number, y: number, deg: number): [number, number] {
  const dx = x + FIXTURE_ORIGIN_M[0] - BASE_CENTRE[0],
    dy = y + FIXTURE_ORIGIN_M[1] - BASE_CENTRE[1];
  const c = Math.cos(deg * RAD),
    s = Math.sin(deg * RAD);
  return [X + c * dx - s * dy, Y + s * dx + c * dy];
}

describe('cim model: the IFC fixture', () => {
  const out = join(dir, 'out');
  const run = (deg: number) =>
    cim('model', ifc, '--at', `${X},${Y},${H}`, '--rotate', String(deg), '--manifest', manifestPath, '--out', out, '--quiet');
  const r = run(30);
  const summary = r.status === 0 ? JSON.parse(r.stdout) : null;

  it('places it on the city with --at, exits 0 with one summary line: elements, storeys, tiles, design values', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({
      command: 'model',
      id: 'fixture',
      format: 'ifc',
      elements: 25,
      storeys: ['F1', 'F2', 'F3'],
      warnings: [],
    });
    expect(summary.triangles).toBeGreaterThan(0);
    expect(summary.units).toBe('IFCSIUNIT .MILLI. .METRE.');
    expect(summary.footprintM2).toBeCloseTo(FIXTURE_OUTLINE_AREA_M2, 0);
    expect(summary.design.storeys).toBe(3);
    expect(summary.design.heightM).toBeCloseTo(TOP_M, 3);
    expect(summary.design.gfaM2).toBeCloseTo(3 * FIXTURE_OUTLINE_AREA_M2, 1);
    expect(summary.design.footprintM2).toBeCloseTo(FIXTURE_OUTLINE_AREA_M2, 1);
    expect(summary.out).toBe(join(out, 'fixture', 'tileset.json'));
  });

  it('writes a tileset whose every glb passes the Khronos validator', async () => {
    const tiles = readTileset(join(out, 'fixture', 'tileset.json'));
    expect(tiles.length).toBe(summary.tiles);
    expect(tiles.reduce((n, t) => n + t.bytes.length, 0)).toBe(summary.bytes);
    expect(await tilesetIssues(tiles)).toEqual([]);
  });

  it('puts every outline corner, at the ground and at the top, within 5 cm of where proj4 puts it', () => {
    const tiles = readTileset(join(out, 'fixture', 'tileset.json'));
    for (const [x, y] of FIXTURE_OUTLINE_M)
      for (const z of [0, TOP_M]) {
        const [lon, lat] = proj4(GK_114, 'WGS84', placedGk(x, y, 30));
        expect(nearestLeafVertexM(tiles, ecef(lon, lat, H + z)), `corner ${x}, ${y}, ${z}`).toBeLessThan(0.05);
      }
  });

  it("lists it in the manifest's models (paths relative to it), keeping the manifest's other fields", () => {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
    expect(m.tiles).toEqual(manifest.tiles);
    expect(m.models).toHaveLength(1);
    const entry = m.models![0];
    expect(entry).toMatchObject({ id: 'fixture', file: 'fixture.ifc', format: 'ifc', tileset: 'out/fixture/tileset.json', elements: 25 });
    expect(existsSync(join(dir, entry.tileset))).toBe(true);
    expect(entry.triangles).toBe(summary.triangles);
    expect(entry.placement).toEqual({ crs: 'EPSG:4547', x: X, y: Y, heightM: H, rotationDeg: 30, scale: 1, anchor: BASE_CENTRE });
    expect(entry.storeys.map((s) => s.name)).toEqual(['F1', 'F2', 'F3']);
    entry.storeys.forEach((s, i) => expect(s.elevationM).toBeCloseTo(i * FIXTURE_STOREY_HEIGHT_M, 6));
    expect(entry.design).toMatchObject({ file: 'fixture.ifc', storeys: 3 });
    expect(entry.design!.gfaM2).toBeCloseTo(3 * FIXTURE_OUTLINE_AREA_M2, 1);
    expect(entry.design!.storeyAreas.map((s) => s.name)).toEqual(['F1', 'F2', 'F3']);
    // The kept footprint: the L's six corners, closed, each within 5 cm of where proj4 puts it.
    const ring = entry.footprintLonLatDeg;
    expect(ring.length).toBe(2 * (FIXTURE_OUTLINE_M.length + 1));
    expect(ring.slice(-2)).toEqual(ring.slice(0, 2));
    for (const [x, y] of FIXTURE_OUTLINE_M) {
      const [e, n] = placedGk(x, y, 30);
      const nearest = Math.min(
        ...Array.from({ length: ring.length / 2 }, (_, i) => {
          const [u, v] = proj4('WGS84', GK_114, [ring[2 * i], ring[2 * i + 1]]);
          return Math.hypot(u - e, v - n);
        }),
      );
      expect(nearest, `corner ${x}, ${y}`).toBeLessThan(0.05);
    }
  });

  it('a second run replaces its entry and its tileset', () => {
    const again = run(0);
    expect(again.status).toBe(0);
    const models = (JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest).models as ManifestModel[];
    expect(models.map((e) => [e.id, e.placement.rotationDeg])).toEqual([['fixture', 0]]);
    const tiles = readTileset(join(out, 'fixture', 'tileset.json'));
    const [lon, lat] = proj4(GK_114, 'WGS84', placedGk(20, 0, 0));
    expect(nearestLeafVertexM(tiles, ecef(lon, lat, H))).toBeLessThan(0.05);
  });
});

describe('cim model: placed by the file', () => {
  it("without --at, the IFC's IfcMapConversion places it: a corner where proj4 puts E, N of the conversion", () => {
    const out = join(dir, 'georef');
    const r = cim('model', ifc, '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { placement } = JSON.parse(r.stdout);
    expect(placement).toMatchObject({ crs: FIXTURE_GEOREF.crs, x: FIXTURE_GEOREF.eastingM, y: FIXTURE_GEOREF.northingM, scale: 1 });
    expect(placement.rotationDeg).toBeCloseTo(FIXTURE_GEOREF.rotationDeg, 9);
    const tiles = readTileset(join(out, 'fixture', 'tileset.json'));
    const c = Math.cos(FIXTURE_GEOREF.rotationDeg * RAD),
      s = Math.sin(FIXTURE_GEOREF.rotationDeg * RAD);
    for (const [bx, by] of FIXTURE_OUTLINE_M) {
      const x = bx + FIXTURE_ORIGIN_M[0],
        y = by + FIXTURE_ORIGIN_M[1];
      const [lon, lat] = proj4(GK_114, 'WGS84', [FIXTURE_GEOREF.eastingM + c * x - s * y, FIXTURE_GEOREF.northingM + s * x + c * y]);
      expect(nearestLeafVertexM(tiles, ecef(lon, lat, FIXTURE_GEOREF.heightM))).toBeLessThan(0.05);
    }
  });
});

describe('cim model: refusals write nothing', () => {
  const manifestBefore = () => readFileSync(manifestPath, 'utf8');
  const refused = (args: string[], message: RegExp) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}`);
    const before = manifestBefore();
    const r = cim('model', ...args, '--out', out, '--quiet');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(manifestBefore()).toBe(before);
  };

  it('a truncated IFC', () => {
    const truncated = join(dir, 'truncated.ifc');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    refused(
      [truncated, '--at', `${X},${Y}`, '--manifest', manifestPath],
      /^cim model: .*truncated\.ifc: truncated: it does not end with END-ISO-10303-21;/,
    );
  });

  it('a model placed by its georeferencing 400 km from the city', () => {
    refused([ifc, '--manifest', manifestPath], /^cim model: .*fixture\.ifc: placed at .* it lies \d{3} km from the city/);
  });

  it('--at 100 km from the city', () => {
    refused(
      [ifc, '--at', `${X + 100_000},${Y}`, '--manifest', manifestPath],
      /fixture\.ifc: placed at .* it lies (9\d|1\d\d) km from the city/,
    );
  });

  it('more triangles than the limit', () => {
    refused(
      [ifc, '--at', `${X},${Y}`, '--manifest', manifestPath, '--max-triangles', '100'],
      /fixture\.ifc: \d+ triangles, more than the limit of 100/,
    );
  });

  it('bad usage: an unknown unit, --at without a CRS, a missing file', () => {
    refused([ifc, '--unit', 'furlong'], /--unit is one of m, cm, mm, ft, in, not "furlong"/);
    refused([ifc, '--at', `${X},${Y}`], /--at needs --crs/);
    refused([join(dir, 'nope.ifc')], /cannot read .*nope\.ifc/);
  });
});
