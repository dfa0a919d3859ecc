// `--crs` across cim's commands as processes: data that does not fit the declared CRS (or the default, CGCS2000
// lon/lat) is refused naming the file and the CRS it looks like (exit 2, no stack trace); every known CRS is accepted
// and gives the same figures as lon/lat. Issue 18's "Measured today" CRS cases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import { afterAll, describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/crs/transform';
import { FIXTURE_CONDITIONS, fixtureInput } from '../../src/core/planning/planning.fixture';
import { fc, feature, polygonGeometry } from './review.fixture';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-crs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Fc = { type: string; features: { geometry: { type: string; coordinates: unknown } | null }[] };

/** A lon/lat (EPSG:4490) feature collection with every position transformed to `code`. */
function inCrs(lonLat: Fc, code: string): Fc {
  const walk = (c: unknown): unknown =>
    typeof (c as unknown[])[0] === 'number' ? Array.from(transformPoint('EPSG:4490', code, c as number[])) : (c as unknown[]).map(walk);
  return {
    ...lonLat,
    features: lonLat.features.map((f) => ({ ...f, geometry: f.geometry && { ...f.geometry, coordinates: walk(f.geometry.coordinates) } })),
  };
}

/** Writes one layer in lon/lat and in each of `codes`, returning the paths by code ('lonlat' for lon/lat). */
function layer(name: string, lonLat: Fc, codes: string[]): Record<string, string> {
  const out: Record<string, string> = { lonlat: join(dir, `${name}.geojson`) };
  writeFileSync(out.lonlat, JSON.stringify(lonLat));
  for (const code of codes) {
    out[code] = join(dir, `${name}-${code.replace(':', '')}.geojson`);
    writeFileSync(out[code], JSON.stringify(inCrs(lonLat, code)));
  }
  return out;
}

// The review fixture's parcel and its clean buildings A, B, C; the grid fixture of core/grid.
const fixture = fixtureInput();
const codes = ['EPSG:4547', 'EPSG:4526', 'EPSG:2383', 'GCJ02'];
const parcel = layer(
  'parcel',
  fc([feature(polygonGeometry(fixture.parcel.footprint), { id: 'P-1', landUse: '07', conditions: FIXTURE_CONDITIONS })]) as Fc,
  codes,
);
const buildingsLonLat = fc(
  fixture.buildings
    .filter((b) => ['A', 'B', 'C'].includes(b.id))
    .map((b) => feature(polygonGeometry(b.footprint), { id: b.id, heightM: b.heightM, floors: b.floors, use: b.use })),
) as Fc;
const buildings = layer('buildings', buildingsLonLat, codes);
const buildingsFgb4547 = join(dir, 'buildings-4547.fgb');
writeFileSync(buildingsFgb4547, fgb.serialize(inCrs(buildingsLonLat, 'EPSG:4547') as never));
const grid = layer('grid', JSON.parse(readFileSync(join(root, 'src/core/grid/fixtures/clean.geojson'), 'utf8')) as Fc, codes);

const report = join(dir, 'report.html');
const review = (p: string, b: string, ...more: string[]) => cim('review', '--parcel', p, '--buildings', b, '--out', report, ...more);
/** A refusal: exit 2, one line on stderr, no stack trace. */
function refused(r: ReturnType<typeof cim>): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe('cim review --crs', () => {
  it('refuses lon/lat data declared as GK zone 38 metres (EPSG:4547), naming the file and what it looks like', () => {
    expect(refused(review(parcel.lonlat, buildings.lonlat, '--crs', 'EPSG:4547'))).toBe(
      `cim review: ${parcel.lonlat}: coordinates look like lon/lat degrees (EPSG:4490), not GK zone 38 metres as EPSG:4547 declares: give --crs EPSG:4490`,
    );
  });

  it('refuses GK metres without --crs: the zone from the lon/lat parcel, else the numbers alone', () => {
    expect(refused(review(parcel.lonlat, buildings['EPSG:4547']))).toBe(
      `cim review: ${buildings['EPSG:4547']}: coordinates look like GK zone 38 metres (EPSG:4547), not lon/lat degrees as EPSG:4490 ` +
        '(the default without --crs) declares: give --crs EPSG:4547',
    );
    expect(refused(review(parcel['EPSG:4547'], buildings['EPSG:4547']))).toMatch(/coordinates look like GK metres without a zone number/);
    expect(refused(review(parcel['EPSG:4526'], buildings['EPSG:4526']))).toMatch(
      /GK zone 38 metres with the zone number in the easting \(EPSG:4526\), not lon\/lat degrees .*: give --crs EPSG:4526$/,
    );
  });

  it('gives the same figures from CGCS2000 GK, Xi’an 1980 GK and GCJ-02 data as from lon/lat', () => {
    const base = JSON.parse(review(parcel.lonlat, buildings.lonlat).stdout);
    expect(base.metrics.siteAreaM2).toBeGreaterThan(1000);
    for (const code of codes) {
      const r = review(parcel[code], buildings[code], '--crs', code);
      expect(r.status, r.stderr).toBe(base.verdict === 'pass' ? 0 : 1);
      expect(JSON.parse(r.stdout).metrics, code).toEqual(base.metrics);
      if (code === 'EPSG:2383') expect(r.stderr).toMatch(/^warning: --crs Xian 1980 .* latitude and longitude are kept/);
    }
  });
});

