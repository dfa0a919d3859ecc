// Browser tests of Plan and Review modes on the generated demo city: the review of a deliberately violating
// parcel (verdicts, sign-off, printed report) agrees with `cim review`; the land-use legend and height analysis
// agree with the core computed here in Node; swipe and split comparison appear.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { landUseAreas } from '../../src/core/planning/landUseAreas';
import { polygonOfFeature } from '../../src/core/planning/metricPolygon';
import { toMetric } from '../../src/core/crs/metric';
import { withCoords } from '../../src/core/geom/packed';
import { packPolygons, stringColumn } from '../../src/io/packGeoJson';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { serveApp, type StaticServer } from './server';

const OUT = 'test-output/e2e';
mkdirSync(OUT, { recursive: true });
const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;

/** `cim review` of one demo parcel: exit code and its JSON summary line. */
function cimReview(parcelId: string): {
  status: number;
  summary: { verdict: string; metrics: { far: number; coverage: number; maxHeightM: number }; failed: string[] };
} {
  const d = (k: keyof DemoManifest['files']) => `data/${manifest.files[k]}`;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cim.ts',
      'review',
      '--parcel',
      d('parcels'),
      '--id',
      parcelId,
      '--buildings',
      d('buildings'),
      '--lines',
      d('controlLines'),
      '--greens',
      d('greenSpaces'),
      '--height-limits',
      d('heightLimits'),
      '--out',
      `${OUT}/review-${parcelId}.html`,
    ],
    { encoding: 'utf8' },
  );
  return { status: r.status ?? -1, summary: JSON.parse(r.stdout.trim().split('\n').pop()!) };
}

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await serveApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Backstops for a loaded machine (load average 30 on 2 cores): tests wait on state, these only bound a hang. */
const BACKSTOP_MS = 300_000;
const CITY_BACKSTOP_MS = 900_000;

/** A logged page whose context (so also the report's popup) waits up to the backstop in every action. */
async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; log: PageLog }> {
  const opened = await openLoggedPage(browser, viewport);
  opened.page.context().setDefaultTimeout(BACKSTOP_MS);
  return opened;
}

/** Waits until the city is on screen and `n` more frames are drawn since the last change: what a screenshot should show. */
async function drawn(page: Page, n = 8): Promise<void> {
  const from = await page.evaluate(() => window.cimDiagnostics!.frames);
  await page.waitForFunction(
    (want) => {
      const d = window.cimDiagnostics!;
      return d.sceneReady && d.frames >= want;
    },
    from + n,
    { polling: 100 },
  );
}

async function chooseParcel(page: Page, id: string): Promise<void> {
  await page.locator('[data-testid=parcel-search]').click();
  await page.keyboard.type(id);
  await page.locator(`.ant-select-item-option[title="${id}"]`).click();
  await page.locator(`[data-testid=review-verdict]:has-text("${id}")`).waitFor();
}

