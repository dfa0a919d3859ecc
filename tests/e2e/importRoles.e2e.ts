// Browser test of the import dialog's city roles (issue 18, point 3): a grid file with Chinese field names replaces the
// city's grid and the city reopens on it (the join in grid mode agrees with `cim join` on the same cells); a parcel file
// replaces the parcels and a parcel reviews with `cim review`'s figures; restoring the city's own grid brings it back;
// and Cancel during a conversion leaves the city as it was.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { chineseGrid } from '../../scripts/fixtures/cityFixtures';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import './pageGlobals';
import { serveApp, type StaticServer } from './server';

const OUT = 'test-output/e2e/import-roles';
mkdirSync(OUT, { recursive: true });

interface Feature {
  type: 'Feature';
  geometry: unknown;
  properties: Record<string, unknown>;
}
const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
const read = (key: keyof DemoManifest['files']) =>
  (JSON.parse(readFileSync(`data/${manifest.files[key]}`, 'utf8')) as { features: Feature[] }).features;
const writeLayer = (name: string, features: Feature[]) => {
  const path = `${OUT}/${name}`;
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
  return path;
};

/** One level-1 grid of the demo and every cell under it: a grid unlike the city's, in its place. */
function gridSubset(): Feature[] {
  const all = read('grids');
  const keep = new Set([all.find((f) => f.properties.level === 1)!.properties.id]);
  for (const level of [2, 3])
    for (const f of all) if (f.properties.level === level && keep.has(f.properties.parentId)) keep.add(f.properties.id);
  return all.filter((f) => keep.has(f.properties.id));
}

/** Buildings `cim join` assigns to a level-3 cell of `grids` (the demo's own buildings). */
function cliAssigned(grids: string): number {
  const csv = `${OUT}/assignments.csv`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/cim.ts', 'join', '--grids', grids, '--buildings', `data/${manifest.files.buildings}`, '--out', csv],
    { encoding: 'utf8' },
  );
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => l.split(',')[1]).length;
}

