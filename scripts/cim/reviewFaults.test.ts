// `cim review` on the faults of issue 18: a zero-area parcel is refused with its id, a MultiPolygon parcel is
// reviewed from every part, a broken building is skipped and named while the review is written (exit 1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONDITIONS, fixtureInput, rect } from '../../src/core/planning/planning.fixture';
import { fc, feature, polygonGeometry } from './review.fixture';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'review', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-review-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = fixtureInput();
const clean = fixture.buildings.filter((b) => ['A', 'B', 'C'].includes(b.id));
const buildingFeature = (id: string, geometry: ReturnType<typeof polygonGeometry>, floors: number, heightM: number) =>
  feature(geometry, { id, heightM, floors, use: '07' });
// The fixture's parcel and, 200 m east, a second part (200,0)–(260,80) = 4800 m² holding building "east" (30 × 20 × 5).
const west = polygonGeometry(fixture.parcel.footprint);
const eastPart = polygonGeometry(rect(200, 0, 260, 80));
const multiParcel = feature(
  { type: 'MultiPolygon', coordinates: [west.coordinates, eastPart.coordinates] },
  { id: 'P-M', landUse: '07', conditions: FIXTURE_CONDITIONS },
);
// Collinear points: a parcel with no area.
const [p0, p1] = west.coordinates[0];
const flatParcel = feature(
  { type: 'Polygon', coordinates: [[p0, p1, [2 * p1[0] - p0[0], 2 * p1[1] - p0[1]], p0]] },
  { id: 'P-flat', landUse: '07', conditions: FIXTURE_CONDITIONS },
);
const parcels = join(dir, 'parcels.geojson');
writeFileSync(parcels, JSON.stringify(fc([multiParcel, flatParcel])));
const buildings = join(dir, 'buildings.geojson');
const open = polygonGeometry(rect(210, 50, 220, 60));
open.coordinates[0].pop();
writeFileSync(
  buildings,
  JSON.stringify(
    fc([
      ...clean.map((b) => buildingFeature(b.id, polygonGeometry(b.footprint), b.floors!, b.heightM!)),
      buildingFeature('east', polygonGeometry(rect(210, 10, 240, 30)), 5, 15),
      buildingFeature('open-ring', open, 2, 6),
      feature(polygonGeometry(rect(245, 50, 255, 60)), { id: 'tall', heightM: 1e9, floors: 4, use: '07' }),
    ]),
  ),
);

describe('cim review on faulty parcels and buildings', () => {
  it('refuses a zero-area parcel with its id (exit 2) and writes nothing', () => {
    const out = join(dir, 'flat.html');
    const r = cim('--parcel', parcels, '--id', 'P-flat', '--buildings', buildings, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/parcels\.geojson: parcel P-flat \(feature 1\) cannot be reviewed: zero-area polygon/);
    expect(existsSync(out)).toBe(false);
  });

  it('reviews every part of a MultiPolygon parcel, skips and names the broken building, writes the report and exits 1', () => {
    const out = join(dir, 'multi.html');
    const r = cim('--parcel', parcels, '--id', 'P-M', '--buildings', buildings, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/buildings\.geojson: feature 4 \(id open-ring\) skipped: ring is not closed/);
    const summary = JSON.parse(r.stdout);
    // The other parcel of the file, P-flat, is named as well.
    expect(summary.faults.first.map((f: { id: string }) => f.id)).toEqual(['P-flat', 'open-ring', 'tall']);
    expect(r.stderr).toMatch(/buildings\.geojson: feature 5 \(id tall\) flagged: heightM 1000000000 is implausible/);
    // 8000 + 4800 m²; A 600 × 6, B 660 × 10, C 300 × 3 and east 600 × 5.
    expect(summary.metrics.siteAreaM2).toBeCloseTo(12_800, 0);
    // "tall" (100 m² × 4 floors) counts at 12 m from its floors, not 1e9 m.
    expect(summary.metrics.buildings).toBe(5);
    expect(summary.metrics.footprintM2).toBeCloseTo(2260, 0);
    expect(summary.metrics.floorAreaM2).toBeCloseTo(3600 + 6600 + 900 + 3000 + 400, 0);
    expect(summary.metrics.maxHeightM).toBe(30.9);
    expect(summary.metrics.implausible).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'multi.json'), 'utf8'));
    expect(report.metrics.buildingIds).toEqual(['A', 'B', 'C', 'east', 'tall']);
  });
});