describe('a stray feature', () => {
  it('at 0,0 among lon/lat buildings is named on stderr, not taken for the file’s CRS', () => {
    const stray = join(dir, 'buildings-stray.geojson');
    const square = [
      [
        [0, 0],
        [0.0001, 0],
        [0.0001, 0.0001],
        [0, 0.0001],
        [0, 0],
      ],
    ];
    const withStray = {
      ...buildingsLonLat,
      features: [...buildingsLonLat.features, feature({ type: 'Polygon', coordinates: square }, { id: 'Z' })],
    };
    writeFileSync(stray, JSON.stringify(withStray));
    const r = review(parcel.lonlat, stray);
    expect(r.status, r.stderr).toBeLessThan(2);
    expect(r.stderr).toContain(`warning: ${stray}: feature(s) 3 (id Z) lie outside where EPSG:4490 is used`);
  });
});

describe('cim grid-check --crs', () => {
  it('refuses lon/lat grids declared as EPSG:4547 instead of inventing problems', () => {
    expect(refused(cim('grid-check', '--grids', grid.lonlat, '--crs', 'EPSG:4547'))).toMatch(
      /: coordinates look like lon\/lat degrees \(EPSG:4490\), not GK zone 38 metres as EPSG:4547 declares/,
    );
  });
  it('says so when latitude comes first', () => {
    const swap = (c: unknown): unknown =>
      typeof (c as number[])[0] === 'number' ? [(c as number[])[1], (c as number[])[0]] : (c as unknown[]).map(swap);
    const lonLat = JSON.parse(readFileSync(grid.lonlat, 'utf8')) as Fc;
    const file = join(dir, 'grid-swapped.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        ...lonLat,
        features: lonLat.features.map((f) => ({
          ...f,
          geometry: f.geometry && { ...f.geometry, coordinates: swap(f.geometry.coordinates) },
        })),
      }),
    );
    expect(refused(cim('grid-check', '--grids', file))).toMatch(
      /look like lon\/lat degrees with latitude first \(axes swapped\), .*: write longitude first$/,
    );
  });
  it('refuses zone-prefixed GK metres without --crs, and checks them clean with it', () => {
    expect(refused(cim('grid-check', '--grids', grid['EPSG:4526']))).toMatch(/\(EPSG:4526\).*: give --crs EPSG:4526$/);
    const r = cim('grid-check', '--grids', grid['EPSG:4526'], '--crs', 'EPSG:4526');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, crs: 'EPSG:4526', metricCrs: 'EPSG:4547', problems: [] });
  });
});

describe('cim join and tiles --crs', () => {
  it('join refuses FlatGeobuf buildings in GK metres beside lon/lat grids, naming the zone from the grids', () => {
    const r = cim(
      'join',
      '--grids',
      grid.lonlat,
      '--buildings',
      buildingsFgb4547,
      '--out',
      join(dir, 'a.csv'),
      '--inputs',
      join(dir, 'x.bin'),
    );
    expect(refused(r)).toMatch(new RegExp(`${buildingsFgb4547}: coordinates look like GK zone 38 metres \\(EPSG:4547\\)`));
  });
  it('tiles refuses GK metres without --crs before writing anything, and tiles them with it', () => {
    const out = join(dir, 'tiles');
    expect(refused(cim('tiles', '--buildings', buildings['EPSG:4547'], '--out', out, '--quiet'))).toMatch(
      /GK metres without a zone number/,
    );
    expect(existsSync(out)).toBe(false);
    const r = cim('tiles', '--buildings', buildings['EPSG:2383'], '--crs', 'EPSG:2383', '--out', out, '--quiet', '--threads', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).buildings).toMatchObject({ input: 3, inLeaves: 3, skipped: 0 });
  });
});
