// One IFC through the viewer as a user takes it (tests/e2e/models.e2e.ts' flow): the built app opened on the demo city
// (?render=lite&debug=1), the file dropped on the import input, placed by hand at the city's centre, tiled in the tiles
// worker. Measured on the page's main thread from the drop until the model's row is listed: its long tasks (a
// PerformanceObserver 'longtask', buffered, registered before the drop), the time to the dialog's ready (the read) and
// from the OK click to the row (the tiling); optionally what the long tasks ran (a CPU profile, cpuTasks.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { transformPoint } from '../../src/core/crs/transform';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { launchBrowser, openLoggedPage, waitForCity } from '../../tests/e2e/browser';
import '../../tests/e2e/pageGlobals';
import { serveApp } from '../../tests/e2e/server';
import { CLOCK_MARK, clockOffsetMs, profileTasks, startCpuProfile, stopCpuProfile, sumLabels, topLabels } from './cpuTasks';
import { frameDescriber } from './sourceMaps';
import { tracedLongTasks } from './traceLongTasks';
import { traced, type TraceEvent } from '../traceTasks';

export const LONG_TASK_MS = 50;
const STEP_TIMEOUT_MS = 10 * 60_000;

export interface BrowserTilingOptions {
  ifcPath: string;
  label: string;
  /** A browser and the app's server (serving data/ at /data/) to reuse; else both are started and stopped here. */
  session?: { browser: Browser; serverUrl: string };
  /** CPU-profile the page's main thread and say what the long tasks ran, naming frames by the maps in this folder. */
  profileAssetsDir?: string;
  /** Where to save the CPU profile (for DevTools' Performance panel), when profiled. */
  profileFile?: string;
  /** Chrome-trace the drop to the row and split each long task's time (script, GC, render, GPU wait; wall and CPU). */
  trace?: boolean;
}

export interface BrowserTiling {
  label: string;
  /** Drop to the dialog's ready (the file read in the tiles worker), ms. */
  readMs: number;
  /** The OK click to the model's row (tiled in the tiles worker, looked up, listed), ms. */
  tileMs: number;
  /** Drop to the row, ms (includes the few hundred ms the bench takes to fill the placement in). */
  totalMs: number;
  longestTaskMs: number;
  tasksOver50: number;
  /** The long tasks' summed duration, ms. */
  longTasksMs: number;
  triangles: number;
  /** Tiles written (the dialog's progress total). */
  tiles: number;
  bytes?: number;
  /** The longest tasks: "ms at +ms from the drop: what ran" (what ran only when profiled). */
  longest: string[];
  /** When profiled: the project's functions on the stack during all long tasks, longest first. */
  oursInLongTasks: string[];
  /** When traced: the most CPU time of one long task (its wall time less the waits for a core or the GPU process). */
  longestTaskCpuMs?: number;
  /** When traced: the longest tasks' wall and CPU time and what the time went to. */
  tracedLongest: string[];
  consoleErrors: string[];
}

/** What the page records from the drop on (window.cimBenchTiling). */
interface PageRecord {
  dropAtMs: number | null;
  readyAtMs: number | null;
  okAtMs: number | null;
  rowAtMs: number | null;
  errorText: string | null;
  tilesTotal: number;
  tasks: { startMs: number; durationMs: number }[];
}

/**
 * Installs the long-task observer, the DOM watch and the click and change listeners (before the drop). A string, not a
 * function: tsx names inner functions with a helper (`__name`) that the page does not have.
 */
const RECORDER = `(() => {
  const r = { dropAtMs: null, readyAtMs: null, okAtMs: null, rowAtMs: null, errorText: null, tilesTotal: 0, tasks: [] };
  window.cimBenchTiling = r;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) r.tasks.push({ startMs: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLElement && e.target.dataset.testid === 'import-input') r.dropAtMs ??= performance.now();
  }, true);
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid=model-dialog-ok]')) r.okAtMs ??= performance.now();
  }, true);
  new MutationObserver(() => {
    const now = performance.now();
    if (r.readyAtMs === null && document.querySelector('[data-testid=model-dialog][data-phase=ready]')) r.readyAtMs = now;
    if (r.rowAtMs === null && document.querySelector('[data-testid=model-row]')) r.rowAtMs = now;
    r.errorText ??= document.querySelector('[data-testid=model-dialog-error]')?.textContent ?? null;
    const m = /(\\d+)\\s*\\/\\s*(\\d+)/.exec(document.querySelector('[data-testid=model-progress]')?.textContent ?? '');
    if (m) r.tilesTotal = Math.max(r.tilesTotal, Number(m[2]));
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-phase'] });
})()`;

/** Spins 20 ms in a function the CPU profile names (CLOCK_MARK), so the sampler catches it; the page's clock at its start. */
const CLOCK_MARKER = `(function ${CLOCK_MARK}() {
  const t0 = performance.now();
  while (performance.now() - t0 < 20);
  return t0;
})()`;

const record = (page: Page) => page.evaluate(() => (window as unknown as { cimBenchTiling: PageRecord }).cimBenchTiling);

/** Waits for `selector`, or fails with the dialog's error (the file named) as soon as it shows one. */
async function waitOrDialogError(page: Page, selector: string, what: string): Promise<void> {
  const done = page.locator(`${selector}, [data-testid=model-dialog-error]`).first();
  await done.waitFor({ timeout: STEP_TIMEOUT_MS });
  const error = page.getByTestId('model-dialog-error');
  if (await error.count()) throw new Error(`${what}: ${(await error.textContent()) ?? 'the dialog shows an error'}`);
}

