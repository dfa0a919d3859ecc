// Browser test of the live sensor feed: the embedded broker and simulator (scripts/sensors) publish the demo
// city's Datastreams with a fast incident; the viewer, opened with ?live=, shows the alarm and the sensor in
// alarm colour, counts malformed messages without failing, and reconnects after the broker restarts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startSensorFeed, type SensorFeed } from '../../scripts/sensors/feed';
import { pointInPolygon } from '../../src/core/geom/pointInPolygon';
import { readDatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { serveApp, type StaticServer } from './server';
import '../../src/app/pageApi';

const OUT = 'test-output/e2e';

const sensorsOf = (page: Page) => page.evaluate(() => window.cimDiagnostics!.sensors);
const waitFor = (page: Page, predicate: string, timeout = 120_000) =>
  page.waitForFunction(`(() => { const s = window.cimDiagnostics.sensors; return ${predicate}; })()`, null, { timeout, polling: 250 });

let server: StaticServer;
let browser: Browser;
let feed: SensorFeed;

/** The first gas sensor (nth among gas datastreams) inside a level-1 grid, so its alarm is counted on a grid. */
function gasSensorInsideAGrid(): number {
  const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8'));
  const cat = readDatastreamCatalogue(JSON.parse(readFileSync(`data/${manifest.files.sensors}`, 'utf8')));
  const l1 = JSON.parse(readFileSync(`data/${manifest.files.grids}`, 'utf8')).features.filter(
    (f: { properties: { level: number } }) => f.properties.level === 1,
  );
  const rings = l1.map((f: { geometry: { coordinates: number[][][] } }) => Float64Array.from(f.geometry.coordinates[0].flat()));
  const gas = cat.types.indexOf('gas');
  let nth = 0;
  for (let i = 0; i < cat.count; i++) {
    if (cat.typeIndex[i] !== gas) continue;
    const [lon, lat] = [cat.lonLatDeg[2 * i], cat.lonLatDeg[2 * i + 1]];
    if (rings.some((r: Float64Array) => pointInPolygon(lon, lat, r, [r.length / 2]))) return nth;
    nth++;
  }
  throw new Error('no gas sensor inside a grid');
}

before(async () => {
  // A gas leak that crosses its alarm level within seconds, and 2% malformed messages.
  feed = await startSensorFeed({
    port: 0,
    dataDir: 'data',
    rate: 4,
    badRate: 0.02,
    seed: 7,
    incidents: {
      loopS: 0,
      incidents: [
        { kind: 'ramp', name: 'gas leak', target: { type: 'gas', nth: gasSensorInsideAGrid() }, atS: 2, rampS: 4, to: 40, holdS: 600 },
      ],
    },
    log: () => {},
  });
  server = await serveApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await feed?.stop();
});

describe('live sensors over MQTT', () => {
  let page: Page;
  let log: PageLog;
  const gasDatastream = () => {
    const c = feed.catalogue;
    const i = c.types.indexOf('gas');
    const nth = gasSensorInsideAGrid();
    for (let k = 0, seen = 0; k < c.count; k++) if (c.typeIndex[k] === i && seen++ === nth) return c.thingIds[c.thingIndex[k]];
    throw new Error('no gas sensor in the demo');
  };

  before(async () => {
    ({ page, log } = await openLoggedPage(browser, { width: 1024, height: 700 }));
    // Metadata and the backfill from the feed's SensorThings API.
    await page.goto(
      `${server.url}/?render=lite&layers=buildings,roads,sensors&live=${encodeURIComponent(feed.url)}&sta=${encodeURIComponent(feed.staUrl!)}`,
    );
    await waitForCity(page);
  });

  it('shows the scripted gas leak as an alarm on its sensor, and counts malformed messages', async () => {
    const thing = gasDatastream();
    await waitFor(page, `s.status === 'live' && s.alarmThings.includes(${JSON.stringify(thing)})`);
    const row = page.locator(`[data-testid=alarm-list] [data-thing="${thing}"][data-severity=alarm]`);
    await row.waitFor();
    await waitFor(page, 's.rejected > 0');
    const s = await sensorsOf(page);
    assert.ok(s.accepted > 100, JSON.stringify(s));
    assert.ok(s.byState.alarm >= 1);
    // The alarm is counted on the level-1 grid that holds the sensor.
    await page.locator('[data-testid=grid-alarms] tr[data-grid]:not([data-alarm="0"])').first().waitFor({ timeout: 30_000 });
    // Fly to it: the sensor is selected and its sparkline shows the rise past the alarm line.
    await row.locator('[data-action=fly]').click();
    await page.locator('[data-testid=sensor-detail] [data-samples]').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    await page.screenshot({ path: `${OUT}/live-alarm.png` });
    await row.locator('[data-action=ack]').click();
    await page.locator(`[data-testid=alarm-list] [data-thing="${thing}"][data-acknowledged=true]`).waitFor();
  });

  it('shows reconnecting while the broker is down and goes live again after it restarts', async () => {
    await feed.stopBroker();
    await waitFor(page, `s.status === 'reconnecting'`, 60_000);
    assert.equal(await page.locator('[data-testid=live-status]').getAttribute('data-status'), 'reconnecting');
    const before = (await sensorsOf(page)).accepted;
    await feed.startBroker();
    await waitFor(page, `s.status === 'live' && s.accepted > ${before}`, 90_000);
    // After the reconnect the page asked the SensorThings API for what it may have missed.
    await waitFor(page, `s.backfill !== null && s.backfill.state === 'done'`, 90_000);
    const { backfill } = await sensorsOf(page);
    assert.equal(backfill!.failed, 0);
    assert.equal(backfill!.done, backfill!.datastreams);
    // Chrome logs the refused WebSocket while the broker is down; nothing else may be an error.
    assert.deepEqual(
      log.consoleErrors.filter((e) => !/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/mqtt' failed/.test(e)),
      [],
    );
  });
});

describe('a broker that requires credentials', () => {
  let secured: SensorFeed;
  let page: Page;

  before(async () => {
    secured = await startSensorFeed({
      port: 0,
      dataDir: 'data',
      rate: 2,
      incidents: false,
      username: 'ops',
      password: 'e2e-only',
      log: () => {},
    });
    ({ page } = await openLoggedPage(browser, { width: 1024, height: 700 }));
    await page.goto(`${server.url}/?render=lite&layers=sensors&live=${encodeURIComponent(secured.url)}`);
    await waitForCity(page);
  });

  after(async () => {
    await page?.close();
    await secured?.stop();
  });

  it('asks for the user name and password, keeps them in sessionStorage only, and goes live', async () => {
    await waitFor(page, `s.status === 'unauthorized'`, 60_000);
    const dialog = page.locator('.cim-broker-login');
    await dialog.locator('[data-testid=broker-username]').waitFor();
    // A wrong password is refused again: the dialog stays.
    await dialog.locator('[data-testid=broker-username]').fill('ops');
    await dialog.locator('[data-testid=broker-password]').fill('wrong');
    await dialog.locator('#broker-login-ok').click();
    await waitFor(page, `s.status === 'unauthorized'`, 60_000);
    await dialog.locator('[data-testid=broker-password]').fill('e2e-only');
    await dialog.locator('#broker-login-ok').click();
    await waitFor(page, `s.status === 'live' && s.accepted > 0`, 90_000);
    await dialog.locator('[data-testid=broker-username]').waitFor({ state: 'hidden' });
    const stored = await page.evaluate(() =>
      Object.keys(sessionStorage).map((k): [string, string | null] => [k, sessionStorage.getItem(k)]),
    );
    assert.ok(
      stored.some(([k, v]) => k.includes(new URL(secured.url).host) && v?.includes('e2e-only')),
      JSON.stringify(stored),
    );
    assert.ok(!page.url().includes('e2e-only'));
  });
});
