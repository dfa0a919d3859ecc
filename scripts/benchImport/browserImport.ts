// bench:import's browser run: the built viewer on the small demo city, a Shapefile set given to the page's file input
// as a user picks it, the suggested buildings role accepted, traced until the import is done (the page's import status)
// and then until the imported tileset is drawn. Phases are timed in the page by a MutationObserver on the dialog.
import type { Browser, CDPSession } from 'playwright-core';
import { openLoggedPage, waitForCity } from '../../tests/e2e/browser';
import { keepForTasks, longTasks, type LongTasks } from '../benchCity/measureCity';
import { traced, type TraceEvent } from '../traceTasks';
import { browserRss, sampleBrowserRss } from './browserMemory';
import { startProfile, stopProfile } from './cpuProfile';

export interface BrowserImportFigures {
  /** Buildings the page reports imported (its status line), null when the import failed. */
  buildings: number | null;
  error: string | null;
  /** From the files given to the input to the import done. */
  wallMs: number | null;
  /** Files given → the dialog ready (GDAL loaded, the files read and described). */
  inspectMs: number | null;
  /** OK → conversion to FlatGeobuf done (the dialog's progress turns to "tiling"). */
  convertMs: number | null;
  /** Conversion done → the import done (tiled in the tiles worker, the layer made). */
  tileMs: number | null;
  /** The import done → the scene ready again with the imported tileset drawn. */
  drawMs: number | null;
  jsHeapBeforeMB: number | null;
  /** The page's main-thread JS heap, its largest sample (CDP Performance.getMetrics every second). */
  jsHeapPeakMB: number | null;
  /** The largest renderer process's peak RSS (page + workers + WebAssembly memory), and before the import. */
  rendererPeakMB: number | null;
  rendererBeforeMB: number | null;
  /** The whole browser's process tree, peak of the samples. */
  browserTreePeakMB: number | null;
  /** Main-thread tasks over 50 ms from the files given until the import is done, then while the import is drawn. */
  importTasks: LongTasks;
  /** The same, by phase: inspecting (files → dialog ready), converting (OK → converted), tiling (→ done). */
  phaseTasks: Record<'inspect' | 'convert' | 'tile', LongTasks> | null;
  drawTasks: LongTasks | null;
  /** With --profile: the page's heaviest functions by self time during the import. */
  profileTop: string[] | null;
  consoleErrors: string[];
}

/**
 * What the page records: [ms, what] at each change of the dialog's phase, its progress line and the import status.
 * A string, not a function: tsx names inner functions with a helper (`__name`) that the page does not have.
 */
const PHASE_LOG = `(() => {
  const log = (window.benchImportLog = []);
  let last = '';
  const text = (id) => document.querySelector('[data-testid=' + id + ']')?.textContent?.trim() ?? '';
  const seen = () => {
    const dialog = document.querySelector('[data-testid=import-dialog]');
    // The progress line carries features done and total: none done while GDAL reads the layer, all done once tiling.
    const progress = document.querySelector('[data-testid=import-progress]');
    const done = Number(progress?.dataset.done ?? 0);
    const total = Number(progress?.dataset.total ?? 0);
    const now = [
      dialog ? 'dialog:' + dialog.dataset.phase : 'dialog:closed',
      progress ? (done === 0 ? 'reading' : done < total ? 'converting' : 'converted') : '',
      text('import-error') ? 'error:' + text('import-error') : '',
      text('import-dialog-error') ? 'error:' + text('import-dialog-error') : '',
      /[\\d,]+ (栋建筑|buildings)/.test(text('import-status')) ? 'done:' + text('import-status') : '',
    ].join('|');
    if (now !== last) mark(now);
  };
  // Each change is logged here and stamped in the Chrome trace, so long tasks can be split by phase.
  const mark = (what) => {
    log.push([performance.now(), (last = what)]);
    console.timeStamp('bench-import ' + what);
  };
  new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('change', () => mark('files'), true);
  document.addEventListener('click', (e) => {
    if (e.target.closest?.('[data-testid=import-dialog-ok]')) mark('ok');
  }, true);
})()`;

const firstAt = (log: [number, string][], test: (what: string) => boolean): number | null => log.find(([, w]) => test(w))?.[0] ?? null;
/** The trace time (µs) of the first phase stamp matching `test`. */
const stampTs = (events: TraceEvent[], test: (what: string) => boolean): number | undefined =>
  events.find((e) => {
    const message = (e.args?.data as { message?: string } | undefined)?.message;
    return e.name === 'TimeStamp' && message?.startsWith('bench-import ') && test(message.slice('bench-import '.length));
  })?.ts;
const keepWithStamps = (e: TraceEvent) => keepForTasks(e) || e.name === 'TimeStamp';

const span = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(b - a));

async function jsHeapMB(cdp: CDPSession): Promise<number | null> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  return used === undefined ? null : Math.round(used / 2 ** 20);
}

