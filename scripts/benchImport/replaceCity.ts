// bench:import --replace: the bench city opened in the built viewer, its own buildings given back as the Shapefile a city
// would hand over and imported with "replace the city's buildings": the city reopens on the imported file (tiled in the
// browser, no prebuilt tiles, no join inputs), then grid mode joins it to the city's grid. Checks that the join assigns
// the buildings `cim join` assigned when the city was made (its assignments.csv), and times each step.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { openLoggedPage, waitForCity } from '../../tests/e2e/browser';
import type { DemoScale } from '../../src/core/demo/manifest';
import { keepForTasks, longTasks, type LongTasks } from '../benchCity/measureCity';
import { traced } from '../traceTasks';
import '../../tests/e2e/pageGlobals';

export interface ReplaceFigures {
  error: string | null;
  /** OK → the dialog closed (GDAL's read and the conversion in the import worker). */
  convertMs: number | null;
  /** The dialog closed → the reopened city's scene ready with the imported buildings. */
  reopenMs: number | null;
  /** The grid-mode click → the join done (no join inputs: interior points and areas computed in the pool). */
  joinMs: number | null;
  buildings: number | null;
  assigned: number | null;
  /** Buildings `cim join` assigned when the city was made (the city's assignments.csv). */
  cliAssigned: number | null;
  tasks: LongTasks | null;
  consoleErrors: string[];
}

/** Buildings with a level-3 grid in a `cim join` CSV. */
function assignedIn(csv: string): number {
  let n = 0;
  const rows = readFileSync(csv, 'utf8').split('\n');
  for (let i = 1; i < rows.length; i++) if (rows[i].split(',')[1]) n++;
  return n;
}

export async function replaceCityBuildings(
  browser: Browser,
  serverUrl: string,
  scale: DemoScale,
  files: string[],
  timeoutMs: number,
): Promise<ReplaceFigures> {
  const { page, log } = await openLoggedPage(browser, { width: 1280, height: 720 });
  page.context().setDefaultTimeout(timeoutMs);
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${serverUrl}/?render=lite&live=0&debug=1&user=bench&data=/data/bench/${scale}/demo.json`);
  await waitForCity(page, timeoutMs);
  const figures: ReplaceFigures = {
    error: null,
    convertMs: null,
    reopenMs: null,
    joinMs: null,
    buildings: null,
    assigned: null,
    cliAssigned: assignedIn(`data/bench/${scale}/assignments.csv`),
    tasks: null,
    consoleErrors: log.consoleErrors,
  };
  const events = await traced(
    cdp,
    async () => {
      await page.getByTestId('import-input').setInputFiles(files);
      const dialog = page.getByTestId('import-dialog');
      await dialog.and(page.locator('[data-phase=ready]')).waitFor();
      await dialog.getByTestId('import-placement').getByText('替换城市建筑').click();
      const t0 = Date.now();
      await page.getByTestId('import-dialog-ok').click();
      await dialog.waitFor({ state: 'detached' });
      const t1 = Date.now();
      figures.convertMs = t1 - t0;
      await page.waitForFunction(
        () => {
          const d = window.cimDiagnostics!;
          return d.load.phase === 'error' || (d.sceneReady && d.load.phase === 'ready' && d.layers.buildings?.features > 0);
        },
        undefined,
        { polling: 500, timeout: timeoutMs },
      );
      const d = await page.evaluate(() => window.cimDiagnostics!);
      if (d.load.phase === 'error') throw new Error(`the reopened city failed: ${d.load.error}`);
      figures.reopenMs = Date.now() - t1;
      figures.buildings = d.layers.buildings.features;
      const t2 = Date.now();
      await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '网格' }).click();
      await page.waitForFunction(() => ['done', 'error'].includes(window.cimDiagnostics!.join.phase), undefined, {
        polling: 250,
        timeout: timeoutMs,
      });
      const join = await page.evaluate(() => window.cimDiagnostics!.join);
      if (join.phase !== 'done') throw new Error(`the join failed: ${join.error}`);
      figures.joinMs = Date.now() - t2;
      figures.assigned = join.assigned ?? null;
    },
    keepForTasks,
  ).catch((err: Error) => {
    figures.error = err.message;
    return null;
  });
  if (events) figures.tasks = longTasks(events);
  await page.screenshot({ path: `test-output/bench-import/${scale}-replaced.png` });
  await page.context().close();
  return figures;
}
