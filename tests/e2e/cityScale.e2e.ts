// Browser test of the viewer on a mid-size city (the `city` scale: 200,000 buildings, generated once into
// data/bench/city by bench:city's generator): the start is progressive (something of the city is drawn before the
// whole city), and grid mode's join in the page equals `cim join`'s CSV, building by building.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBenchCity, type BenchCity } from '../../scripts/benchCity/ensureCity';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import './pageGlobals';
import { serveApp, type StaticServer } from './server';

const diagnostics = (page: Page) => page.evaluate(() => window.cimDiagnostics!);

/** `building_id,l3_id` per line of a join's CSV (the header dropped), as a map. */
function assignments(csv: string, header: boolean): Map<string, string> {
  const lines = csv.split('\n').filter((l) => l !== '');
  return new Map(lines.slice(header ? 1 : 0).map((l) => l.split(',', 2) as [string, string]));
}

describe('the whole city in the browser (city scale, 200k buildings)', () => {
  let city: BenchCity;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let log: PageLog;
  const started = Date.now();

  before(async () => {
    city = ensureBenchCity('city');
    console.log(`# set-up: the city scale ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    server = await serveApp();
    browser = await launchBrowser();
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 720 }));
    await page.goto(`${server.url}/?render=lite&live=0&debug=1&data=${city.manifestUrl}`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    console.log(`# the city-scale suite took ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  });

  it('draws something of the city before the whole city', async () => {
    await page.waitForFunction(
      () => window.cimDiagnostics?.firstPartialCityFrameMs != null || window.cimDiagnostics?.load.phase === 'error',
      undefined,
      {
        timeout: 600_000,
        polling: 100,
      },
    );
    const early = await diagnostics(page);
    assert.notEqual(early.load.phase, 'error', early.load.error);
    await waitForCity(page, 900_000);
    const d = await diagnostics(page);
    assert.equal(d.load.phase, 'ready', d.load.error);
    assert.ok(d.firstPartialCityFrameMs !== null && d.firstCityFrameMs !== null);
    console.log(
      `# first frame with something of the city ${d.firstPartialCityFrameMs.toFixed(0)} ms, whole city ${d.firstCityFrameMs.toFixed(0)} ms`,
    );
    assert.ok(d.firstPartialCityFrameMs < d.firstCityFrameMs, 'something of the city was drawn before the whole city');
    const manifest = JSON.parse(readFileSync(join(city.dir, 'demo.json'), 'utf8')) as { counts: { buildings: number } };
    assert.equal(d.layers.buildings?.features, manifest.counts.buildings, 'every building counted');
  });

  // GRID LEVELS BY DISTANCE (gridlayer, being built in parallel): L1 at the far start view, L2 mid, L3 near.
  // SENSOR AGGREGATION (sensorspipes, being built in parallel): markers at the start view capped, alarms on top.

  it("joins the buildings to the grid in grid mode exactly as `cim join`'s CSV", async () => {
    await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '网格' }).click();
    await page.waitForFunction(() => ['done', 'error'].includes(window.cimDiagnostics!.join.phase), undefined, {
      timeout: 600_000,
      polling: 200,
    });
    const d = await diagnostics(page);
    assert.equal(d.join.phase, 'done', d.join.error);
    const inPage = assignments(await page.evaluate(() => window.cimDebug!.joinAssignments()), false);
    const cli = assignments(readFileSync(join(city.dir, 'assignments.csv'), 'utf8'), true);
    assert.equal(inPage.size, cli.size, 'as many buildings in the page as in the CSV');
    const differing = [...cli].filter(([id, l3]) => inPage.get(id) !== l3);
    assert.deepEqual(differing.slice(0, 5), [], `${differing.length} buildings joined differently (first five shown)`);
    assert.deepEqual(log.consoleErrors, []);
  });
});