/** Long tasks between the phase stamps; null when a stamp is missing (the import failed). */
function phaseTasks(events: TraceEvent[]): BrowserImportFigures['phaseTasks'] {
  const files = stampTs(events, (w) => w === 'files');
  const ready = stampTs(events, (w) => w.startsWith('dialog:ready'));
  const ok = stampTs(events, (w) => w === 'ok');
  const converted = stampTs(events, (w) => w.includes('|converted'));
  const done = stampTs(events, (w) => w.includes('done:'));
  if ([files, ready, ok, converted, done].includes(undefined)) return null;
  return {
    inspect: longTasks(events, files, ready),
    convert: longTasks(events, ok, converted),
    tile: longTasks(events, converted, done! + 1),
  };
}

/** Imports `files` (a Shapefile set) into the built viewer at `serverUrl`, on the small demo city (data/demo.json). */
export async function browserImport(
  browser: Browser,
  serverUrl: string,
  files: string[],
  timeoutMs: number,
  profileFile?: string,
): Promise<BrowserImportFigures> {
  const { page, log } = await openLoggedPage(browser, { width: 1280, height: 720 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${serverUrl}/?render=lite&live=0&debug=1&user=bench`);
  await waitForCity(page);
  await page.evaluate(PHASE_LOG);
  const jsHeapBeforeMB = await jsHeapMB(cdp);
  let jsHeapPeakMB = jsHeapBeforeMB;
  const rendererBeforeMB = browserRss()?.rendererPeakMB ?? null;
  const stopRss = sampleBrowserRss();
  // Getting metrics is a message to the page's thread: a second apart, it adds no long task of its own.
  const heapTimer = setInterval(() => {
    jsHeapMB(cdp).then(
      (mb) => (jsHeapPeakMB = Math.max(jsHeapPeakMB ?? 0, mb ?? 0)),
      () => undefined,
    );
  }, 1000);
  let error: string | null = null;
  let doneAt: number | null = null;
  if (profileFile) await startProfile(cdp);
  const importEvents = await traced(
    cdp,
    async () => {
      await page.getByTestId('import-input').setInputFiles(files);
      const dialog = page.getByTestId('import-dialog');
      await page.waitForFunction(
        () =>
          ['ready', 'error'].includes((document.querySelector('[data-testid=import-dialog]') as HTMLElement | null)?.dataset.phase ?? ''),
        undefined,
        { timeout: timeoutMs, polling: 250 },
      );
      if ((await dialog.getAttribute('data-phase')) === 'error') {
        error = (await page.getByTestId('import-dialog-error').textContent()) ?? 'inspect failed';
        return;
      }
      await page.getByTestId('import-dialog-ok').click();
      const end = await page.waitForFunction(
        () => {
          const status = document.querySelector('[data-testid=import-status]')?.textContent ?? '';
          const failed = document.querySelector('[data-testid=import-error], [data-testid=import-dialog-error]')?.textContent;
          return failed ? { failed } : /[\d,]+ (栋建筑|buildings)/.test(status) ? { status } : false;
        },
        undefined,
        { timeout: timeoutMs, polling: 250 },
      );
      const r = (await end.jsonValue()) as { failed?: string; status?: string };
      if (r.failed) error = r.failed;
    },
    keepWithStamps,
  );
  const profileTop = profileFile ? await stopProfile(cdp, profileFile) : null;
  const phaseLog = await page.evaluate(() => (window as { benchImportLog?: [number, string][] }).benchImportLog ?? []);
  const filesAt = firstAt(phaseLog, (w) => w === 'files');
  doneAt = firstAt(phaseLog, (w) => w.includes('done:'));
  const doneText = phaseLog.find(([, w]) => w.includes('done:'))?.[1] ?? '';
  const count = /([\d,]+) (栋建筑|buildings)/.exec(doneText)?.[1];
  const convertedAt = firstAt(phaseLog, (w) => w.includes('|converted'));

  let drawMs: number | null = null;
  let drawTasks: LongTasks | null = null;
  if (!error) {
    const drawEvents = await traced(
      cdp,
      async () => {
        await waitForCity(page, timeoutMs);
        drawMs = span(doneAt, await page.evaluate(() => performance.now()));
      },
      keepForTasks,
    );
    drawTasks = longTasks(drawEvents);
  }
  clearInterval(heapTimer);
  const rss = stopRss();
  const changeTs = importEvents.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'change')?.ts ?? -Infinity;
  const figures: BrowserImportFigures = {
    buildings: count ? Number(count.replaceAll(',', '')) : null,
    error,
    wallMs: span(filesAt, doneAt),
    inspectMs: span(
      filesAt,
      firstAt(phaseLog, (w) => w.startsWith('dialog:ready')),
    ),
    convertMs: span(
      firstAt(phaseLog, (w) => w === 'ok'),
      convertedAt,
    ),
    tileMs: span(convertedAt, doneAt),
    drawMs,
    jsHeapBeforeMB,
    jsHeapPeakMB,
    rendererPeakMB: rss.rendererPeakMB,
    rendererBeforeMB,
    browserTreePeakMB: rss.treePeakMB,
    importTasks: longTasks(importEvents, changeTs),
    phaseTasks: phaseTasks(importEvents),
    profileTop,
    drawTasks,
    consoleErrors: log.consoleErrors,
  };
  await page.context().close();
  return figures;
}
