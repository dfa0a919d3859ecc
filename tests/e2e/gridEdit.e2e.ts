// Browser tests of grid boundary editing on a tiny city of two level-3 grids sharing an edge: a vertex
// dragged with the mouse reshapes both grids, the journal survives a reload, undo puts the edge back,
// building counts follow, bad moves are refused, a second tab is read-only, a full disk pauses editing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { openProfilePage, waitForCity, type PageLog } from './browser';
import { writeTinyCity } from './fixtures';
import { serveApp, type StaticServer } from './server';
import {
  buildingsIn,
  camera,
  clickAt,
  D,
  drag,
  edit,
  exportedGrid,
  framesDrawn,
  hasVertex,
  selectCell,
  storageWrites,
  waitEdit,
  X,
  Y,
} from './gridEditPage';

const OUT = 'test-output/e2e';

describe('grid boundary editing (tiny city: two level-3 grids sharing an edge at x = 113.66)', () => {
  let server: StaticServer;
  let context: BrowserContext;
  let page: Page;
  let log: PageLog;
  const tiny = writeTinyCity('e2e-edit', false);
  const url = () =>
    `${server.url}/?render=lite&debug=1&mode=grid&user=tester&data=${tiny.manifestUrl}&view=${X},${Y},1500,0,-90&layers=buildings,gridL3`;
  const WEST: [number, number] = [X - 2 * D, Y];
  const EAST: [number, number] = [X + 2 * D, Y - 2 * D];
  const TOP: [number, number] = [X, Y + 3 * D];

  before(async () => {
    server = await serveApp();
    ({ context, page, log } = await openProfilePage({ width: 1200, height: 800 }));
    await page.goto(url());
    await waitForCity(page);
    await waitEdit(page, "e.phase === 'ready'");
    await page.getByTestId('view-2d').click();
    await waitEdit(page, 'e.view2d');
    await waitForCity(page);
  });

  after(async () => {
    await context?.close();
    await server?.close();
  });

  it('drags the shared vertex with the mouse: both grids change, the counts follow', async () => {
    await selectCell(page, WEST, 'G3-west');
    await waitEdit(page, 'e.handles >= 4');
    const target: [number, number] = [X + 1.2 * D, Y + 3 * D];
    const cameraBefore = await camera(page);
    await drag(page, TOP, target);
    await waitEdit(page, 'e.cursor === 1 && e.entries === 1');
    // The map stays put: the camera neither pans with the drag nor glides on after the release.
    await framesDrawn(page, 10);
    const cameraAfter = await camera(page);
    assert.ok(
      Math.abs(cameraAfter.lonDeg - cameraBefore.lonDeg) < 1e-7 && Math.abs(cameraAfter.latDeg - cameraBefore.latDeg) < 1e-7,
      `the camera moved from ${JSON.stringify(cameraBefore)} to ${JSON.stringify(cameraAfter)}`,
    );
    const grid = await exportedGrid(page);
    assert.ok(hasVertex(grid.get('G3-west')!, target), 'G3-west has the moved vertex');
    assert.ok(hasVertex(grid.get('G3-east')!, target), 'G3-east has the moved vertex');
    assert.ok(!hasVertex(grid.get('G3-west')!, TOP) && !hasVertex(grid.get('G3-east')!, TOP), 'the old vertex is gone from both');
    // T-3 straddled x = 113.66; the edge now runs east of it, so it lies wholly in G3-west with T-1.
    assert.equal(await buildingsIn(page, 'G3-west', WEST), 2);
    assert.equal(await buildingsIn(page, 'G3-east', EAST), 1);
    assert.match((await page.getByTestId('edit-log').textContent()) ?? '', /tester.*移动节点/s);
    await page.screenshot({ path: `${OUT}/grid-edit-moved.png` });
  });

  it('refuses a move that would fold a grid over itself, saying why, and keeps the grid', async () => {
    await selectCell(page, WEST, 'G3-west');
    await drag(page, [X + 1.2 * D, Y + 3 * D], [X - 4 * D, Y]);
    await waitEdit(page, 'e.refused !== null');
    const d = await edit(page);
    assert.equal(d.cursor, 1);
    assert.match((await page.getByTestId('edit-refused').textContent()) ?? '', /操作被拒绝.*(重叠|自相交|交叉|折回)/);
  });

  it('restores the edit after a reload, then undoes it', async () => {
    await page.reload();
    await waitForCity(page);
    await waitEdit(page, "e.phase === 'ready' && e.cursor === 1 && e.restored === 1");
    const restored = await exportedGrid(page);
    assert.ok(hasVertex(restored.get('G3-west')!, [X + 1.2 * D, Y + 3 * D]));
    await page.getByTestId('undo').click();
    await waitEdit(page, 'e.cursor === 0 && e.entries === 1');
    const undone = await exportedGrid(page);
    assert.ok(hasVertex(undone.get('G3-west')!, TOP) && hasVertex(undone.get('G3-east')!, TOP), 'the vertex is back where it was');
    // Redo with the keyboard, then the other way: T-3 now leaves G3-west.
    await page.locator('.cesium-widget canvas').focus();
    await page.keyboard.press('Control+y');
    await waitEdit(page, 'e.cursor === 1');
    if (!(await edit(page)).view2d) await page.getByTestId('view-2d').click();
    await waitEdit(page, 'e.view2d');
    await selectCell(page, WEST, 'G3-west');
    await drag(page, [X + 1.2 * D, Y + 3 * D], [X - 1.2 * D, Y + 3 * D]);
    await waitEdit(page, 'e.cursor === 2 && e.moved !== null');
    assert.equal((await edit(page)).moved, 1);
    assert.match((await page.getByTestId('moved-buildings').textContent()) ?? '', /T-3: G3-west → G3-east/);
    assert.equal(await buildingsIn(page, 'G3-west', WEST), 1);
  });

  it('opens read-only in a second tab, which follows the editing tab', async () => {
    const second = await page.context().newPage();
    await second.goto(url());
    await waitForCity(second);
    await waitEdit(second, "e.phase === 'ready' && e.readOnly === 'other-tab' && e.cursor === 2");
    assert.equal(await second.getByTestId('undo').count(), 0, 'no editing tools');
    await page.getByTestId('undo').click();
    await waitEdit(second, 'e.cursor === 1');
    await second.close();
  });

  it('pauses editing when storage is full, keeps the edit, and saves it on retry', async () => {
    const cdp = await context.newCDPSession(page);
    const origin = server.url;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await storageWrites(page, false); // the browser applies the new quota a moment later
    await selectCell(page, WEST, 'G3-west');
    await drag(page, [X + 1.2 * D, Y + 3 * D], [X + 0.6 * D, Y + 3 * D]);
    await waitEdit(page, 'e.paused');
    assert.equal((await edit(page)).cursor, 1, 'the unsaved edit is not shown as done');
    assert.match((await page.getByTestId('edit-paused').textContent()) ?? '', /编辑已暂停/);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await storageWrites(page, true);
    await page.getByTestId('edit-paused').getByRole('button').click();
    await waitEdit(page, '!e.paused && e.cursor === 2');
    const grid = await exportedGrid(page);
    assert.ok(hasVertex(grid.get('G3-east')!, [X + 0.6 * D, Y + 3 * D]));
    assert.deepEqual(log.consoleErrors, []);
  });

  it('splits a grid along a drawn line and merges it back; inserts and deletes a vertex on the shared edge', async () => {
    await page.getByTestId('undo').click(); // the quota test's edit: the shared top vertex goes back to X + 1.2 D
    await waitEdit(page, 'e.cursor === 1');
    await selectCell(page, EAST, 'G3-east');
    const before = await exportedGrid(page);
    await page.getByTestId('edit-tool').getByText('分割').click();
    await clickAt(page, [X + 1.8 * D, Y + 3 * D]);
    await clickAt(page, [X + 1.8 * D, Y - 3 * D]);
    await waitEdit(page, 'e.cursor === 2 && e.moved !== null');
    const split = await exportedGrid(page);
    assert.equal(split.size, before.size + 1, 'one more grid');
    const fresh = [...split.keys()].find((id) => !before.has(id))!;
    for (const id of ['G3-east', fresh])
      assert.ok(
        hasVertex(split.get(id)!, [X + 1.8 * D, Y + 3 * D]) && hasVertex(split.get(id)!, [X + 1.8 * D, Y - 3 * D]),
        `${id} ends at the line`,
      );
    // T-2 (x = X + D) is west of the line: it goes to the new grid, and G3-east keeps no building.
    assert.match((await page.getByTestId('moved-buildings').textContent()) ?? '', new RegExp(`T-2: G3-east → ${fresh}`));
    await page.getByTestId('edit-tool').getByText('选择/拖动节点').click();
    assert.equal(await buildingsIn(page, 'G3-east', EAST), 0);
    await page.screenshot({ path: `${OUT}/grid-edit-split.png` });

    await page.getByTestId('edit-tool').getByText('合并').click();
    await clickAt(page, [X + 1.4 * D, Y - 2 * D]);
    await waitEdit(page, 'e.cursor === 3');
    const merged = await exportedGrid(page);
    assert.ok(!merged.has(fresh), `${fresh} is merged away`);
    assert.equal(merged.size, before.size);
    await page.getByTestId('edit-tool').getByText('选择/拖动节点').click();
    assert.equal(await buildingsIn(page, 'G3-east', EAST), 1);

    // The shared edge runs from (X + 1.2 D, top) to (X, bottom); a quarter of the way up it is at X + 0.3 D.
    const onEdge: [number, number] = [X + 0.3 * D, Y - 1.5 * D];
    await page.getByTestId('edit-tool').getByText('插入节点').click();
    await clickAt(page, onEdge);
    await waitEdit(page, 'e.cursor === 4');
    const inserted = await exportedGrid(page);
    const added = inserted.get('G3-west')!.find((p) => !before.get('G3-west')!.some((q) => q[0] === p[0] && q[1] === p[1]))!;
    assert.ok(added && Math.abs(added[0] - onEdge[0]) < 0.2 * D && Math.abs(added[1] - onEdge[1]) < 0.2 * D, 'a vertex near the click');
    assert.ok(hasVertex(inserted.get('G3-east')!, added as [number, number]), 'both grids share the new vertex');
    await page.getByTestId('edit-tool').getByText('删除节点').click();
    await clickAt(page, added as [number, number]);
    await waitEdit(page, 'e.cursor === 5');
    const deleted = await exportedGrid(page);
    assert.ok(
      !hasVertex(deleted.get('G3-west')!, added as [number, number]) && !hasVertex(deleted.get('G3-east')!, added as [number, number]),
    );
    assert.match((await page.getByTestId('edit-log').textContent()) ?? '', /删除节点.*插入节点.*并入.*分割/s);
    assert.deepEqual(log.consoleErrors, []);
  });

  it('snaps a split line onto the road centreline when road snapping is on', async () => {
    const roadY = Y - D / 2; // R1 runs east-west at Y - D/2
    await page.getByTestId('edit-tool').getByText('选择/拖动节点').click();
    await selectCell(page, WEST, 'G3-west');
    const before = await exportedGrid(page);
    await page.getByTestId('snap-roads').click();
    await page.getByTestId('edit-tool').getByText('分割').click();
    await clickAt(page, [X - 3 * D, Y - 0.2 * D]); // on the west edge
    await clickAt(page, [X - 1.5 * D, roadY + 0.05 * D]); // 5 m north of the road: lands on it
    await clickAt(page, [X + 0.56 * D, Y - 0.2 * D]); // on the shared edge
    await waitEdit(page, 'e.cursor === 6');
    const split = await exportedGrid(page);
    const fresh = [...split.keys()].find((id) => !before.has(id))!;
    const bend = split.get(fresh)!.find((p) => Math.abs(p[0] - (X - 1.5 * D)) < 0.3 * D && Math.abs(p[1] - roadY) < 0.2 * D);
    assert.ok(bend, 'the split line bends near the road');
    assert.ok(Math.abs(bend[1] - roadY) < 1e-7, `the bend lies on the road (${bend[1]} vs ${roadY})`);
    await page.screenshot({ path: `${OUT}/grid-edit-road-snap.png` });
    await page.getByTestId('undo').click();
    await waitEdit(page, 'e.cursor === 5');
    await page.getByTestId('snap-roads').click();
    assert.deepEqual(log.consoleErrors, []);
  });
  it('renames a grid; imports a grid file only after confirmation and lists its problems; the viewer role gets no tools', async () => {
    await selectCell(page, WEST, 'G3-west');
    const cursor = (await edit(page)).cursor;
    await page.getByTestId('rename-input').fill('西区一网格');
    await page.getByTestId('edit-cell').getByRole('button').first().click();
    await waitEdit(page, 'e.cursor === a', cursor + 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-grid').click()]);
    const names = (
      JSON.parse(readFileSync((await download.path())!, 'utf8')) as { features: { properties: { id: string; name: string } }[] }
    ).features;
    assert.equal(names.find((f) => f.properties.id === 'G3-west')?.properties.name, '西区一网格');

    // A file whose east grid overlaps the west one by D: cancelling keeps the working grid, confirming replaces it.
    const rect = (x0: number, x1: number) => [
      [
        [x0, Y - 3 * D],
        [x1, Y - 3 * D],
        [x1, Y + 3 * D],
        [x0, Y + 3 * D],
        [x0, Y - 3 * D],
      ],
    ];
    const feature = (id: string, level: number, parentId: string | null, coordinates: number[][][]) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates },
      properties: { id, level, parentId, name: id },
    });
    const file = {
      name: 'overlapping.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            feature('G1', 1, null, rect(X - 3 * D, X + 3 * D)),
            feature('G2', 2, 'G1', rect(X - 3 * D, X + 3 * D)),
            feature('W', 3, 'G2', rect(X - 3 * D, X)),
            feature('E', 3, 'G2', rect(X - D, X + 3 * D)),
          ],
        }),
      ),
    };
    await page.getByTestId('import-grid').setInputFiles(file);
    await page.getByRole('dialog').getByText('overlapping.geojson').waitFor({ timeout: 60_000 });
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal((await edit(page)).cursor, cursor + 1, 'cancel keeps the working grid and its edits');
    assert.ok((await exportedGrid(page)).has('G3-west'));
    await page.getByTestId('import-grid').setInputFiles(file);
    await page.getByTestId('import-confirm').click();
    await waitEdit(page, 'e.cursor === 0 && e.entries === 0');
    const imported = await exportedGrid(page);
    assert.ok(
      imported.has('W') && imported.has('E') && !imported.has('G3-west'),
      `the file's grids replace the working grid: ${[...imported.keys()]}`,
    );
    const problems = page.getByTestId('grid-problems');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=grid-problems]')?.getAttribute('data-count')) > 0,
      undefined,
      { timeout: 60_000 },
    );
    assert.match((await problems.textContent()) ?? '', /overlap/i);

    const viewer = await context.newPage();
    await viewer.goto(`${url()}&role=viewer`);
    await waitForCity(viewer);
    await viewer.getByTestId('read-only').waitFor({ timeout: 120_000 });
    assert.match((await viewer.getByTestId('read-only').textContent()) ?? '', /只读：当前角色不能编辑网格/);
    assert.equal(await viewer.getByTestId('edit-tool').count(), 0, 'no editing tools');
    assert.equal(await viewer.getByTestId('import-grid').count(), 0, 'no import');
    await viewer.close();
    assert.deepEqual(log.consoleErrors, []);
  });
});
