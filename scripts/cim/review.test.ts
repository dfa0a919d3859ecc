// `cim review` as a process: summary line, exit codes, report.html + report.json, numbers equal to the engine's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import { afterAll, describe, expect, it } from 'vitest';
import { toMetric } from '../../src/core/crs/metric';
import { reviewParcel } from '../../src/core/planning/reviewParcel';
import { FIXTURE_CONDITIONS, fixtureInput, MANUAL_ITEM_IDS, rect } from '../../src/core/planning/planning.fixture';
import type { MetricPolygon, ReviewInput } from '../../src/core/planning/types';
import { fc, feature, polygonGeometry, toLonLat } from './review.fixture';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'review', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Clean: A, B and C only (no boundary, land-use or fire-spacing problem), conditions on the parcel feature.
const fixture = fixtureInput();
/** The fixture parcel as a residential (07) feature carrying its conditions. */
const fixtureParcel = (id: string, conditions: unknown) =>
  feature(polygonGeometry(fixture.parcel.footprint), { id, landUse: '07', conditions });
const clean = fixture.buildings.filter((b) => ['A', 'B', 'C'].includes(b.id));
const files = {
  parcel: join(dir, 'parcel.geojson'),
  buildings: join(dir, 'buildings.geojson'),
  buildingsFgb: join(dir, 'buildings.fgb'),
  lines: join(dir, 'lines.geojson'),
  greens: join(dir, 'greens.geojson'),
  conditions: join(dir, 'conditions.json'),
  badConditions: join(dir, 'bad-conditions.json'),
  signoffs: join(dir, 'signoffs.json'),
  twoParcels: join(dir, 'parcels.geojson'),
  heightLimits: join(dir, 'height-limits.geojson'),
};
/** The parcel's control lines and green spaces, as every full review is given them. */
const linesAndGreens = ['--lines', files.lines, '--greens', files.greens];
writeFileSync(files.parcel, JSON.stringify(fixtureParcel('P-1', FIXTURE_CONDITIONS)));
const buildingsFc = fc(
  clean.map((b) => feature(polygonGeometry(b.footprint), { id: b.id, heightM: b.heightM, floors: b.floors, use: b.use })),
);
writeFileSync(files.buildings, JSON.stringify(buildingsFc));
writeFileSync(files.buildingsFgb, fgb.serialize(buildingsFc as never));
writeFileSync(
  files.lines,
  JSON.stringify(
    fc(
      fixture.lines.map((l) =>
        feature(
          { type: 'LineString', coordinates: toLonLat(l.coords) },
          { id: l.id, kind: l.kind, name: l.name ?? null, refId: l.refId ?? null },
        ),
      ),
    ),
  ),
);
writeFileSync(files.greens, JSON.stringify(fc(fixture.greens.map((g, i) => feature(polygonGeometry(g), { id: `G-${i}` })))));
// Two parcels: P-1 with a height limit B (30.9 m) breaks, and an empty P-2 beside it; a 25 m height zone over P-1.
writeFileSync(
  files.twoParcels,
  JSON.stringify(
    fc([
      fixtureParcel('P-1', { ...FIXTURE_CONDITIONS, heightMaxM: 29 }),
      feature(polygonGeometry(rect(200, 0, 300, 80)), { id: 'P-2', landUse: '07', conditions: FIXTURE_CONDITIONS }),
    ]),
  ),
);
writeFileSync(
  files.heightLimits,
  JSON.stringify(fc([feature(polygonGeometry(rect(-20, -20, 120, 100)), { id: 'HZ-1', name: 'zone', maxHeightM: 25 })])),
);
writeFileSync(files.badConditions, JSON.stringify({ ...FIXTURE_CONDITIONS, setbacksM: { red: '8m' } }));

// The engine called directly on the same lon/lat files, projected the way the CLI does.
function directInput(): ReviewInput {
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
  const poly = (g: { coordinates: number[][][] }): MetricPolygon => {
    const coords = toMetric(Float64Array.from(g.coordinates[0].flat()), 'EPSG:4490', 38).xyM;
    return { coords, ringEnds: [coords.length / 2] };
  };
  const parcel = read(files.parcel);
  return {
    parcel: { id: 'P-1', landUse: '07', footprint: poly(parcel.geometry) },
    conditions: FIXTURE_CONDITIONS,
    buildings: read(files.buildings).features.map((f: { geometry: never; properties: Record<string, never> }) => ({
      id: f.properties.id,
      footprint: poly(f.geometry),
      heightM: f.properties.heightM,
      floors: f.properties.floors,
      use: f.properties.use,
    })),
    greens: read(files.greens).features.map((f: { geometry: never }) => poly(f.geometry)),
    lines: read(files.lines).features.map((f: { geometry: { coordinates: number[][] }; properties: Record<string, string> }) => ({
      id: f.properties.id,
      kind: f.properties.kind,
      refId: f.properties.refId ?? undefined,
      coords: toMetric(Float64Array.from(f.geometry.coordinates.flat()), 'EPSG:4490', 38).xyM,
    })),
  } as ReviewInput;
}

