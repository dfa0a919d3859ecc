// `cim join` as a process: CSV contract, summary line, exit codes, bad input named.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rectPolygon } from '../../src/core/geom/rect.fixture';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-join-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Around Zhengzhou, in lon/lat: two L3 cells side by side (sharing the edge x = 113.66) under one L2 and one L1.
const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

const grids = [
  feature({ type: 'Polygon', coordinates: rectPolygon(113.65, 34.75, 113.67, 34.76) }, { id: 'A', level: 1, parentId: null, name: 'A' }),
  feature({ type: 'Polygon', coordinates: rectPolygon(113.65, 34.75, 113.67, 34.76) }, { id: 'A1', level: 2, parentId: 'A', name: 'A1' }),
  feature(
    { type: 'Polygon', coordinates: rectPolygon(113.65, 34.75, 113.66, 34.76) },
    { id: 'west', level: 3, parentId: 'A1', name: 'west' },
  ),
  feature(
    { type: 'Polygon', coordinates: rectPolygon(113.66, 34.75, 113.67, 34.76) },
    { id: 'east', level: 3, parentId: 'A1', name: 'east' },
  ),
];
const building = (id: string, x: number, y: number, w = 0.0004) =>
  feature({ type: 'Polygon', coordinates: rectPolygon(x, y, x + w, y + 0.0002) }, { id, heightM: 10, floors: 3, baseM: 100, use: '07' });
const buildings = [
  building('b-west', 113.652, 34.752),
  building('b-east', 113.665, 34.755),
  // Straddles the shared edge, 75% of it east: point mode puts its surface point east as well.
  building('b-straddle', 113.6599, 34.757),
  building('b-outside', 113.7, 34.7),
];