describe('review mode (多验合一)', () => {
  let page: Page;
  let log: PageLog;
  const violation = manifest.deliberateViolations.find((v) => v.condition === 'heightMaxM')!;

  before(async () => {
    ({ page, log } = await openPage({ width: 1280, height: 800 }));
    await page.goto(`${server.url}/?render=lite&mode=review`);
    await waitForCity(page, CITY_BACKSTOP_MS);
  });
  // A finished suite's scene stops rendering, so it does not slow the next suite's load.
  after(() => page?.context().close());

  it('flags the planted height violation with the numbers `cim review` gives', async () => {
    const cli = cimReview(violation.parcelId);
    assert.equal(cli.status, 1);
    assert.ok(cli.summary.failed.includes('planning.heightMaxM'), cli.summary.failed.join());
    await chooseParcel(page, violation.parcelId);
    assert.equal(await page.locator('[data-item="planning.heightMaxM"]').getAttribute('data-verdict'), 'fail');
    assert.equal(await page.locator('[data-testid=review-verdict]').getAttribute('data-verdict'), 'fail');
    assert.equal(Number(await page.locator('[data-metric=far]').textContent()), Number(cli.summary.metrics.far.toFixed(3)));
    assert.equal(await page.locator('[data-metric=maxHeightM]').textContent(), `${cli.summary.metrics.maxHeightM.toFixed(1)} m`);
    await drawn(page);
    await page.screenshot({ path: `${OUT}/review-violation.png` });
  });

  it('signs a manual item and prints one report with the verdicts and the sign-off', async () => {
    const item = page.locator('[data-manual="fire.lanes"]');
    await item.locator('text=合格').first().click();
    await item.locator('[data-field=comment]').fill('消防车道畅通');
    await item.locator('[data-field=reviewer]').fill('张工<script>');
    await item.locator('[data-field=sign]').click();
    await page.locator('[data-item="fire.lanes"][data-verdict=pass]:has-text("张工<script>")').waitFor();
    await page.locator('[data-item="fire.lanes"]').scrollIntoViewIfNeeded();
    await drawn(page, 2);
    await page.screenshot({ path: `${OUT}/review-signed.png` });
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.locator('[data-testid=print-report]').click()]);
    await popup.waitForLoadState('load');
    const text = await popup.locator('body').innerText();
    assert.match(text, new RegExp(violation.parcelId));
    assert.match(text, /张工<script>/);
    assert.match(text, /消防车道畅通/);
    assert.match(text, /不合格/);
    assert.equal(await popup.locator('script').count(), 0);
    assert.ok((await popup.locator('img[src^="data:image/jpeg"]').count()) >= 1, 'the report carries the 3D snapshot');
    await popup.screenshot({ path: `${OUT}/review-report.png`, fullPage: true });
    // The popup is printing itself (the app calls print() on load): print the same document from a page of its own.
    const printed = await page.context().newPage();
    await printed.setContent(await popup.content(), { waitUntil: 'load' });
    const pdf = await printed.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    await printed.close();
    await popup.close();
    // The same report as JSON: the verdicts, the metrics and the sign-off.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=save-json]').click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    assert.equal(download.suggestedFilename(), `review-${violation.parcelId}.json`);
    assert.equal(json.parcelId, violation.parcelId);
    assert.equal(json.verdict, 'fail');
    assert.deepEqual(
      json.signOffs.map((e: { itemId: string; reviewer: string }) => [e.itemId, e.reviewer]),
      [['fire.lanes', '张工<script>']],
    );
    assert.equal(json.items.find((i: { id: string }) => i.id === 'planning.heightMaxM').verdict, 'fail');
    assert.deepEqual(log.consoleErrors, []);
  });
});

const planningOf = (page: Page) => page.evaluate(() => window.cimDiagnostics!.planning);

describe('review by clicking a parcel', () => {
  let opened: { page: Page; log: PageLog } | undefined;
  after(() => opened?.page.context().close());

  it('reviews the parcel under the click and draws its setback breach as a dimension line', async () => {
    const v = manifest.deliberateViolations.find((x) => x.condition === 'setbacksM.red')!;
    const parcel = JSON.parse(readFileSync(`data/${manifest.files.parcels}`, 'utf8')).features.find(
      (f: { properties: { id: string } }) => f.properties.id === v.parcelId,
    );
    const ring = parcel.geometry.coordinates[0] as number[][];
    const lon = ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1);
    const lat = ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1);
    opened = await openPage({ width: 1024, height: 700 });
    const { page, log } = opened;
    // Straight down over the parcel's centre: the middle of the canvas is inside it.
    await page.goto(`${server.url}/?render=lite&mode=review&view=${lon},${lat},900,0,-89.9`);
    await waitForCity(page, CITY_BACKSTOP_MS);
    await page.locator('[data-testid=parcel-search]:not(.ant-select-disabled)').waitFor();
    await page.waitForFunction(() => window.cimDiagnostics!.planning.phase === 'ready', null, { polling: 250 });
    const canvas = (await page.locator('.cesium-widget canvas').boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.locator(`[data-testid=review-verdict]:has-text("${v.parcelId}")`).waitFor();
    assert.equal(await page.locator('[data-item="planning.setbacksM.red"]').getAttribute('data-verdict'), 'fail');
    // The offenders are flagged once the layers worker has named their rows, just after the verdict shows.
    await page.waitForFunction(() => window.cimDiagnostics!.planning.flagged >= 1, null, { polling: 250 });
    const d = await planningOf(page);
    assert.equal(d.review.parcelId, v.parcelId);
    assert.ok(d.review.dimensions >= 1, JSON.stringify(d));
    assert.ok(d.flagged >= 1, 'the building too close to the red line is drawn red');
    await drawn(page);
    await page.screenshot({ path: `${OUT}/review-setback.png` });
    assert.deepEqual(log.consoleErrors, []);
  });
});