describe('cim review', () => {
  it('a parcel picked by --id with a height violation exits 1 and names the failed items', () => {
    const out = join(dir, 'violation', 'report.html');
    const r = cim(
      '--parcel',
      files.twoParcels,
      '--id',
      'P-1',
      '--buildings',
      files.buildings,
      ...linesAndGreens,
      '--height-limits',
      files.heightLimits,
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ command: 'review', parcelId: 'P-1', verdict: 'fail', crs: 'EPSG:4547' });
    expect(summary.failed).toEqual(['planning.heightMaxM', 'planning.heightZones']);
    expect(Object.keys(summary.timingsMs)).toEqual(['read', 'review', 'write']);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = JSON.parse(readFileSync(join(dir, 'violation', 'report.json'), 'utf8'));
    expect(json.parcelId).toBe('P-1');
    expect(json.items.find((i: { id: string }) => i.id === 'planning.heightZones')).toMatchObject({ verdict: 'fail', offenders: ['B'] });
  });

  it('a clean parcel exits 0 (conditions from the feature, FlatGeobuf buildings); numbers equal the engine called directly', () => {
    const out = join(dir, 'clean.html');
    const r = cim('--parcel', files.parcel, '--buildings', files.buildingsFgb, ...linesAndGreens, '--lang', 'en', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ parcelId: 'P-1', verdict: 'incomplete', failed: [] });
    expect(summary.metrics).toMatchObject({
      siteAreaM2: 8000,
      footprintM2: 1560,
      floorAreaM2: 11100,
      buildings: 3,
      setbacksM: { red: 20 },
    });
    const json = JSON.parse(readFileSync(join(dir, 'clean.json'), 'utf8'));
    const direct = reviewParcel(directInput());
    const m = json.metrics;
    for (const key of ['siteAreaM2', 'footprintM2', 'floorAreaM2', 'far', 'coverage', 'greenAreaM2', 'greenRatio', 'maxHeightM'] as const) {
      expect(m[key], key).toBeCloseTo(direct.metrics[key], 9);
    }
    expect(m.buildingIds).toEqual(direct.metrics.buildingIds);
    expect(m.setbacks.red.distanceM).toBeCloseTo(direct.metrics.setbacks.red!.distanceM, 9);
    expect(m.setbacks.red.from[0]).toBeCloseTo(direct.metrics.setbacks.red!.from[0], 6);
    // And the lon/lat round trip keeps the hand-computed values.
    expect(m.siteAreaM2).toBeCloseTo(8000, 3);
    expect(m.far).toBeCloseTo(11100 / 8000, 6);
    expect(readFileSync(out, 'utf8')).toContain('<html lang="en">');
  });

  it('--conditions overrides the conditions on the feature', () => {
    writeFileSync(files.conditions, JSON.stringify({ ...FIXTURE_CONDITIONS, heightMaxM: 29 }));
    const r = cim(
      '--parcel',
      files.parcel,
      '--buildings',
      files.buildings,
      '--conditions',
      files.conditions,
      ...linesAndGreens,
      '--out',
      join(dir, 'strict.html'),
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).failed).toEqual(['planning.heightMaxM']);
  });

  it('sign-offs of every manual item complete the report', () => {
    writeFileSync(
      files.signoffs,
      JSON.stringify(
        MANUAL_ITEM_IDS.map((itemId) => ({ itemId, verdict: 'pass', comment: 'ok', reviewer: '赵工', signedAt: '2026-05-01T10:30:00Z' })),
      ),
    );
    const out = join(dir, 'signed.html');
    const r = cim('--parcel', files.parcel, '--buildings', files.buildings, ...linesAndGreens, '--signoffs', files.signoffs, '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('pass');
    expect(readFileSync(out, 'utf8')).toContain('<td>赵工</td><td>2026-05-01 10:30</td>');
  });

  it('invalid conditions exit 2 naming the file and the field, and write nothing', () => {
    const out = join(dir, 'bad.html');
    const r = cim('--parcel', files.parcel, '--buildings', files.buildings, '--conditions', files.badConditions, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${files.badConditions}: conditions.setbacksM.red: must be a number ≥ 0 and ≤ 1000, got "8m"`);
    expect(existsSync(out)).toBe(false);
  });

  it('invalid conditions on the feature name the feature', () => {
    const parcel = join(dir, 'bad-parcel.geojson');
    writeFileSync(parcel, JSON.stringify(fc([fixtureParcel('P-9', { ...FIXTURE_CONDITIONS, coverageMax: 3 })])));
    const r = cim('--parcel', parcel, '--buildings', files.buildings, '--out', join(dir, 'x.html'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('feature P-9: conditions.coverageMax: must be a number ≥ 0 and ≤ 1, got 3');
  });

  it('bad usage exits 2: several parcels without --id, an unknown id, a bad sign-off, a missing file', () => {
    const several = cim('--parcel', files.twoParcels, '--buildings', files.buildings, '--out', join(dir, 'x.html'));
    expect(several.status).toBe(2);
    expect(several.stderr).toMatch(/holds 2 parcels: pick one with --id/);
    const unknown = cim('--parcel', files.parcel, '--id', 'P-404', '--buildings', files.buildings, '--out', join(dir, 'x.html'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no parcel with id "P-404"/);
    writeFileSync(files.signoffs, JSON.stringify([{ itemId: 'planning.farMax', verdict: 'pass', reviewer: 'x', signedAt: '2026-05-01' }]));
    const signoff = cim(
      '--parcel',
      files.parcel,
      '--buildings',
      files.buildings,
      '--signoffs',
      files.signoffs,
      '--out',
      join(dir, 'x.html'),
    );
    expect(signoff.status).toBe(2);
    expect(signoff.stderr).toMatch(/signoffs\.json: \[0\]\.itemId: must be a manual item/);
    const missing = cim('--parcel', join(dir, 'nope.geojson'), '--buildings', files.buildings, '--out', join(dir, 'x.html'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.geojson/);
    const noOut = cim('--parcel', files.parcel, '--buildings', files.buildings);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/missing --out/);
  });
});
