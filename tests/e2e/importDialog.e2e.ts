// Browser test of the import dialog (issue 18, "Done when" 1): the demo city's buildings as a zipped GBK Shapefile in
// EPSG:4547 (written with GDAL by scripts/fixtures) dropped on the viewer through the file input, its CRS, Chinese field
// names and sample values checked in the dialog, the mapping accepted with one change, imported; then one building is
// picked and its id, a Chinese attribute and its grid ids compared with the demo file and with `cim join`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { chineseBuilding, cityFixtures } from '../../scripts/fixtures/cityFixtures';
import { cameraStill, launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import './pageGlobals';
import { serveApp, type StaticServer } from './server';

const OUT = 'test-output/e2e';
mkdirSync(OUT, { recursive: true });

interface Building {
  geometry: { type: string; coordinates: number[][][] | number[][][][] };
  properties: { id: string; heightM: number; baseM: number; floors: number; use: string };
}

function centroid(b: Building): [number, number] {
  const ring = (b.geometry.type === 'Polygon' ? b.geometry.coordinates[0] : b.geometry.coordinates[0][0]) as number[][];
  let x = 0,
    y = 0;
  for (const p of ring.slice(0, -1)) {
    x += p[0];
    y += p[1];
  }
  return [x / (ring.length - 1), y / (ring.length - 1)];
}

const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
const buildings = (JSON.parse(readFileSync(`data/${manifest.files.buildings}`, 'utf8')) as { features: Building[] }).features;

/** The reference join: `cim join` on the demo's own files, building id → [l3, l2, l1]. */
function cliJoin(): Map<string, string[]> {
  const csv = `${OUT}/import-dialog-assignments.csv`;
  const r = spawnSync(
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
      csv,
    ],
    { encoding: 'utf8' },
  );
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const rows = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return new Map(rows.map((row) => [row[0], row.slice(1, 4)]));
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

describe('importing a zipped GBK Shapefile of buildings in EPSG:4547', () => {
  let page: Page;
  let log: PageLog;
  let zip: string;
  const joined = cliJoin();

  before(async () => {
    zip = join((await cityFixtures()).dir, '建筑-gbk.zip');
    ({ page, log } = await openLoggedPage(browser));
    // The city's own buildings hidden: the imported ones stand where they stand, and a click must pick the imported.
    await page.goto(`${server.url}/?render=lite&debug=1&layers=gridL1,gridL2,gridL3`);
    await waitForCity(page);
  });

  it('shows the layer in the dialog: format, CRS, count, Chinese fields and samples, the suggested mapping', async () => {
    await page.getByTestId('import-input').setInputFiles(zip);
    const dialog = page.getByTestId('import-dialog');
    await dialog.and(page.locator('[data-phase=ready]')).waitFor({ timeout: 120_000 });
    assert.match((await page.getByTestId('import-format').textContent()) ?? '', /Shapefile/);
    assert.equal(await page.getByTestId('import-count').textContent(), buildings.length.toLocaleString());
    assert.match((await page.getByTestId('import-geometry').textContent()) ?? '', /Polygon/);
    assert.equal(await page.locator('[data-testid=import-crs] input, input[data-testid=import-crs]').first().inputValue(), 'EPSG:4547');
    assert.match((await page.getByTestId('import-crs-name').textContent()) ?? '', /CGCS2000 \/ 3-degree Gauss-Kruger CM 114E/);
    // The CRS is editable: GCJ-02 is marked approximate; the file's code back, the file's CRS again.
    const crsBox = page.locator('[data-testid=import-crs] input, input[data-testid=import-crs]').first();
    await crsBox.fill('GCJ02');
    await page.getByTestId('import-crs-approximate').waitFor();
    await crsBox.fill('EPSG:4547');
    await page.getByTestId('import-crs-approximate').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape'); // the CRS choices' dropdown
    assert.match((await page.getByTestId('import-crs-name').textContent()) ?? '', /CM 114E/);
    for (const field of ['编号', '建筑高度', '层数', '基底高程', '用地代码', '名称'])
      assert.equal(await dialog.locator(`[data-field="${field}"]`).count(), 1, field);
    // The first record's name, written in GBK by the fixture, reads back as Chinese text.
    const firstName = String(chineseBuilding(buildings[0].properties, 0)['名称']);
    assert.match(firstName, /[\u4e00-\u9fff]/);
    await dialog.locator('.cim-import-samples').getByText(firstName, { exact: false }).first().waitFor();
    const suggested = async (target: string) => (await dialog.locator(`tr[data-target=${target}] .ant-select`).textContent())?.trim();
    assert.equal(await suggested('id'), '编号');
    assert.equal(await suggested('heightM'), '建筑高度');
    assert.equal(await suggested('floors'), '层数');
    assert.equal(await suggested('name'), '名称');
  });

  it('imports with one mapping changed, tiles and draws the buildings, and shows a picked one with its grids', async () => {
    const dialog = page.getByTestId('import-dialog');
    // Leave `name` unmapped: 名称 then stays an attribute of its own, under its Chinese name.
    await dialog.locator('tr[data-target=name] .ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '（无）' }).click();
    assert.equal((await dialog.locator('tr[data-target=name] .ant-select').textContent())?.trim(), '（无）');
    await page.getByTestId('import-dialog-ok').click();
    await page
      .getByTestId('import-status')
      .filter({ hasText: `${buildings.length.toLocaleString()} 栋建筑` })
      .waitFor({ timeout: 300_000 });
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    await cameraStill(page); // the fly-to the imported buildings
    await waitForCity(page); // the imported tileset's tiles loaded too

    // A tall building on screen, clear of the panels, that `cim join` put in a grid.
    const viewport = page.viewportSize()!;
    const sorted = [...buildings.keys()].sort((a, b) => buildings[b].properties.heightM - buildings[a].properties.heightM);
    let target: { index: number; x: number; y: number } | null = null;
    for (const index of sorted.slice(0, 300)) {
      const b = buildings[index];
      if (!joined.get(b.properties.id)?.[0]) continue;
      const [lon, lat] = centroid(b);
      const p = await page.evaluate(([a, c, h]) => window.cimDebug!.worldToScreen(a, c, h), [
        lon,
        lat,
        b.properties.baseM + b.properties.heightM,
      ] as const);
      if (p && p.x > 300 && p.x < viewport.width - 360 && p.y > 40 && p.y < viewport.height - 120) {
        target = { index, x: p.x, y: p.y };
        break;
      }
    }
    assert.ok(target, 'no imported building on screen to click');
    const b = buildings[target.index];
    const canvas = (await page.locator('.cesium-widget canvas').boundingBox())!;
    await page.mouse.click(canvas.x + target.x, canvas.y + target.y);
    const info = page.getByTestId('feature-info');
    await info.locator('[data-prop=l3Id]').waitFor({ timeout: 30_000 });
    assert.equal(await info.locator('[data-prop=id]').textContent(), b.properties.id);
    assert.equal(await info.locator('[data-prop="名称"]').textContent(), chineseBuilding(b.properties, target.index)['名称']);
    const [l3, l2, l1] = joined.get(b.properties.id)!;
    assert.equal(await info.locator('[data-prop=l3Id]').textContent(), l3);
    assert.equal(await info.locator('[data-prop=l2Id]').textContent(), l2);
    assert.equal(await info.locator('[data-prop=l1Id]').textContent(), l1);
    await page.screenshot({ path: `${OUT}/import-dialog.png` });
    assert.deepEqual(log.consoleErrors, []);
  });
});
