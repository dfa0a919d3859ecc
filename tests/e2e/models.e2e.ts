// Browser test of 3D models (issue 21, "Done when" 2): the generated IFC (an L-shaped 3-storey building in millimetres,
// src/io/models/ifcFixture.ts) dropped on the viewer through the file input; the dialog shows what it holds; it is
// placed by hand on a demo building (replacing it) and tiled in the tiles worker; a wall picked shows its IFC class,
// GlobalId and storey; one storey shown alone hides the others' walls; the parcel's review takes the design values.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { transformPoint } from '../../src/core/crs/transform';
import { placeModel } from '../../src/core/models/placement';
import type { ModelPlacement } from '../../src/core/models/model';
import { FIXTURE_OUTLINE_AREA_M2, FIXTURE_ORIGIN_M, FIXTURE_STOREY_HEIGHT_M, ifcFixture } from '../../src/io/models/ifcFixture';
import { objBlock } from '../../src/io/models/fixtures/objBox.fixture';
import { pngRgb } from '../../src/io/models/fixtures/png.fixture';
import { cameraStill, launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import './pageGlobals';
import { serveApp, type StaticServer } from './server';

const OUT = 'test-output/e2e';
mkdirSync(OUT, { recursive: true });
const IFC = `${OUT}/design-model.ifc`;
writeFileSync(IFC, ifcFixture());

interface Building {
  geometry: { type: string; coordinates: number[][][] | number[][][][] };
  properties: { id: string; heightM: number; floors: number };
}

const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
const buildings = (JSON.parse(readFileSync(`data/${manifest.files.buildings}`, 'utf8')) as { features: Building[] }).features;

const centreOf = (b: Building): [number, number] => {
  const ring = (b.geometry.coordinates as number[][][])[0].slice(0, -1);
  return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
};

/** A demo building of 3 to 6 floors (a plain Polygon) nearest the city's centre: the model is put in its place. */
function targetBuilding(): { b: Building; centre: [number, number] } {
  const [cx, cy] = manifest.centerLonLatDeg;
  const candidates = buildings
    .filter((b) => b.geometry.type === 'Polygon' && b.properties.floors >= 3 && b.properties.floors <= 6)
    .map((b) => ({ b, centre: centreOf(b) }))
    .sort((p, q) => Math.hypot(p.centre[0] - cx, p.centre[1] - cy) - Math.hypot(q.centre[0] - cx, q.centre[1] - cy));
  return candidates[0];
}

/** Clicks the point of the model at model-frame `p` (metres) under `placement`; the info panel's properties, or null. */
async function pickModelPoint(page: Page, placement: ModelPlacement, p: [number, number, number]): Promise<Record<string, string> | null> {
  const [lon, lat, h] = placeModel({ file: IFC }, placement).toLonLatHeight(Float64Array.from(p));
  const at = await page.evaluate(([a, b, c]) => window.cimDebug!.worldToScreen(a, b, c), [lon, lat, h] as const);
  assert.ok(at, 'the picked point is off screen');
  const canvas = (await page.locator('.cesium-widget canvas').boundingBox())!;
  const clicks = await page.evaluate(() => window.cimDiagnostics!.clicks);
  await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
  // The click is routed asynchronously: its handling done, the panel shows what it selected (or is shut).
  await page.waitForFunction((n) => window.cimDiagnostics!.clicks > n, clicks, { polling: 50 });
  // React renders the selection on its next pass: two animation frames later it is on the page.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const info = page.getByTestId('feature-info');
  if ((await info.count()) === 0) return null;
  const props: Record<string, string> = {};
  for (const el of await info.locator('[data-prop]').all()) props[(await el.getAttribute('data-prop'))!] = (await el.textContent()) ?? '';
  return props;
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

describe('an IFC design model dropped on the viewer', () => {
  let page: Page;
  let log: PageLog;
  const target = targetBuilding();
  let placement: ModelPlacement;
  let parcelId: string;

  before(async () => {
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 800 }));
    const [lon, lat] = target.centre;
    // The city's buildings hidden (they stay loaded for the review), so the model's walls are in plain sight.
    await page.goto(`${server.url}/?render=lite&debug=1&layers=roads&view=${lon},${lat},600,0,-60`);
    await waitForCity(page);
  });

  it('shows what the file holds: format, units from the file, elements, storeys, its georeferencing', async () => {
    await page.getByTestId('import-input').setInputFiles(IFC);
    const dialog = page.getByTestId('model-dialog');
    await dialog.and(page.locator('[data-phase=ready]')).waitFor({ timeout: 120_000 });
    const facts = page.getByTestId('model-facts');
    assert.equal(await facts.getAttribute('data-storeys'), '3');
    assert.ok(Number(await facts.getAttribute('data-elements')) >= 3 * 8, 'walls, slabs and spaces of three storeys');
    assert.match((await facts.textContent()) ?? '', /IFC/);
    assert.match((await facts.textContent()) ?? '', /EPSG:4547/);
    assert.match((await dialog.textContent()) ?? '', /MILLI/);
  });

  it('is placed by hand on a building of the city, replacing it, and tiled', async () => {
    // The file's own georeferencing lies far from the demo city: placed by hand on the target building instead.
    await page.getByTestId('model-place-by').getByText('手动放置').click();
    const [x, y] = transformPoint('EPSG:4490', 'EPSG:4547', target.centre);
    const groundM = await page.evaluate(([a, b]) => window.cimDebug!.groundHeightM(a, b), target.centre);
    await page.getByTestId('model-x').fill(x.toFixed(3));
    await page.getByTestId('model-y').fill(y.toFixed(3));
    await page.getByTestId('model-height').fill(String(groundM ?? 0));
    await page.getByTestId('model-replace').check();
    await page.getByTestId('model-dialog-ok').click();
    const row = page.getByTestId('model-row');
    await row.waitFor({ timeout: 180_000 });
    await page.getByTestId('model-dialog').waitFor({ state: 'detached' });
    assert.equal(await row.getAttribute('data-replaces'), target.b.properties.id);
    parcelId = (await row.getAttribute('data-parcel')) ?? '';
    assert.ok(parcelId, 'the model stands on a parcel');
    placement = JSON.parse((await row.getAttribute('data-placement'))!) as ModelPlacement;
    assert.ok(Math.abs(placement.x - x) < 0.01 && Math.abs(placement.y - y) < 0.01);
    await cameraStill(page);
    // Looking north at the model from 70 m south, 30 m up.
    const [lon, lat] = target.centre;
    await page.evaluate((view) => window.cimDebug!.setCamera(view), {
      lonDeg: lon,
      latDeg: lat - 70 / 111_320,
      heightM: (groundM ?? 0) + 30,
      headingDeg: 0,
      pitchDeg: -20,
    });
    await waitForCity(page);
    await page.screenshot({ path: `${OUT}/model-placed.png` });
  });

  // The south wall of storey 1 (building frame y = 0, half-way along, 1.5 m up), seen by the camera from the south.
  const southWall = (storey: number): [number, number, number] => [
    FIXTURE_ORIGIN_M[0] + 10,
    FIXTURE_ORIGIN_M[1],
    FIXTURE_ORIGIN_M[2] + storey * FIXTURE_STOREY_HEIGHT_M + 1.5,
  ];

  it('picks a wall: its IFC class, GlobalId and storey', async () => {
    const props = await pickModelPoint(page, placement, southWall(0));
    assert.ok(props, 'nothing picked at the wall');
    assert.equal(props.ifcClass, 'IfcWall');
    assert.match(props.globalId, /^[0-9A-Za-z_$]{22}$/);
    assert.equal(props.storeyIndex, '0');
    assert.equal(props.name, 'W1-1-1');
  });

  it('shows one storey alone: the first storey hidden, the second picked', async () => {
    await page.getByTestId('model-storey').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(2).click();
    await page.locator('[data-testid=model-row][data-storey="1"]').waitFor();
    await waitForCity(page);
    const first = await pickModelPoint(page, placement, southWall(0));
    assert.ok(!first || first.storeyIndex !== '0', `storey 1 still picked: ${JSON.stringify(first)}`);
    const second = await pickModelPoint(page, placement, southWall(1));
    assert.equal(second?.ifcClass, 'IfcWall');
    assert.equal(second?.storeyIndex, '1');
    await page.screenshot({ path: `${OUT}/model-storey.png` });
  });

  it("pulls the storeys apart: the second storey's wall is picked 5 m higher", async () => {
    await page.getByTestId('model-storey').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('[data-testid=model-row][data-storey=""]').waitFor();
    // 5 steps of 1 m on the slider's handle.
    await page.getByTestId('model-row').locator('.ant-slider-handle').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForCity(page);
    const [x, y, z] = southWall(1);
    const lifted = await pickModelPoint(page, placement, [x, y, z + 5]);
    assert.equal(lifted?.storeyIndex, '1', `at the lifted second storey: ${JSON.stringify(lifted)}`);
    await page.screenshot({ path: `${OUT}/model-exploded.png` });
  });

  it('hides the city building it replaces: its neighbour is picked on its roof, it is not', async () => {
    await page.locator('[data-layer=buildings] input').check();
    const [lon, lat] = target.centre;
    const groundM = (await page.evaluate(([a, b]) => window.cimDebug!.groundHeightM(a, b), target.centre)) ?? 0;
    await page.evaluate((view) => window.cimDebug!.setCamera(view), {
      lonDeg: lon,
      latDeg: lat,
      heightM: groundM + 300,
      headingDeg: 0,
      pitchDeg: -89.9,
    });
    await waitForCity(page);
    /** The city building id a click on the roof of `b` selects (null: none). */
    const roofPick = async (b: Building) => {
      const [x, y] = centreOf(b);
      const at = await page.evaluate(([a, c, h]) => window.cimDebug!.worldToScreen(a, c, h), [
        x,
        y,
        groundM + b.properties.heightM,
      ] as const);
      assert.ok(at, `${b.properties.id} is off screen`);
      const canvas = (await page.locator('.cesium-widget canvas').boundingBox())!;
      const clicks = await page.evaluate(() => window.cimDiagnostics!.clicks);
      await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
      await page.waitForFunction((n) => window.cimDiagnostics!.clicks > n, clicks, { polling: 50 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const id = page.getByTestId('feature-info').locator('[data-prop=id]');
      return (await id.count()) ? await id.textContent() : null;
    };
    // The control: the nearest other building is drawn and picked once its tiles are in (clicked until it is).
    const neighbour = buildings
      .filter((b) => b !== target.b && b.geometry.type === 'Polygon')
      .map((b) => ({ b, d: Math.hypot(centreOf(b)[0] - lon, centreOf(b)[1] - lat) }))
      .sort((p, q) => p.d - q.d)[0].b;
    let picked: string | null = null;
    for (let i = 0; i < 600 && picked !== neighbour.properties.id; i++) picked = await roofPick(neighbour);
    assert.equal(picked, neighbour.properties.id, 'the neighbouring building was never picked: the city buildings are not drawn');
    assert.notEqual(await roofPick(target.b), target.b.properties.id);
    await page.screenshot({ path: `${OUT}/model-replaces.png` });
  });

  it("reviews the parcel with the model's design values against the building it replaced", async () => {
    await page.getByTestId('mode-switch').getByText('验收').click();
    await page.locator('[data-testid=parcel-search]').click();
    await page.keyboard.type(parcelId);
    await page.locator(`.ant-select-item-option[title="${parcelId}"]`).click();
    await page.locator(`[data-testid=review-verdict]:has-text("${parcelId}")`).waitFor({ timeout: 120_000 });
    const item = (id: string) => page.locator(`[data-item="planning.design.${id}"]`);
    for (const id of ['heightM', 'storeys', 'gfaM2', 'footprintM2']) await item(id).waitFor();
    // Design: three storeys of the L (168 m² each by the file's quantities or its geometry); as built: the building.
    assert.match((await item('gfaM2').textContent()) ?? '', new RegExp(`= ${3 * FIXTURE_OUTLINE_AREA_M2} m²`));
    assert.match((await item('storeys').textContent()) ?? '', /= 3 /);
    assert.equal(Number(await item('storeys').locator('[data-actual]').textContent()), target.b.properties.floors);
    const storeys = page.getByTestId('review-design').locator('tr[data-storey]');
    assert.equal(await storeys.count(), 3);
    for (const gfa of await storeys.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-gfa')))))
      assert.ok(Math.abs(gfa - FIXTURE_OUTLINE_AREA_M2) < 0.5, `storey GFA ${gfa}`);
    await page.screenshot({ path: `${OUT}/model-review.png` });
  });

  it('is kept with the city: after a reload it stands where it was placed, in place of the same building', async () => {
    await page.reload();
    await waitForCity(page);
    const row = page.locator(`[data-testid=model-row][data-replaces="${target.b.properties.id}"]`);
    await row.waitFor({ timeout: 180_000 });
    assert.equal(await row.getAttribute('data-parcel'), parcelId);
    assert.deepEqual(JSON.parse((await row.getAttribute('data-placement'))!), placement);
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.offsiteRequests, []);
  });
});

describe('other models and bad ones', () => {
  let page: Page;
  let log: PageLog;

  before(async () => {
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 800 }));
    const [lon, lat] = manifest.centerLonLatDeg;
    await page.goto(`${server.url}/?render=lite&debug=1&layers=roads&view=${lon},${lat},400,0,-50`);
    await waitForCity(page);
  });

  it('asks for the unit of an OBJ (it has none), then reads it with its .mtl and texture in the tiles worker and adds it', async () => {
    const files = objBlock(pngRgb(4, 4, (x, y) => [200, 40 * x, 40 * y]));
    const dir = `${OUT}/obj-block`;
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(`${dir}/${name.split('/').pop()}`, bytes);
    await page.getByTestId('import-input').setInputFiles([...files.keys()].map((n) => `${dir}/${n.split('/').pop()}`));
    const dialog = page.getByTestId('model-dialog');
    await dialog.and(page.locator('[data-phase=error]')).waitFor({ timeout: 120_000 });
    const error = (await page.getByTestId('model-dialog-error').textContent()) ?? '';
    assert.match(error, /block\.obj/);
    assert.match(error, /unit/i);
    await page.getByTestId('model-unit').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^cm$/ }).click();
    await dialog.and(page.locator('[data-phase=ready]')).waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('model-facts').getAttribute('data-elements'), '2');
    assert.doesNotMatch((await dialog.textContent()) ?? '', /brick\.png/, 'the texture was found: no warning names it');
    await page.getByTestId('model-dialog-ok').click();
    await page.locator('[data-testid=model-row][data-model="block.obj"]').waitFor({ timeout: 120_000 });
  });

  it('names a truncated IFC and adds nothing', async () => {
    const text = ifcFixture();
    const truncated = `${OUT}/truncated.ifc`;
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    const rows = await page.getByTestId('model-row').count();
    await page.getByTestId('import-input').setInputFiles(truncated);
    await page.locator('[data-testid=model-dialog][data-phase=error]').waitFor({ timeout: 120_000 });
    assert.match((await page.getByTestId('model-dialog-error').textContent()) ?? '', /truncated\.ifc.*truncated/);
    assert.equal(await page.getByTestId('model-dialog-ok').isDisabled(), true);
    await page.getByTestId('model-dialog-cancel').click();
    await page.getByTestId('model-dialog').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('model-row').count(), rows);
    assert.deepEqual(log.consoleErrors, []);
  });
});
