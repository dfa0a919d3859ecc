// Browser tests of the viewer foundation: the built app in Debian chromium (SwiftShader WebGL),
// served from 127.0.0.1, on the generated demo city and on tiny hand-made cities for edge cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { cameraStill, launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { writeTinyCity } from './fixtures';
import './pageGlobals';
import { luminanceStdDev } from './pixels';
import { serveApp, type StaticServer } from './server';

const OUT = 'test-output/e2e';
mkdirSync(OUT, { recursive: true });

const diagnostics = (page: Page) => page.evaluate(() => window.cimDiagnostics!);
const screenOf = (page: Page, lon: number, lat: number, h: number) =>
  page.evaluate(([a, b, c]) => window.cimDebug!.worldToScreen(a, b, c), [lon, lat, h] as const);

interface BuildingFeature {
  geometry: { type: string; coordinates: number[][][] | number[][][][] };
  properties: { id: string; heightM: number; baseM: number };
}

function outerRing(f: BuildingFeature): number[][] {
  return (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]) as number[][];
}

function centroid(ring: number[][]): [number, number] {
  let x = 0,
    y = 0;
  for (const p of ring.slice(0, -1)) {
    x += p[0];
    y += p[1];
  }
  return [x / (ring.length - 1), y / (ring.length - 1)];
}

/** Clicks the roof of a building and returns the id the info panel then shows. */
async function clickRoof(page: Page, b: BuildingFeature): Promise<string | null> {
  const [lon, lat] = centroid(outerRing(b));
  const p = await screenOf(page, lon, lat, b.properties.baseM + b.properties.heightM);
  if (!p) return null;
  const canvas = await page.locator('.cesium-widget canvas').boundingBox();
  await page.mouse.click(canvas!.x + p.x, canvas!.y + p.y);
  const cell = page.locator('[data-testid=feature-info] [data-prop=id]');
  await cell.waitFor({ timeout: 30_000 });
  return cell.textContent();
}

/** The tallest building whose roof is on screen and not under a panel: nothing can hide its roof. */
async function tallestOnScreen(page: Page, file: string): Promise<BuildingFeature> {
  const buildings = (JSON.parse(readFileSync(file, 'utf8')) as { features: BuildingFeature[] }).features;
  const viewport = page.viewportSize()!;
  const candidates = [...buildings].sort((a, b) => b.properties.heightM - a.properties.heightM).slice(0, 200);
  for (const b of candidates) {
    const [lon, lat] = centroid(outerRing(b));
    const p = await screenOf(page, lon, lat, b.properties.baseM + b.properties.heightM);
    if (p && p.x > 300 && p.x < viewport.width - 360 && p.y > 40 && p.y < viewport.height - 120) return b;
  }
  throw new Error('no tall building on screen to click');
}

