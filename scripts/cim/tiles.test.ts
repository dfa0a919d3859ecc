// `cim tiles` on the faults of issue 18: a zero-area footprint is skipped and named (exit 1, the tileset written;
// --strict refuses), implausible heights never change a neighbour's geometry, a broken DEM fails before any tile is
// written and leaves the previous tileset whole.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { readAccessor, readGlb, readPropertyTable, worldPositions } from '../../src/core/tiles/glbRead.fixture';
import { rectPolygon } from '../../src/core/geom/rect.fixture';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-tiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

// 300 buildings 20 m tall on a 20 × 15 lattice near Zhengzhou; b-7 is 1e9 m (5 floors), b-8 "abc" (2 floors),
// b-9 has no height (4 floors); "flat" is a zero-area footprint (collinear points).
const HEIGHTS: Record<string, { heightM: unknown; floors: number; expectedM: number }> = {
  'b-7': { heightM: 1e9, floors: 5, expectedM: 15 },
  'b-8': { heightM: 'abc', floors: 2, expectedM: 6 },
  'b-9': { heightM: null, floors: 4, expectedM: 12 },
};
// b-10 stands on a 1e9 m base: named, drawn on the ellipsoid like its neighbours.
const BASES: Record<string, unknown> = { 'b-10': 1e9 };
const buildings = Array.from({ length: 300 }, (_, i) => {
  const x = 113.65 + (i % 20) * 0.0003,
    y = 34.75 + Math.floor(i / 20) * 0.0003;
  const id = `b-${i}`;
  const odd = HEIGHTS[id];
  return feature(
    { type: 'Polygon', coordinates: rectPolygon(x, y, x + 0.0001, y + 0.0001) },
    { id, heightM: odd ? odd.heightM : 20, floors: odd ? odd.floors : 6, baseM: BASES[id] ?? 0, use: '07' },
  );
});
const flat = feature(
  {
    type: 'Polygon',
    coordinates: [
      [
        [113.66, 34.76],
        [113.6601, 34.7601],
        [113.6602, 34.7602],
        [113.66, 34.76],
      ],
    ],
  },
  { id: 'flat', heightM: 10, floors: 3, baseM: 0, use: '07' },
);
const buildingsFile = join(dir, 'buildings.geojson');
writeFileSync(buildingsFile, fc([...buildings.slice(0, 150), flat, ...buildings.slice(150)]));
const tileArgs = (out: string) => [
  'tiles',
  '--buildings',
  buildingsFile,
  '--threads',
  '1',
  '--compression',
  'none',
  '--quiet',
  '--out',
  out,
];

/** Height above the ellipsoid of each building's highest vertex, by id, over every tile of the tileset. */
function roofHeightsM(out: string): Map<string, number> {
  const tileset = JSON.parse(readFileSync(join(out, 'buildings', 'tileset.json'), 'utf8'));
  const tops = new Map<string, number>();
  const visit = (tile: { transform?: number[]; content?: { uri: string }; children?: unknown[] }) => {
    if (tile.content && tile.transform) {
      const glb = readGlb(readFileSync(join(out, 'buildings', tile.content.uri)));
      const ids = readPropertyTable(glb).columns.id;
      const prim = glb.json.meshes[0].primitives[0];
      const row = readAccessor(glb, prim.attributes._FEATURE_ID_0);
      const pos = worldPositions(glb, tile.transform);
      for (let v = 0; v < row.length; v++) {
        const h = proj4('+proj=geocent +datum=WGS84 +units=m', 'EPSG:4326', [pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]])[2];
        const id = String(ids[row[v]]);
        tops.set(id, Math.max(tops.get(id) ?? -Infinity, h));
      }
    }
    for (const c of (tile.children ?? []) as (typeof tile)[]) visit(c);
  };
  visit(tileset.root);
  return tops;
}