/** `cim review` of one demo parcel on the city's own files: its JSON summary. */
function cliReview(parcelId: string): { metrics: { far: number; coverage: number; maxHeightM: number }; failed: string[] } {
  const d = (k: keyof DemoManifest['files']) => `data/${manifest.files[k]}`;
  const args = ['review', '--parcel', d('parcels'), '--id', parcelId, '--buildings', d('buildings'), '--out', `${OUT}/review.html`];
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8' });
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Drops `files` through the file input, waits for the dialog, takes `role`, imports, and waits for the dialog to close. */
async function importAs(page: Page, files: string[], role: string): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(files);
  const dialog = page.getByTestId('import-dialog');
  await dialog.and(page.locator('[data-phase=ready]')).waitFor();
  await dialog.getByTestId('import-role').click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title]`).filter({ hasText: roleLabel[role] }).click();
  await dialog.getByTestId('import-replaces').waitFor();
  await page.getByTestId('import-dialog-ok').click();
  await dialog.waitFor({ state: 'detached' });
}
const roleLabel: Record<string, string> = { grids: '网格', parcels: '地块' };

/** Waits for the reopened city, its grid layer with `grids` cells. */
async function reopened(page: Page, grids: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const d = window.cimDiagnostics!;
      return d.load.phase === 'error' || (d.sceneReady && d.load.phase === 'ready' && d.layers.grids?.features === n);
    },
    grids,
    { polling: 250 },
  );
  const d = await page.evaluate(() => window.cimDiagnostics!);
  assert.equal(d.load.phase, 'ready', d.load.error);
}

async function joined(page: Page): Promise<{ assigned: number }> {
  await page.waitForFunction(() => ['done', 'error'].includes(window.cimDiagnostics!.join.phase), undefined, { polling: 250 });
  const join = await page.evaluate(() => window.cimDiagnostics!.join);
  assert.equal(join.phase, 'done', join.error);
  return { assigned: join.assigned ?? -1 };
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

describe('layers imported in a city role replace the city’s own', () => {
  let page: Page;
  let log: PageLog;
  const cells = gridSubset();
  const allCells = read('grids').length;

  before(async () => {
    ({ page, log } = await openLoggedPage(browser));
    page.context().setDefaultTimeout(600_000);
    await page.goto(`${server.url}/?render=lite&debug=1`);
    await waitForCity(page);
  });

  // A page left open keeps SwiftShader drawing and starves the next tests of the machine's two cores.
  after(async () => page?.context().close());

  it('replaces the grid with a file of Chinese field names; the join in grid mode agrees with `cim join` on it', async () => {
    const contract = writeLayer('grid-subset.geojson', cells);
    const chinese = writeLayer(
      '网格-局部.geojson',
      cells.map((f) => ({ ...f, properties: chineseGrid(f.properties) })),
    );
    await importAs(page, [chinese], 'grids');
    await reopened(page, cells.length);
    assert.ok(cells.length < allCells);
    await page.locator('[data-testid=import-replaced][data-role=grids]').filter({ hasText: '网格-局部.geojson' }).waitFor();
    await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '网格' }).click();
    const { assigned } = await joined(page);
    assert.equal(assigned, cliAssigned(contract));
    await page.screenshot({ path: `${OUT}/grid-replaced.png` });
  });

  it('replaces the parcels; a parcel imported with Chinese condition fields reviews as `cim review` does', async () => {
    const violation = manifest.deliberateViolations.find((v) => v.condition === 'heightMaxM')!;
    const parcels = read('parcels').map((f) => {
      const p = f.properties as { id: string; landUse: string; conditions: Record<string, number> };
      const c = p.conditions;
      return {
        ...f,
        properties: {
          地块编号: p.id,
          用地代码: p.landUse,
          容积率下限: c.farMin,
          容积率上限: c.farMax,
          建筑密度: c.coverageMax,
          绿地率: c.greenRatioMin,
          限高: c.heightMaxM,
        },
      };
    });
    await importAs(page, [writeLayer('地块.geojson', parcels)], 'parcels');
    await reopened(page, cells.length); // the grid replaced before stays replaced
    await page.locator('[data-testid=import-replaced][data-role=parcels]').waitFor();
    await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '验收' }).click();
    await page.locator('[data-testid=parcel-search]').click();
    await page.keyboard.type(violation.parcelId);
    await page.locator(`.ant-select-item-option[title="${violation.parcelId}"]`).click();
    const verdict = page.locator(`[data-testid=review-verdict]:has-text("${violation.parcelId}")`);
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
    const cli = cliReview(violation.parcelId);
    assert.ok(cli.failed.includes('planning.heightMaxM'), cli.failed.join());
    assert.ok((await page.evaluate(() => window.cimDiagnostics!.planning.review.verdictFails)) > 0);
    assert.equal(Number(await page.locator('[data-metric=far]').textContent()), Number(cli.metrics.far.toFixed(3)));
    assert.equal(await page.locator('[data-metric=maxHeightM]').textContent(), `${cli.metrics.maxHeightM.toFixed(1)} m`);
    await page.screenshot({ path: `${OUT}/parcels-replaced.png` });
  });

  it('restores the city’s own grid', async () => {
    await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '规划' }).click();
    await page.locator('[data-testid=import-replaced][data-role=grids] [data-testid=import-restore]').click();
    await reopened(page, allCells);
    assert.equal(await page.locator('[data-testid=import-replaced][data-role=grids]').count(), 0);
    assert.equal(await page.locator('[data-testid=import-replaced][data-role=parcels]').count(), 1);
    assert.deepEqual(log.consoleErrors, []);
  });
});

/** `n` 8 m squares in rows east of the city: a layer large enough that its conversion is under way for seconds. */
function manySquares(n: number): Feature[] {
  const [w, s] = manifest.bboxLonLatDeg;
  const d = 0.0001;
  return Array.from({ length: n }, (_, i) => {
    const x = w + (i % 1000) * 2 * d;
    const y = s + Math.floor(i / 1000) * 2 * d;
    return {
      type: 'Feature' as const,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      },
      properties: { 编号: `S${i}`, 高度: 10 + (i % 30) },
    };
  });
}

describe('Cancel during an import', () => {
  it('stops the conversion and leaves the city as it was', async () => {
    const { page, log } = await openLoggedPage(browser);
    page.context().setDefaultTimeout(600_000);
    await page.goto(`${server.url}/?render=lite&debug=1`);
    await waitForCity(page);
    const before = await page.evaluate(() => window.cimDiagnostics!.layers);
    await page.getByTestId('import-input').setInputFiles(writeLayer('many.geojson', manySquares(120_000)));
    const dialog = page.getByTestId('import-dialog');
    await dialog.and(page.locator('[data-phase=ready]')).waitFor();
    await page.getByTestId('import-dialog-ok').click();
    // Cancel while GDAL reads the layer (it says so for seconds): the conversion stops before its first page.
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-testid=import-progress]');
      return !!el && Number(el.dataset.done) === 0 && Number(el.dataset.total) > 0;
    });
    // The "cancelling" line lasts only until the worker answers: read it right after the click's render.
    const cancelling = await page.evaluate(async () => {
      document.querySelector<HTMLElement>('[data-testid=import-dialog-cancel]')!.click();
      await Promise.resolve(); // React renders a click's update in a microtask queued before this one
      return document.querySelector('[data-testid=import-progress]')?.textContent ?? '';
    });
    assert.match(cancelling, /正在取消/);
    await dialog.and(page.locator('[data-phase=ready]')).waitFor();
    await dialog.getByText('已取消导入').waitFor();
    assert.equal(await page.getByTestId('import-status').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.cimDiagnostics!.layers), before);
    // The same layer imported again after the Cancel goes through.
    await page.getByTestId('import-dialog-ok').click();
    await page.getByTestId('import-status').filter({ hasText: '120,000 栋建筑' }).waitFor();
    assert.deepEqual(log.consoleErrors, []);
    await page.context().close();
  });
});

/** True when [x, y] is inside the ring (even-odd). */
function inRing([x, y]: number[], ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('a layer imported as a plain overlay', () => {
  it('is coloured by the chosen field with a legend of every feature, and a click shows a feature’s attributes', async () => {
    const { page, log } = await openLoggedPage(browser);
    page.context().setDefaultTimeout(600_000);
    // Only the level-1 grid shown: a click on the ground reaches the overlay, not a building.
    await page.goto(`${server.url}/?render=lite&debug=1&layers=gridL1`);
    await waitForCity(page);
    const landUse = read('landUse').map((f) => ({
      ...f,
      properties: { 编号: f.properties.id, 用地代码: f.properties.code, 名称: f.properties.name },
    }));
    await page.getByTestId('import-input').setInputFiles(writeLayer('用地.geojson', landUse));
    const dialog = page.getByTestId('import-dialog');
    await dialog.and(page.locator('[data-phase=ready]')).waitFor();
    await dialog.getByTestId('import-role').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title]').filter({ hasText: '叠加图层' }).click();
    await dialog.getByTestId('overlay-style-field').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '用地代码' }).click();
    await page.getByTestId('import-dialog-ok').click();
    await dialog.waitFor({ state: 'detached' });

    const legend = page.getByTestId('overlay-legend');
    await legend.getByTestId('overlay-legend-entry').first().waitFor();
    assert.match((await page.getByTestId('overlay-legend-title').textContent()) ?? '', /用地\.geojson.*用地代码/);
    const entries = await legend
      .getByTestId('overlay-legend-entry')
      .evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), count: Number(e.getAttribute('data-count')) })));
    assert.equal(
      entries.reduce((n, e) => n + e.count, 0),
      landUse.length,
    );
    const codes = new Set(landUse.map((f) => f.properties['用地代码']));
    assert.equal(entries.filter((e) => e.kind === 'value').length, Math.min(codes.size, 12));

    // A land-use polygon whose vertex average lies inside it, on screen: a click there shows its record.
    await page.waitForFunction(() => window.cimDiagnostics!.sceneReady);
    const viewport = page.viewportSize()!;
    let target: { x: number; y: number; code: unknown; id: unknown } | null = null;
    for (const f of landUse) {
      const ring = (f.geometry as { coordinates: number[][][] }).coordinates[0];
      const c = [0, 1].map((k) => ring.slice(0, -1).reduce((sum, p) => sum + p[k], 0) / (ring.length - 1));
      if (!inRing(c, ring)) continue;
      const p = await page.evaluate(([lon, lat]) => {
        const h = window.cimDebug!.groundHeightM(lon, lat);
        return h === null ? null : window.cimDebug!.worldToScreen(lon, lat, h);
      }, c);
      if (p && p.x > 320 && p.x < viewport.width - 360 && p.y > 80 && p.y < viewport.height - 80) {
        target = { x: p.x, y: p.y, code: f.properties['用地代码'], id: f.properties['编号'] };
        break;
      }
    }
    assert.ok(target, 'no land-use polygon on screen to click');
    const canvas = (await page.locator('.cesium-widget canvas').boundingBox())!;
    await page.mouse.click(canvas.x + target.x, canvas.y + target.y);
    const info = page.getByTestId('feature-info');
    await info.locator('[data-prop="用地代码"]').waitFor();
    assert.equal(await info.locator('[data-prop="用地代码"]').textContent(), target.code);
    assert.equal(await info.locator('[data-prop=id]').textContent(), target.id);
    await page.screenshot({ path: `${OUT}/overlay.png` });
    assert.deepEqual(log.consoleErrors, []);
    await page.context().close();
  });
});
