// The grid-editing browser tests' page helpers: the editor's diagnostics, waiting on them, mouse input at
// lon/lat points, the exported grid and the grid panel's building counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { CimDiagnostics } from '../../src/app/pageApi';

export const [X, Y, D] = [113.66, 34.76, 0.001];

/** The editor's part of the page's diagnostics. */
export type EditDiagnostics = CimDiagnostics['gridEdit'];
export type GridFeature = { properties: { id: string; level: number }; geometry: { type: 'Polygon'; coordinates: number[][][] } };

export const edit = (page: Page) => page.evaluate(() => window.cimDiagnostics!.gridEdit);

export async function waitEdit(page: Page, test: string, arg: unknown = null, timeout = 120_000): Promise<void> {
  try {
    await page.waitForFunction(
      ([body, a]) => new Function('e', 'a', `return ${body}`)(window.cimDiagnostics?.gridEdit, a),
      [test, arg] as const,
      { timeout, polling: 200 },
    );
  } catch (err) {
    const refused = await page
      .getByTestId('edit-refused')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(
      `gridEdit never had ${test}: ${(err as Error).message.split('\n')[0]}; last ${JSON.stringify(await edit(page).catch(() => null))}${refused ? `, refused: ${refused}` : ''}`,
      { cause: err },
    );
  }
}

/** Waits until a write to a scratch IndexedDB database succeeds (ok) or is refused for quota (!ok). */
export async function storageWrites(page: Page, ok: boolean): Promise<void> {
  const probe = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('quota-probe', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put('x'.repeat(4096), Math.random());
            tx.oncomplete = () => (open.result.close(), resolve(true));
            tx.onabort = () => (open.result.close(), resolve(false));
          };
        }),
    );
  for (let i = 0; i < 600 && (await probe()) !== ok; i++) await page.waitForTimeout(100);
  assert.equal(await probe(), ok, `storage writes ${ok ? 'work again' : 'fail'}`);
}

/** A lon/lat point on screen (CSS px, page coordinates). */
export async function onScreen(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([a, b]) => window.cimDebug!.worldToScreen(a, b, 107), [lon, lat] as const);
  const canvas = await page.locator('.cesium-widget canvas').boundingBox();
  assert.ok(p && canvas, `(${lon}, ${lat}) is not on screen`);
  return { x: canvas.x + p.x, y: canvas.y + p.y };
}

export async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await onScreen(page, ...from);
  const b = await onScreen(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

export const camera = (page: Page) => page.evaluate(() => window.cimDebug!.camera());

/** Waits until the scene has drawn `n` more frames (asking for them: the viewer may render on demand). */
export async function framesDrawn(page: Page, n: number): Promise<void> {
  const from = await page.evaluate(() => window.cimDiagnostics!.frames);
  await page.waitForFunction(
    (want) => {
      window.cimDebug!.requestRender();
      return window.cimDiagnostics!.frames >= want;
    },
    from + n,
    { timeout: 120_000, polling: 100 },
  );
}

export async function clickAt(page: Page, lonLat: [number, number]): Promise<void> {
  const p = await onScreen(page, ...lonLat);
  await page.mouse.click(p.x, p.y);
}

/**
 * Selects the grid under a point with the Select tool. Once (a full test run with other browsers busy on
 * the same 2 cores) a click after a reload selected nothing; a second click is logged, not hidden.
 */
export async function selectCell(page: Page, at: [number, number], id: string): Promise<void> {
  await clickAt(page, at);
  try {
    await waitEdit(page, 'e.cell === a', id, 30_000);
  } catch {
    console.log(`# the click at ${at} did not select ${id} within 30 s; clicking again`);
    await clickAt(page, at);
    await waitEdit(page, 'e.cell === a', id);
  }
}

/** The working grid as the editor exports it (the download of "导出网格 GeoJSON"). */
export async function exportedGrid(page: Page): Promise<Map<string, number[][]>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-grid').click()]);
  const fc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { features: GridFeature[] };
  return new Map(fc.features.map((f) => [f.properties.id, f.geometry.coordinates[0]]));
}

export const hasVertex = (ring: number[][], p: [number, number]) =>
  ring.some((q) => Math.abs(q[0] - p[0]) < 1e-7 && Math.abs(q[1] - p[1]) < 1e-7);

/** The building count the grid panel shows for the level-3 grid under a point. */
export async function buildingsIn(page: Page, id: string, at: [number, number]): Promise<number> {
  await waitEdit(page, 'e.shown === e.cursor'); // the counts follow an edit once its grid is redrawn
  await clickAt(page, at);
  await page.waitForFunction((want) => document.querySelector('[data-testid=grid-stats] [data-stat=id]')?.textContent === want, id, {
    timeout: 60_000,
  });
  return Number(await page.locator('[data-testid=grid-stats] [data-stat=buildings]').textContent());
}