describe('cim tiles on faulty buildings', () => {
  const out = join(dir, 'city');
  const first = cim(...tileArgs(out));

  it('skips and names the zero-area footprint, flags the implausible heights, writes the tileset and exits 1', () => {
    expect(first.status, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/buildings\.geojson: feature 150 \(id flat\) skipped: zero-area polygon/);
    expect(first.stderr).toMatch(/feature 7 \(id b-7\) flagged: heightM 1000000000 is implausible/);
    expect(first.stderr).toMatch(/feature 8 \(id b-8\) flagged: heightM "abc" is implausible/);
    expect(first.stderr).toMatch(/feature 9 \(id b-9\) estimated: no heightM: drawn 12 m tall from 4 floors/);
    expect(first.stderr).toMatch(/feature 10 \(id b-10\) flagged: baseM 1000000000 is implausible/);
    const summary = JSON.parse(first.stdout);
    expect(summary.buildings.input).toBe(300);
    expect(summary.buildings.inLeaves).toBe(300);
    expect(summary.faults.skipped).toBe(1);
    // Implausible: b-7's and b-8's heights, b-10's base; estimated (named, no fault): b-7, b-8 and b-9 from their floors.
    expect(summary.faults.flagged).toBe(3);
    expect(summary.faults.estimated).toBe(3);
    expect(existsSync(join(out, 'buildings', 'tileset.json'))).toBe(true);
  });

  it('draws every building at its own height: a 1e9 m neighbour leaves the others 20 m tall', () => {
    const tops = roofHeightsM(out);
    expect(tops.size).toBe(300);
    for (const [id, h] of tops) expect(h, id).toBeCloseTo(HEIGHTS[id]?.expectedM ?? 20, 1);
  });

  it('names a height estimated from floors without calling it a fault: exit 0, also with --strict', () => {
    const file = join(dir, 'floors-only.geojson');
    writeFileSync(
      file,
      fc([feature({ type: 'Polygon', coordinates: rectPolygon(113.65, 34.75, 113.6501, 34.7501) }, { id: 'f-1', floors: 4, baseM: 0 })]),
    );
    const r = cim(
      'tiles',
      '--buildings',
      file,
      '--threads',
      '1',
      '--compression',
      'none',
      '--quiet',
      '--strict',
      '--out',
      join(dir, 'floors'),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/feature 0 \(id f-1\) estimated: no heightM: drawn 12 m tall from 4 floors/);
    expect(JSON.parse(r.stdout).faults).toMatchObject({ skipped: 0, flagged: 0, estimated: 1 });
  });

  it('--strict refuses the file (exit 2) and writes nothing', () => {
    const strictOut = join(dir, 'strict');
    const r = cim(...tileArgs(strictOut), '--strict');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\(--strict refuses skipped features\):\n.*feature 150 \(id flat\): zero-area polygon/);
    expect(existsSync(join(strictOut, 'buildings'))).toBe(false);
  });

  it('fails on a broken DEM before writing a tile, naming it, and leaves the previous tileset whole', () => {
    // The previous tileset, marked so that any rewrite shows.
    const before = `${readFileSync(join(out, 'buildings', 'tileset.json'), 'utf8')}\n`;
    writeFileSync(join(out, 'buildings', 'tileset.json'), before);
    const pipes = join(dir, 'pipes.geojson');
    writeFileSync(
      pipes,
      fc([
        feature(
          {
            type: 'LineString',
            coordinates: [
              [113.65, 34.75],
              [113.66, 34.75],
            ],
          },
          { id: 'p', kind: 'water', diameterMm: 300, startDepthM: 1.5, endDepthM: 1.5 },
        ),
      ]),
    );
    const dem = join(dir, 'broken.tif');
    // A TIFF header whose first IFD lies far past the end of the file.
    writeFileSync(dem, Uint8Array.of(0x49, 0x49, 42, 0, 0xff, 0xff, 0xff, 0x0f));
    const r = cim(...tileArgs(out), '--pipelines', pipes, '--dem', dem);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('broken.tif');
    expect(readFileSync(join(out, 'buildings', 'tileset.json'), 'utf8')).toBe(before);
    expect(readdirSync(out)).toEqual(['buildings']);
    // A run that succeeds replaces the previous tileset whole, leaving no staging folder behind.
    const again = cim(...tileArgs(out));
    expect(again.status).toBe(1);
    expect(readFileSync(join(out, 'buildings', 'tileset.json'), 'utf8')).toBe(before.trimEnd());
    expect(readdirSync(out)).toEqual(['buildings']);
  });
});