interface RoadFeature {
  geometry: { type: 'LineString'; coordinates: number[][] } | { type: 'MultiLineString'; coordinates: number[][][] };
  properties: { id: string };
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

describe('the demo city', () => {
  let page: Page;
  let log: PageLog;
  const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;

  before(async () => {
    ({ page, log } = await openLoggedPage(browser));
    await page.goto(`${server.url}/?render=lite&debug=1`);
    await waitForCity(page);
  });

  it('renders every layer of the generated city with nothing blank, no errors and no request off 127.0.0.1', async () => {
    const d = await diagnostics(page);
    assert.equal(d.load.phase, 'ready', d.load.error);
    assert.equal(d.sceneReady, true);
    assert.equal(d.layers.buildings.features, manifest.counts.buildings);
    assert.equal(d.layers.grids.features, manifest.counts.gridsL1 + manifest.counts.gridsL2 + manifest.counts.gridsL3);
    assert.equal(d.layers.roads.features, manifest.counts.roads);
    assert.equal(d.layers.pipelines.features, manifest.counts.pipelines);
    assert.equal(d.layers.sensors.features, manifest.counts.sensors);
    assert.equal(d.problems, 0);
    const shot = await page.locator('.cesium-widget canvas').screenshot({ path: `${OUT}/demo-city.png` });
    const stdDev = luminanceStdDev(shot);
    assert.ok(stdDev > 8, `canvas looks blank: luminance std-dev ${stdDev.toFixed(2)}`);
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.offsiteRequests, []);
    assert.ok(log.requests.length > 0);
    const report = { firstCityFrameMs: d.firstCityFrameMs, buildings: d.layers.buildings.features, canvasLuminanceStdDev: stdDev };
    writeFileSync(`${OUT}/demo-city.json`, JSON.stringify(report, null, 2));
    console.log(`[e2e] demo city: ${JSON.stringify(report)}`);
  });

  it('shows the clicked building’s properties', async () => {
    // Sensor markers are drawn over everything; hide them so the click lands on a roof.
    await page.locator('[data-layer=sensors] input').uncheck();
    const target = await tallestOnScreen(page, `data/${manifest.files.buildings}`);
    assert.equal(await clickRoof(page, target), target.properties.id);
    const height = await page.locator('[data-testid=feature-info] [data-prop=heightM]').textContent();
    assert.equal(Number(height), Number(target.properties.heightM.toFixed(2)));
    // The tile's metadata carries the building's grid ids from `cim join` (setup wrote data/assignments.csv).
    const row = readFileSync('data/assignments.csv', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${target.properties.id},`))!;
    const [, l3, l2, l1] = row.split(',');
    const prop = (name: string) => page.locator(`[data-testid=feature-info] [data-prop=${name}]`).textContent();
    assert.deepEqual([await prop('l3Id'), await prop('l2Id'), await prop('l1Id')], [l3, l2, l1]);
  });

  it('shows the clicked road’s properties (roads are drawn as uploaded meshes with a pick colour per road)', async () => {
    const info = page.getByTestId('feature-info');
    if (await info.count()) await info.getByText('关闭').click(); // the previous test's selection
    const roads = (JSON.parse(readFileSync(`data/${manifest.files.roads}`, 'utf8')) as { features: RoadFeature[] }).features;
    const buildings = JSON.parse(readFileSync(`data/${manifest.files.buildings}`, 'utf8')) as { features: BuildingFeature[] };
    const viewport = page.viewportSize()!;
    // A road's midpoint on screen, away from the panels and from every building (whose walls would hide it).
    const clear = (lon: number, lat: number) =>
      buildings.features.every((b) => {
        const [x, y] = centroid(outerRing(b));
        return Math.hypot((x - lon) * 91_000, (y - lat) * 111_000) > 60;
      });
    for (const road of roads) {
      const line = road.geometry.type === 'LineString' ? road.geometry.coordinates : road.geometry.coordinates[0];
      const k = Math.floor(line.length / 2) - 1;
      if (k < 0) continue;
      const [lon, lat] = [(line[k][0] + line[k + 1][0]) / 2, (line[k][1] + line[k + 1][1]) / 2];
      const h = await page.evaluate(([a, b]) => window.cimDebug!.groundHeightM(a, b), [lon, lat] as const);
      const p = h === null ? null : await screenOf(page, lon, lat, h);
      if (!p || p.x < 320 || p.x > viewport.width - 380 || p.y < 60 || p.y > viewport.height - 140 || !clear(lon, lat)) continue;
      const canvas = await page.locator('.cesium-widget canvas').boundingBox();
      await page.mouse.click(canvas!.x + p.x, canvas!.y + p.y);
      const id = await page.locator('[data-testid=feature-info] [data-prop=id]').textContent({ timeout: 30_000 });
      assert.equal(id, road.properties.id);
      return;
    }
    throw new Error('no road midpoint on screen clear of buildings and panels');
  });

  it('colours buildings by a property ramp with a legend, and keeps the style in the URL', async () => {
    const before = await page.locator('.cesium-widget canvas').screenshot();
    await page.getByTestId('building-style').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '按高度' }).click();
    await page.getByTestId('ramp-legend').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('style'), 'heightM');
    await page.evaluate(() => window.cimDebug!.requestRender());
    await page.waitForFunction(() => window.cimDiagnostics!.sceneReady);
    const after = await page.locator('.cesium-widget canvas').screenshot({ path: `${OUT}/style-height.png` });
    assert.notDeepEqual(after, before, 'the canvas changed with the style');
    assert.deepEqual(log.consoleErrors, []);
  });
});

describe('grid mode on the demo city', () => {
  let page: Page;
  let log: PageLog;
  const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
  // The reference: the same join run by the command-line tool in Node.
  const csvPath = `${OUT}/assignments.csv`;
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cim.ts',
      'join',
      '--grids',
      `data/${manifest.files.grids}`,
      '--buildings',
      `data/${manifest.files.buildings}`,
      '--out',
      csvPath,
    ],
    { encoding: 'utf8' },
  );
  const rows = readFileSync(csvPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const byBuilding = new Map(rows.map((r) => [r[0], r]));

  before(async () => {
    assert.equal(cli.status, 0, cli.stderr);
    ({ page, log } = await openLoggedPage(browser));
    await page.goto(`${server.url}/?render=lite&debug=1&mode=grid&style=grid&layers=buildings,gridL1,gridL2,gridL3,roads`);
    await waitForCity(page);
    await page.getByTestId('join-summary').waitFor({ timeout: 120_000 });
  });

  it('joins every building in the browser, as `cim join` does', async () => {
    const text = await page.getByTestId('join-summary').textContent();
    assert.match(text ?? '', new RegExp(`^${manifest.counts.buildings.toLocaleString('en-US')} 栋建筑已落入网格，0 栋未落网格`));
  });

  it('selects the clicked building’s grid at L3 and L1 with the same ids and counts as the CLI', async () => {
    const target = await tallestOnScreen(page, `data/${manifest.files.buildings}`);
    const expected = byBuilding.get(target.properties.id)!;
    assert.equal(await clickRoof(page, target), target.properties.id);
    const stat = (k: string) => page.locator(`[data-testid=grid-stats] [data-stat=${k}]`).textContent();
    await page.locator('[data-testid=grid-stats]').waitFor();
    assert.equal(await stat('id'), expected[1]);
    assert.equal(Number(await stat('buildings')), rows.filter((r) => r[1] === expected[1]).length);
    await page.getByTestId('grid-level').getByText('一级网格').click();
    assert.equal(await clickRoof(page, target), target.properties.id);
    await page.waitForFunction((id) => document.querySelector('[data-testid=grid-stats] [data-stat=id]')?.textContent === id, expected[3], {
      timeout: 30_000,
    });
    assert.equal(Number(await stat('buildings')), rows.filter((r) => r[3] === expected[3]).length);
    await page.screenshot({ path: `${OUT}/grid-mode.png` });
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.offsiteRequests, []);
  });
});

describe('a tiny city with broken features', () => {
  let page: Page;
  let log: PageLog;
  const tiny = writeTinyCity('e2e-bad', true);

  before(async () => {
    ({ page, log } = await openLoggedPage(browser, { width: 900, height: 600 }));
    await page.goto(`${server.url}/?render=lite&debug=1&mode=grid&data=${tiny.manifestUrl}&view=113.66,34.752,900,0,-50`);
    await waitForCity(page);
  });

  it('skips and reports the broken features, draws the rest', async () => {
    const d = await diagnostics(page);
    assert.equal(d.load.phase, 'ready');
    assert.equal(d.layers.buildings.features, tiny.goodBuildings);
    assert.equal(d.problems, tiny.badBuildingIds.length);
    await page.getByText(`${tiny.badBuildingIds.length} 个要素有问题已跳过`).waitFor();
    assert.deepEqual(log.consoleErrors, []);
  });

  it('lists the building that straddles two grids with its share', async () => {
    await page.getByTestId('join-summary').waitFor({ timeout: 60_000 });
    const items = await page.locator('[data-testid=straddler-list] .cim-list-item').allTextContents();
    assert.equal(items.length, 1);
    assert.match(items[0], /^T-3 · 50%/);
  });

  it('shows HTML in a property as text and never runs it', async () => {
    const buildings = (JSON.parse(readFileSync(`${tiny.dir}/buildings.geojson`, 'utf8')) as { features: BuildingFeature[] }).features;
    const t3 = buildings.find((b) => b.properties.id === 'T-3')!;
    assert.equal(await clickRoof(page, t3), 'T-3');
    const name = await page.locator('[data-testid=feature-info] [data-prop=name]').textContent();
    assert.equal(name, '<img src=x onerror="window.__xss=1">');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('[data-testid=feature-info] img').count(), 0);
  });

  it('opens a building file of its own: tiled in the browser, drawn, its properties shown as text', async () => {
    const [x, y] = [113.66, 34.758];
    const sq = (cx: number, cy: number) => [
      [
        [cx - 2e-4, cy - 2e-4],
        [cx + 2e-4, cy - 2e-4],
        [cx + 2e-4, cy + 2e-4],
        [cx - 2e-4, cy + 2e-4],
        [cx - 2e-4, cy - 2e-4],
      ],
    ];
    const mine = [
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: sq(x - 5e-4, y) },
        properties: { id: 'IMP-1', heightM: 45, baseM: 100, use: '09' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: sq(x + 5e-4, y) },
        properties: { id: '<img src=x onerror="window.__xss2=1">', heightM: 45, baseM: 100, use: '07' },
      },
    ];
    const file = `${OUT}/my-buildings.geojson`;
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: mine }));
    await page.getByTestId('import-input').setInputFiles(file);
    await page.getByTestId('import-dialog-ok').click(); // the import dialog's suggested mapping
    await page.getByTestId('import-status').filter({ hasText: 'my-buildings.geojson：2 栋建筑' }).waitFor({ timeout: 60_000 });
    await cameraStill(page); // the fly-to the opened file
    await waitForCity(page);
    const asFeature = (f: (typeof mine)[number]) => ({ ...f, properties: { ...f.properties } }) as unknown as BuildingFeature;
    const info = page.getByTestId('feature-info');
    if (await info.count()) await info.getByText('关闭').click(); // the previous test's selection
    assert.equal(await clickRoof(page, asFeature(mine[0])), 'IMP-1');
    assert.match((await page.getByTestId('feature-info').locator('.ant-card-head').textContent()) ?? '', /导入建筑/);
    await page.getByTestId('feature-info').getByText('关闭').click();
    assert.equal(await clickRoof(page, asFeature(mine[1])), '<img src=x onerror="window.__xss2=1">');
    assert.equal(await page.evaluate(() => window.__xss2), undefined);
    assert.equal(await page.locator('[data-testid=feature-info] img').count(), 0);
    await page.screenshot({ path: `${OUT}/imported-file.png` });
    assert.deepEqual(log.consoleErrors, []);
  });

  it('names the file and the fault when an opened file cannot be read, and keeps the page working', async () => {
    const file = `${OUT}/broken.geojson`;
    writeFileSync(file, '{"type": "FeatureCollection", "features": [');
    await page.getByTestId('import-input').setInputFiles(file);
    const error = await page.getByTestId('import-dialog-error').textContent({ timeout: 60_000 });
    assert.match(error ?? '', /broken\.geojson/);
    assert.match(error ?? '', /JSON/);
    await page.getByTestId('import-dialog-cancel').click();
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    assert.equal((await diagnostics(page)).load.phase, 'ready');
  });

  it('carries camera, layers and language in the URL, and restores them on reload', async () => {
    await page.locator('[data-layer=pipelines] input').uncheck();
    await page.locator('[data-layer=gridL3] input').uncheck();
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Layers', { exact: true }).waitFor();
    await page.getByTestId('underground-switch').click();
    const d = await diagnostics(page);
    assert.equal(d.layers.pipelines.visible, false);
    assert.equal(await page.evaluate(() => window.cimDebug!.globeTranslucent()), true);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('layers'), 'buildings,gridL1,gridL2,roads,sensors');
    assert.equal(url.searchParams.get('lang'), 'en');
    assert.equal(url.searchParams.get('underground'), '1');
    const camera = await page.evaluate(() => window.cimDebug!.camera());

    const { page: again, log: againLog } = await openLoggedPage(browser, { width: 900, height: 600 });
    await again.goto(url.href);
    // The translucent globe of underground mode takes the longest to settle under SwiftShader on a loaded machine.
    await waitForCity(again, 480_000);
    assert.equal(await again.locator('[data-layer=pipelines] input').isChecked(), false);
    assert.equal(await again.locator('[data-layer=buildings] input').isChecked(), true);
    await again.getByText('Layers', { exact: true }).waitFor();
    const restored = await again.evaluate(() => window.cimDebug!.camera());
    assert.ok(
      Math.abs(restored.lonDeg - camera.lonDeg) < 1e-5 && Math.abs(restored.latDeg - camera.latDeg) < 1e-5,
      'camera position restored',
    );
    assert.ok(Math.abs(restored.heightM - camera.heightM) < 1, 'camera height restored');
    assert.equal(await again.evaluate(() => window.cimDebug!.globeTranslucent()), true);
    assert.deepEqual(againLog.consoleErrors, []);
    await again.context().close();
  });
});

describe('a city that cannot be loaded', () => {
  it('names the missing file instead of failing silently', async () => {
    const { page } = await openLoggedPage(browser, { width: 900, height: 600 });
    await page.goto(`${server.url}/?render=lite&data=data/no-such-city/demo.json`);
    await waitForCity(page);
    const d = await diagnostics(page);
    assert.equal(d.load.phase, 'error');
    const text = await page.getByTestId('load-error').textContent();
    assert.match(text ?? '', /no-such-city\/demo\.json/);
    await page.context().close();
  });
});
