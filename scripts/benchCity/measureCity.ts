// One bench:city run on one city: opens the built viewer in headless Chromium (1280×720, render=lite, live=0)
// with a Chrome trace from navigation to the full city frame, then enters grid mode (traced until the join and the
// editor are done) and moves one shared grid node. Returns the figures; bench-city.ts prints them.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { openLoggedPage, waitForCity } from '../../tests/e2e/browser';
import { drag, edit, selectCell, waitEdit } from '../../tests/e2e/gridEditPage';
import { rendererMainThreads, taskAnalysis, tasksOn, traced, wallMs, type TraceEvent } from '../traceTasks';
import type { BenchCity } from './ensureCity';
import { sharedNode } from './sharedNode';

const LONG_TASK_MS = 50;

/** Main-thread tasks over 50 ms, by what took most of each: how many, and the longest. */
export interface LongTasks {
  count: number;
  totalMs: number;
  script: { count: number; longestMs: number };
  gc: { count: number; longestMs: number };
  render: { count: number; longestMs: number };
  /** Tasks mostly spent waiting for the GPU process (SwiftShader rendering and compiling shaders on the CPU). */
  gpu: { count: number; longestMs: number };
  other: { count: number; longestMs: number };
  /** Tasks, whatever took most of them, whose own script time (less GC, layout and GPU waits) is over 50 ms. */
  scriptOver: { count: number; longestMs: number };
  /** The five longest: wall ms, cause and what they ran (the trace's longest events inside). */
  longest: string[];
}

export interface CityFigures {
  scale: string;
  buildings: number;
  firstPartialCityFrameMs: number | null;
  firstCityFrameMs: number | null;
  loadTasks: LongTasks;
  heapMB: number | null;
  /** Sensor markers on screen at the start view (cimDiagnostics.scene.sensorMarkers; null where the page has none). */
  markers: number | null;
  joinMs: number | null;
  /** The join's own time in the pool (cimDiagnostics.join.joinMs). */
  poolJoinMs: number | null;
  /** The join's steps from the page's user timing (`cim:join-step:*`): "name ms" each, in order. */
  joinSteps: string;
  editorReadyMs: number | null;
  joinTasks: LongTasks | null;
  /** One shared-node move: from the mouse's release (in the page) to the journalled edit shown, within 50 ms polling. */
  editMs: number | null;
  editNote: string;
  /** Long tasks from the drag's first pointerdown until the edit is shown. */
  editTasks: LongTasks | null;
  heapAfterMB: number | null;
  consoleErrors: string[];
  screenshot: string;
}

// A whole load traces millions of events: keep metadata and what lasts long enough to matter in a long task.
export const keepForTasks = (e: TraceEvent) => e.ph === 'M' || (e.dur ?? 0) >= 100;

/** Long tasks of the renderer's main thread (the one that ran most) from `fromTs` (trace µs) on, started before `toTs`. */
export function longTasks(events: TraceEvent[], fromTs = -Infinity, toTs = Infinity): LongTasks {
  const threads = rendererMainThreads(events);
  const busiest = threads
    .map((t) => ({ t, tasks: tasksOn(events, t) }))
    .sort((a, b) => b.tasks.reduce((s, x) => s + x.dur!, 0) - a.tasks.reduce((s, x) => s + x.dur!, 0))[0];
  const long = (busiest?.tasks ?? []).filter((t) => t.ts >= fromTs && t.ts < toTs && wallMs(t) > LONG_TASK_MS);
  const { cause, inside } = taskAnalysis(events);
  const out: LongTasks = {
    count: long.length,
    totalMs: long.reduce((s, t) => s + wallMs(t), 0),
    script: { count: 0, longestMs: 0 },
    gc: { count: 0, longestMs: 0 },
    render: { count: 0, longestMs: 0 },
    gpu: { count: 0, longestMs: 0 },
    other: { count: 0, longestMs: 0 },
    scriptOver: { count: 0, longestMs: 0 },
    longest: [...long]
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 5)
      .map((t) => {
        const c = cause(t);
        const split = `script ${Math.round(c.script)}, GPU wait ${Math.round(c.gpu)}, GC ${Math.round(c.gc)}`;
        return `${Math.round(wallMs(t))} ms ${c.main} (${split}) at +${Math.round((t.ts - long[0].ts) / 1000)} ms: ${inside(t)}`;
      }),
  };
  for (const t of long) {
    const c = cause(t);
    const bucket = out[c.main];
    bucket.count++;
    bucket.longestMs = Math.max(bucket.longestMs, wallMs(t));
    if (c.script > LONG_TASK_MS) {
      out.scriptOver.count++;
      out.scriptOver.longestMs = Math.max(out.scriptOver.longestMs, c.script);
    }
  }
  return out;
}

const heapMB = (page: Page) =>
  page.evaluate(() => {
    const bytes = window.cimDiagnostics?.heapBytes;
    return bytes ? Math.round(bytes / 2 ** 20) : null;
  });