describe('plan mode (规划一张图)', () => {
  let page: Page;
  let log: PageLog;

  before(async () => {
    ({ page, log } = await openPage({ width: 1280, height: 800 }));
    await page.goto(`${server.url}/?render=lite&view=113.66,34.745,4000,0,-60`);
    await waitForCity(page, CITY_BACKSTOP_MS);
  });
  after(() => page?.context().close());

  it('lists each land-use class with its area in the GK zone', async () => {
    await page.locator('[data-testid=plan-land-use]').click();
    await page.locator('[data-testid=land-use-areas]').waitFor();
    const features = JSON.parse(readFileSync(`data/${manifest.files.landUse}`, 'utf8')).features;
    const packed = packPolygons(features, 'land-use');
    const metric = withCoords(packed.packed, toMetric(packed.packed.coords, 'EPSG:4490').xyM);
    const codes = stringColumn(features, packed.sourceIndex, 'code');
    const want = landUseAreas(codes.map((code, i) => ({ code: code ?? '', footprint: polygonOfFeature(metric, i) })));
    for (const a of want) {
      const shown = Number(
        await page.locator(`[data-testid=land-use-areas] tr[data-code="${a.code}"] [data-area-m2]`).getAttribute('data-area-m2'),
      );
      assert.equal(shown, Math.round(a.areaM2), `class ${a.code}`);
    }
  });

  it('lists the buildings over their height limit and colours them', async () => {
    await page.locator('[data-testid=plan-height-limits]').click();
    await page.locator('[data-testid=plan-analysis] >> text=控高分析').click();
    const list = page.locator('[data-testid=height-exceedances]');
    await list.waitFor();
    // The list and the flagged buildings come from one analysis result: wait until both are there.
    await page.waitForFunction(
      () => {
        const p = window.cimDiagnostics!.planning;
        return p.exceedances > 0 && p.flagged === p.exceedances;
      },
      null,
      { polling: 250 },
    );
    const head = await list.locator('.cim-list-head').textContent();
    const n = Number(/\((\d+)\)/.exec(head ?? '')?.[1]);
    assert.ok(n > 0, head ?? '');
    const first = await list.locator('.cim-list-item span').first().textContent();
    assert.match(first ?? '', /^B-\d+ · [\d.]+ m > \d+ m \(\+[\d.]+ m\)$/);
    // Every building the demo left above its zone (1.5 m or more) is listed and drawn red.
    const planted = (manifest.heightZoneBreaches ?? []).flatMap((b) => b.buildingIds);
    assert.ok(planted.length > 0 && n >= planted.length, `${n} listed, ${planted.length} planted`);
    assert.equal((await planningOf(page)).flagged, n);
    await page.locator('[data-line=red]').click();
    await page.locator('[data-line=green]').click();
    await page.locator('[data-line=blue]').click();
    await drawn(page);
    await page.screenshot({ path: `${OUT}/plan-height-analysis.png` });
  });

  it('lists the buildings whose use conflicts with the plan in force', async () => {
    await page.locator('[data-testid=plan-analysis] >> text=现状与规划对比').click();
    const list = page.locator('[data-testid=use-conflicts]');
    await list.waitFor();
    await page.waitForFunction(() => window.cimDiagnostics!.planning.conflicts > 0, null, { polling: 250 });
    const n = Number(/\((\d+)\)/.exec((await list.locator('.cim-list-head').textContent()) ?? '')?.[1]);
    assert.equal(n, manifest.landUseConflicts?.length);
    assert.equal((await planningOf(page)).conflicts, n);
  });

  it('compares two plan versions with a swipe divider and side by side', async () => {
    await page.locator('[data-testid=plan-compare] >> text=卷帘').click();
    const divider = page.locator('[data-testid=swipe-divider]');
    await divider.waitFor();
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 200, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    // The divider follows the drag once React has rendered the new position: wait for that state, not a moment.
    await page.waitForFunction(
      (maxX) => {
        const el = document.querySelector('[data-testid=swipe-divider]');
        return el !== null && el.getBoundingClientRect().x < maxX;
      },
      box.x - 150,
      { polling: 100 },
    );
    const moved = (await divider.boundingBox())!;
    assert.ok(moved.x < box.x - 150, `divider at ${moved.x}, was ${box.x}`);
    await drawn(page);
    await page.screenshot({ path: `${OUT}/plan-swipe.png` });
    await page.locator('[data-testid=plan-compare] >> text=分屏').click();
    await page.locator('[data-testid=split-view] canvas').waitFor();
    await drawn(page);
    await page.screenshot({ path: `${OUT}/plan-split.png` });
    await page.locator('[data-testid=plan-compare] >> text=关闭').click();
    await page.locator('[data-testid=split-view]').waitFor({ state: 'detached' });
    assert.deepEqual(log.consoleErrors, []);
  });
});
