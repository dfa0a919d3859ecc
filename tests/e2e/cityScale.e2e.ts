// Browser test of the viewer on a mid-size city (the `city` scale: 200,000 buildings, 8,000+ sensors, generated once into
// data/bench/city by scripts/benchCity/ensureCity.ts): the start is progressive (something of the city is drawn before the
// whole city); the sensors aggregate at the city-wide view (a few hundred markers at most, every alarm on its own) and
// show one by one close up; grid mode's join equals `cim join`'s CSV, building by building; the grid levels drawn go
// L1 → L2 → L3 from far to near, at heights chosen from the city's own grid sizes; and a click selects and outlines the
// grid of the finest level drawn there (L1 far, L3 near) that contains the clicked point.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBenchCity, type BenchCity } from '../../scripts/benchCity/ensureCity';
import { startSensorFeed, type SensorFeed } from '../../scripts/sensors/feed';
import { MIN_GRID_PX } from '../../src/core/grid/gridView';
import { readDatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { resolveIncidents, type IncidentTimeline } from '../../src/core/sensors/incidents';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { deepInsidePoint, gridContains, medianSizeM, readCityFiles, sensorsPerM2, type CityFiles } from './cityFiles';
import { clickGround, lookDownAt, pxPerMetre, screenPositions } from './cityPage';
import { framesDrawn } from './gridEditPage';
import './pageGlobals';
import { serveApp, type StaticServer } from './server';

const diagnostics = (page: Page) => page.evaluate(() => window.cimDiagnostics!);
/** The bound on the sensor markers at any view: "capped at a few hundred", alarms on top of them. */
const FEW_HUNDRED = 300;
/** Sensors (on average over the city) a close-up view should hold: a street's worth, far under any cap. */
const CLOSE_UP_SENSORS = 30;
/** Points this close to the canvas edge are not counted as on screen (their marker may be just outside it). */
const EDGE_PX = 20;

/** `building_id,l3_id` per line of a join's CSV (the header dropped), as a map. */
function assignments(csv: string, header: boolean): Map<string, string> {
  const lines = csv.split('\n').filter((l) => l !== '');
  return new Map(lines.slice(header ? 1 : 0).map((l) => l.split(',', 2) as [string, string]));
}

/** Gas leaks on the 5 gas sensors nearest the city's centre, alarming within seconds and for the whole suite. */
function gasLeaks(files: CityFiles, sensorsFile: string): IncidentTimeline {
  const cat = readDatastreamCatalogue(JSON.parse(readFileSync(sensorsFile, 'utf8')));
  const [w, s, e, n] = files.manifest.bboxLonLatDeg;
  const gas = cat.types.indexOf('gas');
  let nearest = { nth: -1, d: Infinity };
  for (let i = 0, nth = 0; i < cat.count; i++) {
    if (cat.typeIndex[i] !== gas) continue;
    const d = Math.hypot(cat.lonLatDeg[2 * i] - (w + e) / 2, cat.lonLatDeg[2 * i + 1] - (s + n) / 2);
    if (d < nearest.d) nearest = { nth, d };
    nth++;
  }
  const leak = { atS: 1, rampS: 2, to: 40, holdS: 24 * 3600 };
  return {
    loopS: 0,
    incidents: [{ kind: 'wave', name: 'gas leaks', target: { type: 'gas', nth: nearest.nth }, count: 5, stepS: 1, ...leak }],
  };
}

describe('the whole city in the browser (city scale, 200k buildings)', () => {
  let city: BenchCity;
  let files: CityFiles;
  let feed: SensorFeed;
  /** The Things the gas leaks put in alarm. */
  let leaking: string[];
  /** A point deep inside its L3 and L1 grids: the grid views look down at it and click it. */
  let inside: [number, number];
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let log: PageLog;
  const started = Date.now();

  before(async () => {
    city = ensureBenchCity('city');
    console.log(`# set-up: the city scale ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    files = readCityFiles(city.dir);
    inside = deepInsidePoint(files.grids);
    const sensorsFile = join(city.dir, files.manifest.files.sensors);
    const timeline = gasLeaks(files, sensorsFile);
    // A quarter of the devices' rate keeps the feed light; a leaking sensor still reports every 20 s.
    feed = await startSensorFeed({ port: 0, staPort: false, sensorsFile, rate: 0.25, seed: 3, incidents: timeline, log: () => {} });
    const c = feed.catalogue;
    leaking = [...new Set(resolveIncidents(c, timeline)[0].datastreams.map((k) => c.thingIds[c.thingIndex[k]]))];
    server = await serveApp();
    browser = await launchBrowser();
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 720 }));
    await page.goto(`${server.url}/?render=lite&debug=1&data=${city.manifestUrl}&live=${encodeURIComponent(feed.url)}`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await feed?.stop();
    console.log(`# the city-scale suite took ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  });

  it('draws something of the city before the whole city', async () => {
    await page.waitForFunction(
      () => window.cimDiagnostics?.firstPartialCityFrameMs != null || window.cimDiagnostics?.load.phase === 'error',
      undefined,
      { timeout: 600_000, polling: 100 },
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
    assert.equal(d.layers.buildings?.features, files.manifest.counts.buildings, 'every building counted');
  });

  /** The Things in alarm (by the page) on screen now, and how many of all the sensors are. */
  async function onScreenNow(): Promise<{ alarms: string[]; sensors: number }> {
    const alarms = (await diagnostics(page)).sensors.alarmThings;
    const at = (ids: string[]) =>
      screenPositions(
        page,
        ids.map((id) => files.sensors.get(id)!),
        files.groundM,
        EDGE_PX,
      );
    const shown = await at(alarms);
    const all = await at([...files.sensors.keys()]);
    return { alarms: alarms.filter((_, k) => shown[k] !== null), sensors: all.filter((p) => p !== null).length };
  }

  it('aggregates the sensors at the start view with every alarm on its own, and shows them one by one close up', async () => {
    assert.equal((await diagnostics(page)).layers.sensors?.features, files.sensors.size, 'every sensor loaded');
    await page.waitForFunction(
      (things) => {
        const s = window.cimDiagnostics!.sensors;
        return s.status === 'live' && things.every((t) => s.alarmThings.includes(t));
      },
      leaking,
      { timeout: 300_000, polling: 500 },
    );
    await framesDrawn(page, 2); // the markers chosen with the alarms
    const start = await onScreenNow();
    const d = (await diagnostics(page)).scene!;
    console.log(`# start view: ${start.sensors} sensors on screen as ${d.sensorMarkers} markers (${d.sensorClusters} clusters)`);
    assert.ok(start.alarms.length > 0, 'the gas leaks are on screen');
    assert.deepEqual(
      start.alarms.filter((t) => !d.sensorAlerts!.includes(t)),
      [],
      'every alarm on screen drawn on its own',
    );
    assert.ok(d.sensorClusters! > 0 && d.sensorMarkers! < start.sensors, 'the sensors on screen are aggregated');
    assert.ok(d.sensorMarkers! <= FEW_HUNDRED + d.sensorAlerts!.length, `${d.sensorMarkers} markers: a few hundred at most`);

    // Close up over a leak: a height where the city's average density puts a street's worth of sensors on screen.
    const at = files.sensors.get(leaking[0])!;
    const k = await metresPerPxPerMetre();
    const { width, height } = page.viewportSize()!;
    const distanceM = Math.sqrt(CLOSE_UP_SENSORS / (sensorsPerM2(files) * width * height)) / k;
    await lookDownAt(page, at, files.groundM + distanceM);
    const near = await onScreenNow();
    const c = (await diagnostics(page)).scene!;
    console.log(`# close up (${distanceM.toFixed(0)} m): ${near.sensors} sensors on screen, ${c.sensorMarkers} markers`);
    assert.ok(near.sensors > 0 && near.alarms.length > 0, 'sensors and a leak on screen');
    assert.equal(c.sensorClusters, 0, 'no clusters close up');
    assert.ok(c.sensorMarkers! >= near.sensors, 'every sensor on screen drawn');
    assert.deepEqual(
      near.alarms.filter((t) => !c.sensorAlerts!.includes(t)),
      [],
      'every alarm on screen drawn on its own',
    );
  });

  let metresPerPxPerM: number | null = null;
  /** Metres of ground per screen pixel per metre of distance (the camera's angular pixel size), measured looking down once. */
  async function metresPerPxPerMetre(): Promise<number> {
    if (metresPerPxPerM === null) {
      const distanceM = 10 * medianSizeM(files.grids, 1);
      await lookDownAt(page, inside, files.groundM + distanceM);
      metresPerPxPerM = 1 / (await pxPerMetre(page, inside, files.groundM, distanceM / 10)) / distanceM;
    }
    return metresPerPxPerM;
  }

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
  });

  /** Camera heights where a level's typical grid is `px` pixels across (looking straight down). */
  async function heightFor(): Promise<(level: number, px: number) => number> {
    const k = await metresPerPxPerMetre();
    return (level, px) => files.groundM + medianSizeM(files.grids, level) / px / k;
  }

  /** The finest grid level drawn in the current view, and the grid levels and tile zooms drawn. */
  async function gridsDrawn(): Promise<{ finest: number; levels: number[]; zooms: number[] }> {
    const g = (await diagnostics(page)).scene!.grids!;
    return { finest: Math.max(0, ...g.levelsDrawn), levels: g.levelsDrawn, zooms: g.zoomsDrawn };
  }

  it('draws the grid levels by distance: L1 far, L2 mid, L3 near', async () => {
    const h = await heightFor();
    // From where L2's grids are a quarter of readable to where L3's are four times readable, through the thresholds.
    const heights = [
      h(2, MIN_GRID_PX / 4),
      h(2, MIN_GRID_PX),
      Math.sqrt(h(2, MIN_GRID_PX) * h(3, MIN_GRID_PX)),
      h(3, MIN_GRID_PX),
      h(3, 4 * MIN_GRID_PX),
    ];
    const finest: number[] = [];
    for (const [k, heightM] of heights.entries()) {
      await lookDownAt(page, inside, heightM);
      const g = await gridsDrawn();
      console.log(`# looking down from ${heightM.toFixed(0)} m: grid levels ${g.levels} drawn (tile zooms ${g.zooms})`);
      finest.push(g.finest);
      if (k === 0) assert.deepEqual(g.levels, [1], 'only L1 far away');
    }
    assert.deepEqual(
      finest,
      [...finest].sort((a, b) => a - b),
      `the finest level drawn grows from far to near: ${finest}`,
    );
    assert.deepEqual([...new Set(finest)], [1, 2, 3], `L1, then L2, then L3: ${finest}`);
  });

  /** The grid outlined (by the page's diagnostics) and the one the grid panel shows. */
  const gridSelected = () =>
    page.evaluate(() => ({
      outlined: window.cimDiagnostics!.scene?.grids?.outlined ?? null,
      shown: document.querySelector('[data-testid=grid-stats] [data-stat=id]')?.textContent ?? null,
    }));

  /** Clicks the ground at `at` and waits until a grid is selected and outlined (another than `before`): its id. */
  async function clickGrid(at: [number, number], before: string | null): Promise<string> {
    await clickGround(page, at, files.groundM);
    try {
      const handle = await page.waitForFunction(
        (previous) => {
          const outlined = window.cimDiagnostics!.scene?.grids?.outlined ?? null;
          const shown = document.querySelector('[data-testid=grid-stats] [data-stat=id]')?.textContent ?? null;
          return outlined !== null && outlined !== previous && outlined === shown ? outlined : null;
        },
        before,
        { timeout: 60_000, polling: 200 },
      );
      return (await handle.jsonValue()) as string;
    } catch (err) {
      await page.screenshot({ path: 'test-output/e2e/city-click.png' });
      const d = await diagnostics(page);
      const state = JSON.stringify({ ...(await gridSelected()), gridEdit: d.gridEdit, join: d.join.phase });
      throw new Error(`no grid selected and outlined after the click at ${at}: ${state}`, { cause: err });
    }
  }

  it('selects the grid of the finest level drawn where a click lands, outlined: L3 near, L1 far', async () => {
    const h = await heightFor();
    let previous: string | null = null;
    // Near first: the view the levels' test ended on.
    for (const [heightM, level] of [
      [h(3, 4 * MIN_GRID_PX), 3],
      [h(2, MIN_GRID_PX / 4), 1],
    ] as const) {
      await lookDownAt(page, inside, heightM);
      assert.equal((await gridsDrawn()).finest, level, `L${level} the finest level drawn`);
      const id = await clickGrid(inside, previous);
      const grid = files.grids.find((g) => g.id === id);
      assert.ok(grid, `${id} is a grid of the file`);
      assert.equal(grid.level, level, `${id} is an L${level} grid`);
      assert.ok(gridContains(grid, inside), `${id} contains the clicked point ${inside}`);
      previous = id;
    }
    assert.deepEqual(log.consoleErrors, []);
  });
});