export async function measureCity(browser: Browser, serverUrl: string, city: BenchCity, outDir: string): Promise<CityFigures> {
  const { page, log } = await openLoggedPage(browser, { width: 1280, height: 720 });
  const cdp = await page.context().newCDPSession(page);
  const url = `${serverUrl}/?render=lite&live=0&debug=1&user=bench&data=${city.manifestUrl}`;
  const loadEvents = await traced(
    cdp,
    async () => {
      await page.goto(url);
      await waitForCity(page, 60 * 60_000); // zhengzhou on a busy 2-core machine took over 20 min
    },
    keepForTasks,
  );
  const loaded = await page.evaluate(() => window.cimDiagnostics!);
  if (loaded.load.phase === 'error') throw new Error(`the ${city.scale} city did not load: ${loaded.load.error}`);
  mkdirSync(outDir, { recursive: true });
  const screenshot = join(outDir, `${city.scale}-start.png`);
  await page.screenshot({ path: screenshot, timeout: 300_000 }); // a busy machine takes long to capture a frame
  const figures: CityFigures = {
    scale: city.scale,
    buildings: loaded.layers.buildings?.features ?? 0,
    firstPartialCityFrameMs: loaded.firstPartialCityFrameMs,
    firstCityFrameMs: loaded.firstCityFrameMs,
    loadTasks: longTasks(loadEvents),
    heapMB: await heapMB(page),
    markers: (loaded as { scene?: { sensorMarkers?: number | null } | null }).scene?.sensorMarkers ?? null,
    joinMs: null,
    poolJoinMs: null,
    joinSteps: '',
    editorReadyMs: null,
    joinTasks: null,
    editMs: null,
    editNote: '',
    editTasks: null,
    heapAfterMB: null,
    consoleErrors: log.consoleErrors,
    screenshot,
  };

  // Grid mode as a user enters it; the join's time runs from the click to the statistics, the editor's from there.
  const joinEvents = await traced(
    cdp,
    async () => {
      // Timed in the page from the click's dispatch: not from before Playwright's actionability checks, which wait
      // for frames that a big scene makes long.
      await page.evaluate(() =>
        addEventListener('click', () => ((window as { clickAtMs?: number }).clickAtMs ??= performance.now()), true),
      );
      await page.locator('[data-testid=mode-switch] .ant-segmented-item', { hasText: '网格' }).click();
      const joinDoneAtMs = await page.waitForFunction(
        () => ['done', 'error'].includes(window.cimDiagnostics!.join.phase) && performance.now(),
        undefined,
        { timeout: 10 * 60_000, polling: 50 },
      );
      const clickAtMs = await page.evaluate(() => (window as { clickAtMs?: number }).clickAtMs ?? NaN);
      figures.joinMs = Math.round(((await joinDoneAtMs.jsonValue()) as number) - clickAtMs);
      const editorAtMs = await page.waitForFunction(
        () => ['ready', 'error'].includes(window.cimDiagnostics!.gridEdit.phase) && performance.now(),
        undefined,
        { timeout: 10 * 60_000, polling: 50 },
      );
      figures.editorReadyMs = Math.round(((await editorAtMs.jsonValue()) as number) - ((await joinDoneAtMs.jsonValue()) as number));
    },
    keepForTasks,
  );
  const clickTs = joinEvents.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click')?.ts ?? -Infinity;
  figures.joinTasks = longTasks(joinEvents, clickTs);
  const after = await page.evaluate(() => window.cimDiagnostics!);
  figures.poolJoinMs = after.join.joinMs ?? null;
  figures.joinSteps = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('cim:join-step:'))
      .map((m) => `${m.name.slice('cim:join-step:'.length)} ${Math.round(m.duration)}`)
      .join(', '),
  );
  if (after.join.phase !== 'done') figures.editNote = `join failed: ${after.join.error}`;
  else if (after.gridEdit.phase !== 'ready') figures.editNote = `grid editor: ${after.gridEdit.phase}`;
  else await oneEdit(page, cdp, city, figures);
  figures.heapAfterMB = await heapMB(page);
  await page.context().close();
  return figures;
}

/** Moves one node shared by two L3 grids near the city's centre a little towards its cell's middle. */
async function oneEdit(page: Page, cdp: CDPSession, city: BenchCity, figures: CityFigures): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(city.dir, 'demo.json'), 'utf8')) as {
    centerLonLatDeg: [number, number];
    files: { grids: string };
  };
  const node = sharedNode(readFileSync(join(city.dir, manifest.files.grids), 'utf8'), manifest.centerLonLatDeg);
  if (!node) {
    figures.editNote = 'no shared L3 node found';
    return;
  }
  await page.evaluate((v) => window.cimDebug!.setCamera(v), {
    lonDeg: node.at[0],
    latDeg: node.at[1],
    heightM: 800,
    headingDeg: 0,
    pitchDeg: -90,
  });
  await page.waitForFunction(() => window.cimDiagnostics!.sceneReady, undefined, { timeout: 5 * 60_000, polling: 100 });
  await selectCell(page, node.inside, node.cellId);
  await waitEdit(page, 'e.handles >= 3');
  const before = (await edit(page)).cursor;
  // Timed in the page from the mouse's release (the drag's moves, a frame each at this scale, are not the edit's time).
  await page.evaluate(() =>
    addEventListener('pointerup', () => ((window as { releasedAtMs?: number }).releasedAtMs = performance.now()), true),
  );
  let shown: Awaited<ReturnType<typeof page.waitForFunction>> | null = null;
  const editEvents = await traced(
    cdp,
    async () => {
      await drag(page, node.at, node.to);
      shown = await page.waitForFunction(
        (a) => {
          const e = window.cimDiagnostics?.gridEdit;
          return e !== undefined && (e.cursor === a || e.refused !== null) && performance.now();
        },
        before + 1,
        { timeout: 5 * 60_000, polling: 50 },
      );
    },
    keepForTasks,
  );
  const downTs = editEvents.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown')?.ts ?? -Infinity;
  figures.editTasks = longTasks(editEvents, downTs);
  const shownAtMs = (await shown!.jsonValue()) as number;
  const e = await edit(page);
  figures.editMs = Math.round(shownAtMs - (await page.evaluate(() => (window as { releasedAtMs?: number }).releasedAtMs ?? NaN)));
  figures.editNote = e.refused ? `refused: ${e.refused}` : `moved ${e.moved ?? 0} buildings`;
}