/** Drops the IFC on the import input, places it by hand at the city's centre and waits for its row; its triangles. */
async function dropAndPlace(page: Page, ifcPath: string, manifest: DemoManifest): Promise<number> {
  await page.getByTestId('import-input').setInputFiles(ifcPath);
  await waitOrDialogError(page, '[data-testid=model-dialog][data-phase=ready]', `reading ${ifcPath}`);
  const triangles = Number(await page.getByTestId('model-facts').getAttribute('data-triangles'));
  // By hand, at the city's centre on the ground (the file's own georeferencing lies far from the demo city).
  await page.getByTestId('model-place-by').getByText('手动放置').click();
  const centre = manifest.centerLonLatDeg;
  const [x, y] = transformPoint('EPSG:4490', manifest.metricCrs, centre);
  const groundM = await page.evaluate(([a, b]) => window.cimDebug!.groundHeightM(a, b), centre);
  await page.getByTestId('model-x').fill(x.toFixed(3));
  await page.getByTestId('model-y').fill(y.toFixed(3));
  await page.getByTestId('model-height').fill(String(groundM ?? 0));
  await page.getByTestId('model-dialog-ok').click();
  await waitOrDialogError(page, '[data-testid=model-row]', `tiling ${ifcPath}`);
  return triangles;
}

// A drop to a large model's row traces minutes: keep metadata, every event dispatch (the drop's), and what lasts.
const keepForLongTasks = (e: TraceEvent) => e.ph === 'M' || e.name === 'EventDispatch' || (e.dur ?? 0) >= 100;

export async function measureBrowserTiling(options: BrowserTilingOptions): Promise<BrowserTiling> {
  if (!options.session) {
    const server = await serveApp('dist', 'data');
    const browser = await launchBrowser();
    try {
      return await measureBrowserTiling({ ...options, session: { browser, serverUrl: server.url } });
    } finally {
      await browser.close();
      await server.close();
    }
  }
  const { browser, serverUrl } = options.session;
  const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
  const { page, log } = await openLoggedPage(browser, { width: 1280, height: 800 });
  try {
    await page.goto(`${serverUrl}/?render=lite&debug=1`);
    await waitForCity(page, STEP_TIMEOUT_MS);
    const load = await page.evaluate(() => window.cimDiagnostics!.load);
    if (load.phase === 'error') throw new Error(`the demo city did not load: ${load.error}`);

    await page.evaluate(RECORDER);
    const cdp = options.profileAssetsDir || options.trace ? await page.context().newCDPSession(page) : null;
    let markPageMs = 0;
    if (cdp && options.profileAssetsDir) {
      await startCpuProfile(cdp);
      // Ties the profile's clock to the page's.
      markPageMs = (await page.evaluate(CLOCK_MARKER)) as number;
    }

    let triangles = 0;
    const flow = async () => void (triangles = await dropAndPlace(page, options.ifcPath, manifest));
    const events = cdp && options.trace ? await traced(cdp, flow, keepForLongTasks) : (await flow(), null);

    const r = await record(page);
    const profile = cdp && options.profileAssetsDir ? await stopCpuProfile(cdp) : null;
    if (profile && options.profileFile) writeFileSync(options.profileFile, JSON.stringify(profile));
    if (r.dropAtMs === null || r.readyAtMs === null || r.okAtMs === null || r.rowAtMs === null)
      throw new Error(`the page missed a step: ${JSON.stringify({ ...r, tasks: r.tasks.length })}`);
    const dropAt = r.dropAtMs;
    // The drop's own task began just before its change event: a task counts when it ends after the drop.
    const tasks = r.tasks
      .filter((t) => t.startMs + t.durationMs > dropAt && t.startMs < r.rowAtMs! && t.durationMs > LONG_TASK_MS)
      .sort((a, b) => b.durationMs - a.durationMs);
    const when = (t: { startMs: number; durationMs: number }) => `${Math.round(t.durationMs)} ms at +${Math.round(t.startMs - dropAt)} ms`;
    let longest = tasks.slice(0, 5).map(when);
    let oursInLongTasks: string[] = [];
    if (profile) {
      const offset = clockOffsetMs(profile, markPageMs);
      if (offset === null) longest = longest.map((l) => `${l}: (the profile missed the clock marker)`);
      else {
        const profiled = profileTasks(profile, tasks, offset, frameDescriber(options.profileAssetsDir!));
        longest = profiled.slice(0, 5).map((p) => {
          const ours = p.ours.length ? `; ours: ${topLabels(p.ours).join(', ')}` : '';
          const stack = p.heaviestStack.slice(0, 6).join(' ← ');
          return `${when(p)}: ${Math.round(100 * p.oursShare)}% with our code on the stack; self: ${topLabels(p.self).join(', ')}${ours}; heaviest: ${stack}`;
        });
        oursInLongTasks = topLabels(sumLabels(profiled.map((p) => p.ours)), 8);
      }
    }
    const taskTrace = events && tracedLongTasks(events, 'change', LONG_TASK_MS);
    return {
      label: options.label,
      readMs: Math.round(r.readyAtMs - dropAt),
      tileMs: Math.round(r.rowAtMs - r.okAtMs),
      totalMs: Math.round(r.rowAtMs - dropAt),
      longestTaskMs: Math.round(tasks[0]?.durationMs ?? 0),
      tasksOver50: tasks.length,
      longTasksMs: Math.round(tasks.reduce((s, t) => s + t.durationMs, 0)),
      triangles,
      tiles: r.tilesTotal,
      longest,
      oursInLongTasks,
      ...(taskTrace && { longestTaskCpuMs: taskTrace.longestCpuMs }),
      tracedLongest: taskTrace?.longest ?? [],
      consoleErrors: log.consoleErrors,
    };
  } finally {
    await page.context().close();
  }
}