const gridsFile = join(dir, 'grids.geojson');
const buildingsFile = join(dir, 'buildings.geojson');
writeFileSync(gridsFile, fc(grids));
writeFileSync(buildingsFile, fc(buildings));

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('cim join', () => {
  it('writes building_id,l3_id,l2_id,l1_id, rolls up through parentId and exits 1 for the unassigned building', () => {
    const out = join(dir, 'point.csv');
    const r = cim('join', '--grids', gridsFile, '--buildings', buildingsFile, '--out', out, '--workers', '2');
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout.trim());
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({
      command: 'join',
      by: 'point',
      buildings: 4,
      assigned: 3,
      unassigned: 1,
      grids: { l1: 1, l2: 1, l3: 2 },
      crs: 'EPSG:4547',
    });
    expect(Object.keys(summary.timingsMs)).toEqual(['read', 'index', 'join', 'write']);
    const rows = csv(out);
    expect(rows[0]).toEqual(['building_id', 'l3_id', 'l2_id', 'l1_id']);
    expect(rows.slice(1)).toEqual([
      ['b-west', 'west', 'A1', 'A'],
      ['b-east', 'east', 'A1', 'A'],
      ['b-straddle', 'east', 'A1', 'A'],
      ['b-outside', '', '', ''],
    ]);
  });

  it('reports the share in overlap mode and lists the straddler', () => {
    const out = join(dir, 'overlap.csv');
    const r = cim('join', '--grids', gridsFile, '--buildings', buildingsFile, '--by', 'overlap', '--out', out);
    const summary = JSON.parse(r.stdout.trim());
    expect(summary).toMatchObject({ by: 'overlap', assigned: 3, unassigned: 1, straddlers: 1 });
    const rows = csv(out);
    expect(rows[0]).toEqual(['building_id', 'l3_id', 'l2_id', 'l1_id', 'share']);
    const straddle = rows.find((row) => row[0] === 'b-straddle')!;
    expect(straddle[1]).toBe('east');
    expect(Number(straddle[4])).toBeCloseTo(0.75, 2);
    expect(Number(rows.find((row) => row[0] === 'b-west')![4])).toBe(1);
  });

  it('exits 0 when every building is assigned', () => {
    const clean = join(dir, 'clean.geojson');
    writeFileSync(clean, fc(buildings.slice(0, 3)));
    const r = cim('join', '--grids', gridsFile, '--buildings', clean, '--out', join(dir, 'clean.csv'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });

  it('skips and names malformed and zero-area buildings, assigns the rest and exits 1; --strict refuses them (exit 2)', () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(
      bad,
      fc([
        ...buildings.slice(0, 1),
        feature(
          {
            type: 'Polygon',
            coordinates: [
              [
                [113.65, 34.75],
                [113.66, 34.75],
              ],
            ],
          },
          { id: 'broken-7' },
        ),
        // A zero-area footprint (issue 18: 39 of 112,300 were assigned without a word).
        feature(
          {
            type: 'Polygon',
            coordinates: [
              [
                [113.653, 34.753],
                [113.654, 34.753],
                [113.655, 34.753],
                [113.653, 34.753],
              ],
            ],
          },
          { id: 'flat-9' },
        ),
        ...buildings.slice(1, 2),
      ]),
    );
    const out = join(dir, 'bad.csv');
    const r = cim('join', '--grids', gridsFile, '--buildings', bad, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.geojson: feature 1 \(id broken-7\) skipped: ring has 2 positions/);
    expect(r.stderr).toMatch(/bad\.geojson: feature 2 \(id flat-9\) skipped: zero-area polygon/);
    const summary = JSON.parse(r.stdout);
    expect(summary.buildings).toBe(2);
    expect(summary.faults.skipped).toBe(2);
    expect(summary.faults.first.map((f: { id: string }) => f.id)).toEqual(['broken-7', 'flat-9']);
    expect(csv(out).map((row) => row[0])).toEqual(['building_id', 'b-west', 'b-east']);

    const strictOut = join(dir, 'strict.csv');
    const strict = cim('join', '--grids', gridsFile, '--buildings', bad, '--out', strictOut, '--strict');
    expect(strict.status).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/2 malformed feature\(s\) \(--strict refuses skipped features\):\n.*feature 1 \(id broken-7\)/);
    expect(existsSync(strictOut)).toBe(false);
  });

  it('checks --out before any work: a missing folder is a message (exit 2), not a stack trace after the join', () => {
    const r = cim('join', '--grids', gridsFile, '--buildings', buildingsFile, '--out', join(dir, 'no-such-folder', 'a.csv'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cim join: --out .*a\.csv: the folder .*no-such-folder does not exist\n$/);
  });

  it('refuses an unknown CRS and unreadable files with exit 2', () => {
    const crs = cim('join', '--grids', gridsFile, '--buildings', buildingsFile, '--crs', 'EPSG:9999', '--out', join(dir, 'x.csv'));
    expect(crs.status).toBe(2);
    expect(crs.stderr).toMatch(/unsupported CRS "EPSG:9999"/);
    const missing = cim('join', '--grids', join(dir, 'nope.geojson'), '--buildings', buildingsFile, '--out', join(dir, 'x.csv'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.geojson/);
  });

  it('joins into every part of a MultiPolygon grid cell, and a two-block building wholly inside it (overlap share 1)', () => {
    const multi = (x0: number) => ({
      type: 'MultiPolygon',
      coordinates: [rectPolygon(x0, 34.75, x0 + 0.01, 34.76), rectPolygon(x0 + 0.02, 34.75, x0 + 0.03, 34.76)],
    });
    const cells = join(dir, 'multi-grids.geojson');
    writeFileSync(
      cells,
      fc([
        feature(multi(113.65), { id: 'M1', level: 1, parentId: null, name: 'M1' }),
        feature(multi(113.65), { id: 'M2', level: 2, parentId: 'M1', name: 'M2' }),
        feature(multi(113.65), { id: 'M3', level: 3, parentId: 'M2', name: 'M3' }),
      ]),
    );
    const blocks = join(dir, 'multi-buildings.geojson');
    writeFileSync(
      blocks,
      fc([
        building('west-part', 113.652, 34.752),
        feature(
          {
            type: 'MultiPolygon',
            coordinates: [rectPolygon(113.672, 34.752, 113.673, 34.753), rectPolygon(113.674, 34.752, 113.675, 34.753)],
          },
          { id: 'east-twin', heightM: 10, floors: 3 },
        ),
      ]),
    );
    const out = join(dir, 'multi.csv');
    const r = cim('join', '--grids', cells, '--buildings', blocks, '--by', 'overlap', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(csv(out).slice(1)).toEqual([
      ['west-part', 'M3', 'M2', 'M1', '1'],
      ['east-twin', 'M3', 'M2', 'M1', '1'],
    ]);
  });

  it('reports a broken hierarchy (exit 1) instead of guessing', () => {
    const orphan = join(dir, 'orphan.geojson');
    writeFileSync(
      orphan,
      fc([
        ...grids.slice(0, 3),
        feature(
          { type: 'Polygon', coordinates: rectPolygon(113.66, 34.75, 113.67, 34.76) },
          { id: 'east', level: 3, parentId: 'nobody', name: 'east' },
        ),
      ]),
    );
    const r = cim('join', '--grids', orphan, '--buildings', join(dir, 'clean.geojson'), '--out', join(dir, 'orphan.csv'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).hierarchyProblems).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/grid east: missing-parent/);
    expect(csv(join(dir, 'orphan.csv')).find((row) => row[0] === 'b-east')).toEqual(['b-east', 'east', '', '']);
  });
});
