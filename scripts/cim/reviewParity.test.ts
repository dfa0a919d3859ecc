// The review is one number in the CLI and the viewer: `cim review`'s command function and the planning worker's
// path (its sources, the layers worker's building table, CityPlan, reviewCityParcel) get the same parcel, whose
// buildings lack floors, height or both, and agree on floor area, FAR and the estimated buildings.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CityPlan } from '../../src/core/planning/cityPlan';
import { reviewCityParcel } from '../../src/core/planning/cityReview';
import { FIXTURE_CONDITIONS, fixtureInput, rect } from '../../src/core/planning/planning.fixture';
import type { ReviewReport } from '../../src/core/planning/types';
import { buildingTableFromFeatures } from '../../src/io/buildingsData';
import { planSourcesFromFeatures } from '../../workers/planSources';
import { run } from './review';
import { fc, feature, polygonGeometry, toLonLat, type Feature } from './review.fixture';

const dir = mkdtempSync(join(tmpdir(), 'cim-review-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = fixtureInput();
const own = (id: string) => fixture.buildings.find((b) => b.id === id)!.footprint;
// A as given (600 m² × 6); B without floors (30.9 m → 10); C with floors null (10 m → 3); G without height
// (4 floors → 12 m); H with neither (100 m²: footprint only). Floor area 3600 + 6600 + 900 + 400 = 11500 m², and K, L.
const buildingFeatures: Feature[] = [
  feature(polygonGeometry(own('A')), { id: 'A', heightM: 18.9, floors: 6, use: '07' }),
  feature(polygonGeometry(own('B')), { id: 'B', heightM: 30.9, use: '07' }),
  feature(polygonGeometry(own('C')), { id: 'C', heightM: 10, floors: null, use: '07' }),
  feature(polygonGeometry(rect(50, 10, 60, 20)), { id: 'G', floors: 4, use: '07' }),
  feature(polygonGeometry(rect(65, 2, 75, 12)), { id: 'H', heightM: null, use: '07' }),
  // Implausible heights (issue 18): "abc" and 1e9 m are flagged and read as missing, so K (48 m² × 2) and L (60 m² × 3)
  // get 6 m and 9 m from their floors, not 10 m or 1e9 m. Floor area 11500 + 96 + 180 = 11776 m².
  feature(polygonGeometry(rect(40, 2, 48, 8)), { id: 'K', heightM: 'abc', floors: 2, use: '07' }),
  feature(polygonGeometry(rect(80, 25, 95, 29)), { id: 'L', heightM: 1e9, floors: 3, use: '07' }),
];
const parcel = feature(polygonGeometry(fixture.parcel.footprint), { id: 'P-1', landUse: '07', conditions: FIXTURE_CONDITIONS });
const greens = fixture.greens.map((g, i) => feature(polygonGeometry(g), { id: `G-${i}` }));
const lines = fixture.lines.map((l) =>
  feature(
    { type: 'LineString', coordinates: toLonLat(l.coords) },
    { id: l.id, kind: l.kind, name: l.name ?? null, refId: l.refId ?? null },
  ),
);
const files = {
  parcels: join(dir, 'parcel.geojson'),
  buildings: join(dir, 'buildings.geojson'),
  greenSpaces: join(dir, 'greens.geojson'),
  controlLines: join(dir, 'lines.geojson'),
  heightLimits: join(dir, 'height-limits.geojson'),
};
writeFileSync(files.parcels, JSON.stringify(fc([parcel])));
writeFileSync(files.buildings, JSON.stringify(fc(buildingFeatures)));
writeFileSync(files.greenSpaces, JSON.stringify(fc(greens)));
writeFileSync(files.controlLines, JSON.stringify(fc(lines)));
writeFileSync(files.heightLimits, JSON.stringify(fc([])));

async function cliReport(): Promise<ReviewReport> {
  const out = join(dir, 'report.html');
  // printSummary's one line goes to stdout; the report.json beside the HTML is what is compared.
  await run([
    '--parcel',
    files.parcels,
    '--buildings',
    files.buildings,
    '--greens',
    files.greenSpaces,
    '--lines',
    files.controlLines,
    '--out',
    out,
  ]);
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReviewReport;
}

function viewerReview() {
  const plan = new CityPlan(
    planSourcesFromFeatures({ parcels: [parcel], greenSpaces: greens, controlLines: lines, heightLimits: [], landUse: [] }, files),
    'EPSG:4490',
  );
  plan.setBuildings(buildingTableFromFeatures(buildingFeatures, files.buildings), 'EPSG:4490');
  return reviewCityParcel(plan, 'P-1').review;
}

describe('cim review and the viewer on a parcel with missing floors and heights', () => {
  it('give the same floor area, FAR, height and estimated buildings, with the rule of reviewInput.ts', async () => {
    const cli = (await cliReport()).metrics;
    const viewer = viewerReview().metrics;
    const estimates = { floorsFromHeight: ['B', 'C'], heightFromFloors: ['G', 'K', 'L'], unmeasured: ['H'], implausible: ['K', 'L'] };
    expect(cli.estimates).toEqual(estimates);
    expect(viewer.estimates).toEqual(estimates);
    expect(cli.buildingIds).toEqual(['A', 'B', 'C', 'G', 'H', 'K', 'L']);
    expect(viewer.buildingIds).toEqual(cli.buildingIds);
    expect(cli.floorAreaM2).toBeCloseTo(11776, 3);
    expect(cli.far).toBeCloseTo(11776 / 8000, 6);
    expect(cli.footprintM2).toBeCloseTo(1868, 3);
    expect(cli.maxHeightM).toBe(30.9);
    for (const key of ['siteAreaM2', 'footprintM2', 'floorAreaM2', 'far', 'coverage', 'greenAreaM2', 'greenRatio', 'maxHeightM'] as const) {
      expect(viewer[key], key).toBeCloseTo(cli[key], 6);
    }
    expect(viewer.tallestBuildingId).toBe('B');
    expect(cli.tallestBuildingId).toBe('B');
  });

  it('marks the estimates in the printed report', async () => {
    await cliReport();
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('data-estimates="floorsFromHeight"');
    expect(html).toMatch(/2\/7 栋建筑的层数按高度估算（每层 3 m）: <span class="offenders">B, C<\/span>/);
    expect(html).toMatch(/1\/7 栋建筑既无高度也无层数[^<]*: <span class="offenders">H<\/span>/);
    expect(html).toMatch(/2\/7 栋建筑的高度或层数不合理[^<]*: <span class="offenders">K, L<\/span>/);
    expect(html).toContain('m² (含估算)');
  });
});
